"""What the build may replace, and one build at a time.

``python -m cbec.cli.build_site DIR`` swaps a fresh build into DIR. A slip in a deploy script (an empty
variable, ``.``, ``docs``) must never make that swap delete a repository or its sources, so DIR is
replaced only if it is absent, empty, or a previous build (it holds the files MkDocs always
writes: index.html, 404.html, sitemap.xml.gz). A lock file beside DIR stops two builds racing for the same folder.

The swap itself cannot leave DIR missing: on Linux the new build and DIR are exchanged in one step
(``renameat2(RENAME_EXCHANGE)``); elsewhere SIGINT/SIGTERM wait until both renames are done, and a
previous build parked as ``DIR.old`` by a killed build is put back, never deleted. What the previous build
holds that no build wrote (``.git`` of a gh-pages checkout, a ``CNAME``, notes) moves into the new build,
as ``mkdocs build`` keeps dot-files: the lock file lists what the last build wrote, which tells them apart.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import json
import os
import re
import shutil
import signal
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

BUILD_FILES = ("index.html", "404.html", "sitemap.xml.gz")  # what every MkDocs build writes
ROOT = Path(__file__).resolve().parent.parent


class OutputDirError(Exception):
    """The output folder cannot be used; the message says why, in one line."""


def target(arg: str) -> Path:
    """The output folder from the command line, refused if it could hold anything but a build."""
    if not arg.strip():
        raise OutputDirError("the output folder is empty text (an unset variable?); name a folder, e.g. site")
    site = Path(arg).resolve()  # a symlink to a web root: the folder it points at is replaced
    if site in (ROOT, Path.home().resolve(), *ROOT.parents):
        raise OutputDirError(
            f"refusing to replace {site}: it is or contains the repository or your home folder"
        )
    if site.exists() and not site.is_dir():
        raise OutputDirError(f"{site} is a file, not a folder")
    if site.is_dir() and not is_previous_build(site) and any(site.iterdir()):
        raise OutputDirError(
            f"refusing to replace {site}: it is not empty and not a previous build "
            f"(it lacks {', '.join(BUILD_FILES)}); delete it yourself or choose another folder"
        )
    return site


def is_previous_build(folder: Path) -> bool:
    return all((folder / name).is_file() for name in BUILD_FILES)


def publish_permissions(folder: Path) -> None:
    """mkdtemp makes 0700; a web server or a copy needs what the umask would give a new folder."""
    umask = os.umask(0)
    os.umask(umask)
    folder.chmod(0o777 & ~umask)


def temp_prefix(site: Path) -> str:
    """The temporary folder a build of ``site`` writes into, beside it: ``.site-xxxxxxxx``."""
    return f".{site.name}-"


def check_leftover(site: Path) -> list[str]:
    """Called under the lock, before a build. ``<site>.old`` is where the fallback swap parks the previous
    build: if ``site`` is missing (a build killed between the two renames) it is put back; if both exist
    the parked one is stale and removed; anything else of that name is someone's and stops the build.
    Temporary folders of killed builds (``.site-xxxxxxxx``) are removed, unless they hold what no build
    wrote. Returns one line per thing done, for the build to print."""
    said = _parked(site)
    stale = re.compile(re.escape(temp_prefix(site)) + r"[a-z0-9_]{8}")
    for folder in sorted(site.parent.iterdir()):
        if not (stale.fullmatch(folder.name) and folder.is_dir() and not folder.is_symlink()):
            continue
        if any(p.name.startswith(".") for p in folder.iterdir()):
            said.append(
                f"{folder} is left from a stopped build and holds {_names(_dot_entries(folder))}: "
                "move what you need back into place, then delete it"
            )
            continue
        shutil.rmtree(folder, ignore_errors=True)
    return said


def _parked(site: Path) -> list[str]:
    said = []
    old = site.with_name(site.name + ".old")
    if old.is_dir() and not old.is_symlink() and is_previous_build(old):
        if not site.exists() and not site.is_symlink():
            old.rename(site)
            said.append(f"{site} was missing (a build stopped while swapping): the previous build put back")
        else:
            shutil.rmtree(old)
    elif old.exists() or old.is_symlink():
        raise OutputDirError(f"{old} is in the way and is not a previous build; move it away")
    return said


def _dot_entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.startswith("."))


def _names(paths: Iterable[Path | str]) -> str:
    return ", ".join(p.name if isinstance(p, Path) else p for p in paths)


def files_of(folder: Path) -> list[str]:
    """Every file and link under ``folder`` (dot-entries at its top excepted), relative, sorted."""
    out = []
    for path in folder.rglob("*"):
        rel = path.relative_to(folder)
        if rel.parts[0].startswith("."):
            continue
        if path.is_file() or path.is_symlink():
            out.append(rel.as_posix())
    return sorted(out)


def not_built(site: Path, written: list[str] | None) -> list[str]:
    """What the previous build in ``site`` holds that no build wrote: its top-level dot-entries (MkDocs
    keeps them too), and, when the last build's list of files is known, every file not on it."""
    if not site.is_dir():
        return []
    keep = [p.name for p in _dot_entries(site)]
    if written is not None:
        known = set(written)
        keep += [f for f in files_of(site) if f not in known]
    return keep


def carry_over(site: Path, tmp: Path, keep: list[str]) -> list[str]:
    """Move ``keep`` (paths relative to ``site``) into the new build ``tmp``, unless the new build wrote
    the same path itself (then the build's file wins). Returns what was moved."""
    moved = []
    for rel in keep:
        src, dest = site / rel, tmp / rel
        if dest.exists() or dest.is_symlink() or not (src.exists() or src.is_symlink()):
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        src.rename(dest)
        moved.append(rel)
    return moved


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2); False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: this file system or kernel cannot
        return False
    raise OSError(err, os.strerror(err), str(b))


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait while the block runs, and are delivered when it ends. Python runs signal
    handlers in the main thread only, so there their handlers are swapped for a recorder (a mask alone
    would let another thread take the signal); elsewhere the thread's mask holds them."""
    if threading.current_thread() is not threading.main_thread():
        before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            yield
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, before)
        return
    arrived: list[int] = []
    handlers = {
        s: signal.signal(s, lambda signum, frame: arrived.append(signum))
        for s in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        yield
    finally:
        for s, handler in handlers.items():
            signal.signal(s, handler)
        for signum in dict.fromkeys(arrived):
            signal.raise_signal(signum)


def swap(tmp: Path, site: Path, keep: Sequence[str] = ()) -> list[str]:
    """Put the finished build in place of ``site``, moving ``keep`` (what no build wrote, from
    ``not_built``) over first. Returns what was moved. Never leaves ``site`` missing."""
    with signals_held():
        moved = carry_over(site, tmp, list(keep)) if site.is_dir() else []
        if site.exists() and _exchange(tmp, site):
            shutil.rmtree(tmp, ignore_errors=True)  # the previous build, now at the temporary name
            return moved
        _parked(site)
        old = site.with_name(site.name + ".old")
        if site.exists():
            site.rename(old)
        tmp.rename(site)
        shutil.rmtree(old, ignore_errors=True)
    return moved


class Lock:
    """An exclusive lock on ``.<site>.lock`` beside it; a second build for the same folder stops at once.
    The file also lists what the last build wrote (``written``/``record``), so that the next build can
    tell a file someone put in the site from one a build wrote."""

    def __init__(self, site: Path) -> None:
        self.path = site.with_name(f".{site.name}.lock")
        self.fd = -1  # open from __enter__ to __exit__

    def __enter__(self) -> Lock:
        self.fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o644)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.fd)
            raise OutputDirError(
                f"another build is writing {self.path.parent / self.path.name[1:-5]} (lock {self.path}); "
                "wait for it to finish"
            ) from None
        return self

    def written(self) -> list[str] | None:
        """The files the last build wrote into the site, or None if no build recorded them."""
        try:
            data = json.loads(os.pread(self.fd, 1 << 26, 0) or b"null")
        except (OSError, ValueError):
            return None
        return data.get("files") if isinstance(data, dict) and isinstance(data.get("files"), list) else None

    def record(self, files: list[str]) -> None:
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, json.dumps({"files": files}, separators=(",", ":")).encode(), 0)

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)
