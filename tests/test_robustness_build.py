"""Adversarial review 2026-12-01: data text is text on every page, image, JSON and CSV (R04, R05, R07, R18).

ONE build: every free-text cell of every table (all rows) holds Markdown, HTML-ish and template
markup at once. Tags, formulas and control characters are refused by the loader with file:line
(tests/test_robustness_data.py); everything else must be published inert: compared with the normal
build (the session ``site``), no page gains an element, an attribute or a link, and nothing anywhere
links to ``javascript:``.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, build_site

from cbec import data

FUZZ = "[x](javascript:alert(1)) | {{ 1 }} \"q\" 'a' *b* _c_ `d` # e {: .f } [^g] \\ ![h](x.png) <<>> & end"


def _fuzzed_copy(dest: Path) -> int:
    """data/ with FUZZ in every filled free-text cell (no pattern or enum); returns how many were set. Empty
    cells stay empty: whether a note exists decides whether a chart lists it, which is not markup."""
    shutil.copytree(ROOT / "data", dest)
    package = json.loads((dest / "datapackage.json").read_text(encoding="utf-8"))
    count = 0
    for res in package["resources"]:
        text = [
            f["name"]
            for f in res["schema"]["fields"]
            if f["type"] == "string" and not {"pattern", "enum"} & set(f.get("constraints", {}))
        ]
        path = dest / res["path"]
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        for row in rows:
            for name in text:
                if row[name]:
                    # cells the code also reads as data keep their words and get the markup after them:
                    # a source's used_for (which release it gives: cbec/labels.py), a fact's period (its year)
                    row[name] = f"{row[name]} {FUZZ}" if name in ("used_for", "period") else f"{name} {FUZZ}"
                    count += 1
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")
    _verdicts_recorded(dest)
    return count


def _verdicts_recorded(dest: Path) -> None:
    """The fuzzed verdicts are what each claim's latest corrections row says it now is (a verdict may not
    change without a row: cbec/corrections.py)."""
    claims = {r["id"]: r for r in csv.DictReader(io.StringIO((dest / "claims.csv").read_text("utf-8")))}
    path = dest / "corrections.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8"), newline="")))
    latest = {r["claim_id"]: r for r in sorted(rows, key=lambda r: r["date"]) if r["claim_id"]}
    for cid, row in latest.items():
        row["now"], row["now_zh"] = claims[cid]["verdict"], claims[cid]["verdict_zh"]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


class _Shape(HTMLParser):
    """What markup a page has: elements with their attribute names, and every link target."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: Counter = Counter()
        self.targets: set[str] = set()

    def handle_starttag(self, tag, attrs):
        if tag == "abbr":  # glossary abbreviations follow the words in a text, not its markup
            return
        self.elements[(tag, tuple(sorted(a for a, _ in attrs)))] += 1
        for name, value in attrs:
            if name in ("href", "src", "xlink:href", "action", "formaction"):
                self.targets.add(value or "")


def _shape(path: Path) -> _Shape:
    s = _Shape()
    s.feed(path.read_text(encoding="utf-8"))
    return s


@pytest.fixture(scope="module")
def fuzzed_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("fuzz")
    assert _fuzzed_copy(tmp / "data") > 100
    data.load(tmp / "data")  # the loader accepts this text: the pages must make it inert
    result = build_site(tmp / "site", data_dir=tmp / "data")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return tmp / "site"


@pytest.mark.slow
def test_markup_in_every_text_cell_adds_no_element_attribute_or_link(site, fuzzed_site):
    pages = sorted(p.relative_to(site) for p in site.rglob("*.html"))
    assert len(pages) > 20
    for rel in pages:
        before, after = _shape(site / rel), _shape(fuzzed_site / rel)
        assert after.elements == before.elements, (
            rel,
            (after.elements - before.elements),
            (before.elements - after.elements),
        )
        assert after.targets <= before.targets | {""}, (rel, after.targets - before.targets)
    home = (fuzzed_site / "index.html").read_text(encoding="utf-8")
    # printed as the characters they are: the Jinja braces, the Markdown link, the pipe
    assert (
        "{{ 1 }}" in _text(home)
        and "[x](javascript:alert(1)) | " in _text(home)
        and "*b* _c_ `d`" in _text(home)
    )


@pytest.mark.slow
def test_markup_in_data_is_inert_in_images_json_csv_and_search(fuzzed_site):
    hits = 0
    for path in sorted(fuzzed_site.rglob("*")):
        if path.suffix not in (".svg", ".json", ".csv", ".html", ".xml", ".txt"):
            continue
        text = path.read_text(encoding="utf-8")
        low = text.lower().replace("\\u003c", "<").replace('\\"', '"')
        for live in ('href="javascript', "href='javascript", '<a href="x', "onerror", "<img src=x"):
            assert live not in low, (path, live)
        hits += FUZZ.split(" | ")[1][:5] in text or "{{ 1 }}" in text
        if path.suffix == ".svg":
            assert "<a " not in text, path  # Plotly would draw a link: none may come from data
        if path.suffix == ".json":
            json.loads(text)
        if path.suffix == ".csv":
            for row in csv.reader(io.StringIO(text)):
                assert not any(c.startswith(("=", "+", "@")) for c in row), (path, row)
    assert hits > 30, "the fuzzed text should be published in many files"
    index = json.loads((fuzzed_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        s = _Shape()
        s.feed(doc["text"])
        assert not any(t.startswith("javascript") for t in s.targets), doc["location"]


def _text(page: str) -> str:
    class T(HTMLParser):
        parts: list[str] = []

        def handle_data(self, d):
            self.parts.append(d)

    t = T()
    t.parts = []
    t.feed(page)
    return "".join(t.parts)
