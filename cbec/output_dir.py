"""What the build may replace, and one build at a time.

``python -m cbec.cli.build_site DIR`` swaps a fresh build into DIR. A slip in a deploy script (an empty
variable, ``.``, ``docs``) must never make that swap delete a repository or its sources, so DIR is
replaced only if it is absent, empty, or a previous build (it holds the files MkDocs always
writes: index.html, 404.html, sitemap.xml.gz). A lock file beside DIR stops two builds racing for the same folder.
"""

from __future__ import annotations

import fcntl
import os
import shutil
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


def check_leftover(site: Path) -> None:
    """``<site>.old`` is where the swap parks the previous build: a stale one (a build killed between
    the two renames) is removed; anything else of that name is someone's and stops the build."""
    old = site.with_name(site.name + ".old")
    if old.is_dir() and not old.is_symlink() and is_previous_build(old):
        shutil.rmtree(old)
    elif old.exists() or old.is_symlink():
        raise OutputDirError(f"{old} is in the way and is not a previous build; move it away")


def swap(tmp: Path, site: Path) -> None:
    """Put the finished build in place of ``site``."""
    check_leftover(site)
    old = site.with_name(site.name + ".old")
    if site.exists():
        site.rename(old)
    tmp.rename(site)
    shutil.rmtree(old, ignore_errors=True)


class Lock:
    """An exclusive lock on ``.<site>.lock`` beside it; a second build for the same folder stops at once."""

    def __init__(self, site: Path):
        self.path = site.with_name(f".{site.name}.lock")
        self.fd: int | None = None

    def __enter__(self):
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

    def __exit__(self, *exc):
        os.close(self.fd)
