"""Corrections are public (issue 26): every change to a verdict is a row of data/corrections.csv, shown
on the Corrections and updates page in both languages and linked from every page's footer."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from pathlib import Path

import pytest

from cbec import data
from cbec.data import DataError

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = "data/claims.csv"


def _set_cells(path: Path, key: str, **cells) -> int:
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8"))))
    head = rows[0]
    n = next(i for i, r in enumerate(rows) if r[0] == key)
    for k, v in cells.items():
        rows[n][head.index(k)] = v
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), "utf-8")
    return n + 1  # the line (no cell holds a line break)


def test_a_changed_verdict_without_a_corrections_row_stops_the_build(data_copy):
    n = _set_cells(data_copy / "claims.csv", "ten-times", verdict="Right after all")
    with pytest.raises(DataError) as e:
        data.load(data_copy)
    assert (e.value.path.name, e.value.line, e.value.column) == ("claims.csv", n, "verdict")
    assert "corrections row" in str(e.value)


def test_a_changed_verdict_with_its_corrections_row_loads(data_copy):
    ds = data.load(data_copy)
    tt = ds.claim("ten-times")
    _set_cells(data_copy / "claims.csv", "ten-times", verdict="Right after all", verdict_zh="终究正确")
    with (data_copy / "corrections.csv").open("a", encoding="utf-8") as f:
        row = ["test-row", max(r.date for r in ds.corrections), "numbers/#ten-times", "ten-times"]
        row += [
            tt.verdict,
            tt.verdict_zh,
            "Right after all",
            "终究正确",
            "A test.",
            "测试。",
            "gt-2021-09-08",
        ]
        csv.writer(f, lineterminator="\n").writerow(row)
    assert data.load(data_copy).claim("ten-times").verdict == "Right after all"


def test_a_row_naming_no_claim_is_refused(data_copy):
    n = _set_cells(data_copy / "corrections.csv", "unctad-2026-11-29", claim_id="no-such-claim")
    with pytest.raises(DataError) as e:
        data.load(data_copy)
    assert (e.value.path.name, e.value.line, e.value.column) == ("corrections.csv", n, "claim_id")


def _history() -> list[dict[str, dict]]:
    """Every committed version of claims.csv: claim id -> row."""
    git = ["git", "-C", str(ROOT)]
    commits = subprocess.run(
        [*git, "log", "--format=%H", "--", CLAIMS], capture_output=True, text=True, check=True
    ).stdout.split()
    assert commits, "claims.csv has a history"
    versions = []
    for h in commits:
        text = subprocess.run([*git, "show", f"{h}:{CLAIMS}"], capture_output=True, text=True).stdout
        versions.append({r["id"]: r for r in csv.DictReader(io.StringIO(text)) if r.get("id")})
    return versions


def test_every_verdict_the_history_shows_is_in_the_corrections_table():
    """Each verdict a claim has had in claims.csv's git history is either its verdict now or what a
    corrections row says the site said before (the 'nearly 10 times' verdict changed four times)."""
    ds = data.load()
    now = {c.id: c for c in ds.claims}
    was = {(r.claim_id, r.was) for r in ds.corrections if r.claim_id}
    was_zh = {(r.claim_id, r.was_zh) for r in ds.corrections if r.claim_id}
    for version in _history():
        for cid, row in version.items():
            if cid not in now:
                continue
            if row["verdict"] != now[cid].verdict:
                assert (cid, row["verdict"]) in was, (cid, row["verdict"])
            zh = row.get("verdict_zh")
            if zh and zh != now[cid].verdict_zh:
                assert (cid, zh) in was_zh, (cid, zh)


def test_the_corrections_page_lists_every_row_and_every_page_links_to_it(site):
    ds = data.load()
    for lang in ("", "zh/"):
        page = (site / lang / "corrections" / "index.html").read_text("utf-8")
        for r in ds.corrections:
            assert f'id="correction-{r.key}"' in page, (lang, r.key)
    link = re.compile(r'<a href="([^"]*)"[^>]*>(Corrections and updates|更正与更新)</a>')
    for index in site.rglob("index.html"):
        text = index.read_text("utf-8")
        assert 'class="md-copyright"' in text, index  # every page has the footer
        found = link.search(text[text.index('class="md-copyright"') :])
        assert found, index
        on_it = index.parent.name == "corrections"  # the page itself links to "./"
        assert found.group(1).endswith("corrections/") or (on_it and found.group(1) in ("./", ".")), index


def test_the_data_version_is_no_older_than_the_newest_correction():
    """Fresh review #11: a correction changes the data, so the data version (datapackage.json 'created',
    and CITATION.cff's date-released with it) must be at least as new as the newest corrections row; a
    citation made after a correction would otherwise name a version that lacks it."""
    ds = data.load()
    created = data.read_package(ds.data_dir)["created"][:10]
    newest = max(c.date for c in ds.corrections)
    assert created >= newest, f"datapackage.json created {created}, but a correction is dated {newest}"
    cff = (ROOT / "CITATION.cff").read_text("utf-8")
    assert f'date-released: "{created}"' in cff
