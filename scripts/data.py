"""Load the CSV tables in data/ into typed, validated records.

Data flows one way: data/*.csv -> this module -> figures and pages. Anything
wrong in a table stops the build with ``file:line: column: reason`` so that a
maintainer can fix the cell without reading code.
"""
from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Callable, Optional

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

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
        where = f"{_display(self.path)}:{line}"
        super().__init__(f"{where}: column '{column}': {reason}" if column else f"{where}: {reason}")


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# --- cell parsers: each takes the stripped text and returns a value or raises ValueError


def _text(s: str) -> str:
    return s


def _int(s: str) -> int:
    if not re.fullmatch(r"-?\d+", s):
        raise ValueError(f"'{s}' is not a whole number")
    return int(s)


def _number(s: str) -> float:
    if not re.fullmatch(r"-?\d+(\.\d+)?", s):
        raise ValueError(f"'{s}' is not a number (use digits and a '.', no units or separators)")
    return float(s)


def _year(s: str) -> int:
    y = _int(s)
    if not 1990 <= y <= 2100:
        raise ValueError(f"'{s}' is not a plausible year")
    return y


_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _partial_date(s: str) -> str:
    """YYYY, YYYY-MM or YYYY-MM-DD (sources are often dated only by month), or 'n.d.'."""
    if s == "n.d.":
        return s
    m = _PARTIAL_DATE.fullmatch(s)
    if not m:
        raise ValueError(f"'{s}' is not a date (YYYY, YYYY-MM, YYYY-MM-DD or n.d.)")
    y, mo, d = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    try:
        dt.date(y, mo, d)
    except ValueError as e:
        raise ValueError(f"'{s}' is not a valid date ({e})") from None
    return s


def _full_date(s: str) -> dt.date:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
            return dt.date.fromisoformat(s)
    except ValueError:
        pass
    raise ValueError(f"'{s}' is not a date (YYYY-MM-DD)")


def _url(s: str) -> str:
    if not re.fullmatch(r"https?://[^\s]+", s):
        raise ValueError(f"'{s}' is not an http(s) URL")
    return s


def _ids(s: str) -> tuple[str, ...]:
    ids = tuple(i.strip() for i in s.split(";"))
    if any(not re.fullmatch(r"[a-z0-9][a-z0-9-]*", i) for i in ids):
        raise ValueError(f"'{s}' is not a ';'-separated list of source ids")
    return ids


def _key(s: str) -> str:
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", s):
        raise ValueError(f"'{s}' is not a key (lower-case letters, digits, '-' and '_')")
    return s


def _one_of(*allowed: str) -> Callable[[str], str]:
    def parse(s: str) -> str:
        if s not in allowed:
            raise ValueError(f"'{s}' is not one of {', '.join(allowed)}")
        return s

    return parse


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


@dataclass(frozen=True)
class CbecYear(Record):
    """One published vintage of customs' yearly cross-border e-commerce figure."""

    year: int
    scope: str
    vintage: str
    total_tn_cny: float
    exports_tn_cny: Optional[float]
    imports_tn_cny: Optional[float]
    total_yoy_pct: Optional[float]
    exports_yoy_pct: Optional[float]
    imports_yoy_pct: Optional[float]
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
    alt_value: Optional[float]
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
    """How one CSV file maps to a record type. Columns are (name, parser, required)."""

    file: str
    record: type
    columns: tuple[tuple[str, Callable[[str], Any], bool], ...]
    key: tuple[str, ...]


def _cols(*spec: tuple) -> tuple:
    return tuple(spec)


TABLES = {
    "sources": Table("sources.csv", Source, _cols(
        ("id", _key, True), ("publisher", _text, True), ("publisher_zh", _text, True), ("title", _text, True),
        ("date_published", _partial_date, True), ("url", _url, True),
        ("date_accessed", _full_date, True), ("confidence", _one_of(*CONFIDENCE), True),
        ("used_for", _text, True), ("used_for_zh", _text, True)), key=("id",)),
    "cbec": Table("cbec_annual.csv", CbecYear, _cols(
        ("year", _year, True), ("scope", _one_of(*SCOPES), True),
        ("vintage", _one_of(*VINTAGES), True), ("total_tn_cny", _number, True),
        ("exports_tn_cny", _number, False), ("imports_tn_cny", _number, False),
        ("total_yoy_pct", _number, False), ("exports_yoy_pct", _number, False),
        ("imports_yoy_pct", _number, False), ("confidence", _one_of(*CONFIDENCE), True),
        ("source_ids", _ids, True), ("note", _text, False)), key=("year", "scope", "vintage")),
    "trade": Table("goods_trade.csv", GoodsTrade, _cols(
        ("year", _year, True), ("total_tn_cny", _number, True), ("total_yoy_pct", _number, True),
        ("exports_tn_cny", _number, True), ("exports_yoy_pct", _number, True),
        ("imports_tn_cny", _number, True), ("imports_yoy_pct", _number, True),
        ("source_ids", _ids, True)), key=("year",)),
    "zones": Table("pilot_zones.csv", PilotBatch, _cols(
        ("batch", _int, True), ("date", _partial_date, True), ("date_basis", _one_of(*DATE_BASES), True),
        ("document", _text, False), ("zones_added", _int, True), ("zones_revoked", _int, True),
        ("cumulative", _int, True), ("examples", _text, True), ("examples_zh", _text, True),
        ("confidence", _one_of(*CONFIDENCE), True), ("source_ids", _ids, True), ("note", _text, False),
        ("note_zh", _text, False)), key=("batch",)),
    "claims": Table("claims.csv", Claim, _cols(
        ("id", _key, True), ("order", _int, True), ("claim", _text, True),
        ("claimed_value", _number, True), ("sourced_value", _number, True),
        ("alt_value", _number, False), ("unit", _text, True), ("sourced_label", _text, True),
        ("alt_label", _text, False), ("verdict_code", _one_of(*VERDICTS), True), ("verdict", _text, True), ("claim_zh", _text, True),
        ("unit_zh", _text, True), ("sourced_label_zh", _text, True), ("alt_label_zh", _text, False),
        ("verdict_zh", _text, True), ("attribution", _one_of(*ATTRIBUTIONS), True),
        ("attributed_name", _text, False), ("attributed_name_zh", _text, False), ("claim_source_ids", _ids, True), ("check_source_ids", _ids, True)), key=("id",)),
    "facts": Table("facts.csv", Fact, _cols(
        ("key", _key, True), ("value", _number, True), ("unit", _text, True),
        ("period", _text, True), ("as_of", _partial_date, False), ("confidence", _one_of(*CONFIDENCE), True),
        ("source_ids", _ids, True), ("note", _text, False)), key=("key",)),
    "statements": Table("statements.csv", Statement, _cols(
        ("key", _key, True), ("date", _partial_date, True), ("statement", _text, True),
        ("source_ids", _ids, True)), key=("key",)),
}


def read_table(path: Path, table: Table) -> list:
    """Read one CSV into records, or raise DataError at the first bad cell."""
    names = [c[0] for c in table.columns]
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(path, 0, "file is missing") from None
    except UnicodeDecodeError as e:
        raise DataError(path, 0, f"not UTF-8 text ({e.reason})") from None
    rows = csv.reader(text.splitlines())
    header = next(rows, None)
    if not header:
        raise DataError(path, 1, "file is empty; expected a header row")
    header = [h.strip() for h in header]
    missing = [n for n in names if n not in header]
    extra = [h for h in header if h not in names]
    if missing:
        raise DataError(path, 1, f"missing column(s): {', '.join(missing)}")
    if extra:
        raise DataError(path, 1, f"unexpected column(s): {', '.join(extra)}")
    if len(set(header)) != len(header):
        raise DataError(path, 1, "a column name appears twice")
    records, seen = [], {}
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue  # blank lines are harmless
        if len(row) != len(header):
            raise DataError(path, line, f"has {len(row)} cells, the header has {len(header)}")
        cells = dict(zip(header, (c.strip() for c in row)))
        values: dict[str, Any] = {"line": line}
        for name, parse, required in table.columns:
            raw = cells[name]
            if raw == "":
                if required:
                    raise DataError(path, line, "is empty but required", name)
                values[name] = "" if parse is _text else None
                continue
            try:
                values[name] = parse(raw)
            except ValueError as e:
                raise DataError(path, line, str(e), name) from None
        key = tuple(values[k] for k in table.key)
        if key in seen:
            shown = ", ".join(f"{k}={v}" for k, v in zip(table.key, key))
            raise DataError(path, line, f"duplicate key ({shown}); first seen on line {seen[key]}")
        seen[key] = line
        records.append(table.record(**values))
    return records


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
                        raise DataError(data_dir / table.file, rec.line,
                                        f"cites unknown source '{sid}' (not in sources.csv)", col)
                    cited.add(sid)
    for s in ds["sources"]:
        if s.id not in cited:
            raise DataError(data_dir / TABLES["sources"].file, s.line,
                            f"source '{s.id}' is cited by no table; cite it or remove it")


def _check_zones(data_dir: Path, zones: list[PilotBatch]) -> None:
    """Cumulative counts must be the running sum of zones added less zones revoked, in batch order."""
    total = 0
    for z in sorted(zones, key=lambda z: z.batch):
        total += z.zones_added - z.zones_revoked
        if z.cumulative != total:
            raise DataError(data_dir / TABLES["zones"].file, z.line,
                            f"cumulative is {z.cumulative} but the batches so far add up to {total} "
                            "(zones added less zones revoked)",
                            "cumulative")


def load(data_dir: Path | str = DATA_DIR) -> Dataset:
    """Read and validate every table in ``data_dir``."""
    data_dir = Path(data_dir)
    raw = {name: read_table(data_dir / t.file, t) for name, t in TABLES.items()}
    _check_references(data_dir, raw)
    _check_zones(data_dir, raw["zones"])
    for name in ("sources",):
        raw[name] = {s.id: s for s in raw[name]}
    return Dataset(
        data_dir=data_dir,
        sources=raw["sources"],
        cbec=sorted(raw["cbec"], key=lambda r: (r.scope, r.year, VINTAGES.index(r.vintage))),
        trade=sorted(raw["trade"], key=lambda r: r.year),
        zones=sorted(raw["zones"], key=lambda r: r.batch),
        claims=sorted(raw["claims"], key=lambda r: r.order),
        facts={f.key: f for f in raw["facts"]},
        statements={s.key: s for s in raw["statements"]},
    )
