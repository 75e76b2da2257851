"""Data that passes the row checks but cannot be charted, or is implausible, stops the build with file:line.

Each case is one the robustness review found crashing a chart (KeyError, ZeroDivisionError) or
published silently; the build (cbec.site.build, which runs cbec/consistency.py right after
loading) must now raise DataError naming the file, line and column.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from cbec import consistency, data, site
from cbec.data import DataError
from cbec.latest import latest_cbec

DATA = Path(data.__file__).resolve().parent.parent / "data"


def line_of(path: Path, startswith: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(n for n, text in enumerate(lines, start=1) if text.startswith(startswith))


def replace_line_start(path: Path, old: str, new: str) -> int:
    """Replace the start ``old`` of the line that begins with it; returns the line number."""
    n = line_of(path, old)
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[n - 1] = new + lines[n - 1][len(old) :]
    path.write_text("\n".join(lines), encoding="utf-8")
    return n


def build_fails(data_dir: Path) -> str:
    with pytest.raises(DataError) as info:
        site.build(data_dir)
    return str(info.value)


def test_real_data_passes_including_the_published_2022_rounding_gap():
    ds = data.load(DATA)
    consistency.check(ds)  # no exception
    r = ds.cbec_row(2022, "revised")
    # Published as 2.1 with parts 1.53 + 0.5278 = 2.0578: allowed because 2.1 stands for 2.05..2.15.
    assert (r.total_tn_cny, r.exports_tn_cny, r.imports_tn_cny) == (2.1, 1.53, 0.5278)


def _trade_years() -> tuple[int, int]:
    years = [t.year for t in data.load(DATA).trade]
    return min(years), max(years)


def test_a_cbec_year_without_a_goods_trade_row(data_copy):
    first, last_trade = _trade_years()
    year = last_trade + 1  # the year after the data's last: whatever year the tables run to
    p = data_copy / "cbec_annual.csv"
    # a first release cites a source that gives one (cbec/labels.py): the 2020 first release's
    first_release = next(ln for ln in p.read_text("utf-8").split("\n") if ln.startswith("2020,broad,prelim,"))
    sources = first_release.split(",")[10]
    with p.open("a", encoding="utf-8") as f:
        f.write(f"{year},broad,prelim,2.9,,,5.5,,,weak,{sources},test,,\n")
    n = line_of(p, f"{year},broad,prelim")
    assert build_fails(data_copy) == (
        f"{p}:{n}: column 'year': {year} (broad prelim) has no row in goods_trade.csv "
        f"(years there: {first}-{last_trade}); "
        "add the year's goods trade first: the charts compare the two"
    )


def test_a_relabelled_year(data_copy):
    year = _trade_years()[1] + 1
    newest = latest_cbec(data.load(DATA))
    p = data_copy / "cbec_annual.csv"
    n = replace_line_start(p, f"{newest.year},broad,prelim,", f"{year},broad,prelim,")
    assert (
        f"cbec_annual.csv:{n}: column 'year': {year} (broad prelim) has no row in goods_trade.csv"
        in build_fails(data_copy)
    )


def test_a_zero_goods_trade_total(data_copy):
    p = data_copy / "goods_trade.csv"
    n = replace_line_start(p, "2020,32.16,", "2020,0,")
    assert build_fails(data_copy) == (
        f"{p}:{n}: column 'total_tn_cny': 0 is below the plausible range 10 to 100 trillion yuan "
        "(set in datapackage.json)"
    )


def test_zero_exports_and_imports(data_copy):
    p = data_copy / "cbec_annual.csv"
    n = replace_line_start(p, "2020,broad,prelim,1.69,1.12,0.57,", "2020,broad,prelim,1.69,0,0,")
    assert build_fails(data_copy) == (
        f"{p}:{n}: column 'exports_tn_cny': 0 is below the plausible range 0.001 to 20 trillion yuan "
        "(set in datapackage.json)"
    )


def test_a_negative_level(data_copy):
    p = data_copy / "cbec_annual.csv"
    n = replace_line_start(p, "2020,broad,revised,1.62,", "2020,broad,revised,-1.62,")
    assert f"cbec_annual.csv:{n}: column 'total_tn_cny': -1.62 is below the plausible range" in build_fails(
        data_copy
    )


@pytest.mark.parametrize(
    "value, ok", [("9999", False), ("300.1", False), ("-60.5", False), ("300", True), ("-60", True)]
)
def test_growth_outside_the_plausible_band(data_copy, value, ok):
    p = data_copy / "cbec_annual.csv"
    n = replace_line_start(
        p, "2020,broad,prelim,1.69,1.12,0.57,31.1,", f"2020,broad,prelim,1.69,1.12,0.57,{value},"
    )
    if ok:
        consistency.check(data.load(data_copy))
        return
    side = "above" if float(value) > 0 else "below"
    assert build_fails(data_copy) == (
        f"{p}:{n}: column 'total_yoy_pct': {value} is {side} the plausible range -60 to 300 % year on year "
        "(set in datapackage.json)"
    )


def test_exports_plus_imports_must_equal_the_total(data_copy):
    p = data_copy / "cbec_annual.csv"
    n = replace_line_start(p, "2020,broad,prelim,1.69,1.12,0.57,", "2020,broad,prelim,1.69,2.12,0.57,")
    assert build_fails(data_copy) == (
        f"{p}:{n}: column 'total_tn_cny': exports 2.12 + imports 0.57 = 2.69, which differs from the total 1.69 "
        "by 1, more than rounding allows (±0.015)"
    )


def test_goods_trade_parts_must_equal_the_total(data_copy):
    p = data_copy / "goods_trade.csv"
    n = replace_line_start(p, "2021,39.1,", "2021,39.3,")
    assert (
        f"goods_trade.csv:{n}: column 'total_tn_cny': exports 21.73 + imports 17.37 = 39.1, which differs from "
        "the total 39.3 by 0.2, more than rounding allows (±0.06)" in build_fails(data_copy)
    )


def test_precision_comes_from_the_csv_text(data_copy):
    """'39.0' is published to one decimal: it allows ±0.05, not the ±0.5 of the float 39.0 read back as 39."""
    p = data_copy / "goods_trade.csv"
    n = replace_line_start(p, "2021,39.1,", "2021,39.0,")
    assert (
        f"goods_trade.csv:{n}: column 'total_tn_cny': exports 21.73 + imports 17.37 = 39.1, which differs from "
        "the total 39 by 0.1, more than rounding allows (±0.06)" in build_fails(data_copy)
    )


def test_a_row_the_charts_name_is_missing():
    ds = data.load(DATA)
    without = dataclasses.replace(
        ds, cbec=[r for r in ds.cbec if (r.year, r.scope, r.vintage) != (2018, "broad", "restated")]
    )
    with pytest.raises(DataError) as info:
        consistency.check(without)
    assert str(info.value).endswith(
        "cbec_annual.csv:1: the row 2018,broad,restated is missing; "
        "the charts (cbec/charts/) name it in their titles and notes"
    )
