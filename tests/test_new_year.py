"""The yearly routine (cbec/cli/new_year.py) and the one rule for "latest" (cbec/latest.py), without a build.

The build that proves a new year reaches every page is test_build.py's
test_prose_numbers_and_the_latest_year_follow_the_data.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from dataclasses import replace

from conftest import ROOT

from cbec import data
from cbec.charts import build_all
from cbec.cli import new_year
from cbec.latest import freshness, latest_cbec, weak_rows
from cbec.values import flag_weak


def test_latest_is_the_newest_first_release_not_weakly_sourced():
    ds = data.load()
    prelim = [r for r in ds.cbec if (r.scope, r.vintage) == ("broad", "prelim")]
    newest = max(prelim, key=lambda r: r.year)
    got = latest_cbec(ds)
    assert got.confidence != "weak" and got.vintage == "prelim" and got.scope == "broad"
    assert all(r.year <= got.year or r.confidence == "weak" for r in prelim)
    # rate the latest weak: the rule falls back to the year before, never to the weak row
    weaker = replace(ds, cbec=[replace(r, confidence="weak") if r is got else r for r in ds.cbec])
    assert latest_cbec(weaker).year < got.year
    # and the newest row, once it is not weak, is the latest
    stronger = replace(ds, cbec=[replace(r, confidence="medium") if r is newest else r for r in ds.cbec])
    assert latest_cbec(stronger) == replace(newest, confidence="medium")


def test_the_charts_use_the_same_rule():
    ds = flag_weak(data.load())
    year = latest_cbec(ds).year
    for lang in ("en", "zh"):
        specs = build_all(ds, lang)
        assert f"{year})" in specs["share-of-trade"].title or f"{year}年）" in specs["share-of-trade"].title
        assert str(year) in specs["cbec-vintages"].summary


def test_the_weak_rows_named_in_prose_follow_the_ratings():
    ds = data.load()
    weak = [r for r in ds.cbec if r.confidence == "weak"]
    assert weak, "the data has weak rows; this test needs one"
    for lang in ("en", "zh"):
        text = weak_rows(ds, lang)
        assert all(str(r.year) in text for r in weak)
        assert all(str(z.batch) in text for z in ds.zones if z.confidence == "weak")
    # a better source for a weak row takes it out of the sentence; with none left, it says so
    first = weak[0]
    better = replace(ds, cbec=[replace(r, confidence="medium") if r is first else r for r in ds.cbec])
    assert f"{first.year} (" not in weak_rows(better, "en") or any(r.year == first.year for r in weak[1:])
    none = replace(
        ds,
        cbec=[replace(r, confidence="medium") for r in ds.cbec],
        zones=[replace(z, confidence="medium") for z in ds.zones],
    )
    assert (weak_rows(none, "en"), weak_rows(none, "zh")) == ("nothing", "无")


def test_freshness_comes_from_the_package_and_the_sources():
    ds = data.load()
    f = freshness(ds)
    created = json.loads((ds.data_dir / "datapackage.json").read_text("utf-8"))["created"]
    assert f.updated == dt.date.fromisoformat(created[:10])
    assert f.next_expected == f"{f.updated.year + 1}-01" and f.next_year == f.updated.year
    assert f.newest_source == max(s.date_published for s in ds.sources.values() if s.date_published != "n.d.")
    assert "Next expected update" in f.text("en") and "预计下次更新" in f.text("zh")


def test_new_year_lists_the_tables_without_the_year_and_raises_both_versions(tmp_path):
    ds = data.load()
    year = max(r.year for r in ds.trade) + 1
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    # the copy's version dated 1 Dec 2025, so that 20 Jan 2026 comes after it, whatever the real data's is
    package = copy / "datapackage.json"
    text = re.sub(r'"version": "[^"]*"', '"version": "2025.12.01"', package.read_text("utf-8"))
    package.write_text(re.sub(r'"created": "[^"]*"', '"created": "2025-12-01T00:00:00Z"', text), "utf-8")
    cff = tmp_path / "CITATION.cff"
    shutil.copy(ROOT / "CITATION.cff", cff)
    before = {p: p.read_text("utf-8").split("\n") for p in (copy / "datapackage.json", cff)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cbec.cli.new_year",
            str(year),
            "--data",
            str(copy),
            "--citation",
            str(cff),
            "--date",
            "2026-01-20",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert f"Tables without a {year} row: cbec_annual.csv, goods_trade.csv, fx_annual.csv" in result.stdout
    assert "-> 2026.01.20" in result.stdout and "[ ] data/cbec_annual.csv" in result.stdout
    package = json.loads((copy / "datapackage.json").read_text("utf-8"))
    assert (package["version"], package["created"]) == ("2026.01.20", "2026-01-20T00:00:00Z")
    cff_text = cff.read_text("utf-8")
    assert 'version: "2026.01.20"' in cff_text and 'date-released: "2026-01-20"' in cff_text
    for path, lines in before.items():  # only the version and date lines changed; the layout is kept
        after = path.read_text("utf-8").split("\n")
        changed = [a for a, b in zip(lines, after) if a != b]
        assert len(after) == len(lines) and len(changed) == 2, (path, changed)
    data.load(copy)  # still a valid package
    # a year the tables already have (the latest customs first release) is reported as complete
    assert new_year.missing(copy, latest_cbec(data.load(copy)).year) == []


# --- small traps: theme values, the Chromium variable (no build: the checks run before any drawing)


def test_theme_values_are_checked(monkeypatch):
    import pytest

    from cbec import theme
    from cbec.charts.common import COMPUTED

    theme.check()  # the real theme passes
    palette = theme.SCHEMES["default"]["palette"]
    bad = [
        (
            "default",
            "palette",
            ["#0072B2", "#D55E0"] + theme.SCHEMES["default"]["palette"][2:],
            "SCHEMES['default']['palette'][1] is '#D55E0', not a colour",
        ),
        (
            "slate",
            "grid",
            "rgba(255,255,300,0.12)",
            "SCHEMES['slate']['grid'] is 'rgba(255,255,300,0.12)', not a colour",
        ),
        ("slate", "palette", ["#56B4E9"], "SCHEMES['slate']['palette'] must have as many slots as 'default'"),
        (  # the review's case: "our computation" given the light "Partly true" badge's colour
            "default",
            "palette",
            [
                theme.VERDICT_COLOURS["default"]["partly_true"] if i == COMPUTED else c
                for i, c in enumerate(palette)
            ],
            f"SCHEMES['default']['palette'][{COMPUTED}] #6a3d9a and verdict 'partly_true' (cbec/verdicts.py) "
            "#6a3d9a look alike",
        ),
        (  # two slots a reader cannot tell apart (a hair's difference)
            "slate",
            "palette",
            [theme.SCHEMES["slate"]["palette"][0], "#57B4E9", *theme.SCHEMES["slate"]["palette"][2:]],
            "SCHEMES['slate']['palette'][0] #56B4E9 and SCHEMES['slate']['palette'][1] #57B4E9 look alike",
        ),
    ]
    for scheme, key, value, message in bad:
        monkeypatch.setitem(theme.SCHEMES, scheme, {**theme.SCHEMES[scheme], key: value})
        with pytest.raises(ValueError) as info:
            theme.check()
        assert message in str(info.value)
        monkeypatch.undo()


def test_one_chromium_variable(monkeypatch):
    from cbec.static_render import browser_env

    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setenv("CHROMIUM_PATH", "/opt/old-name/chrome")
    assert browser_env() == "/opt/old-name/chrome"  # the tests' former name still works
    monkeypatch.setenv("BROWSER_PATH", "/opt/chrome")
    assert browser_env() == "/opt/chrome"  # and the one name wins
