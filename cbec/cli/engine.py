"""The command line of the site's engine: ProperDocs, the maintained continuation of MkDocs 1.x.

It reads mkdocs.yml and runs the MkDocs plugins (Material, mkdocs-macros, mkdocs-static-i18n, our hooks)
unchanged. The file is named on the command line: by default ProperDocs looks for properdocs.yml first
and asks for the file to be renamed.
"""

from __future__ import annotations

import sys

CONFIG = "mkdocs.yml"


def command(verb: str, *args: str) -> list[str]:
    """``python -m properdocs VERB -f mkdocs.yml ARGS...``, with this Python (build, serve)."""
    return [sys.executable, "-m", "properdocs", verb, "-f", CONFIG, *args]
