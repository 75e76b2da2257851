"""The loader turns every table into typed records and stops, naming file, line and column, on bad input."""

from __future__ import annotations

import json
import subprocess
from dataclasses import fields
from pathlib import Path

import pytest

from cbec import data
from cbec.data import DataError

DATA = Path(data.__file__).resolve().parent.parent / "data"


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
    p.write_text(
        "\n".join([text[0] + ",comment"] + [t + "," if t else t for t in text[1:]]), encoding="utf-8"
    )
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
        f.write(
            "orphan-2020,Someone,某人,A page,2020-01-01,https://example.org/a,2026-11-29,weak,nothing,无,report,test\n"
        )
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
    n = find_line(p, "2022,broad,revised,")
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


def test_a_firm_field_is_unflagged_and_the_rest_of_its_weak_row_stays_flagged():
    """Fresh review #5: batch 8's 16 zones rest on an official page, its revocations on a weak copy; the
    flag sits on the weak fact, not on the whole row."""
    from cbec.values import flag_weak, is_weak

    ds = flag_weak(data.load(DATA))
    rows = [z for z in ds.zones if z.firm_fields]
    assert rows, "the real data has a weak row with a firm field (batch 8)"
    for z in rows:
        firm = z.firm_fields.split(";")
        for name in ("zones_added", "zones_revoked", "cumulative"):
            assert is_weak(getattr(z, name)) == (name not in firm), (z.batch, name)


@pytest.mark.parametrize("case", ["row not weak", "no better source"])
def test_a_firm_field_needs_a_weak_row_that_also_cites_a_better_source(data_copy, case):
    p = data_copy / "pilot_zones.csv"
    n = find_line(p, "8,")
    if case == "row not weak":
        edit(p, n, ",weak,", ",medium,")
    else:  # the official page that confirms the count, rated weak
        s = data_copy / "sources.csv"
        edit(s, find_line(s, "smgov-2025-09-03,"), ",strong,", ",weak,")
    err = _fails(data_copy)
    assert (err.path.name, err.line, err.column) == ("pilot_zones.csv", n, "firm_fields")


def test_missing_file(data_copy):
    (data_copy / "claims.csv").unlink()
    err = _fails(data_copy)
    assert err.path.name == "claims.csv" and "missing" in str(err)


# --- the package: datapackage.json is the schema, and frictionless-py agrees the tables match it

ROOT = DATA.parent
FRICTIONLESS = ROOT / ".venv" / "bin" / "frictionless"


def test_frictionless_validates_the_package():
    out = subprocess.run(
        [str(FRICTIONLESS), "validate", "--json", str(DATA / "datapackage.json")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = json.loads(out.stdout)
    assert out.returncode == 0 and report["valid"], out.stdout[-3000:] + out.stderr[-2000:]
    assert {t["name"] for t in report["tasks"]} == {t.resource for t in data.TABLES.values()}


def test_package_fields_are_the_record_fields():
    package = json.loads((DATA / "datapackage.json").read_text("utf-8"))
    for t in data.TABLES.values():
        res = next(r for r in package["resources"] if r["name"] == t.resource)
        assert res["path"] == t.file
        assert [f["name"] for f in res["schema"]["fields"]] == [
            f.name for f in fields(t.record) if f.name != "line"
        ]
        for f in res["schema"]["fields"]:
            assert f["description"] and f["description_zh"], f["name"]


def test_module_codes_match_the_package_enums():
    package = json.loads((DATA / "datapackage.json").read_text("utf-8"))
    enums = {
        (r["name"], f["name"]): tuple(f["constraints"]["enum"])
        for r in package["resources"]
        for f in r["schema"]["fields"]
        if "enum" in f.get("constraints", {})
    }
    assert enums[("cbec_annual", "vintage")] == data.VINTAGES
    assert enums[("cbec_annual", "scope")] == data.SCOPES
    assert enums[("sources", "confidence")] == data.CONFIDENCE
    assert enums[("claims", "verdict_code")] == data.VERDICTS
    assert enums[("claims", "attribution")] == data.ATTRIBUTIONS
    assert enums[("pilot_zones", "date_basis")] == data.DATE_BASES


# --- the physical file: each case names its file and physical line and says what it is


def test_bom_is_refused_with_what_it_is(data_copy):
    p = data_copy / "sources.csv"
    p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes())
    err = _fails(data_copy)
    assert (err.path.name, err.line) == ("sources.csv", 1)
    assert "byte-order mark (BOM)" in str(err) and "UTF-8 without BOM" in str(err)


def test_crlf_is_refused_with_what_it_is(data_copy):
    p = data_copy / "cbec_annual.csv"
    p.write_bytes(p.read_bytes().replace(b"\n", b"\r\n"))
    err = _fails(data_copy)
    assert (err.path.name, err.line) == ("cbec_annual.csv", 1)
    assert "Windows line endings (CRLF)" in str(err) and "LF line endings" in str(err)


def test_not_utf8_names_the_line(data_copy):
    p = data_copy / "facts.csv"
    lines = p.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b"Global Times", b"Global Tim\xe9s")
    p.write_bytes(b"\n".join(lines))
    err = _fails(data_copy)
    assert (err.path.name, err.line) == ("facts.csv", 3)
    assert "not UTF-8 text (byte 0xE9" in str(err) and "save the file as UTF-8" in str(err)


def test_error_after_a_multi_line_note_is_on_its_physical_line(data_copy):
    p = data_copy / "facts.csv"
    edit(p, 2, "Only one outlet", '"Only one\noutlet')
    edit(p, 3, "later sessions.", 'later sessions."')
    ds = data.load(data_copy)  # a quoted line break is a valid cell, kept as it is
    assert ds.facts["workshop_sessions"].note == "Only one\noutlet reports the later sessions."
    assert ds.facts["cbec_2020_usd_gt"].line == 4
    n = find_line(p, "platform_h1_2020_growth_pct,")
    assert n == 6
    edit(p, n, ",26.2,", ",26.2x,")
    err = _fails(data_copy)
    assert (err.path.name, err.line, err.column) == ("facts.csv", 6, "value")
    assert "'26.2x' is not a number" in str(err)


def test_unclosed_quote_in_the_middle_of_a_file(data_copy):
    p = data_copy / "cbec_annual.csv"
    n = find_line(p, "2018,broad,restated,")
    edit(p, n, 'July 2024."', "July 2024.")
    err = _fails(data_copy)
    assert (err.path.name, err.line) == ("cbec_annual.csv", n)
    assert "quoted cell that is not closed properly" in str(err)


def test_unclosed_quote_in_a_cell_mid_row(data_copy):
    p = data_copy / "facts.csv"
    edit(p, 2, '"8, 15 and 22 Sep 2021"', '"8, 15 and 22 Sep 2021')
    err = _fails(data_copy)
    assert (err.path.name, err.line) == ("facts.csv", 2)
    assert "quoted cell" in str(err)


def test_unclosed_quote_at_the_end_of_a_file(data_copy):
    p = data_copy / "facts.csv"
    with p.open("a", encoding="utf-8") as f:  # a last row whose quoted note is never closed
        f.write('late_fact,1,units,2020,,medium,gt-2021-09-08,"A note that never ends\n')
    n = find_line(p, "late_fact,")
    err = _fails(data_copy)
    assert (err.path.name, err.line) == ("facts.csv", n)
    assert "quoted cell that is never closed" in str(err) and "file ends inside it" in str(err)


@pytest.mark.parametrize(
    "column, old, new",
    [
        ("total_tn_cny", ",32.16,", ",３２.１６,"),
        ("total_tn_cny", ",32.16,", ",٣٢.١٦,"),
        ("year", "2020,", "２０２０,"),
    ],
)
def test_non_ascii_digits_are_refused(data_copy, column, old, new):
    p = data_copy / "goods_trade.csv"
    n = find_line(p, "2020,")
    edit(p, n, old, new)
    err = _fails(data_copy)
    assert (err.path.name, err.line, err.column) == ("goods_trade.csv", n, column)
    assert "is not a number: use ASCII digits" in str(err)


def test_semicolon_delimiter(data_copy):
    p = data_copy / "goods_trade.csv"
    p.write_text(p.read_text("utf-8").replace(",", ";"), encoding="utf-8")
    err = _fails(data_copy)
    assert (err.path.name, err.line) == ("goods_trade.csv", 1)
    assert "a semicolon ';'" in str(err) and "separate cells with ','" in str(err)


def test_full_width_comma_delimiter(data_copy):
    p = data_copy / "goods_trade.csv"
    n = find_line(p, "2020,")
    edit(p, n, "2020,32.16,", "2020，32.16,")
    err = _fails(data_copy)
    assert (err.path.name, err.line) == ("goods_trade.csv", n)
    assert "has 7 cells, the header has 8" in str(err) and "full-width comma '，'" in str(err)


def test_header_only_table_is_an_error_naming_that_file(data_copy):
    p = data_copy / "statements.csv"
    p.write_text(p.read_text("utf-8").split("\n")[0] + "\n", encoding="utf-8")
    err = _fails(data_copy)
    assert (err.path.name, err.line) == ("statements.csv", 1)
    assert "no rows: an empty table is an error" in str(err)


def test_blank_line_is_refused(data_copy):
    p = data_copy / "facts.csv"
    p.write_text(p.read_text("utf-8") + "\n", encoding="utf-8")
    n = len(p.read_text("utf-8").split("\n")) - 1
    err = _fails(data_copy)
    assert (err.path.name, err.line) == ("facts.csv", n)
    assert "is blank" in str(err)


def test_upper_case_source_id_says_lower_case(data_copy):
    p = data_copy / "facts.csv"
    edit(p, 3, ",gt-2021-09-08,", ",GT-2021-09-08,")
    err = _fails(data_copy)
    assert (err.path.name, err.line, err.column) == ("facts.csv", 3, "source_ids")
    assert "'GT-2021-09-08'" in str(err) and "must be lower case" in str(err)


def test_upper_case_id_in_the_registry(data_copy):
    p = data_copy / "sources.csv"
    edit(p, 2, "gt-2021-09-08,", "Gt-2021-09-08,")
    err = _fails(data_copy)
    assert (err.path.name, err.line, err.column) == ("sources.csv", 2, "id")
    assert "must be lower case" in str(err)


@pytest.mark.parametrize(
    "bad",
    [
        '"https://globaltimes.cn/x""onmouseover=""alert(1)"',
        "https://globaltimes.cn/a b",
        "ftp://globaltimes.cn/x",
        "https://globaltimes.cn/<script>",
        "globaltimes.cn/x",
    ],
)
def test_invalid_url(data_copy, bad):
    p = data_copy / "sources.csv"
    edit(p, 2, "https://globaltimes.cn/page/202109/1233670.shtml", bad)
    err = _fails(data_copy)
    assert (err.path.name, err.line, err.column) == ("sources.csv", 2, "url")
    assert "is not an http(s) URL" in str(err)


@pytest.mark.parametrize(
    "prefix, old, new, column, words",
    [
        (
            "2020,broad,revised,",
            ",1.62,",
            ",-1.62,",
            "total_tn_cny",
            "-1.62 is below the plausible range 0.001 to 20 trillion yuan",
        ),
        (
            "2020,broad,prelim,",
            ",31.1,",
            ",9999,",
            "total_yoy_pct",
            "9999 is above the plausible range -60 to 300 % year on year",
        ),
        ("2020,broad,prelim,", ",1.12,", ",0,", "exports_tn_cny", "0 is below the plausible range"),
    ],
)
def test_values_outside_plausible_bands(data_copy, prefix, old, new, column, words):
    p = data_copy / "cbec_annual.csv"
    n = find_line(p, prefix)
    edit(p, n, old, new)
    err = _fails(data_copy)
    assert (err.path.name, err.line, err.column) == ("cbec_annual.csv", n, column)
    assert words in str(err)


def test_a_table_changed_after_a_valid_load_is_validated_again(data_copy):
    """The loader remembers what frictionless found valid (cbec/data_package.py) by content, not by path:
    the same folder, loaded clean and then edited, is checked again; so is its descriptor."""
    data.load(data_copy)
    p = data_copy / "cbec_annual.csv"
    n = find_line(p, "2020,broad,prelim,")
    edit(p, n, ",31.1,", ",9999,")  # a band only frictionless applies
    err = _fails(data_copy)
    assert (err.path.name, err.line, err.column) == ("cbec_annual.csv", n, "total_yoy_pct")
    edit(p, n, ",9999,", ",31.1,")
    data.load(data_copy)  # back as it was: loads again
    package = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    package["name"] = "Not a package name!"  # the package's own property: only the descriptor check sees it
    (data_copy / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    err = _fails(data_copy)
    assert err.path.name == "datapackage.json" and "is not a valid Data Package" in str(err), str(err)


def test_negative_count_of_zones(data_copy):
    p = data_copy / "pilot_zones.csv"
    n = find_line(p, "3,")
    edit(p, n, ",22,0,35,", ",22,-1,35,")
    err = _fails(data_copy)
    assert (err.path.name, err.line, err.column) == ("pilot_zones.csv", n, "zones_revoked")
    assert "-1 is below the plausible range 0 to 100 zones" in str(err)


def test_columns_in_another_order(data_copy):
    p = data_copy / "statements.csv"
    edit(p, 1, "key,date,", "date,key,")
    err = _fails(data_copy)
    assert (err.path.name, err.line) == ("statements.csv", 1)
    assert "not in the order of datapackage.json" in str(err)


def test_a_field_added_to_the_package_is_required_in_the_csv(data_copy):
    pkg = json.loads((data_copy / "datapackage.json").read_text("utf-8"))
    res = next(r for r in pkg["resources"] if r["name"] == "goods_trade")
    res["schema"]["fields"].append({"name": "services_tn_cny", "type": "number"})
    (data_copy / "datapackage.json").write_text(json.dumps(pkg), encoding="utf-8")
    err = _fails(data_copy)
    assert (err.path.name, err.line) == ("goods_trade.csv", 1)
    assert "missing column(s): services_tn_cny" in str(err)


def test_missing_package(data_copy):
    (data_copy / "datapackage.json").unlink()
    err = _fails(data_copy)
    assert err.path.name == "datapackage.json" and "missing" in str(err)


def test_package_without_a_field_the_site_reads(data_copy):
    pkg = json.loads((data_copy / "datapackage.json").read_text("utf-8"))
    res = next(r for r in pkg["resources"] if r["name"] == "facts")
    res["schema"]["fields"] = [f for f in res["schema"]["fields"] if f["name"] != "as_of"]
    (data_copy / "datapackage.json").write_text(json.dumps(pkg), encoding="utf-8")
    err = _fails(data_copy)
    assert err.path.name == "datapackage.json" and "lacks field(s) the site reads: as_of" in str(err)


def test_quote_that_swallows_lines_is_blamed_on_its_first_line(data_copy):
    """A stray quote on line 3 closed by another on line 5: one row of the wrong size, blamed on line 3."""
    p = data_copy / "goods_trade.csv"
    edit(p, 3, "2016,24.33,", '2016,"24.33,')
    edit(p, 5, "2018,30.51,", '2018,30.51",')
    err = _fails(data_copy)
    assert (err.path.name, err.line) == ("goods_trade.csv", 3)
    assert "the row runs from line 3 to 5: is a '\"' missing?" in str(err)


@pytest.mark.parametrize(
    "old, new, words",
    [
        (
            '"type": "number"',
            '"type": "numbr"',
            'is not a valid Data Package: Field is not valid: field type "numbr"',
        ),
        ('"minimum": 0.001', '"minimum": "x"', "frictionless could not apply this schema"),
    ],
)
def test_broken_schema_is_blamed_on_the_package(data_copy, old, new, words):
    p = data_copy / "datapackage.json"
    p.write_text(p.read_text("utf-8").replace(old, new, 1), encoding="utf-8")
    err = _fails(data_copy)
    assert err.path.name == "datapackage.json" and words in str(err)


def test_semicolon_between_two_cells_of_a_row(data_copy):
    p = data_copy / "cbec_annual.csv"
    n = find_line(p, "2020,broad,prelim,")
    edit(p, n, "2020,broad,", "2020;broad,")
    err = _fails(data_copy)
    assert (err.path.name, err.line) == ("cbec_annual.csv", n)
    assert "a semicolon ';' in '2020;broad'" in str(err)  # not the ';' of the source-id list


def test_cell_count_error_does_not_blame_a_list_of_ids(data_copy):
    p = data_copy / "cbec_annual.csv"
    n = find_line(p, "2020,broad,prelim,")
    edit(p, n, "2020,broad,prelim,", "2020,broad,prelim,,")
    err = _fails(data_copy)
    assert "has 15 cells, the header has 14" in str(err) and "semicolon" not in str(err)
