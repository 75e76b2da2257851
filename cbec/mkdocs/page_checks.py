"""MkDocs hook: errors an author can act on, in the build and in ``mkdocs serve``.

* SOURCE_DATE_EPOCH that is not a number, or a missing auto-appended snippet file: one line, no traceback.
* Front matter that is not valid YAML: an error naming the page and line (MkDocs would publish it as text).
* A page whose ``{{ }}`` code failed (cbec/mkdocs/page_errors.py) is built as an error box, and warnings
  about anchors that page would have had are dropped: one mistake, one message.
* ``mkdocs serve``: a rebuild that fails (bad data, a page error, a strict-mode warning such as a broken
  link) no longer leaves requests hanging or stops the server: every page answers with an error page
  naming file, line and reason (HTTP 500) until a save fixes it, and the browser then reloads itself.
"""

from __future__ import annotations

import html
import logging
import os
import re
import socket
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypedDict
from urllib.parse import urlsplit
from wsgiref.types import StartResponse, WSGIEnvironment

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from cbec.cli.build_site import check_epoch
from cbec.mkdocs import engine, page_errors
from cbec.text_out import Markup, UnsafeURL, web_url

log = logging.getLogger("mkdocs.plugins.page_checks")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)  # as mkdocs.utils.meta


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent


def _forget_logged_messages() -> None:
    """MkDocs drops a message it has logged before in this process (DuplicateFilter); in `mkdocs serve`
    the same mistake made twice would then show no reason the second time."""
    for name in (engine.logger("commands.build"), engine.logger()):
        for f in logging.getLogger(name).filters:
            if hasattr(f, "msgs"):
                f.msgs.clear()


def _check_urls(config: MkDocsConfig) -> None:
    """SITE_URL and REPO_URL end up in links, <meta>, the sitemap and robots.txt: an http(s) URL or nothing."""
    for env, value, required in (
        ("SITE_URL", config.site_url, True),
        ("REPO_URL", config.extra.get("repository"), False),
    ):
        if not value and not required:
            continue
        if not value:
            raise PluginError(
                f"{env} is set but empty: the site's public address goes into every page's links, "
                "sitemap and share previews; unset it (local default) or set the full URL"
            )
        try:
            web_url(str(value))
        except UnsafeURL as e:
            raise PluginError(f"{env}: {e}") from None
        if env == "SITE_URL" and (part := _private_part(str(value))):
            raise PluginError(
                f"SITE_URL: {part}; the site's address is printed in every page, the sitemap and robots.txt"
            )
    # Checked, so the pages may print them as they are (cbec/text_out.py escapes everything else).
    config.site_url = Markup(config.site_url)
    if config.extra.get("repository"):
        config.extra["repository"] = Markup(config.extra["repository"])


def _private_part(url: str) -> str | None:
    """What a public site address must not have, named: credentials were published on every page."""
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None:
        return "has a user name or password ('user:password@'); give the public address, without them"
    if parts.query or url.rstrip("/").endswith("?"):
        return f"has a query ('?{parts.query}'); a site's address ends with its path"
    if parts.fragment or "#" in url:
        return f"has a fragment ('#{parts.fragment}'); a site's address ends with its path"
    return None


def _check_settings() -> None:
    """Numeric settings from the environment: finite seconds above zero, else the variable is named
    (nan turned a time limit off, text was silently replaced by the default)."""
    from cbec import chromium_session

    try:
        chromium_session.start_timeout()
        chromium_session.image_timeout()
    except chromium_session.DrawError as e:
        raise PluginError(str(e)) from None


def _check_duplicate_keys(config: MkDocsConfig) -> None:
    """YAML keeps only the last of two equal top-level keys: a second 'plugins:' silently drops i18n."""
    path = Path(config.config_file_path)
    seen: dict[str, int] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        m = re.match(r"([A-Za-z_][\w-]*)\s*:", line)
        if m:
            if m.group(1) in seen:
                raise PluginError(
                    f"{path.name}:{n}: '{m.group(1)}' appears again (first on line {seen[m.group(1)]}); "
                    "YAML would keep only this one: merge the two"
                )
            seen[m.group(1)] = n


class _ServeState(TypedDict, total=False):
    pending: bool  # `mkdocs serve`: check the port once, before the first build
    first_errors: list[str] | None  # what the first build of `mkdocs serve` showed (None: it built)


_serve: _ServeState = {"pending": False}


def on_startup(command: str, dirty: bool) -> None:
    _serve["pending"] = command == "serve"
    if command == "serve":
        _guard_first_build()


def _guard_first_build() -> None:
    """`mkdocs serve` builds once before it serves, outside any handler: a mistake then (a chart's words or
    code, the theme, a table) ended the server with "connection refused" and nothing left to notice the
    fix. The first build gets the same handling as later ones: the server starts and shows the error page.
    The engine's serve module (ProperDocs', or MkDocs') is the one running, so it is already imported."""
    import sys

    for name in ("properdocs.commands.serve", "mkdocs.commands.serve"):
        # the engine's module, whose build function is replaced here: read and written as Any
        serve_command: Any = sys.modules.get(name)
        if serve_command is None or not hasattr(serve_command, "build"):
            continue
        real = serve_command.build

        def first_build(
            config: MkDocsConfig,
            _module: Any = serve_command,
            _real: Callable[..., None] = real,
            **kwargs: Any,
        ) -> None:
            _module.build = _real  # later builds go through on_serve's guarded builder
            _check_port(config)  # no server without its port: that stops it, as before
            _serve["first_errors"] = _guarded(lambda: _real(config, **kwargs))

        serve_command.build = first_build


def _check_port(config: MkDocsConfig) -> None:
    """mkdocs serve builds the whole site and only then finds its port taken, with a traceback."""
    if not _serve["pending"]:
        return
    _serve["pending"] = False
    host, port = config.dev_addr.host, config.dev_addr.port
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
            # as the server itself binds (allow_reuse_address): a listening server is "in use", connections
            # of a server just stopped (TIME_WAIT, e.g. after code_reload.py restarts it) are not
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((host, port))
    except OSError as e:
        raise PluginError(
            f"Cannot serve on {host}:{port} ({e.strerror}): another server (an earlier `make serve`?) "
            f"uses it; stop it, or run `make serve PORT={port + 1}`"
        ) from None


def _nav_pages(nav: object) -> list[str]:
    """The pages a nav (mkdocs.yml: text, a {title: ...} mapping, a list of them) lists."""
    if isinstance(nav, str):
        return [nav] if nav.endswith(".md") else []
    items: Iterable[object] = nav.values() if isinstance(nav, dict) else nav if isinstance(nav, list) else []
    return [p for item in items for p in _nav_pages(item)]


def _check_twins(config: MkDocsConfig) -> None:
    """Every page in the nav needs its Chinese twin; MkDocs' own message blamed the English file."""
    docs = Path(config.docs_dir)
    for page in _nav_pages(config.nav):
        twin = page[:-3] + ".zh.md"
        if (docs / page).is_file() and not (docs / twin).is_file():
            # a warning, so strict mode fails with every other warning of the build printed too
            log.warning(f"docs/{twin} is missing: every page in the nav (docs/{page}) needs a Chinese twin")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _forget_logged_messages()
    _check_twins(config)
    _check_port(config)
    _check_duplicate_keys(config)
    _check_urls(config)
    _check_settings()
    page_errors.failed.clear()
    pages_log = logging.getLogger(engine.logger("structure.pages"))
    if page_errors.FOLLOW_ON not in pages_log.filters:
        pages_log.addFilter(page_errors.FOLLOW_ON)
    if problem := check_epoch(os.environ.get("SOURCE_DATE_EPOCH")):
        raise PluginError(problem)
    snippets = config.mdx_configs.get("pymdownx.snippets", {})
    bases = [Path(b) for b in snippets.get("base_path", ["."])]
    for name in snippets.get("auto_append", []):
        if not any((b if b.is_absolute() else _root(config) / b).joinpath(name).is_file() for b in bases):
            raise PluginError(
                f"{name} is missing: mkdocs.yml (pymdownx.snippets auto_append) adds it to every page"
            )
    return config


def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    """Invalid YAML front matter is an error (MkDocs would silently publish it as page text)."""
    if page.file.abs_src_path is None:  # a page made in memory: nothing to read here
        return None
    try:
        text = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        return None  # MkDocs reports these itself
    m = FRONT_MATTER.match(text)
    if not m:
        return None
    where = page_errors.page_path(page, _root(config))
    try:
        meta = yaml.safe_load(m.group(1))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = 2 + mark.line if mark is not None else 1
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        log.error(
            f"{where}:{line}: front matter is not valid YAML ({problem}); "
            "quote a value that contains ': ', '[', '{' or '#'"
        )
        return None
    if meta is not None and not isinstance(meta, dict):
        log.error(f"{where}:2: front matter must be 'key: value' lines, not a {type(meta).__name__}")
    elif meta:
        for line, problem in front_matter_problems(meta, m.group(1)):
            log.error(f"{where}:{line}: {problem}")
    return None


# What a page's front matter may hold: each reaches the page's <head> or layout (overrides/main.html).
HIDE = ("navigation", "toc", "footer", "path", "tags", "feedback")
FRONT_MATTER_KEYS = {
    "title": "text: the page's title in <title> and share previews",
    "description": "text: the page's description in <meta> and share previews",
    "hide": f"a list of: {', '.join(HIDE)}",
    "chart": "a chart id (a chart's own page)",
}


def front_matter_problems(meta: dict[str, Any], text: str) -> list[tuple[int, str]]:
    """(line, reason) for each front-matter value the site cannot print safely; lines as an editor counts
    them (the opening '---' is line 1)."""

    def line_of(key: object) -> int:
        for n, row in enumerate(text.split("\n"), start=2):
            if re.match(rf"{re.escape(str(key))}\s*:", row):
                return n
        return 2

    out: list[tuple[int, str]] = []
    for key, value in meta.items():
        if key not in FRONT_MATTER_KEYS:
            out.append(
                (
                    line_of(key),
                    f"front matter key {str(key)!r} is not one the site uses; keys: "
                    + ", ".join(FRONT_MATTER_KEYS),
                )
            )
        elif key in ("title", "description") and not (isinstance(value, str) and value.strip()):
            out.append(
                (
                    line_of(key),
                    f"{key} must be text, not {_kind(value)}; quote it if it starts with '[' or '{{'",
                )
            )
        elif key == "hide" and not (isinstance(value, list) and all(v in HIDE for v in value)):
            out.append((line_of(key), f"hide must be {FRONT_MATTER_KEYS['hide']}"))
        elif key == "chart" and not (isinstance(value, str) and value in _chart_ids()):
            shown = str(value)[:60]
            out.append(
                (line_of(key), f"chart: {shown!r} is not a chart; charts: {', '.join(sorted(_chart_ids()))}")
            )
    return out


def _kind(value: object) -> str:
    return (
        "empty text"
        if isinstance(value, str)
        else f"a {type(value).__name__}"
        if value is not None
        else "empty"
    )


def _chart_ids() -> set[str]:
    from cbec.charts import CHARTS, ChartError
    from cbec.words import WordsError

    try:
        return set(CHARTS)
    except (ChartError, WordsError):  # reported by cbec/mkdocs/chart_pages.py
        return set()


@event_priority(-50)  # after mkdocs-macros has rendered the page
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    for key in ("title", "description"):  # printed into <title>/<meta content="…"> by the theme, unescaped
        value = page.meta.get(key)
        if value is not None and not isinstance(value, Markup):  # a list was printed as its repr, raw
            page.meta[key] = Markup(html.escape(str(value), quote=False).replace('"', "&quot;"))
    chart = page.meta.get("chart")
    if "chart" in page.meta and not (
        isinstance(chart, str) and chart in _chart_ids()
    ):  # refused above; never printed
        del page.meta["chart"]
    message = page_errors.failed.get(page.file.src_uri)
    if message is None:
        return markdown
    return '!!! failure "This page has an error"\n\n    ' + html.escape(message) + "\n"


# --- mkdocs serve: an error page instead of a hang or an exit ---------------------------------------------


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = ANSI.sub("", record.getMessage()).strip()
        if text and text not in self.messages:
            self.messages.append(text)


def error_page(messages: list[str]) -> bytes:
    items = "\n".join(f"<li><pre>{html.escape(m)}</pre></li>" for m in messages)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Build error</title>'
        "<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem;max-width:60rem}"
        "pre{white-space:pre-wrap;background:#fee;padding:.5rem;border-left:4px solid #c00}</style></head>"
        '<body><h1 id="build-error">The site did not build</h1>'
        "<p>Fix the problems below and save; this page reloads when the site builds again.</p>"
        f'<ol class="build-errors">{items}</ol></body></html>'
    ).encode()


def _guarded(build: Callable[[], object]) -> list[str] | None:
    """Run ``build``; None if it worked, else the messages to show (logged as they came, plus a line)."""
    collect = _Collect()
    mkdocs_log = logging.getLogger(engine.logger())
    mkdocs_log.addHandler(collect)
    try:
        build()
    except KeyboardInterrupt:
        raise
    except BaseException as e:  # noqa: BLE001 - a plugin's exit() must not stop the server
        if not isinstance(e, (PluginError, SystemExit)) and type(e).__name__ != "Abort":
            log.debug("".join(traceback.format_exception(e)))
        shown = ANSI.sub("", str(e)).strip()
        messages = collect.messages + ([shown] if shown and shown not in collect.messages else [])
        if not isinstance(e, (PluginError, SystemExit)) and type(e).__name__ != "Abort":
            messages.append(f"({type(e).__name__}; run `mkdocs serve -v` for the traceback)")
            log.error(f"{type(e).__name__}: {e}")
        log.error("The site has errors (above); the browser shows them until a save fixes them.")
        return messages or [f"{type(e).__name__}: {e}"]
    finally:
        mkdocs_log.removeHandler(collect)
    return None


def on_serve(
    server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., None]
) -> LiveReloadServer:
    state: dict[str, list[str] | None] = {"errors": _serve.pop("first_errors", None)}
    build = server.builder

    def guarded_build() -> None:
        state["errors"] = _guarded(build)

    server.builder = guarded_build
    # Its private request handler (mkdocs.livereload.LiveReloadServer, MkDocs 1.6 and ProperDocs) is replaced
    # below, and its HTML helper has no annotations: the server's private side is Any here.
    private: Any = server
    serve: Callable[[WSGIEnvironment, StartResponse], Iterable[bytes] | None] = private._serve_request

    def serve_request(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes] | None:
        """The error page for a page request while the site does not build; else the server's own answer
        (None: not found)."""
        path = environ.get("PATH_INFO", "")
        if not path.startswith("/livereload/") and (path.endswith("/") or path.endswith(".html")):
            with server._epoch_cond:  # as MkDocs does: wait for a rebuild in progress
                server._epoch_cond.wait_for(lambda: server._visible_epoch == server._wanted_epoch)
                epoch = server._visible_epoch
            errors = state["errors"]
            if errors:
                body = private._inject_js_into_html(error_page(errors), epoch)
                start_response(
                    "500 Internal Server Error",
                    [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
                )
                return [body]
        return serve(environ, start_response)

    private._serve_request = serve_request
    return server
