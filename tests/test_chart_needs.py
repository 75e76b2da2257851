"""A cell a chart cannot do without, left empty or unreadable, stops the build naming that cell.

Growth rates and export/import splits are optional columns: most charts draw only the rows that have them.
A few values are quoted in a title or a note, or a level is computed from them (2020's growth rate: the
2019 level it implies; 2022's revised parts: their share of goods trade). An empty one used to stop the
build with a TypeError at a line of the chart's code (``growth_vs_trade/figure.py:112: '>' not supported
between instances of 'NoneType' and 'int'``); now it names the data file, line and column.
"""

from __future__ import annotations

import csv
import io
import re
import shutil

import pytest
from conftest import ROOT

from cbec import consistency, data
from cbec.charts import build_all
from cbec.data import DataError

CASES = [  # (year, vintage, column, the charts that quote it)
    (2020, "prelim", "total_yoy_pct", ("growth-vs-trade", "series-break")),
    (2021, "prelim", "total_yoy_pct", ("growth-vs-trade",)),
    (2022, "revised", "exports_tn_cny", ("share-of-trade",)),
    (2022, "revised", "imports_tn_cny", ("share-of-trade",)),
]


def _blank(path, year: int, vintage: str, column: str) -> int:
    """Empty one cell of the broad-scope row; returns the row's line in the file."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    head = rows[0]
    n = next(
        i
        for i, r in enumerate(rows)
        if i
        and (r[head.index("year")], r[head.index("scope")], r[head.index("vintage")])
        == (str(year), "broad", vintage)
    )
    assert rows[n][head.index(column)], f"{year} {vintage} {column} is already empty"
    rows[n][head.index(column)] = ""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return n + 1


@pytest.mark.parametrize("year, vintage, column, charts", CASES, ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CASES])
def test_an_empty_cell_a_chart_needs_names_the_cell(tmp_path, year, vintage, column, charts):
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    line = _blank(copy / "cbec_annual.csv", year, vintage, column)
    ds = data.load(copy)
    consistency.check(ds)  # the data checks pass: the column may be empty
    for lang in ("en", "zh"):
        with pytest.raises(DataError) as stopped:
            build_all(ds, lang)
        message = str(stopped.value)
        said = re.fullmatch(
            rf".*cbec_annual\.csv:{line}: column '{column}': is empty; the ([a-z-]+) chart needs it "
            rf"\({year} broad {vintage}\)",
            message,
        )
        assert said and said[1] in charts, message


def test_a_forecast_period_without_a_year_names_the_facts_cell(tmp_path):
    """The timeline marks MOFCOM's forecast at the year its period starts with: a period that names none
    stops the build at that cell of facts.csv (it said 'data/facts.csv: ...' with no line)."""
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    path = copy / "facts.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    head = rows[0]
    n = next(i for i, r in enumerate(rows) if r[head.index("key")] == "cbec_2024_forecast_tn_cny")
    rows[n][head.index("period")] = "next year"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    ds = data.load(copy)
    with pytest.raises(DataError) as stopped:
        build_all(ds, "en")
    assert re.fullmatch(
        rf".*facts\.csv:{n + 1}: column 'period': 'next year' does not start with a year; the timeline chart "
        "marks the forecast at its year",
        str(stopped.value),
    ), str(stopped.value)
