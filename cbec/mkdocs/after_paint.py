"""MkDocs hook: the theme's scripts load after the page's first paint (issue 20).

Material ends every page with its bundle (114 KB) and our ``extra_javascript`` as plain script tags: the
browser fetches them with the stylesheets and runs them before the first paint, so a phone on a slow link
waits for the theme's code before it shows any text. ``overrides/main.html`` writes those scripts as a
list instead, and a small inline loader fetches them, in order, once the first contentful paint is done.
Nothing a reader sees needs them: the text, the chart images, the menu drawer and the colour scheme (set
from storage by Material's head script) all work before; search, instant navigation and the live charts
arrive a moment later.

Material mounts its components on ``DOMContentLoaded``, which has fired by then, so the loader dispatches
that event again once the last script has run (overrides/main.html). That is why only plain external
scripts can wait: a module, an ``async`` script or inline code in the list stops the build here.
"""

from __future__ import annotations

from html.parser import HTMLParser

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

ALLOWED = {"src", "defer"}  # what Material's script_tag writes for a plain extra_javascript entry


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.srcs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "script":
            raise PluginError(
                f"theme scripts block: unexpected <{tag}> (only script tags can load after the first paint)"
            )
        names = {name for name, _ in attrs}
        src = dict(attrs).get("src")
        if not src:
            raise PluginError(
                "theme scripts block: a <script> without src (inline code) cannot load after the first paint"
            )
        if names - ALLOWED:
            shown = " ".join(k if v is None else f"{k}={v!r}" for k, v in attrs)
            raise PluginError(
                f"mkdocs.yml extra_javascript: <script {shown}> cannot "
                f"load after the first paint (only plain scripts with a path, optionally defer: true)"
            )
        self.srcs.append(src)

    def handle_data(self, data: str) -> None:
        if data.strip():
            raise PluginError(f"theme scripts block: text {data.strip()[:40]!r} outside any script tag")


def script_sources(html: str) -> list[str]:
    """The ``src`` of each script tag in ``html`` (Material's scripts block: its bundle, then
    extra_javascript), in order; anything but a plain external script stops the build."""
    parser = _Scripts()
    parser.feed(str(html))
    parser.close()
    if not parser.srcs:
        raise PluginError("theme scripts block: no scripts found (has the Material template changed?)")
    return parser.srcs


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    env.filters["script_sources"] = script_sources
    return env
