"""Build the site into a temporary folder and swap it into place only if the build succeeded.

MkDocs writes pages as it goes and, in strict mode, aborts only at the end, which would leave a
half-built site/ behind; building aside and renaming keeps the last good site/ (or none).
MkDocs runs at its normal verbosity: every warning is printed, and in strict mode (mkdocs.yml)
every warning fails the build. Ctrl-C (or SIGTERM) stops the build, removes the temporary folder
and exits 130; if this process is killed outright, MkDocs gets SIGTERM from the kernel and stops
likewise (cbec/child_life.py), and the next build removes the temporary folder it leaves.
Usage: python -m cbec.cli.build_site [SITE_DIR] [extra mkdocs args]
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NoReturn

from cbec import child_life, output_dir
from cbec.cli import engine

ROOT = Path(__file__).resolve().parents[2]


class Interrupted(Exception):
    pass


def _interrupt(signum: int, frame: object) -> NoReturn:
    raise Interrupted(signal.Signals(signum).name)


def check_epoch(value: str | None) -> str | None:
    """SOURCE_DATE_EPOCH must be a whole number of seconds; returns an error message or None."""
    if value is None:
        return None
    if not re.fullmatch(r"[0-9]+", value):
        return (
            f"SOURCE_DATE_EPOCH is {value!r}, not a whole number of seconds since 1970 "
            "(unset it, or use e.g. $(git log -1 --format=%ct))"
        )
    if int(value) > LAST_EPOCH:
        return (
            f"SOURCE_DATE_EPOCH is {value}, after the year 9999 (dates on the site have four-digit years); "
            "use e.g. $(git log -1 --format=%ct)"
        )
    return None


LAST_EPOCH = int(dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC).timestamp())


def main(argv: list[str]) -> int:
    if problem := check_epoch(os.environ.get("SOURCE_DATE_EPOCH")):
        print(f"Build not started: {problem}", file=sys.stderr)
        return 2
    try:
        if argv and argv[0] in ("-h", "--help"):
            print(__doc__.strip())
            return 0
        # The first argument is the site folder unless it is already an option for MkDocs.
        folder, rest = (argv[0], argv[1:]) if argv and not argv[0].startswith("-") else ("site", argv)
        site = output_dir.target(folder)
        with output_dir.Lock(site) as lock:
            return _build(site, rest, lock)
    except output_dir.OutputDirError as e:
        print(f"Build not started: {e}", file=sys.stderr)
        return 2
    except OSError as e:  # disk full, permissions: the old site is kept (see _build)
        print(
            f"Build failed ({e.strerror or e}: {e.filename or ''}); the previous site was left as it was.",
            file=sys.stderr,
        )
        return 1


def _build(site: Path, mkdocs_args: list[str], lock: output_dir.Lock) -> int:
    for line in output_dir.check_leftover(site):
        print(line, file=sys.stderr)
    # The summary (cbec/mkdocs/build_output.py) names the folder the site ends up in, not the temporary
    # one, and counts the time from here.
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "CBEC_SITE_NAME": str(site),
        "CBEC_BUILD_STARTED": str(time.time()),
    }
    cmd = engine.command("build", "--strict", "--clean", "-d", "{tmp}", *mkdocs_args)
    previous = {s: signal.signal(s, _interrupt) for s in (signal.SIGINT, signal.SIGTERM)}
    tmp = None
    child = None
    said = ""
    try:
        tmp = Path(tempfile.mkdtemp(prefix=output_dir.temp_prefix(site), dir=site.parent))
        # Own session: Ctrl-C in a terminal reaches only this process, which stops MkDocs quietly.
        # If this process is killed outright, the kernel sends MkDocs SIGTERM (it stops its Chromium).
        child = subprocess.Popen(
            [str(tmp) if c == "{tmp}" else c for c in cmd],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            preexec_fn=child_life.preexec(signal.SIGTERM),
        )
        returncode = child.wait()
        if returncode != 0:
            print(f"Build failed; {site} left as it was.", file=sys.stderr)
            return returncode
        output_dir.publish_permissions(tmp)
        written = output_dir.files_of(tmp)
        with output_dir.signals_held():  # a Ctrl-C now waits until the new site is in place
            kept = output_dir.swap(tmp, site, output_dir.not_built(site, lock.written()))
            tmp = None
            lock.record(written)
        if kept:
            shown = kept if len(kept) <= 5 else [*kept[:5], f"and {len(kept) - 5} more"]
            print(f"Kept in {site} what no build wrote: {', '.join(shown)}", file=sys.stderr)
        return 0
    except Interrupted as e:
        if tmp is None and child is not None and child.returncode == 0:
            said = f"Build interrupted ({e}) after it finished; {site} is the new build."
        else:
            said = f"Build interrupted ({e}); {site} left as it was."
        return 130
    finally:
        for s in previous:
            signal.signal(s, signal.SIG_IGN)  # finish cleaning up even if interrupted again
        if child is not None and child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        for s, handler in previous.items():
            signal.signal(s, handler)
        # said last, once MkDocs has stopped: what it printed as it stopped ("Interrupted: Chromium
        # stopped ...", "Aborted!") comes before the one line that says where the site stands
        if said:
            print(said, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
