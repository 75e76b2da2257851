"""Draw figures to SVG/PNG at build time with Plotly's own static export (kaleido 1.x).

- One headless Chromium session for every image of a build (``render``; kaleido's async API).
- No network: plotly.js comes from plotly.py's own bundle (a file:// URL), MathJax is off.
- Deterministic bytes: Plotly names its <defs>/clip paths after a random 6-hex uid per draw;
  ``stable_svg`` rewrites that uid to one derived from the image's name, so rebuilds are
  byte-identical.
- Content-addressed cache: ``.cache/charts/<sha256>.<fmt>`` keyed on the figure JSON, size, format
  and the kaleido/plotly versions (``CBEC_CHART_CACHE`` overrides the folder), so ``mkdocs serve``
  rebuilds in well under a second once the images exist; the browser starts only for misses.
"""
from __future__ import annotations

import asyncio
import hashlib
import importlib.metadata
import json
import logging
import os
import re
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

import plotly

ROOT = Path(__file__).resolve().parent.parent
RENDERER_VERSION = "1"  # bump when the post-processing below changes
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


class StaticRenderError(RuntimeError):
    pass


@dataclass(frozen=True)
class Job:
    name: str  # stable, unique per image (chart id + variant): seeds the SVG ids
    figure: dict = field(hash=False, compare=False)
    format: str  # "svg" or "png"
    width: int
    height: int
    scale: float = 1

    def key(self) -> str:
        h = hashlib.sha256()
        for part in (RENDERER_VERSION, _versions(), self.format, str(self.width), str(self.height), str(self.scale),
                     json.dumps(self.figure, sort_keys=True, ensure_ascii=False, separators=(",", ":"))):
            h.update(part.encode())
            h.update(b"\0")
        return h.hexdigest()


def _versions() -> str:
    return ",".join(f"{p}={importlib.metadata.version(p)}" for p in ("kaleido", "plotly", "choreographer"))


def cache_dir() -> Path:
    return Path(os.environ.get("CBEC_CHART_CACHE") or ROOT / ".cache" / "charts")


def browser_env() -> str | None:
    """The one variable that names Chromium for the build, the tests and the benchmark: $BROWSER_PATH
    (kaleido's own name). $CHROMIUM_PATH, the tests' former name, is still accepted as a fallback."""
    return os.environ.get("BROWSER_PATH") or os.environ.get("CHROMIUM_PATH") or None


def browser_path() -> str:
    """Chromium for kaleido: $BROWSER_PATH (GitHub's runners: /usr/bin/google-chrome), else
    Debian's /usr/bin/chromium. Sets BROWSER_PATH, which is where choreographer looks."""
    path = browser_env()
    if path and Path(path).exists():
        return path
    found = next((p for p in ("/usr/bin/chromium", shutil.which("chromium") or "", shutil.which("google-chrome") or "")
                  if p and Path(p).exists()), None)
    if path or not found:
        where = f"BROWSER_PATH={path} does not exist" if path else "no Chromium found"
        raise StaticRenderError(f"Static charts need Chromium ({where}): run `make build` (it installs Debian's "
                                "chromium), or `sudo apt-get install chromium`, or set BROWSER_PATH to a Chrome/Chromium")
    os.environ["BROWSER_PATH"] = found
    return found


_UID = re.compile(r'id="defs-([0-9a-f]{6})"')


def stable_svg(svg: bytes, name: str) -> bytes:
    """Replace Plotly's random uid (in ids and the url(#...)/href="#..." that point at them)."""
    text = svg.decode("utf-8")
    m = _UID.search(text)
    if m:
        stable = hashlib.sha256(name.encode()).hexdigest()[:6]
        # The uid follows a letter or '-' in every id ("defs-", "clip", "legend", "topdefs-"); a
        # colour (#abcdef) never does, so colours are left alone.
        text = re.sub(rf"(?<=[A-Za-z-]){m.group(1)}", stable, text)
    return text.encode("utf-8")


async def _draw(missing: list[Job]) -> dict[str, bytes]:
    import kaleido  # imported here: a build whose images are all cached never starts a browser

    # choreographer logs (and ignores) a malformed DevTools message now and then, with a traceback
    # that reads like a failure; real errors still raise.
    logging.getLogger("choreographer").setLevel(logging.CRITICAL)
    out: dict[str, bytes] = {}
    async with kaleido.Kaleido(n=1, mathjax=False, plotlyjs=PLOTLY_JS.as_uri(), timeout=120) as k:
        for job in missing:
            out[job.key()] = await k.calc_fig(
                job.figure, opts=dict(format=job.format, width=job.width, height=job.height, scale=job.scale))
    return out


def _run(coro):
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    box: dict = {}  # called from inside an event loop: draw in a thread with its own loop
    t = threading.Thread(target=lambda: box.setdefault("v", asyncio.run(coro)))
    t.start()
    t.join()
    return box["v"]


def render(jobs: list[Job]) -> dict[str, bytes]:
    """Every job's image, by job name; from the cache where possible, else drawn in one session."""
    folder = cache_dir()
    keys = {job.name: job.key() for job in jobs}
    missing = {keys[j.name]: j for j in jobs if not (folder / f"{keys[j.name]}.{j.format}").exists()}
    if missing:
        browser_path()
        drawn = _run(_draw(list(missing.values())))
        folder.mkdir(parents=True, exist_ok=True)
        for key, data in drawn.items():
            tmp = folder / f".{key}.{os.getpid()}.tmp"
            tmp.write_bytes(data)
            tmp.replace(folder / f"{key}.{missing[key].format}")  # atomic: parallel builds share the cache
    out = {}
    for job in jobs:
        data = (folder / f"{keys[job.name]}.{job.format}").read_bytes()
        out[job.name] = stable_svg(data, job.name) if job.format == "svg" else data
    return out
