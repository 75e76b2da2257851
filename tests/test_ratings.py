"""Our own rating rule (the Sources page, #confidence), checked against every source and every rated row.

The rule's inputs come from the data: each source's `origin` (own, report or copy) and `publisher`, and each
row's `confidence` and cited sources. Nothing here lists ids.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

from cbec import data

DATA = Path(data.__file__).resolve().parent.parent / "data"
RANK = {"weak": 0, "medium": 1, "strong": 2}
NAMES_A_COPY = re.compile(r" via |\bcopy\b|\bmirror\b", re.I)


def source_problems(s: data.Source) -> list[str]:
    """What is wrong with one source under the stated rule (empty when it complies)."""
    problems = []
    if s.confidence == "strong" and s.origin != "own":
        problems.append(
            f"{s.id}: rated strong, but it is a {s.origin}; only the body's own page can be strong"
        )
    if s.origin == "copy" and not NAMES_A_COPY.search(s.publisher):
        problems.append(
            f"{s.id}: a copy, but its publisher ({s.publisher!r}) does not say so ('X via Y', 'copy')"
        )
    if s.origin != "copy" and " via " in s.publisher:
        problems.append(f"{s.id}: its publisher says 'via', but origin is {s.origin!r}, not 'copy'")
    if not s.notes.strip():
        problems.append(f"{s.id}: no provenance note")
    return problems


def row_problem(confidence: str, cited: list[data.Source]) -> str:
    """A row is rated no higher than its best source, or strong on two sources rated medium or better."""
    best = max(RANK[s.confidence] for s in cited)
    if RANK[confidence] <= best:
        return ""
    if confidence == "strong" and sum(RANK[s.confidence] >= RANK["medium"] for s in cited) >= 2:
        return ""
    return f"rated {confidence}, but its sources are rated " + ", ".join(
        f"{s.id} {s.confidence}" for s in cited
    )


def rated_rows(ds: data.Dataset):
    """(table, row) for every table whose package schema has a confidence column, read from datapackage.json."""
    package = json.loads((DATA / "datapackage.json").read_text("utf-8"))
    rated = {
        r["name"]
        for r in package["resources"]
        if r["name"] != "sources" and "confidence" in {f["name"] for f in r["schema"]["fields"]}
    }
    for name, table in data.TABLES.items():
        if table.resource in rated:
            rows = getattr(ds, name)
            yield from ((table.file, r) for r in (rows.values() if isinstance(rows, dict) else rows))


def test_every_source_follows_the_rating_rule():
    ds = data.load(DATA)
    problems = [p for s in ds.sources.values() for p in source_problems(s)]
    assert not problems, "\n".join(problems)


def test_every_rated_row_is_rated_no_higher_than_its_sources():
    ds = data.load(DATA)
    rows = list(rated_rows(ds))
    assert {f for f, _ in rows} >= {"cbec_annual.csv", "facts.csv", "pilot_zones.csv", "fx_annual.csv"}
    problems = [
        f"{file}:{r.line}: {p}"
        for file, r in rows
        if (p := row_problem(r.confidence, [ds.sources[i] for i in r.source_ids]))
    ]
    assert not problems, "\n".join(problems)


def test_the_rule_rejects_what_it_should():
    """The checks above can fail: a copy rated strong, a copy not named as one, an over-rated row."""
    ds = data.load(DATA)
    copy = next(s for s in ds.sources.values() if s.origin == "copy")
    report = next(s for s in ds.sources.values() if s.origin == "report" and s.confidence == "medium")
    assert source_problems(replace(copy, confidence="strong"))
    assert source_problems(replace(copy, publisher="Some outlet"))
    assert source_problems(replace(report, publisher="Xinhua via Some outlet"))
    assert source_problems(replace(report, notes=" "))
    assert row_problem("strong", [report])
    assert row_problem("medium", [replace(report, confidence="weak")])
    assert not row_problem("strong", [report, replace(report, id="other")])
