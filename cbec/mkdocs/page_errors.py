"""Errors in a page's ``{{ }}`` code, told to the author as ``docs/<page>.md:<line>: <reason>``.

mkdocs-macros catches every exception raised while it renders a page and passes it to
``mkdocs_macros.errors.format_error``; ``install`` registers our formatter there. The line is the
line in the file as the author sees it (front matter counted), the reason says what was asked for
and what exists, and no Python traceback is shown (``mkdocs build -v`` logs it, for developers).
With ``on_error_fail: false`` (mkdocs.yml) macros logs the message as a warning, which fails a
strict build, and puts it in place of the page, which ``mkdocs serve`` shows.
"""

from __future__ import annotations

import dataclasses
import difflib
import logging
import os
import re
import traceback
from collections.abc import Iterable
from pathlib import Path

from jinja2 import TemplateSyntaxError, UndefinedError
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.page_errors")


# Pages whose code failed in this build (src_uri -> message); cbec/mkdocs/page_checks.py builds each of them as
# an error box and drops the warnings that only follow from it (links to anchors the page would have had).
failed: dict[str, str] = {}


class FollowOnWarnings(logging.Filter):
    """Drops MkDocs' 'does not contain an anchor' warnings about pages whose code failed."""

    ANCHOR = re.compile(
        r"Doc file '[^']+' contains a link '[^']*', but the doc '([^']+)' does not contain an anchor"
    )

    def filter(self, record: logging.LogRecord) -> bool:
        m = self.ANCHOR.match(record.getMessage())
        return not (m and m[1] in failed)


FOLLOW_ON = FollowOnWarnings()


class PageError(Exception):
    """Raised by a macro for a request it cannot answer; the message says what was asked and what exists."""


def closest(word: str, options: Iterable[str], what: str, limit: int = 3) -> str:
    """'closest: a, b' for a misspelling, else the full list when short, else how many there are."""
    options = sorted(options)
    near = difflib.get_close_matches(word, options, n=limit, cutoff=0.6)
    if near:
        return f"closest {what}: {', '.join(near)}"
    if len(options) <= 12:
        return f"{what}: {', '.join(options)}"
    return f"{len(options)} {what}, none close to '{word}'"


def year_ranges(years: Iterable[int]) -> str:
    """2018, 2020, 2021, 2022 -> '2018, 2020-2022'."""
    ordered: list[int | None] = [*sorted(set(years)), None]
    out: list[str] = []
    start: int | None = None
    prev: int | None = None
    for y in ordered:
        if start is not None and prev is not None and y == prev + 1:
            prev = y
            continue
        if start is not None:
            out.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = y
    return ", ".join(out) if out else "none"


def line_offset(page: Page, markdown: str) -> int:
    """Lines of the page file above ``markdown`` (the front matter and the blank lines after it)."""
    if page.file.abs_src_path is None:  # a generated page (a chart's own): no file, no front matter
        return 0
    try:
        source = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        return 0
    source, body = source.rstrip(), markdown.rstrip()  # MkDocs drops the final newline
    if body and source.endswith(body):
        return source[: len(source) - len(body)].count("\n")
    return 0


def template_line(error: BaseException) -> int | None:
    """The template line an exception was raised at (Jinja rewrites tracebacks to '<template>' frames)."""
    if isinstance(error, TemplateSyntaxError):
        return error.lineno
    line, tb = None, error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def page_path(page: Page, root: Path) -> str:
    path = getattr(page.file, "abs_src_path", None)
    if not path:
        return str(page.file.src_path)
    try:
        return Path(os.path.relpath(path, root)).as_posix()
    except ValueError:
        return str(path)


def reason(error: BaseException, macros: list[str], filters: list[str]) -> str:
    """The author-facing reason for a rendering error."""
    if isinstance(error, PageError):
        return str(error)
    if isinstance(error, TemplateSyntaxError) and type(error).__name__ == "PageCodeRefused":
        return error.message or str(error)  # cbec/mkdocs/page_sandbox.py: the message is the reason
    if isinstance(error, TemplateSyntaxError):
        m = re.fullmatch(r"No filter named '([^']+)'\.?", error.message or "")
        if m:
            return f"no filter named '{m[1]}'; {closest(m[1], filters, 'filters')}"
        return f"template syntax error: {error.message}"
    if isinstance(error, UndefinedError):
        msg = str(error)
        m = re.fullmatch(r"'([^']+)' is undefined", msg)
        if m:
            return f"no macro or variable named '{m[1]}'; {closest(m[1], macros, 'macros')}"
        m = re.fullmatch(r"'(?:[\w.]+\.)?(\w+) object' has no attribute '([^']+)'", msg)
        if m:
            from cbec import data

            cls = getattr(data, m[1], None)
            if dataclasses.is_dataclass(cls):
                names = [f.name for f in dataclasses.fields(cls) if f.name != "line"]
                return f"a {m[1]} has no attribute '{m[2]}'; {closest(m[2], names, 'attributes')}"
            return f"a {m[1]} has no attribute '{m[2]}'"
        return msg
    if isinstance(error, KeyError) and error.args:
        return f"unknown key {error.args[0]!r}"
    return f"{type(error).__name__}: {error}"


def describe(
    error: BaseException, markdown: str, page: Page, root: Path, macros: list[str], filters: list[str]
) -> str:
    """``docs/<page>.md:<line>: <reason>``, the line counted in the file."""
    where = page_path(page, root)
    line = template_line(error)
    if line is not None:
        where += f":{line + line_offset(page, markdown)}"
    return f"{where}: {reason(error, macros, filters)}"


def install(root: Path, macros: list[str], filters: list[str]) -> None:
    """Make mkdocs-macros report rendering errors with ``describe`` (it dispatches on the error type)."""
    from mkdocs_macros import errors

    def formatter(error: BaseException, markdown: str, page: Page) -> str:
        message = describe(error, markdown, page, root, macros, filters)
        failed.setdefault(page.file.src_uri, message)
        if not isinstance(error, (PageError, TemplateSyntaxError, UndefinedError)):
            log.debug("".join(traceback.format_exception(error)))
        return message

    errors.format_error.register(Exception, formatter)
    errors.format_error.register(TemplateSyntaxError, formatter)
