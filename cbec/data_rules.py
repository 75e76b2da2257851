"""Rules the site keeps in code, so that one edit cannot break the data and weaken its check together.

datapackage.json is the schema, and frictionless validates the tables against it; but the same diff
that breaks a table can edit the schema. So the loader (cbec/data.py) also insists here that:

* each resource's ``path`` is the file the site reads (frictionless must validate that file, not a
  copy or a URL), its key is the key the pages rely on, and each field the site reads has the type
  the code reads it as;
* every number or integer column has a plausible band (minimum and maximum) in the schema;
* a number is written as digits with an optional '-' and '.': no NaN, inf, 1e309, 4_9, '+2', '-0' or
  padding, all of which Python would read;
* a text cell holds no invisible characters (controls: a NUL breaks the chart renderer; format
  characters such as U+200B or a mid-text BOM hide in a diff), no HTML tag (Plotly would draw '<a href>'
  as a link in the charts) and does not start like a spreadsheet formula ('=', '+', '-', '@', a tab or a
  carriage return, OWASP's list; a plain number such as -5 is fine): the tables are published for download;
* a date is in 1990-2100, not in the future (except a scheduled event), and a source was published no
  later than it was accessed (cbec/data_package.py);
* a URL column holds an http(s) URL in plain ASCII (a look-alike Cyrillic 'о' in a host is refused).
"""

from __future__ import annotations

import math
import re
import typing
import unicodedata
from collections.abc import Callable
from dataclasses import fields
from typing import Any

from .text_out import UnsafeURL, web_url

# The key of each table, as pages and figures look rows up (a table added later needs only some key).
KEYS = {
    "sources": ("id",),
    "cbec": ("year", "scope", "vintage"),
    "trade": ("year",),
    "zones": ("batch",),
    "claims": ("id",),
    "facts": ("key",),
    "statements": ("key",),
    "events": ("key",),
    "corrections": ("key",),
}

_TYPES = {
    "int": ("integer", "year"),
    "float": ("number",),
    "str": ("string",),
    "date": ("date",),
    "tuple": ("string",),
    "bool": ("boolean",),
}
_KNOWN_TYPES = {
    "string",
    "number",
    "integer",
    "boolean",
    "object",
    "array",
    "date",
    "time",
    "datetime",
    "year",
    "yearmonth",
    "duration",
    "geopoint",
    "geojson",
    "any",
    "list",
}
_NUMBER = {
    "number": re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?"),
    "integer": re.compile(r"-?(0|[1-9][0-9]*)"),
    "year": re.compile(r"[0-9]{4}"),
}
_FORMULA = ("=", "+", "@", "-", "\t", "\r")  # OWASP's CSV injection starters
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
# Invisible characters a reader cannot see in a diff: controls, format characters (zero-width spaces and
# joiners, U+2060, the bidi marks and U+061C, a BOM, the soft hyphen), private use, unassigned, and the
# Hangul fillers that render as blanks. Tab and newline are text.
_FILLERS = "\u115f\u1160\u3164\uffa0"


_FILLER = re.compile(f"[{_FILLERS}]")


def invisible(text: str) -> str | None:
    """The first invisible character in ``text``, or None."""
    # Fast path (every cell of every table goes through here on each load): str.isprintable() is False
    # for any character of category C* (and for separators other than the space), so a printable text
    # holds no invisible character but perhaps a filler, which is a letter (Lo).
    if text.isprintable():
        return m.group() if (m := _FILLER.search(text)) else None
    for ch in text:
        if ch in "\t\n":
            continue
        if unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs", "Cn") or ch in _FILLERS:
            return ch
    return None


def visible(text: str) -> str:
    """``text`` for a message: each invisible character written as <U+200B>, so it can be found."""
    return "".join(f"<U+{ord(ch):04X}>" if invisible(ch) else ch for ch in text)


_TAG = re.compile(r"<[A-Za-z/!?]")  # an HTML or Plotly tag (<a href>, <span style>): charts would obey it
MAX_CELL = 100_000  # characters; the csv module's own limit is 131,072 and frictionless raises it


def _code_type(annotation: object) -> str:
    name = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", str(annotation))
    inner = re.sub(r"^(Optional\[|typing\.Optional\[)(.*)\]$", r"\2", name)
    return inner.split("[")[0].split(".")[-1]


def check_schema(
    package: dict[str, Any], tables: dict[str, Any], error: Callable[[int, str], Exception]
) -> None:
    """The parts of datapackage.json the code relies on; ``error(line, reason)`` builds the exception."""
    for name, t in tables.items():
        res = next(r for r in package["resources"] if r.get("name") == t.resource)
        if res.get("path") != t.file:
            raise error(
                0,
                f"resource '{t.resource}' has path {res.get('path')!r}; it must be {t.file!r}, "
                "the file the site reads (a copy, a folder or a URL would be validated instead)",
            )
        schema = res["schema"]
        key = tuple(schema.get("primaryKey") or ())
        if key != KEYS.get(name, key or ("?",)):
            want = KEYS.get(name)
            raise error(
                0,
                f"resource '{t.resource}' has primaryKey {list(key)}; the pages look rows up by "
                f"{list(want) if want else 'a key'}: restore it",
            )
        by_name = {f.get("name"): f for f in schema["fields"]}
        hints = typing.get_type_hints(t.record)
        for f in fields(t.record):
            if f.name == "line":
                continue
            allowed = _TYPES.get(_code_type(hints[f.name]), ())
            declared = by_name[f.name].get("type")
            if (
                allowed and declared in _KNOWN_TYPES and declared not in allowed
            ):  # unknown: frictionless says so
                raise error(
                    0,
                    f"resource '{t.resource}', field '{f.name}' has type "
                    f"{by_name[f.name].get('type')!r}; the site reads it as {' or '.join(allowed)}",
                )
        for f in schema["fields"]:
            c = f.get("constraints", {})
            if f.get("type") in ("number", "integer") and ("minimum" not in c or "maximum" not in c):
                raise error(
                    0,
                    f"resource '{t.resource}', field '{f['name']}' is a number without a plausible band: "
                    "give it constraints.minimum and constraints.maximum",
                )


def check_cells(rows: Any, schema: dict[str, Any], error: Callable[[int, str, str], Exception]) -> None:
    """Every cell's text, before any parser reads it; ``error(line, reason, column)`` builds the exception."""
    for i, f in enumerate(schema["fields"]):
        number = _NUMBER.get(f["type"])
        is_url = "https?" in f.get("constraints", {}).get("pattern", "") or f["name"] == "url"
        for row, line in zip(rows.rows, rows.lines):
            cell = row[i]
            if len(cell) > MAX_CELL:
                raise error(
                    line,
                    f"the cell has {len(cell):,} characters; a cell may have at most {MAX_CELL:,}",
                    f["name"],
                )
            if ch := invisible(cell):
                name = unicodedata.name(ch, "a control or unassigned character")
                raise error(
                    line,
                    f"contains the invisible character U+{ord(ch):04X} ({name}): '{visible(cell[:60])}'; "
                    "delete it",
                    f["name"],
                )
            if cell == "":
                continue
            if number is not None:
                if not number.fullmatch(cell) or (cell.startswith("-") and float(cell) == 0):
                    raise error(
                        line,
                        f"'{cell}' is not a number written as digits with an optional '-' and '.' "
                        "(no NaN, inf, exponent, '_', '+', spaces or -0)",
                        f["name"],
                    )
                if not math.isfinite(float(cell)):
                    raise error(line, f"'{cell}' is too large to be a number", f["name"])
            elif f["type"] == "string":
                if is_url:
                    try:
                        web_url(cell)
                    except UnsafeURL as e:
                        raise error(line, str(e), f["name"]) from None
                if cell.startswith(_FORMULA) and not _PLAIN_NUMBER.fullmatch(cell):
                    raise error(
                        line,
                        f"'{visible(cell[:40])}' starts with {cell[0]!r}: a spreadsheet opening the published "
                        "table would run it as a formula; reword it",
                        f["name"],
                    )
                if m := _TAG.search(cell):
                    raise error(
                        line,
                        f"'{cell[max(0, m.start() - 10) : m.start() + 30]}' holds an HTML tag; data text is "
                        "printed as text, so write it in words (for a '<' sign, put a space after it)",
                        f["name"],
                    )


def check_look_alike_keys(
    rows: Any, schema: dict[str, Any], key: tuple[str, ...], error: Callable[[int, str, str], Exception]
) -> None:
    """Two keys that differ only in '-' against '_' (or case) are one key typed twice: 'warehouses-end-2021'
    beside 'warehouses_end_2021' was published, and a page reading either got a different row (review
    2026-12-07 N15). ``error(line, reason, column)`` builds the exception."""
    if len(key) != 1:
        return
    names = [f["name"] for f in schema["fields"]]
    if key[0] not in names:
        return
    i = names.index(key[0])
    seen: dict[str, tuple[str, int]] = {}
    for row, line in zip(rows.rows, rows.lines):
        value = row[i]
        norm = value.lower().replace("-", "_")
        if norm in seen and seen[norm][0] != value:
            first, at = seen[norm]
            raise error(
                line,
                f"'{value}' looks like '{first}' (line {at}): keys that differ only in '-', '_' or case are "
                "one key typed twice; keep one",
                key[0],
            )
        seen.setdefault(norm, (value, line))
