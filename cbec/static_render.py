"""Draw figures to SVG/PNG at build time with Plotly's own static export (kaleido 1.x).

- One headless Chromium session for every image of a build (``render``; kaleido's async API).
- No network: plotly.js comes from plotly.py's own bundle (a file:// URL), MathJax is off.
- Deterministic bytes: Plotly names its <defs>/clip paths after a random 6-hex uid per draw;
  ``stable_svg`` rewrites that uid to one derived from the image's name, so rebuilds are
  byte-identical.
- Content-addressed cache: ``.cache/charts/<sha256>.<fmt>`` keyed on everything that changes the
  picture: the figure JSON, size, format, the kaleido/plotly versions, the Chromium version and the
  installed fonts (``CBEC_CHART_CACHE`` overrides the folder), so ``mkdocs serve`` rebuilds in well
  under a second once the images exist; the browser starts only for misses.
- The cache is verified, not trusted: each file starts with its own key and must parse (SVG as XML,
  PNG to its end chunk), else it is drawn again. A cache that cannot be written (read-only, disk
  full) is skipped with one line.
- Chromium runs with time limits and is cleaned up on every exit (cbec/chromium_session.py);
  Chinese charts need CJK fonts, and their absence stops the build with the package to install.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import build_progress, chromium_session

ROOT = Path(__file__).resolve().parent.parent
RENDERER_VERSION = "2"  # bump when the post-processing below or the cache format changes


class StaticRenderError(RuntimeError):
    pass


class BrokenBrowser(StaticRenderError):
    """BROWSER_PATH names something that answers ``--version`` with no version, or not at all."""


@dataclass(frozen=True)
class Job:
    name: str  # stable, unique per image (chart id + variant): seeds the SVG ids
    figure: dict[str, Any] = field(hash=False, compare=False)
    format: str  # "svg" or "png"
    width: int
    height: int
    scale: float = 1

    def key(self) -> str:
        h = hashlib.sha256()
        for part in (
            RENDERER_VERSION,
            _versions(),
            _environment(),
            self.format,
            str(self.width),
            str(self.height),
            str(self.scale),
            json.dumps(self.figure, sort_keys=True, ensure_ascii=False, separators=(",", ":")),
        ):
            h.update(part.encode())
            h.update(b"\0")
        return h.hexdigest()


def _versions() -> str:
    return ",".join(f"{p}={importlib.metadata.version(p)}" for p in ("kaleido", "plotly", "choreographer"))


@functools.lru_cache(maxsize=1)
def _environment() -> str:
    """What outside Python changes the drawing: the browser's version and the installed fonts."""
    try:
        browser = browser_path()
        version = _browser_version(browser)
        stat = Path(browser).resolve().stat()
        version += f" {stat.st_size} {stat.st_mtime_ns}"
    except BrokenBrowser:
        raise
    except (StaticRenderError, OSError, subprocess.SubprocessError):
        version = "no browser"
    return version + "\n" + _fonts()


VERSION_TIMEOUT = 20  # seconds for `<browser> --version`


def _browser_version(browser: str) -> str:
    """``<browser> --version`` in a process group of its own, all of which is killed on a timeout (a
    wrapper script's own children too). Output that is not a short line of text is not a Chromium."""
    proc = subprocess.Popen(
        [browser, "--version"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        out, _ = proc.communicate(timeout=VERSION_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise BrokenBrowser(
            f"BROWSER_PATH={browser} is not a working Chromium: "
            f"`{browser} --version` gave no answer in {VERSION_TIMEOUT:g} s"
        ) from None
    finally:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    try:
        text = out.decode("utf-8").strip()
    except UnicodeDecodeError:
        text = ""
    if not text or len(text) > 200 or "\n" in text or not any(c.isdigit() for c in text):
        raise BrokenBrowser(
            f"BROWSER_PATH={browser} is not a working Chromium: `{browser} --version` printed no version line"
        )
    return text


@functools.lru_cache(maxsize=1)
def _fonts() -> str:
    try:
        out = subprocess.run(
            ["fc-list", "--format", "%{file}|%{family}|%{style}\n"],
            capture_output=True,
            text=True,
            timeout=20,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ""
    return "\n".join(sorted(set(out.splitlines())))


def check_cjk_fonts() -> None:
    """Without a Chinese font Chromium draws every Chinese character as a box, silently."""
    try:
        found = subprocess.run(
            ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=20
        ).stdout
    except (OSError, subprocess.SubprocessError):
        found = ""
    if not found.strip():
        raise StaticRenderError(
            "The Chinese charts need a CJK font and fontconfig finds none (`fc-list :lang=zh` "
            "is empty): install the Debian package fonts-noto-cjk "
            "(`sudo apt-get install fonts-noto-cjk`; `make build` does it)"
        )


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
    found = next(
        (
            p
            for p in (
                "/usr/bin/chromium",
                shutil.which("chromium") or "",
                shutil.which("google-chrome") or "",
            )
            if p and Path(p).exists()
        ),
        None,
    )
    if path or not found:
        where = f"BROWSER_PATH={path} does not exist" if path else "no Chromium found"
        raise StaticRenderError(
            f"Static charts need Chromium ({where}): run `make build` (it installs Debian's "
            "chromium), or `sudo apt-get install chromium`, or set BROWSER_PATH to a Chrome/Chromium"
        )
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


log = logging.getLogger("mkdocs.plugins.static_render")
_MAGIC = b"cbec-chart "


def _verified(data: bytes, key: str, fmt: str) -> bytes | None:
    """The image in a cache file, if the file is whole and was stored under this key; else None."""
    head = _MAGIC + key.encode() + b"\n"
    if not data.startswith(head):
        return None
    image = data[len(head) :]
    if fmt == "png":
        return image if image.startswith(b"\x89PNG\r\n\x1a\n") and image.endswith(b"IEND\xaeB`\x82") else None
    try:
        ET.fromstring(image)
    except ET.ParseError:
        return None
    return None if foreign(image) else image


# javascript: only as an attribute's value: a chart's text may say the words (the fuzz test's data does)
_FOREIGN = re.compile(
    rb"<script|<foreignObject|<iframe|<embed|<object|\son[a-z]+\s*=|=\s*[\"']?\s*javascript:", re.I
)


def foreign(svg: bytes) -> str | None:
    """What Plotly never writes into an SVG but a planted file could (a script, HTML, an event handler,
    a javascript: URL): the downloads are served from the site's own origin."""
    m = _FOREIGN.search(svg)
    return m.group().decode("utf-8", "replace").strip() if m else None


def _read_cache(folder: Path, key: str, fmt: str, said: set[str] | None = None) -> bytes | None:
    try:
        return _verified((folder / f"{key}.{fmt}").read_bytes(), key, fmt)
    except FileNotFoundError:
        return None
    except OSError as e:
        reason = e.strerror or type(e).__name__
        if said is None or reason not in said:  # once per build and reason, not once per image
            log.info(f"Chart cache {folder}: cannot read ({reason}); drawing without it")
            if said is not None:
                said.add(reason)
        return None


def _write_cache(folder: Path, drawn: dict[str, bytes], formats: dict[str, str]) -> None:
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for key, data in drawn.items():
            tmp = folder / f".{key}.{os.getpid()}.tmp"
            tmp.write_bytes(_MAGIC + key.encode() + b"\n" + data)
            tmp.replace(folder / f"{key}.{formats[key]}")  # atomic: parallel builds share the cache
            tmp = None
    except OSError as e:
        log.info(
            f"Chart cache {folder} not updated "
            f"({'it is a file, not a folder' if folder.is_file() else e.strerror}); "
            "the images were drawn and the build goes on"
        )
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def render(jobs: list[Job]) -> dict[str, bytes]:
    """Every job's image, by job name; from the cache where possible, else drawn in one session."""
    folder = cache_dir()
    keys = {job.name: job.key() for job in jobs}
    images = {}
    missing: dict[str, Job] = {}
    said: set[str] = set()
    for job in jobs:
        key = keys[job.name]
        if key not in images and key not in missing:
            cached = _read_cache(folder, key, job.format, said)
            if cached is None:
                missing[key] = job
            else:
                images[key] = cached
    build_progress.images.count(len(jobs), len(missing))
    if missing:
        browser = browser_path()
        if any(
            re.search("[\u4e00-\u9fff]", json.dumps(j.figure, ensure_ascii=False)) for j in missing.values()
        ):
            check_cjk_fonts()
        try:
            drawn = chromium_session.draw(
                [
                    (
                        key,
                        j.name,
                        j.figure,
                        dict(format=j.format, width=j.width, height=j.height, scale=j.scale),
                    )
                    for key, j in missing.items()
                ],
                browser,
            )
        except chromium_session.DrawError as e:
            raise StaticRenderError(str(e)) from None
        for key, j in missing.items():
            if j.format == "svg" and (found := foreign(drawn[key])):
                raise StaticRenderError(
                    f"Chart image {j.name} was drawn with {found!r}, which a chart never has"
                )
        _write_cache(folder, drawn, {key: j.format for key, j in missing.items()})
        images.update(drawn)
    out = {}
    for job in jobs:
        data = images[keys[job.name]]
        out[job.name] = stable_svg(data, job.name) if job.format == "svg" else data
    return out
