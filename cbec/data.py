"""Load the CSV tables in data/ into typed, validated records.

Data flows one way: data/*.csv -> this module -> figures and pages. The schema of every table
(columns, types, units, constraints, keys) is data/datapackage.json, a Frictionless Data Package,
and frictionless-py validates the tables against it. This module adds only what the standard
cannot say or say well:

* the physical file: encoding, BOM, line endings, quotes, delimiter, blank rows, cell counts,
  each reported on the PHYSICAL line of the file (also after a multi-line quoted cell);
* ASCII digits in typed cells (Python, and so frictionless, reads '３２.１６' as a number);
* partial dates (YYYY, YYYY-MM, YYYY-MM-DD) that must be real calendar dates;
* source ids inside ';'-separated lists (Frictionless foreign keys cannot reach inside a list)
  and sources that nothing cites; the pilot-zone running total.

Anything wrong stops the build with ``file:line: column 'x': reason`` so that a maintainer can
fix the cell without reading code.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from .symlinks import refusal

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PACKAGE = "datapackage.json"

# Codes the figures and pages know; datapackage.json holds the same lists as enum constraints
# (tests/test_data.py checks that they agree). VINTAGES is also the sort order of releases.
CONFIDENCE = ("strong", "medium", "weak")
SCOPES = ("platform", "broad")
VINTAGES = ("prelim", "revised", "restated", "published")  # published: as published, vintage unknown
ATTRIBUTIONS = ("official_data", "named_source", "none", "speaker")  # how the report attributes a claim
VERDICTS = ("right_then_revised", "not_reproducible", "no_source_found", "matches_one_source", "partly_true")
DATE_BASES = ("approved", "published", "announced")


class DataError(ValueError):
    """A table cell or row that cannot be trusted; the message names file, line and column."""

    def __init__(self, path: Path, line: int, reason: str, column: str | None = None):
        self.path, self.line, self.column, self.reason = Path(path), line, column, reason
        where = f"{display_path(self.path)}:{line}"
        super().__init__(f"{where}: column '{column}': {reason}" if column else f"{where}: {reason}")


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# --- records


@dataclass(frozen=True)
class Record:
    line: int  # the CSV line the record came from, for error messages downstream


@dataclass(frozen=True)
class Source(Record):
    id: str
    publisher: str
    publisher_zh: str
    title: str
    date_published: str
    url: str
    date_accessed: dt.date
    confidence: str
    used_for: str
    used_for_zh: str
    origin: str  # own, report or copy: only an 'own' page can be rated strong (the Sources page's rule)
    notes: str  # provenance: where the research record logs it, or how it was found


@dataclass(frozen=True)
class CbecYear(Record):
    """One published vintage of customs' yearly cross-border e-commerce figure."""

    year: int
    scope: str
    vintage: str
    total_tn_cny: float
    exports_tn_cny: float | None
    imports_tn_cny: float | None
    total_yoy_pct: float | None
    exports_yoy_pct: float | None
    imports_yoy_pct: float | None
    confidence: str
    source_ids: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class GoodsTrade(Record):
    year: int
    total_tn_cny: float
    total_yoy_pct: float
    exports_tn_cny: float
    exports_yoy_pct: float
    imports_tn_cny: float
    imports_yoy_pct: float
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class FxYear(Record):
    """The Federal Reserve's annual average yuan per US dollar (noon buying rates, not China's central parity)."""

    year: int
    cny_per_usd: float
    confidence: str
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class PilotBatch(Record):
    batch: int
    date: str
    date_basis: str  # what the date is: approved, published or announced
    document: str
    zones_added: int
    zones_revoked: int
    cumulative: int
    examples: str
    examples_zh: str
    confidence: str
    source_ids: tuple[str, ...]
    note: str
    note_zh: str


@dataclass(frozen=True)
class Claim(Record):
    id: str
    order: int
    claim: str
    claimed_value: float
    sourced_value: float
    alt_value: float | None
    unit: str
    sourced_label: str
    alt_label: str
    verdict_code: str
    verdict: str
    claim_zh: str
    unit_zh: str
    sourced_label_zh: str
    alt_label_zh: str
    verdict_zh: str
    attribution: str  # how the Global Times report attributes the figure
    attributed_name: str
    attributed_name_zh: str
    claim_source_ids: tuple[str, ...]
    check_source_ids: tuple[str, ...]
    sourced_kind: str  # what sourced_value is: a source's figure, our computation, or a different measure
    alt_kind: str


@dataclass(frozen=True)
class Fact(Record):
    key: str
    value: float
    unit: str
    period: str
    as_of: str  # for "current" figures: how fresh the source's figure is (YYYY-MM or YYYY-MM-DD)
    confidence: str
    source_ids: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Statement(Record):
    key: str
    date: str
    statement: str
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """One CSV file: its record type and its resource in datapackage.json (which has the schema)."""

    file: str
    record: type
    resource: str


TABLES = {
    "sources": Table("sources.csv", Source, "sources"),
    "cbec": Table("cbec_annual.csv", CbecYear, "cbec_annual"),
    "trade": Table("goods_trade.csv", GoodsTrade, "goods_trade"),
    "fx": Table("fx_annual.csv", FxYear, "fx_annual"),
    "zones": Table("pilot_zones.csv", PilotBatch, "pilot_zones"),
    "claims": Table("claims.csv", Claim, "claims"),
    "facts": Table("facts.csv", Fact, "facts"),
    "statements": Table("statements.csv", Statement, "statements"),
}


# --- the package


def read_package(data_dir: Path) -> dict:
    """datapackage.json as a dict, with the resources each table needs."""
    path = data_dir / PACKAGE
    if problem := refusal(path, data_dir, display_path(path)):
        raise DataError(path, 0, problem)
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(path, 0, "file is missing (the schema of every table)") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise DataError(path, getattr(e, "lineno", 0), f"not valid JSON: {e}") from None
    for t in TABLES.values():
        res = next((r for r in package.get("resources", []) if r.get("name") == t.resource), None)
        if res is None:
            raise DataError(path, 0, f"no resource named '{t.resource}' (for {t.file})")
        have = {f.get("name") for f in res.get("schema", {}).get("fields", [])}
        lacking = [f.name for f in fields(t.record) if f.name != "line" and f.name not in have]
        if lacking:
            raise DataError(
                path, 0, f"resource '{t.resource}' lacks field(s) the site reads: {', '.join(lacking)}"
            )
    return package


def resource(package: dict, table: Table) -> dict:
    return next(r for r in package["resources"] if r["name"] == table.resource)


# --- the physical file: what a CSV reader hides or gets wrong, reported on physical lines


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


def read_rows(path: Path, schema: dict) -> Rows:
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
            + (f" (unexpected: {', '.join(extra)})" if extra else ""),
        )
    if "" in extra:
        raise DataError(
            path,
            1,
            "a column has no name: a comma at the end of the header (or two in a row) "
            "adds an empty column; delete it",
        )
    if extra:
        raise DataError(path, 1, f"unexpected column(s): {', '.join(extra)}")
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


def _check_digits(rows: Rows, schema: dict) -> None:
    """Python (and frictionless) read '３２.１６' or '٣٢.١٦' as 32.16; the published file must have ASCII digits."""
    typed = [
        (i, f["name"])
        for i, f in enumerate(schema["fields"])
        if f["type"] != "string" or "pattern" in f.get("constraints", {})
    ]
    for row, line in zip(rows.rows, rows.lines):
        for i, name in typed:
            if any(ch.isdigit() and not ch.isascii() for ch in row[i]):
                what = (
                    "is not a number" if schema["fields"][i]["type"] != "string" else "has non-ASCII digits"
                )
                raise DataError(rows.path, line, f"'{row[i]}' {what}: use ASCII digits (0-9)", name)


# --- validation by frictionless-py against datapackage.json


_PATTERN_REASONS = {  # what a pattern constraint means, by the field's kind (see datapackage.json)
    "id": "is not a source id: ids must be lower case, with letters a-z, digits and '-'",
    "ids": (
        "is not a ';'-separated list of source ids: ids must be lower case, with letters a-z, digits and '-', "
        "and no spaces"
    ),
    "key": "is not a key: keys must be lower case, with letters a-z, digits, '-' and '_'",
    "date": "is not a date (YYYY, YYYY-MM, YYYY-MM-DD or n.d.)",
    "url": "is not an http(s) URL (no spaces, quotes, '<' or '>')",
}
_TYPE_REASONS = {
    "integer": "is not a whole number",
    "year": "is not a year (four ASCII digits)",
    "number": "is not a number (use digits and a '.', no units or separators)",
    "date": "is not a date (YYYY-MM-DD)",
    "string": "is not an http(s) URL",
}


def _kind(pattern: str) -> str:
    if ";" in pattern:
        return "ids"
    if "https?" in pattern:
        return "url"
    if "[0-9]{4}" in pattern:
        return "date"
    return "key" if "_" in pattern else "id"


def _reason(error: Any, field: dict) -> str:
    cell = error.cell
    if error.type == "type-error":
        return f"'{cell}' {_TYPE_REASONS.get(field['type'], 'is not of type ' + field['type'])}"
    c = field.get("constraints", {})
    m = re.match(r'constraint "(\w+)"', error.note)
    constraint = m.group(1) if m else ""
    if constraint == "required":
        return "is empty but required"
    if constraint == "enum":
        return f"'{cell}' is not one of {', '.join(map(str, c['enum']))}"
    if constraint == "pattern":
        return f"'{cell}' {_PATTERN_REASONS[_kind(c['pattern'])]}"
    if constraint in ("minimum", "maximum"):
        unit = f" {field['unit']}" if field.get("unit") else ""
        band = f"{c.get('minimum', '…')} to {c.get('maximum', '…')}{unit}"
        side = "below" if constraint == "minimum" else "above"
        return f"{cell} is {side} the plausible range {band} (set in datapackage.json)"
    return error.note or error.message


def validate(data_dir: Path, package: dict, tables: dict[str, Rows]) -> None:
    """Run frictionless-py over the package; raise the first error as a DataError on its physical line."""
    from frictionless import Package  # imported here: ~0.3 s, only needed once the files are readable

    path = data_dir / PACKAGE
    report = Package.validate_descriptor(package)
    if not report.valid:
        raise DataError(
            path, 0, "is not a valid Data Package: " + "; ".join(e.message for e in report.errors)
        )
    try:
        report = Package(package, basepath=str(data_dir)).validate()
    except (
        Exception
    ) as e:  # a schema frictionless accepts but cannot apply, e.g. a minimum that is not a number
        raise DataError(
            path, 0, f"frictionless could not apply this schema ({type(e).__name__}: {e})"
        ) from None
    if report.valid:
        return
    by_resource = {t.resource: t for t in TABLES.values()}
    for task in report.tasks:
        if task.valid or task.name not in by_resource:
            continue
        rows = tables[task.name]
        schema = {f["name"]: f for f in resource(package, by_resource[task.name])["schema"]["fields"]}
        error = min(task.errors, key=lambda e: getattr(e, "row_number", 0) or 0)
        row_number = getattr(error, "row_number", None)  # 1 is the header, 2 the first row
        line = rows.lines[row_number - 2] if row_number and row_number >= 2 else 1
        field_name = getattr(error, "field_name", None)
        if error.type == "primary-key":
            key = resource(package, by_resource[task.name])["schema"]["primaryKey"]
            idx = [rows.header.index(k) for k in key]
            values = [rows.rows[row_number - 2][i] for i in idx]
            first = next(ln for r, ln in zip(rows.rows, rows.lines) if [r[i] for i in idx] == values)
            shown = ", ".join(f"{k}={v}" for k, v in zip(key, values))
            raise DataError(rows.path, line, f"duplicate key ({shown}); first seen on line {first}")
        if field_name in schema and error.type in ("type-error", "constraint-error"):
            raise DataError(rows.path, line, _reason(error, schema[field_name]), field_name)
        if row_number is None and not hasattr(error, "label"):  # about the schema, not the file
            raise DataError(path, 0, f"resource '{task.name}': {error.message}")
        raise DataError(rows.path, line, error.message)
    raise DataError(path, 0, "; ".join(e.message for e in report.errors) or "is not valid")


# --- typed records


def _value(text: str, field: dict) -> Any:
    if text == "":
        return "" if field["type"] == "string" and not field.get("constraints", {}).get("pattern") else None
    if field["name"].endswith("source_ids"):
        return tuple(text.split(";"))
    return {"integer": int, "year": int, "number": float, "date": dt.date.fromisoformat}.get(
        field["type"], str
    )(text)


_PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def _check_partial_dates(rows: Rows, schema: dict) -> None:
    """'2021-02-30' matches the pattern YYYY-MM-DD but is not a day of the calendar."""
    for i, f in enumerate(schema["fields"]):
        if "[0-9]{4}" not in f.get("constraints", {}).get("pattern", ""):
            continue
        for row, line in zip(rows.rows, rows.lines):
            m = _PARTIAL_DATE.fullmatch(row[i])
            if m:
                try:
                    dt.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
                except ValueError as e:
                    raise DataError(
                        rows.path, line, f"'{row[i]}' is not a valid date ({e})", f["name"]
                    ) from None


def _records(rows: Rows, table: Table, schema: dict) -> list:
    """Typed records; a column the package has but the record type lacks is published, not loaded."""
    wanted = {f.name for f in fields(table.record)}
    cols = [(i, f) for i, f in enumerate(schema["fields"]) if f["name"] in wanted]
    return [
        table.record(line=line, **{f["name"]: _value(row[i], f) for i, f in cols})
        for row, line in zip(rows.rows, rows.lines)
    ]


@dataclass(frozen=True)
class Dataset:
    """Every validated table; the only object figures and pages read from."""

    data_dir: Path
    sources: dict[str, Source]
    cbec: list[CbecYear]
    trade: list[GoodsTrade]
    zones: list[PilotBatch]
    claims: list[Claim]
    facts: dict[str, Fact]
    statements: dict[str, Statement]
    fx: list[FxYear]

    # Convenience look-ups used by pages and figures.
    def cbec_row(self, year: int, vintage: str, scope: str = "broad") -> CbecYear:
        for r in self.cbec:
            if (r.year, r.vintage, r.scope) == (year, vintage, scope):
                return r
        raise KeyError(f"no cross-border e-commerce row for {year} {scope} {vintage}")

    def trade_row(self, year: int) -> GoodsTrade:
        for r in self.trade:
            if r.year == year:
                return r
        raise KeyError(f"no goods-trade row for {year}")

    def claim(self, claim_id: str) -> Claim:
        for c in self.claims:
            if c.id == claim_id:
                return c
        raise KeyError(f"no claim '{claim_id}'")


def _check_references(data_dir: Path, ds: dict[str, list]) -> None:
    """Every cited id must exist in the registry, and every registry entry must be cited."""
    known = {s.id for s in ds["sources"]}
    cited: set[str] = set()
    for name, table in TABLES.items():
        if name == "sources":
            continue
        id_columns = [f.name for f in fields(table.record) if f.name.endswith("source_ids")]
        for rec in ds[name]:
            for col in id_columns:
                for sid in getattr(rec, col):
                    if sid not in known:
                        raise DataError(
                            data_dir / table.file,
                            rec.line,
                            f"cites unknown source '{sid}' (not in sources.csv)",
                            col,
                        )
                    cited.add(sid)
    for s in ds["sources"]:
        if s.id not in cited:
            raise DataError(
                data_dir / TABLES["sources"].file,
                s.line,
                f"source '{s.id}' is cited by no table; cite it or remove it",
            )


def _check_zones(data_dir: Path, zones: list[PilotBatch]) -> None:
    """Cumulative counts must be the running sum of zones added less zones revoked, in batch order."""
    total = 0
    for z in sorted(zones, key=lambda z: z.batch):
        total += z.zones_added - z.zones_revoked
        if z.cumulative != total:
            raise DataError(
                data_dir / TABLES["zones"].file,
                z.line,
                f"cumulative is {z.cumulative} but the batches so far add up to {total} "
                "(zones added less zones revoked)",
                "cumulative",
            )


def load(data_dir: Path | str = DATA_DIR) -> Dataset:
    """Read and validate every table in ``data_dir`` against ``data_dir/datapackage.json``."""
    data_dir = Path(data_dir)
    package = read_package(data_dir)
    schemas = {name: resource(package, t)["schema"] for name, t in TABLES.items()}
    rows = {name: read_rows(data_dir / t.file, schemas[name]) for name, t in TABLES.items()}
    from .data_rules import check_cells, check_schema  # imported here: data_rules reads this module's tables

    check_schema(package, TABLES, lambda line, reason, p=data_dir / PACKAGE: DataError(p, line, reason))
    for name in TABLES:
        _check_digits(rows[name], schemas[name])
        check_cells(
            rows[name],
            schemas[name],
            lambda line, reason, column, p=rows[name].path: DataError(p, line, reason, column),
        )
    validate(data_dir, package, {t.resource: rows[name] for name, t in TABLES.items()})
    for name in TABLES:
        _check_partial_dates(rows[name], schemas[name])
    raw = {name: _records(rows[name], t, schemas[name]) for name, t in TABLES.items()}
    _check_references(data_dir, raw)
    _check_zones(data_dir, raw["zones"])
    return Dataset(
        data_dir=data_dir,
        sources={s.id: s for s in raw["sources"]},
        cbec=sorted(raw["cbec"], key=lambda r: (r.scope, r.year, VINTAGES.index(r.vintage))),
        trade=sorted(raw["trade"], key=lambda r: r.year),
        zones=sorted(raw["zones"], key=lambda r: r.batch),
        claims=sorted(raw["claims"], key=lambda r: r.order),
        facts={f.key: f for f in raw["facts"]},
        statements={s.key: s for s in raw["statements"]},
        fx=sorted(raw["fx"], key=lambda r: r.year),
    )
