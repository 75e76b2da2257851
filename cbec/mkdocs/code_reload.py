"""MkDocs hook: under ``mkdocs serve``, an edit to the code in cbec/ restarts the server, so the next
page is built by the code on disk.

MkDocs reloads mkdocs.yml on every change, but it loads each hook once per process and Python keeps
every imported module: without this, an edit to a chart's figure.py, words.yaml or the theme would
rebuild with the old code ("Reloading browsers", old colours). Reloading modules in place would leave
the hooks holding the old ones, so the server process starts again instead (same command, same
port; the browser reconnects and reloads). The image cache needs nothing: it is keyed on the
figure each chart's code produces. Edits to data/ and docs/ rebuild in-process as before.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer

from cbec.mkdocs.engine import NAME as ENGINE

PACKAGE = Path(__file__).resolve().parents[1]  # cbec/
log = logging.getLogger("mkdocs.plugins.code_reload")


def code_fingerprint() -> str:
    """A hash of every Python and YAML file under cbec/ (figure code, words, theme, glue)."""
    h = hashlib.sha256()
    for p in sorted(PACKAGE.rglob("*")):
        if p.suffix in (".py", ".yaml") and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(PACKAGE)).encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


STARTED = code_fingerprint()  # hooks load once per process, before its first build


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Callable[[], None]) -> LiveReloadServer:
    server.watch(str(PACKAGE))
    build = server.builder

    def build_or_restart() -> None:
        if code_fingerprint() != STARTED:
            log.info("Code under cbec/ changed: restarting the server so that it builds with the new code")
            shutil.rmtree(config.site_dir, ignore_errors=True)  # serve's temporary build folder
            for stream in (sys.stdout, sys.stderr):
                stream.flush()
            os.execv(sys.executable, [sys.executable, "-m", ENGINE, *sys.argv[1:]])
        build()

    server.builder = build_or_restart
    return server
