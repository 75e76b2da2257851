"""Load the CSV tables in data/ into typed, validated records: ``load()``.

Data flows one way: data/*.csv -> this module -> figures and pages. The schema of every table
(columns, types, units, constraints, keys) is data/datapackage.json, a Frictionless Data Package.
Loading runs these steps, each in a module of its own:

1. cbec/csv_rows.py: the physical file (encoding, BOM, quotes, delimiter, cell counts, ASCII digits),
   reported on the PHYSICAL line of the file;
2. cbec/data_rules.py: the rules the site keeps in code (keys, plausible bands, safe text and URLs);
3. cbec/data_package.py: frictionless-py validates the tables against datapackage.json; partial dates;
4. here: typed records (cbec/records.py), source ids inside ';'-separated lists (Frictionless
   foreign keys cannot reach inside a list), sources that nothing cites, the pilot-zone running total.

Anything wrong stops the build with ``file:line: column 'x': reason`` (cbec/data_error.py) so that
a maintainer can fix the cell without reading code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

from .corrections import check_verdicts
from .csv_rows import Rows, check_digits, read_rows, row_span
from .data_error import DataError, display_path
from .data_package import PACKAGE, check_partial_dates, read_package, resource, validate
from .data_rules import KEYS, check_cells, check_look_alike_keys, check_schema
from .labels import check_releases
from .records import (
    ATTRIBUTIONS,
    CONFIDENCE,
    DATE_BASES,
    SCOPES,
    TABLES,
    VERDICTS,
    VINTAGES,
    CbecYear,
    Claim,
    Dataset,
    Fact,
    FxYear,
    GoodsTrade,
    PilotBatch,
    Record,
    Source,
    Statement,
    Table,
)

# The loader's names, wherever they live now (the steps of the flow have modules of their own).
__all__ = [
    "ATTRIBUTIONS",
    "CONFIDENCE",
    "DATA_DIR",
    "DATE_BASES",
    "PACKAGE",
    "SCOPES",
    "TABLES",
    "VERDICTS",
    "VINTAGES",
    "CbecYear",
    "Claim",
    "DataError",
    "Dataset",
    "Fact",
    "FxYear",
    "GoodsTrade",
    "PilotBatch",
    "Record",
    "Rows",
    "Source",
    "Statement",
    "Table",
    "display_path",
    "load",
    "read_package",
    "read_rows",
    "resource",
    "row_span",
    "validate",
]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def _value(text: str, field: dict[str, Any]) -> Any:
    if text == "":
        return "" if field["type"] == "string" and not field.get("constraints", {}).get("pattern") else None
    if field["name"].endswith("source_ids"):
        return tuple(text.split(";"))
    if field["type"] == "boolean":  # frictionless has checked it is one of its true/false words
        return text.strip().lower() in ("true", "yes", "1")
    convert: dict[str, Callable[[str], Any]] = {
        "integer": int,
        "year": int,
        "number": float,
        "date": dt.date.fromisoformat,
    }
    return convert.get(field["type"], str)(text)


def _records(rows: Rows, table: Table, schema: dict[str, Any]) -> list[Any]:
    """Typed records; a column the package has but the record type lacks is published, not loaded."""
    wanted = {f.name for f in fields(table.record)}
    cols = [(i, f) for i, f in enumerate(schema["fields"]) if f["name"] in wanted]
    return [
        table.record(line=line, **{f["name"]: _value(row[i], f) for i, f in cols})
        for row, line in zip(rows.rows, rows.lines)
    ]


def _check_references(data_dir: Path, ds: dict[str, list[Any]]) -> None:
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


def _check_zones(data_dir: Path, zones: list[PilotBatch], sources: list[Source]) -> None:
    """Cumulative counts must be the running sum of zones added less zones revoked, in batch order.
    A count left unflagged in a weak row (firm_fields) needs a source rated medium or better."""
    rating = {s.id: s.confidence for s in sources}
    for z in zones:
        if z.firm_fields and (z.confidence != "weak" or all(rating.get(i) == "weak" for i in z.source_ids)):
            raise DataError(
                data_dir / TABLES["zones"].file,
                z.line,
                "firm_fields is for a weak row that also cites a source rated medium or better "
                "(the fields it confirms); leave it empty otherwise",
                "firm_fields",
            )
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
    package_path = data_dir / PACKAGE
    check_schema(package, TABLES, lambda line, reason: DataError(package_path, line, reason))
    for name in TABLES:
        check_digits(rows[name], schemas[name])

        def cell_error(line: int, reason: str, column: str, p: Path = rows[name].path) -> DataError:
            return DataError(p, line, reason, column)

        check_cells(rows[name], schemas[name], cell_error)
        check_look_alike_keys(rows[name], schemas[name], KEYS.get(name, ()), cell_error)
    validate(data_dir, package, {t.resource: rows[name] for name, t in TABLES.items()})
    for name in TABLES:
        check_partial_dates(rows[name], schemas[name])
    raw = {name: _records(rows[name], t, schemas[name]) for name, t in TABLES.items()}
    _check_references(data_dir, raw)
    _check_zones(data_dir, raw["zones"], raw["sources"])
    ds = Dataset(
        data_dir=data_dir,
        sources={s.id: s for s in raw["sources"]},
        cbec=sorted(raw["cbec"], key=lambda r: (r.scope, r.year, VINTAGES.index(r.vintage))),
        trade=sorted(raw["trade"], key=lambda r: r.year),
        zones=sorted(raw["zones"], key=lambda r: r.batch),
        claims=sorted(raw["claims"], key=lambda r: r.order),
        facts={f.key: f for f in raw["facts"]},
        statements={s.key: s for s in raw["statements"]},
        fx=sorted(raw["fx"], key=lambda r: r.year),
        events=sorted(raw["events"], key=lambda r: (r.date, r.key)),
        corrections=sorted(raw["corrections"], key=lambda r: (r.date, r.line)),
    )
    check_releases(ds)  # a release label its sources do not support stops the build
    check_verdicts(ds)  # a verdict that changed without a corrections row stops the build
    return ds
