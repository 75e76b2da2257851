"""Adversarial review 2026-12-01, data and schema (R01-R03, R08-R11, R15, R20, R23-R25, R34 in data/).

Every bad cell is fed straight to the loader (no site build): it must stop with file:line, column and
reason. The fuzz tests walk every column of every table from datapackage.json, so a column added
later is covered too.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from cbec import data
from cbec.data import DataError

NUMBER_CASES = ["NaN", "inf", "-inf", "1e309", "1e3", "-0", "4_9", " 1.69 ", "+2", "0x10", "１２"]
# The markup a hostile or careless edit may put in a text cell that the loader must refuse outright.
REFUSED_TEXT = {
    "<img src=x onerror=alert(1)>": "HTML tag",
    '<a href="https://evil.example/">x</a>': "HTML tag",
    '=HYPERLINK("https://evil.example/")': "formula",
    "@SUM(A1)": "formula",
    "a\x00b": "U+0000",
    "a\u202eb": "U+202E",
    # review 2026-12-07: invisible format characters (N08-N11) and OWASP's other formula starters (C02)
    "cross\u200b-border": "U+200B",
    "-2+3+cmd|' /C calc'!A0": "formula",
}


def _package(data_dir: Path) -> dict:
    return json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))


def _write_package(data_dir: Path, package: dict) -> None:
    (data_dir / "datapackage.json").write_text(
        json.dumps(package, indent=2, ensure_ascii=False), encoding="utf-8"
    )


def _set_cell(path: Path, column: str, value: str, row: int = 0) -> int:
    """Rewrite one cell (row 0 = first data row) with the csv module; returns its line number."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[row + 1][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return row + 2  # no multi-line cell precedes the first rows of any table


def _fails(data_dir: Path) -> DataError:
    with pytest.raises(DataError) as info:
        data.load(data_dir)
    return info.value


def _columns(kind: str):
    package = _package(data.DATA_DIR)
    for res in package["resources"]:
        for f in res["schema"]["fields"]:
            c = f.get("constraints", {})
            if kind == "number" and f["type"] in ("number", "integer", "year"):
                yield res["path"], f["name"]
            if kind == "text" and f["type"] == "string" and "pattern" not in c and "enum" not in c:
                yield res["path"], f["name"]


def test_the_column_walks_find_every_table_s_columns():
    """The two walks below cover what datapackage.json declares: a schema read wrongly would leave them
    with nothing to test."""
    assert len(list(_columns("number"))) >= 20 and len(list(_columns("text"))) >= 20


def _tables(kind: str) -> list[str]:
    return sorted({file for file, _ in _columns(kind)})


@pytest.mark.parametrize("table", _tables("number"))
def test_every_numeric_column_refuses_non_finite_and_loose_numbers(tmp_path, table):
    """R01, R02: NaN, inf, 1e309, -0, 4_9, padding... in every numeric column: file:line, column, reason."""
    import shutil

    for file, column in [c for c in _columns("number") if c[0] == table]:
        for bad in NUMBER_CASES:
            copy = tmp_path / f"{file}-{column}-{NUMBER_CASES.index(bad)}"
            shutil.copytree(data.DATA_DIR, copy)
            line = _set_cell(copy / file, column, bad)
            err = _fails(copy)
            assert (err.path.name, err.line, err.column) == (file, line, column), (bad, str(err))
            assert str(err).startswith(f"{file}:{line}: column '{column}': ") or f"/{file}:{line}: " in str(
                err
            )


def test_every_number_column_has_a_band_in_the_schema_and_the_loader_insists(data_copy):
    """R01, R03: no numeric column without minimum and maximum; a band removed stops the build."""
    package = _package(data_copy)
    for res in package["resources"]:
        for f in res["schema"]["fields"]:
            if f["type"] in ("number", "integer"):
                assert {"minimum", "maximum"} <= set(f.get("constraints", {})), (res["name"], f["name"])
    field = next(
        f
        for f in next(r for r in package["resources"] if r["name"] == "claims")["schema"]["fields"]
        if f["name"] == "claimed_value"
    )
    del field["constraints"]["minimum"]
    _write_package(data_copy, package)
    err = _fails(data_copy)
    assert (
        "claimed_value" in str(err) and "plausible band" in str(err) and err.path.name == "datapackage.json"
    )


def test_negative_claim_is_refused(data_copy):
    """R03: a claimed level below zero has no bar; the band refuses it."""
    line = _set_cell(data_copy / "claims.csv", "claimed_value", "-1.69")
    err = _fails(data_copy)
    assert (err.path.name, err.line, err.column) == ("claims.csv", line, "claimed_value")
    assert "below the plausible range" in str(err)


@pytest.mark.parametrize("table", _tables("text"))
def test_every_text_column_refuses_tags_formulas_and_control_characters(tmp_path, table):
    """R04/R06 (tags that Plotly and HTML would obey), R08 (formulas), R09 (NUL, direction override)."""
    import shutil

    for file, column in [c for c in _columns("text") if c[0] == table]:
        copy = tmp_path / f"{file}-{column}"
        shutil.copytree(data.DATA_DIR, copy)
        for bad, reason in REFUSED_TEXT.items():
            original = (copy / file).read_text(encoding="utf-8")
            line = _set_cell(copy / file, column, bad)
            err = _fails(copy)
            assert (err.path.name, err.line, err.column) == (file, line, column), (bad, str(err))
            assert reason.split()[-1] in str(err) or reason in str(err), (bad, str(err))
            (copy / file).write_text(original, encoding="utf-8")


def test_urls_are_http_and_plain_ascii(data_copy):
    """R15: a look-alike host (Cyrillic о), a javascript: link, an RTL override."""
    for bad, reason in (
        ("https://www.glоbaltimes.cn/page/1.shtml", "U+043E"),
        ("javascript:alert(1)", "not an http(s) URL"),
        ("https://example.org/\u202egpj.exe", "U+202E"),
    ):
        line = _set_cell(data_copy / "sources.csv", "url", bad)
        err = _fails(data_copy)
        assert (err.path.name, err.line, err.column) == ("sources.csv", line, "url")
        assert reason in str(err), str(err)


def test_a_resource_path_must_be_the_file_the_site_reads(data_copy):
    """R20 (a decoy copy validated instead of the real file), R23 (a URL fetched and validated)."""
    import shutil

    shutil.copy(data_copy / "cbec_annual.csv", data_copy / "cbec_annual_v0.csv")
    for path in ("cbec_annual_v0.csv", "https://example.com/cbec_annual.csv"):
        package = _package(data.DATA_DIR)
        next(r for r in package["resources"] if r["name"] == "cbec_annual")["path"] = path
        _write_package(data_copy, package)
        err = _fails(data_copy)
        assert err.path.name == "datapackage.json" and "'cbec_annual.csv', the file the site reads" in str(
            err
        )


def test_schema_edits_the_code_depends_on_are_refused(data_copy):
    """R24 (a field's type changed), R25 (primaryKey removed, so duplicates would pass)."""
    package = _package(data.DATA_DIR)
    cbec = next(r for r in package["resources"] if r["name"] == "cbec_annual")
    next(f for f in cbec["schema"]["fields"] if f["name"] == "total_tn_cny")["type"] = "string"
    _write_package(data_copy, package)
    err = _fails(data_copy)
    assert "field 'total_tn_cny' has type 'string'; the site reads it as number" in str(err)

    package = _package(data.DATA_DIR)
    del next(r for r in package["resources"] if r["name"] == "facts")["schema"]["primaryKey"]
    _write_package(data_copy, package)
    err = _fails(data_copy)
    assert "resource 'facts' has primaryKey []" in str(err) and "['key']" in str(err)


def test_a_huge_cell_and_a_trailing_header_comma_are_named(data_copy):
    """R10 (a 10 MB cell blamed on a quote), R11 (an empty column name)."""
    _set_cell(data_copy / "facts.csv", "note", "x" * 200_000)
    err = _fails(data_copy)
    assert (err.path.name, err.line, err.column) == ("facts.csv", 2, "note") and "200,000 characters" in str(
        err
    )

    p = data_copy / "goods_trade.csv"
    lines = p.read_text(encoding="utf-8").split("\n")
    p.write_text("\n".join([lines[0] + ","] + lines[1:]), encoding="utf-8")
    err = _fails(data_copy)
    assert (err.path.name, err.line) == ("goods_trade.csv", 1) and "a comma at the end of the header" in str(
        err
    )


def test_symlinks_out_of_the_data_folder_are_refused(data_copy, tmp_path):
    """R34 for data/: a table that is a link to a file elsewhere is not read."""
    outside = tmp_path / "elsewhere.csv"
    (data_copy / "facts.csv").rename(outside)
    os.symlink(outside, data_copy / "facts.csv")
    err = _fails(data_copy)
    assert err.path.name == "facts.csv" and "is a symlink to" in str(err) and "outside" in str(err)


def test_markup_that_is_only_text_is_accepted_by_the_loader(data_copy):
    """The rest of the fuzz set ([x](javascript:…), |, {{ }}, quotes) is legal text: the pages escape it
    (tests/test_robustness_build.py shows it inert on every page)."""
    _set_cell(data_copy / "claims.csv", "verdict", "[x](javascript:alert(1)) | {{ 1 }} \"q\" 'a'")
    # a changed verdict needs its corrections row (cbec/corrections.py): the first claim's is the first row
    _set_cell(data_copy / "corrections.csv", "now", "[x](javascript:alert(1)) | {{ 1 }} \"q\" 'a'")
    ds = data.load(data_copy)
    assert ds.claims[0].verdict == "[x](javascript:alert(1)) | {{ 1 }} \"q\" 'a'"
