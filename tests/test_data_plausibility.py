"""Adversarial review 2026-12-07, §2.8 and §2.9: plausibility, invisible text and what is published.

N03 (a source dated 2099 misdated every citation), N04 (a statement dated 0001), N08-N11 (U+200B-D,
U+061C, a mid-text BOM, a Hangul filler and a soft hyphen published), C02 ('-' and TAB formula starters),
C03 (an invisible character in a header shown as nothing), C01 (a <script> planted in the image cache
published in downloads/*.svg), C04 (a chart twice on a page: repeated ids), E16 (a cache path that is a
file: 155 copies of one line), Y06-Y09 (`make new-year` with an old year, a shell command, an exported
YEAR, extra arguments).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import os
import re
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

from cbec import chart_csv, data, static_render
from cbec.cli import new_year
from cbec.data import DataError


def _set_cell(path, column: str, value: str, row: int = 0) -> int:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[row + 1][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return row + 2


CASES = [  # (file, column, value, what the message says after "<file>:<line>: column '<column>': ")
    ("sources.csv", "date_published", "2099-12-31", "'2099-12-31' is in the future"),
    ("sources.csv", "date_published", "accessed + 1 day", "is after date_accessed"),
    ("statements.csv", "date", "0001", "'0001' is outside 1990-2100"),
    ("statements.csv", "date", "1989-06", "'1989-06' is outside 1990-2100"),
    ("claims.csv", "claim", "cross\u200b-border", "invisible character U+200B (ZERO WIDTH SPACE)"),
    ("claims.csv", "verdict", "e\u200dcommerce", "U+200D"),
    ("claims.csv", "verdict", "x\u061cy", "U+061C (ARABIC LETTER MARK)"),
    ("claims.csv", "verdict", "mid\ufefftext", "U+FEFF"),
    ("claims.csv", "verdict", "word\u2060joiner", "U+2060"),
    ("sources.csv", "title", "soft\u00adhyphen", "U+00AD (SOFT HYPHEN)"),
    ("sources.csv", "title", "a\u3164b", "U+3164 (HANGUL FILLER)"),
    ("facts.csv", "note", "-2+3+cmd|' /C calc'!A0", "starts with '-': a spreadsheet"),
    ("facts.csv", "note", "\t=1+1", "starts with '\\t'"),
]


@pytest.mark.parametrize("file, column, value, says", CASES, ids=[f"{c[0]}-{c[2][:12]!r}" for c in CASES])
def test_implausible_dates_invisible_characters_and_formula_starters_are_refused(
    data_copy, file, column, value, says
):
    if value == "accessed + 1 day":
        first = next(csv.DictReader((data_copy / file).open(encoding="utf-8")))
        value = (dt.date.fromisoformat(first["date_accessed"]) + dt.timedelta(days=1)).isoformat()
    line = _set_cell(data_copy / file, column, value)
    with pytest.raises(DataError) as e:
        data.load(data_copy)
    assert (e.value.path.name, e.value.line, e.value.column) == (file, line, column), str(e.value)
    assert says in str(e.value), str(e.value)


def test_a_plain_negative_number_in_a_text_column_is_not_a_formula(data_copy):
    _set_cell(data_copy / "facts.csv", "note", "-5")
    assert data.load(data_copy).facts


def test_an_invisible_character_in_a_header_is_shown(data_copy):
    """C03: 'missing column(s): year (unexpected: year)' read as nonsense on a terminal."""
    path = data_copy / "fx_annual.csv"
    text = path.read_text("utf-8")
    path.write_text(text.replace("year", "year\u200b", 1), "utf-8")
    with pytest.raises(DataError, match=r"unexpected: year<U\+200B>"):
        data.load(data_copy)


def test_chart_csv_downloads_neutralise_formula_starters():
    """C02, for text a chart writes itself (the tables refuse such cells): OWASP's leading quote."""
    assert [chart_csv.inert(v) for v in ("=1+1", "-2+3", "@x", "\tx", "-5", "-0.5", "text", 3)] == [
        "'=1+1",
        "'-2+3",
        "'@x",
        "'\tx",
        "-5",
        "-0.5",
        "text",
        3,
    ]


def test_a_cached_svg_with_foreign_content_is_drawn_again(tmp_path):
    """C01: a <script> planted in the cache reached downloads/*.svg."""
    key = "k" * 64
    good = b'<svg xmlns="http://www.w3.org/2000/svg"><text>1.69</text></svg>'
    head = static_render._MAGIC + key.encode() + b"\n"
    assert static_render._verified(head + good, key, "svg") == good
    said = good.replace(b"1.69", b"[x](javascript:alert(1))")  # the words as a chart's text: inert, kept
    assert static_render._verified(head + said, key, "svg") == said
    for planted in (
        b"<script>alert(1)</script>",
        b'<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>',
        b'<a href="javascript:alert(1)"><text>x</text></a>',
        b'<rect onload="alert(1)"/>',
    ):
        svg = good.replace(b"<text>", planted + b"<text>")
        assert static_render._verified(head + svg, key, "svg") is None, planted
    for cached in static_render.cache_dir().glob("*.svg") if static_render.cache_dir().is_dir() else ():
        assert static_render.foreign(cached.read_bytes()) is None, cached  # Plotly writes none of it
        break


def test_a_cache_path_that_is_a_file_is_said_once(tmp_path, caplog, monkeypatch):
    """E16: 'cannot read (Not a directory)' 155 times, then 'not updated (File exists)'."""
    cache = tmp_path / "cache"
    cache.write_text("not a folder")
    said: set = set()
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.static_render"):
        for n in range(5):
            assert static_render._read_cache(cache, f"{n:064d}", "svg", said) is None
        static_render._write_cache(cache, {"k": b"x"}, {"k": "svg"})
    assert [m.split(":")[1].strip() for m in caplog.messages[:1]] == [
        "cannot read (Not a directory); drawing without it"
    ]
    assert len(caplog.messages) == 2 and "it is a file, not a folder" in caplog.messages[1]


# --- make new-year ---------------------------------------------------------------------------------


def _project(tmp_path):
    """data/ and CITATION.cff in a scratch folder, and the Makefile's new-year recipe run there."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copy2(ROOT / "CITATION.cff", tmp_path / "CITATION.cff")
    return tmp_path


def test_new_year_refuses_a_year_older_than_the_tables(tmp_path, capsys):
    """Y06: YEAR=1999 raised the data version."""
    today = dt.date.today().isoformat()  # a release dated today: never before the data version
    p = _project(tmp_path)
    before = (p / "data/datapackage.json").read_text()
    argv = ["1999", "--data", str(p / "data"), "--citation", str(p / "CITATION.cff"), "--date", today]
    assert new_year.main(argv) == 2
    assert "is older than the newest year in the tables" in capsys.readouterr().err
    assert (p / "data/datapackage.json").read_text() == before
    assert new_year.main([*argv, "--force"]) == 0  # said on purpose
    assert new_year.main(["2030", "--data", str(p / "nodata")]) == 2  # Y09: no traceback
    assert "Nothing changed: " in capsys.readouterr().err


@pytest.mark.parametrize(
    "date, says",
    [
        ("2027-01-21", "DATE 2027-01-21 is in the future (today is 2027-01-20)"),
        ("2027-02-30", "DATE '2027-02-30' is not a day of the calendar"),
        ("20270120", "DATE must be YYYY-MM-DD"),
        ("2027-W03-3", "DATE must be YYYY-MM-DD"),
    ],
)
def test_new_year_takes_a_back_dated_date_not_a_future_one(tmp_path, capsys, date, says):
    """Maintainer review F13: `make new-year` had no DATE= for a release made on an earlier day."""
    p = _project(tmp_path)
    package = p / "data/datapackage.json"  # its version dated 1 June 2026, whatever the real data's is
    package.write_text(
        re.sub(r'"created": "[^"]*"', '"created": "2026-06-01T00:00:00Z"', package.read_text())
    )
    argv = ["2026", "--data", str(p / "data"), "--citation", str(p / "CITATION.cff"), "--date"]
    before = package.read_text()
    today = dt.date(2027, 1, 20)
    assert new_year.main([*argv, date], today=today) == 2
    assert f"Nothing changed: {says}" in capsys.readouterr().err
    assert (p / "data/datapackage.json").read_text() == before
    assert new_year.main([*argv, "2026-05-31"], today=today) == 2  # before the version it would replace
    assert "DATE 2026-05-31 is before the current data version's date (2026-06-01)" in capsys.readouterr().err
    assert (p / "data/datapackage.json").read_text() == before
    assert new_year.main([*argv, "2027-01-18"], today=today) == 0  # back-dated: two days before
    assert '"created": "2027-01-18T00:00:00Z"' in (p / "data/datapackage.json").read_text()
    assert new_year.main(argv[:-1], today=today) == 0  # no DATE: today
    assert 'date-released: "2027-01-20"' in (p / "CITATION.cff").read_text()


@pytest.mark.parametrize(
    "how, says",
    [
        (["YEAR=2026; touch pwned"], "YEAR must be four digits"),
        (["YEAR=2030 --data /tmp"], "YEAR must be four digits"),
        ([], "usage: make new-year YEAR=2026 [DATE=2027-01-20] (on the command line)"),
        (["YEAR=2026", "DATE=2027-1-20"], "DATE must be YYYY-MM-DD"),
        (["YEAR=2026", "DATE=2026-01-20; touch pwned"], "DATE must be YYYY-MM-DD"),
        (["YEAR=2026", "DATE=2026-01-20 --data /tmp"], "DATE must be YYYY-MM-DD"),
    ],
)
def test_make_new_year_checks_its_year_before_any_shell_sees_it(tmp_path, how, says):
    """Y07 (the touch ran), Y08 (an exported YEAR was taken), Y09 (extra arguments reached Python)."""
    env = {**os.environ, "YEAR": "2031"}  # exported: never a request
    result = subprocess.run(
        ["make", "-s", "-f", str(ROOT / "Makefile"), "-o", "setup-build", "new-year", *how],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and says in result.stdout + result.stderr, result
    assert not (tmp_path / "pwned").exists() and not list(tmp_path.iterdir())
    assert sys.executable


def test_a_look_alike_key_is_refused(data_copy):
    """N15: 'warehouses-end-2021' beside 'warehouses_end_2021' was published (a page reading either one
    got a different row)."""
    path = data_copy / "facts.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    key = next(r[0] for r in rows[1:] if "_" in r[0])
    first = next(n for n, r in enumerate(rows, start=1) if r[0] == key)
    rows.append([key.replace("_", "-", 1), *rows[first - 1][1:]])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    with pytest.raises(DataError) as e:
        data.load(data_copy)
    assert (e.value.path.name, e.value.line, e.value.column) == ("facts.csv", len(rows), "key"), str(e.value)
    assert f"looks like '{key}' (line {first})" in str(e.value)
