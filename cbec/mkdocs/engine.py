"""Which engine runs the hooks, by the name its loggers carry.

The site is built by ProperDocs, the continuation of MkDocs 1.x: it answers ``import mkdocs`` with
itself, so the hooks and plugins run unchanged, but its own loggers are named ``properdocs.*`` (the
``mkdocs`` logger becomes a child of ``properdocs``). Under MkDocs 1.6 the name is ``mkdocs``.
"""

from __future__ import annotations

import mkdocs

NAME: str = mkdocs.__name__  # "properdocs", or "mkdocs"


def logger(sub: str = "") -> str:
    """The engine's logger name: logger("structure.pages") -> "properdocs.structure.pages"."""
    return f"{NAME}.{sub}" if sub else NAME
