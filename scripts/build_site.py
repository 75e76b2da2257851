"""Build the site into a temporary folder and swap it into place only if the build succeeded.

MkDocs writes pages as it goes and, in strict mode, aborts only at the end, which would leave a
half-built site/ behind; building aside and renaming keeps the last good site/ (or none).
Usage: python -m scripts.build_site [SITE_DIR] [extra mkdocs args]
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    site = Path(argv[0] if argv else "site").resolve()
    tmp = Path(tempfile.mkdtemp(prefix=".site-", dir=site.parent))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-q", "-d", str(tmp), *argv[1:]]
    result = subprocess.run(cmd, cwd=ROOT, env=env)
    if result.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        print(f"Build failed; {site} left as it was.", file=sys.stderr)
        return result.returncode
    old = site.with_name(site.name + ".old")
    if site.exists():
        site.rename(old)
    tmp.rename(site)
    shutil.rmtree(old, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
