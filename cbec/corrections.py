"""Corrections are public (issue 26; the IFCN's principle of open and honest corrections): every change
to what the site says about a figure, a label or a verdict is a row of data/corrections.csv, shown on the
Corrections page in both languages, and a claim's verdict must be what its latest row says it now is.

``check_verdicts`` stops the build when a verdict in claims.csv differs from the latest corrections row
of its claim (a verdict changed without a row). ``tests/test_corrections.py`` also reads the history of
claims.csv in git: every verdict a claim ever had must be the current one or a row's 'was'.
``review_dates`` gives each claim review its first and last dates, for ClaimReview.
"""

from __future__ import annotations

from .data_error import DataError
from .records import TABLES, Claim, Correction, Dataset


def for_claim(ds: Dataset, claim_id: str) -> list[Correction]:
    """The corrections of one claim's verdict, oldest first."""
    return [c for c in ds.corrections if c.claim_id == claim_id]


def check_verdicts(ds: Dataset) -> None:
    path = ds.data_dir / TABLES["corrections"].file
    ids = {c.id for c in ds.claims}
    for row in ds.corrections:
        if row.claim_id and row.claim_id not in ids:
            raise DataError(path, row.line, f"no claim '{row.claim_id}' in claims.csv", "claim_id")
    for c in ds.claims:
        rows = for_claim(ds, c.id)
        if rows and (rows[-1].now, rows[-1].now_zh) != (c.verdict, c.verdict_zh):
            raise DataError(
                ds.data_dir / TABLES["claims"].file,
                c.line,
                f"the verdict of '{c.id}' is not what its latest row in corrections.csv (line {rows[-1].line}) "
                "says it now is: a changed verdict needs a corrections row (date, page, was, now, why, sources)",
                "verdict",
            )


def review_dates(ds: Dataset, c: Claim, first_published: str) -> tuple[str, str | None]:
    """(datePublished, dateModified or None) of a claim's review: published by the date of its first
    correction (the review existed by then) or else the data's first version; modified at its last one."""
    rows = for_claim(ds, c.id)
    published = min([first_published, *(r.date for r in rows)])
    modified = max((r.date for r in rows), default=None)
    return published, modified if modified and modified > published else None
