"""The physical CSV file: what a CSV reader hides or gets wrong (encoding, BOM, line endings, quotes,
delimiter, blank rows, cell counts, non-ASCII digits), each reported on the PHYSICAL line of the file
(also after a multi-line quoted cell). The first step of loading a table (cbec/data.py)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .data_error import DataError, display_path
from .data_rules import visible
from .symlinks import refusal


@dataclass(frozen=True)
class Rows:
    """A table as text cells, each row with the physical line it starts on."""

    path: Path
    header: list[str]
    rows: list[list[str]]
    lines: list[int]  # lines[i] is the first physical line of rows[i]


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


_TOKEN = re.compile(r"[A-Za-z0-9._-]*")  # a number, year, code or id: what a wrong separator glues together
_ID_LIST = re.compile(
    r"[a-z0-9]*-[a-z0-9-]*(;[a-z0-9]*-[a-z0-9-]*)+"
)  # source ids ('gt-2021-09-08;…'): not glued cells


def _delimiter_hint(cells: list[str]) -> str:
    """Point at a ';', '，' or tab that glued cells together, like '2020，32.16' (not at one in prose)."""
    for bad, name in (("，", "a full-width comma '，'"), (";", "a semicolon ';'"), ("\t", "a tab")):
        for c in cells:
            if bad in c and not _ID_LIST.fullmatch(c) and all(_TOKEN.fullmatch(p) for p in c.split(bad)):
                return f"; {name} in '{c[:40]}' looks like a cell separator: separate cells with ','"
    return ""


def read_rows(path: Path, schema: dict[str, Any]) -> Rows:
    """Read one CSV into text cells, or raise DataError for a file no CSV reader can be trusted with."""
    names = [f["name"] for f in schema["fields"]]
    free_text = {
        i
        for i, f in enumerate(schema["fields"])  # plain text: may hold a quoted line break
        if f["type"] == "string" and "format" not in f and set(f.get("constraints", {})) <= {"required"}
    }
    if problem := refusal(path, path.parent, display_path(path)):
        raise DataError(path, 0, problem)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(path, 0, "file is missing") from None
    except OSError as e:  # a folder, a file without read permission
        raise DataError(path, 0, f"cannot be read ({e.strerror})") from None
    if not raw:
        raise DataError(path, 1, "file is empty; expected a header row")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise DataError(
            path,
            1,
            "starts with a byte-order mark (BOM), as Excel's 'CSV UTF-8' writes: "
            "save it as UTF-8 without BOM",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise DataError(
            path,
            raw.count(b"\n", 0, e.start) + 1,
            f"is not UTF-8 text (byte 0x{raw[e.start]:02X} cannot be read): save the file as UTF-8",
        ) from None
    if "\r" in text:
        raise DataError(
            path,
            _line_of(text, text.index("\r")),
            "has Windows line endings (CRLF) or a stray carriage return: save the file with LF line endings",
        )
    csv.field_size_limit(2**31 - 1)  # as frictionless does; data_rules limits cells with a clear message
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    lines: list[int] = []
    end = 0
    try:
        for row in reader:
            records.append(row)
            lines.append(end + 1)
            end = reader.line_num
    except csv.Error as e:
        start = end + 1
        if "end of data" in str(e):
            reason = (
                "the row that starts on this line opens a quoted cell that is never closed: the file ends "
                "inside it (a closing '\"' is missing)"
            )
        else:
            reason = (
                f"the row that starts on this line has a quoted cell that is not closed properly and runs on "
                f"to line {reader.line_num} (a closing '\"' is missing, or a '\"' inside a cell is not doubled)"
            )
        raise DataError(path, start, reason) from None
    header = records[0]
    if len(header) == 1 and len(names) > 1:
        hint = _delimiter_hint(header)
        raise DataError(
            path,
            1,
            f"the header has only one column{hint or ''}"
            if hint
            else f"the header has only one column, '{header[0]}'; expected: {', '.join(names)}",
        )
    missing = [n for n in names if n not in header]
    extra = [h for h in header if h not in names]
    if missing:
        raise DataError(
            path,
            1,
            f"missing column(s): {', '.join(missing)}"
            + (f" (unexpected: {', '.join(visible(e) for e in extra)})" if extra else ""),
        )
    if "" in extra:
        raise DataError(
            path,
            1,
            "a column has no name: a comma at the end of the header (or two in a row) "
            "adds an empty column; delete it",
        )
    if extra:
        raise DataError(path, 1, f"unexpected column(s): {', '.join(visible(e) for e in extra)}")
    if len(set(header)) != len(header):
        raise DataError(path, 1, "a column name appears twice")
    if header != names:
        raise DataError(
            path, 1, f"columns are not in the order of datapackage.json: expected {', '.join(names)}"
        )
    if len(records) == 1:
        raise DataError(path, 1, "has a header but no rows: an empty table is an error")
    for row, line in zip(records[1:], lines[1:]):
        if not any(c.strip() for c in row):
            raise DataError(path, line, "is blank: delete the empty line")
        last = line + row_span(row) - 1
        where = f"the row runs from line {line} to {last}: is a '\"' missing?"
        if len(row) != len(header):
            raise DataError(
                path,
                line,
                f"has {len(row)} cells, the header has {len(header)}"
                + (f" ({where})" if last > line else "")
                + (_delimiter_hint(row) if len(row) < len(header) else ""),
            )
        broken = [names[i] for i, c in enumerate(row) if "\n" in c and i not in free_text]
        if broken:  # a line break is fine in a note, not in a number, code or id: a quote swallowed lines
            raise DataError(path, line, f"a quoted cell holds a line break; {where}", broken[0])
    return Rows(path, header, records[1:], lines[1:])


def row_span(row: list[str]) -> int:
    """Physical lines a parsed row covers (quoted cells may hold line breaks)."""
    return 1 + sum(c.count("\n") for c in row)


def check_digits(rows: Rows, schema: dict[str, Any]) -> None:
    """Python (and frictionless) read '３２.１６' or '٣٢.١٦' as 32.16; the published file must have ASCII digits."""
    typed = [
        (i, f["name"])
        for i, f in enumerate(schema["fields"])
        if f["type"] != "string" or "pattern" in f.get("constraints", {})
    ]
    for row, line in zip(rows.rows, rows.lines):
        for i, name in typed:
            if not row[i].isascii() and any(ch.isdigit() and not ch.isascii() for ch in row[i]):
                what = (
                    "is not a number" if schema["fields"][i]["type"] != "string" else "has non-ASCII digits"
                )
                raise DataError(rows.path, line, f"'{row[i]}' {what}: use ASCII digits (0-9)", name)
