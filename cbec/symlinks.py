"""Symlinks may not publish what lies outside the repository.

A symlink under docs/ is published as its target: a link to /proc/self/environ would put the
build's environment (tokens included) on the site. A symlink under docs/ or data/ is allowed only if
what it points at is inside the folder it may read from (the repository, the data folder).
"""

from __future__ import annotations

from pathlib import Path


def leaves(path: Path, root: Path) -> bool:
    """True if ``path`` (or a folder on the way to it) is a symlink whose target is outside ``root``."""
    try:
        path.resolve(strict=False).relative_to(root.resolve())
        return False
    except ValueError:
        return True


def refusal(path: Path, root: Path, shown: str) -> str | None:
    """The one-line reason to refuse ``path``, or None."""
    if leaves(path, root):
        return (
            f"{shown} is a symlink to {path.resolve()}, outside {root.resolve()}; the build publishes what a "
            "link points at, so links may only point inside it: replace the link with the file"
        )
    return None
