"""The one way text from the data leaves the build: escaped for the context it lands in.

Data text is text, never markup. A cell may hold '<', '[x](javascript:…)', '|', '*', '{{ }}' or
quotes and must print as those characters:

* ``html_text``: Markdown pages, HTML elements and attributes (double-quoted), <meta> content,
  <textarea>. HTML-escaped, and every character Markdown (with our extensions: tables, attr_list,
  footnotes, abbr, def_list) gives a meaning is written as a numeric character reference, which
  Markdown leaves alone and HTML shows as the character. Line breaks become spaces: in a Markdown
  table or list item a line break would end the cell.
* ``Markup`` marks HTML the build wrote itself (a macro's <a>, a chart's <figure>): it is printed as is.
  Anything else a page prints with ``{{ }}`` goes through ``html_text`` (cbec/mkdocs/macros.py, ``_finalize``).
* CSV: a text cell that a spreadsheet would run as a formula is refused when the data is loaded
  (cbec/data.py), so the published tables and downloads never hold one.
* ``web_url``: the only way a link target leaves the data; http(s) URLs only.

SVG and the chart JSON are Plotly's: it prints text as text, except its own small tag set
(<b>, <br>, <a href>...), which the figures use on purpose.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from markupsafe import Markup

__all__ = ["Markup", "html_text", "web_url", "UnsafeURL"]

# HTML's five (as html.escape writes them), and the Markdown punctuation that can start markup anywhere in a
# line: emphasis, code, links and images ('[' is enough: '(' and '!' mean nothing without it), attr_list '{',
# table cells '|', backslash escapes. '#', '>', '-', '+', digits and ':' matter only at the start of a line.
_ESCAPES = str.maketrans(
    {
        **{c: f"&#{ord(c)};" for c in "\\`*_{}[]|"},
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "'": "&#x27;",
    }
)
_LINE_START = re.compile(r"^([>:=#]|[-+*](\s|-|$)|[0-9]+[.)](\s|$))")  # '1.69' and '-x' are not lists
_SPACE = re.compile(r"\s+")


def html_text(value: object) -> str:
    """``value`` as inert text in a Markdown page, an HTML element or a quoted attribute."""
    if isinstance(value, Markup):
        return value
    text = _SPACE.sub(" ", str(value).replace("\0", ""))  # one space stays one space: '1.69 trillion'
    text = text.translate(_ESCAPES)
    m = _LINE_START.match(text.lstrip())  # '1. x', '- x', '# x' would start a list or heading at a line start
    if m:
        start = len(text) - len(text.lstrip())
        text = text[:start] + f"&#{ord(text[start])};" + text[start + 1 :]
    return text


class UnsafeURL(ValueError):
    pass


_URL_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")


def web_url(url: str) -> str:
    """An absolute http(s) URL with an ASCII host and no markup, or ``UnsafeURL`` saying what is wrong."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UnsafeURL(f"'{url[:80]}' is not an http(s) URL")
    if not _URL_CHARS.fullmatch(url) or "'" in url or "(" in url or ")" in url:
        bad = next((c for c in url if not _URL_CHARS.fullmatch(c) or c in "'()"), "")
        raise UnsafeURL(
            f"'{url[:80]}' is not an http(s) URL: it has the character {bad!r} (U+{ord(bad):04X}); "
            "write a non-ASCII host in its xn-- form, other characters %-encoded"
        )
    return url
