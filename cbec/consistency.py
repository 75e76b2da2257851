"""Checks across tables and for plausibility, on a Dataset whose rows each passed the row checks.

The row checks (cbec/data.py) make sure every cell parses; these make sure the figures and pages
can be drawn from the rows and that the values are believable, so that data which passes the row
checks never crashes a chart with a KeyError or ZeroDivisionError. Each problem stops the build as
``data/<file>.csv:<line>: column 'x': reason`` (the class DataError from cbec/data.py), naming
the other file and line where two tables disagree. The pilot-zone running total is checked in data.py.

Rules:
* every broad-scope year in cbec_annual.csv has a row in goods_trade.csv (shares and growth
  comparisons divide by it);
* the rows the charts single out exist (REQUIRED_CBEC below);
* levels (trillion yuan) are more than zero;
* exports + imports equal the total within rounding: each figure may be off by half a unit in its
  last published digit, so the allowed gap is the sum of those half-units. The 2022 revised row
  (total 2.1, parts 1.53 + 0.5278 = 2.0578) passes by this rule: 2.1 stands for 2.05 to 2.15.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from .data import TABLES, DataError, Dataset, Table, read_package, read_rows, resource


class _Parts(Protocol):
    """A row with a total and its two parts (cbec_annual.csv, goods_trade.csv)."""

    @property
    def line(self) -> int: ...
    @property
    def total_tn_cny(self) -> float: ...
    @property
    def exports_tn_cny(self) -> float | None: ...
    @property
    def imports_tn_cny(self) -> float | None: ...


# (year, vintage, scope) rows that cbec/charts/ names in chart titles and notes.
REQUIRED_CBEC = (
    (2018, "published", "platform"),
    (2019, "published", "platform"),
    (2018, "restated", "broad"),
    (2020, "prelim", "broad"),
    (2020, "revised", "broad"),
    (2021, "prelim", "broad"),
    (2021, "revised", "broad"),
    (2022, "revised", "broad"),
)
# facts.csv keys that cbec/charts/ reads in chart notes.
REQUIRED_FACTS = ("cbec_share_2021_pct", "cbec_share_2022_pct")


def _half_unit(text: str) -> float:
    """Half a unit in the last digit of a cell as written in the CSV ('1.53' -> 0.005, '47.0' -> 0.05):
    the text, not the float, says how precise the figure is (47.0 reads back as 47)."""
    return 0.5 * 10.0 ** -(len(text.split(".")[1]) if "." in text else 0)


def _cells(path: Path, table: Table) -> dict[int, dict[str, str]]:
    """line -> the row's cells as typed in the CSV, by column name."""
    rows = read_rows(path, resource(read_package(path.parent), table)["schema"])
    return {line: dict(zip(rows.header, row)) for row, line in zip(rows.rows, rows.lines)}


def _fmt(x: float) -> str:
    return f"{x:.6f}".rstrip("0").rstrip(".")


def check(ds: Dataset) -> None:
    """Raise DataError for the first cross-table or plausibility problem in ``ds``."""
    d = ds.data_dir
    cbec_csv, trade_csv = d / TABLES["cbec"].file, d / TABLES["trade"].file
    trade_name = TABLES["trade"].file

    # Levels and growth rates are held to the plausible bands set in data/datapackage.json (frictionless
    # checks them); what is left here is what one cell cannot show: exports + imports against the total.
    tables: tuple[tuple[Path, Sequence[_Parts], Table], ...] = (
        (cbec_csv, ds.cbec, TABLES["cbec"]),
        (trade_csv, ds.trade, TABLES["trade"]),
    )
    for path, rows, table in tables:
        cells = _cells(path, table)
        for r in sorted(rows, key=lambda r: r.line):
            if r.exports_tn_cny is not None and r.imports_tn_cny is not None:
                parts = r.exports_tn_cny + r.imports_tn_cny
                c = cells[r.line]
                allowed = sum(_half_unit(c[k]) for k in ("total_tn_cny", "exports_tn_cny", "imports_tn_cny"))
                if abs(parts - r.total_tn_cny) > allowed + 1e-9:
                    raise DataError(
                        path,
                        r.line,
                        f"exports {_fmt(r.exports_tn_cny)} + imports {_fmt(r.imports_tn_cny)} = "
                        f"{_fmt(round(parts, 6))}, which differs from the total {_fmt(r.total_tn_cny)} by "
                        f"{_fmt(round(abs(parts - r.total_tn_cny), 6))}, more than rounding allows "
                        f"(±{_fmt(round(allowed, 6))})",
                        "total_tn_cny",
                    )

    trade_years = {t.year: t for t in ds.trade}
    for r in sorted(ds.cbec, key=lambda r: r.line):
        if r.scope == "broad" and r.year not in trade_years:
            years = sorted(trade_years)
            shown = f"{years[0]}-{years[-1]}" if years else "none"
            raise DataError(
                cbec_csv,
                r.line,
                f"{r.year} ({r.scope} {r.vintage}) has no row in {trade_name} (years there: {shown}); "
                "add the year's goods trade first: the charts compare the two",
                "year",
            )

    have = {(r.year, r.vintage, r.scope) for r in ds.cbec}
    for year, vintage, scope in REQUIRED_CBEC:
        if (year, vintage, scope) not in have:
            raise DataError(
                cbec_csv,
                1,
                f"the row {year},{scope},{vintage} is missing; the charts "
                "(cbec/charts/) name it in their titles and notes",
            )
    for key in REQUIRED_FACTS:
        if key not in ds.facts:
            raise DataError(
                ds.data_dir / TABLES["facts"].file,
                1,
                f"the fact '{key}' is missing; the charts (cbec/charts/) cite it in their notes",
            )
