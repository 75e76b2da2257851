"""MkDocs hook: what a build prints. Warnings, errors and one summary line; the detail with -v.

At the default verbosity the plugins' own info messages (macros lists its variables, macros and
filters; mkdocs-static-i18n each config override; jieba its dictionary) and MkDocs' progress lines
are turned off, so a real warning stands out. ``mkdocs build -v`` (``make build V=1``) leaves every
logger as it is. ``mkdocs serve`` keeps the address to open and "Building documentation...".
Progress while chart images are drawn comes from cbec/build_progress.py.

The summary, after the last language is built:
  Built 36 pages (18 English, 18 Chinese), 8 charts (240 images: 240 drawn, 0 cached) into site/ in 22.4 s
"""

from __future__ import annotations

import logging
import os
import re
import sys
import tempfile
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler
from mkdocs.utils.templates import TemplateContext

from cbec import build_progress
from cbec.mkdocs.engine import NAME as ENGINE
from cbec.mkdocs.site_config import charts_on, load_site

CHATTY = [
    "mkdocs.plugins.mkdocs_macros",
    f"{ENGINE}.plugins.mkdocs_static_i18n",
    "jieba",
    f"{ENGINE}.commands.build",
]  # the last: "Cleaning site directory", "Documentation built in ..."
SERVE_KEEPS = ("Serving on", "Building documentation...")
# Set by cbec/cli/build_site.py, which builds into a temporary folder and renames it: the folder to
# name in the summary, and when the build began (before MkDocs loaded its plugins).
SITE_NAME_ENV, STARTED_ENV = "CBEC_SITE_NAME", "CBEC_BUILD_STARTED"


class _Build:
    start = 0.0
    pages = {"en": 0, "zh": 0}


_build = _Build()


def _nested(config: MkDocsConfig) -> bool:
    """True inside mkdocs-static-i18n's build of the second language (it runs every event again)."""
    i18n = config.plugins.get("i18n")
    return bool(getattr(i18n, "building", False))


def _only_serve_address(record: logging.LogRecord) -> bool:
    message = re.sub(r"^\[\d\d:\d\d:\d\d\] ", "", record.getMessage())  # livereload's time stamp
    return record.levelno >= logging.WARNING or message.startswith(SERVE_KEEPS)


def quiet() -> None:
    """Turn the chatter off unless MkDocs runs with -v (its logger then stands at DEBUG)."""
    if logging.getLogger(ENGINE).level <= logging.DEBUG:
        return
    for name in CHATTY:
        logging.getLogger(name).setLevel(logging.WARNING)
    for name in (f"{ENGINE}.livereload", f"{ENGINE}.commands.serve"):
        log = logging.getLogger(name)
        if _only_serve_address not in log.filters:
            log.addFilter(_only_serve_address)


@event_priority(100)  # before the plugins' own on_config, which already logs
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not _nested(config):
        quiet()
        _build.start = (
            float(os.environ.pop(STARTED_ENV, 0)) or time.time()
        )  # popped: serve rebuilds start anew
        _build.pages = {"en": 0, "zh": 0}
        build_progress.images.new_build()
    return config


def on_page_context(
    context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation
) -> TemplateContext:
    _build.pages["zh" if page.url.startswith("zh/") else "en"] += 1
    return context


def _where(config: MkDocsConfig) -> str:
    site = Path(config.site_dir)
    if site.name.startswith(("mkdocs_", "properdocs_")) and site.parent == Path(tempfile.gettempdir()):
        return ""  # mkdocs serve's temporary folder: the reader opens the address instead
    shown = Path(os.environ.get(SITE_NAME_ENV) or site).resolve()
    if shown.is_relative_to(Path.cwd()):
        shown = shown.relative_to(Path.cwd())
    return f" into {shown}/"


def summary(config: MkDocsConfig) -> str:
    en, zh = _build.pages["en"], _build.pages["zh"]
    pages = f"Built {en + zh} pages ({en} English, {zh} Chinese)"
    if charts_on(config):
        n = len(load_site(config).charts["en"])  # cached: the build loaded it already
        drawn, cached = build_progress.images.for_summary()
        pages += f", {n} charts ({drawn + cached} images: {drawn} drawn, {cached} cached)"
    return f"{pages}{_where(config)} in {time.time() - _build.start:.1f} s"


def _failing() -> bool:
    """A strict build with warnings: MkDocs aborts right after this event, so no "Built" line."""
    return any(isinstance(h, CountHandler) and h.get_counts() for h in logging.getLogger(ENGINE).handlers)


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built the other language and the search index
def on_post_build(config: MkDocsConfig) -> None:
    if (
        not _nested(config) and not _failing() and logging.getLogger(ENGINE).level <= logging.INFO
    ):  # -q: nothing
        print(summary(config), file=sys.stderr, flush=True)
