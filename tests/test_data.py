"""The loader turns every table into typed records and stops, naming file, line and column, on bad input."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scripts import data
from scripts.data import DataError

DATA = Path(data.__file__).resolve().parent.parent / "data"


@pytest.fixture
def data_copy(tmp_path) -> Path:
    dest = tmp_path / "data"
    shutil.copytree(DATA, dest)
    return dest


def edit(path: Path, line: int, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` on one (1-based) line of a CSV file."""
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1], f"{old!r} not on line {line}: {lines[line - 1]!r}"
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")


def find_line(path: Path, startswith: str) -> int:
    for n, text in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if text.startswith(startswith):
            return n
    raise AssertionError(f"no line starting {startswith!r} in {path}")


def test_real_tables_load_into_typed_records():
    ds = data.load(DATA)
    assert ds.cbec and ds.trade and ds.zones and ds.claims and ds.facts and ds.sources
    row = ds.cbec_row(2020, "prelim")
    assert isinstance(row.total_tn_cny, float) and isinstance(row.year, int)
    assert all(sid in ds.sources for r in ds.cbec for sid in r.source_ids)


def test_every_row_records_its_line(data_copy):
    ds = data.load(data_copy)
    path = data_copy / "cbec_annual.csv"
    r = ds.cbec_row(2021, "revised")
    assert path.read_text(encoding="utf-8").split("\n")[r.line - 1].startswith("2021,broad,revised,")


def _fails(data_dir: Path) -> DataError:
    with pytest.raises(DataError) as info:
        data.load(data_dir)
    return info.value


def test_missing_column(data_copy):
    p = data_copy / "goods_trade.csv"
    edit(p, 1, ",imports_yoy_pct", "")
    err = _fails(data_copy)
    assert (err.path.name, err.line) == ("goods_trade.csv", 1)
    assert "missing column(s): imports_yoy_pct" in str(err)


def test_extra_column(data_copy):
    p = data_copy / "pilot_zones.csv"
    text = p.read_text(encoding="utf-8").split("\n")
    p.write_text("\n".join([text[0] + ",comment"] + [t + "," if t else t for t in text[1:]]), encoding="utf-8")
    err = _fails(data_copy)
    assert (err.path.name, err.line) == ("pilot_zones.csv", 1)
    assert "unexpected column(s): comment" in str(err)


def test_non_number(data_copy):
    p = data_copy / "cbec_annual.csv"
    n = find_line(p, "2021,broad,revised,")
    edit(p, n, ",1.92,", ",1.92tn,")
    err = _fails(data_copy)
    assert (err.path.name, err.line, err.column) == ("cbec_annual.csv", n, "total_tn_cny")
    assert "'1.92tn' is not a number" in str(err)
    assert f"cbec_annual.csv:{n}: column 'total_tn_cny'" in str(err)


def test_empty_required_cell(data_copy):
    p = data_copy / "goods_trade.csv"
    n = find_line(p, "2019,")
    edit(p, n, "2019,31.54,", "2019,,")
    err = _fails(data_copy)
    assert (err.line, err.column) == (n, "total_tn_cny")
    assert "is empty but required" in str(err)


def test_duplicate_key(data_copy):
    p = data_copy / "cbec_annual.csv"
    first = find_line(p, "2022,broad,revised,")
    n = find_line(p, "2023,broad,prelim,")
    edit(p, n, "2023,broad,prelim,", "2022,broad,revised,")
    err = _fails(data_copy)
    assert err.line == n
    assert f"duplicate key (year=2022, scope=broad, vintage=revised); first seen on line {first}" in str(err)


def test_duplicate_year_in_a_yearly_table(data_copy):
    p = data_copy / "goods_trade.csv"
    n = find_line(p, "2016,")
    edit(p, n, "2016,", "2015,")
    err = _fails(data_copy)
    assert (err.path.name, err.line) == ("goods_trade.csv", n)
    assert "duplicate key (year=2015)" in str(err)


def test_unknown_source(data_copy):
    p = data_copy / "pilot_zones.csv"
    n = find_line(p, "4,")
    edit(p, n, "asiacargo-2020-01-03", "no-such-source")
    err = _fails(data_copy)
    assert (err.path.name, err.line, err.column) == ("pilot_zones.csv", n, "source_ids")
    assert "unknown source 'no-such-source'" in str(err)


def test_source_that_nothing_cites(data_copy):
    p = data_copy / "sources.csv"
    with p.open("a", encoding="utf-8") as f:
        f.write("orphan-2020,Someone,某人,A page,2020-01-01,https://example.org/a,2026-11-29,weak,nothing,无\n")
    n = find_line(p, "orphan-2020,")
    err = _fails(data_copy)
    assert (err.path.name, err.line) == ("sources.csv", n)
    assert "source 'orphan-2020' is cited by no table" in str(err)


@pytest.mark.parametrize("bad", ["2021-13-01", "8 Sep 2021", "2021-02-30"])
def test_unparseable_date(data_copy, bad):
    p = data_copy / "sources.csv"
    n = find_line(p, "gt-2021-09-08,")
    edit(p, n, ",2021-09-08,", f",{bad},")
    err = _fails(data_copy)
    assert (err.path.name, err.line, err.column) == ("sources.csv", n, "date_published")
    assert "is not a" in str(err) and "date" in str(err)


def test_unparseable_access_date(data_copy):
    p = data_copy / "sources.csv"
    n = find_line(p, "gt-2021-09-08,")
    edit(p, n, ",2026-11-29,", ",2026-11,")
    err = _fails(data_copy)
    assert (err.line, err.column) == (n, "date_accessed")


def test_wrong_number_of_cells(data_copy):
    p = data_copy / "goods_trade.csv"
    n = find_line(p, "2017,")
    edit(p, n, "2017,", "2017,1,")
    err = _fails(data_copy)
    assert err.line == n and "cells, the header has" in str(err)


def test_value_outside_allowed_set(data_copy):
    p = data_copy / "cbec_annual.csv"
    n = find_line(p, "2024,broad,revised,")
    edit(p, n, ",revised,", ",final,")
    err = _fails(data_copy)
    assert (err.line, err.column) == (n, "vintage")
    assert "'final' is not one of prelim, revised, restated, published" in str(err)


def test_pilot_zone_running_total_is_checked(data_copy):
    p = data_copy / "pilot_zones.csv"
    n = find_line(p, "3,")
    edit(p, n, ",22,0,35,", ",21,0,35,")
    err = _fails(data_copy)
    assert (err.line, err.column) == (n, "cumulative")
    assert "add up to 34" in str(err)


def test_missing_file(data_copy):
    (data_copy / "claims.csv").unlink()
    err = _fails(data_copy)
    assert err.path.name == "claims.csv" and "missing" in str(err)
