"""The typed records the loader (cbec/data.py) makes from the tables, and the Dataset that holds them:
the only objects figures and pages read from. TABLES names each CSV file, its record type and its
resource (schema) in data/datapackage.json."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

# Codes the figures and pages know; datapackage.json holds the same lists as enum constraints
# (tests/test_data.py checks that they agree). VINTAGES is also the sort order of releases.
CONFIDENCE = ("strong", "medium", "weak")
SCOPES = ("platform", "broad")
VINTAGES = ("prelim", "revised", "restated", "published")  # published: as published, vintage unknown
ATTRIBUTIONS = ("official_data", "named_source", "none", "speaker")  # how the report attributes a claim
VERDICTS = ("right_then_revised", "not_reproducible", "no_source_found", "matches_one_source", "partly_true")
DATE_BASES = ("approved", "published", "announced")


@dataclass(frozen=True)
class Record:
    line: int  # the CSV line the record came from, for error messages downstream


@dataclass(frozen=True)
class Source(Record):
    id: str
    publisher: str
    publisher_zh: str
    title: str
    date_published: str
    url: str
    date_accessed: dt.date
    confidence: str
    used_for: str
    used_for_zh: str
    origin: str  # own, report or copy: only an 'own' page can be rated strong (the Sources page's rule)
    notes: str  # provenance: where the research record logs it, or how it was found


@dataclass(frozen=True)
class CbecYear(Record):
    """One published vintage of customs' yearly cross-border e-commerce figure."""

    year: int
    scope: str
    vintage: str
    total_tn_cny: float
    exports_tn_cny: float | None
    imports_tn_cny: float | None
    total_yoy_pct: float | None
    exports_yoy_pct: float | None
    imports_yoy_pct: float | None
    confidence: str
    source_ids: tuple[str, ...]
    note: str
    label: str  # what the figure is when customs did not give it as a release (cbec/labels.py)
    label_zh: str


@dataclass(frozen=True)
class GoodsTrade(Record):
    year: int
    total_tn_cny: float
    total_yoy_pct: float
    exports_tn_cny: float
    exports_yoy_pct: float
    imports_tn_cny: float
    imports_yoy_pct: float
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class FxYear(Record):
    """The Federal Reserve's annual average yuan per US dollar (noon buying rates, not China's central parity)."""

    year: int
    cny_per_usd: float
    confidence: str
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class PilotBatch(Record):
    batch: int
    date: str
    date_basis: str  # what the date is: approved, published or announced
    document: str
    zones_added: int
    zones_revoked: int
    cumulative: int
    examples: str
    examples_zh: str
    confidence: str
    source_ids: tuple[str, ...]
    note: str
    note_zh: str
    firm_fields: str  # in a weak row, the counts a medium or strong source confirms: they are not flagged


@dataclass(frozen=True)
class Claim(Record):
    id: str
    order: int
    claim: str
    claimed_value: float
    sourced_value: float
    alt_value: float | None
    unit: str
    sourced_label: str
    alt_label: str
    verdict_code: str
    verdict: str
    claim_zh: str
    unit_zh: str
    sourced_label_zh: str
    alt_label_zh: str
    verdict_zh: str
    attribution: str  # how the Global Times report attributes the figure
    attributed_name: str
    attributed_name_zh: str
    claim_source_ids: tuple[str, ...]
    check_source_ids: tuple[str, ...]
    sourced_kind: str  # what sourced_value is: a source's figure, our computation, or a different measure
    alt_kind: str


@dataclass(frozen=True)
class Fact(Record):
    key: str
    value: float
    unit: str
    period: str
    as_of: str  # for "current" figures: how fresh the source's figure is (YYYY-MM or YYYY-MM-DD)
    confidence: str
    source_ids: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Statement(Record):
    key: str
    date: str
    statement: str
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class Event(Record):
    """A dated event since 2021 (policy, platform, an importing country's rule, an official's words)."""

    key: str
    date: str
    place: str
    place_zh: str
    what: str
    what_zh: str
    kind: str  # platforms, support, response, figures or statement
    on_chart: bool  # marked on the timeline chart
    confidence: str
    source_ids: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Correction(Record):
    """A change to what the site says (a figure, a label, a verdict): the public corrections log."""

    key: str
    date: str  # YYYY-MM-DD, when the change was made
    page: str  # where it shows, site-relative: 'numbers/#ten-times'
    claim_id: str  # a claims.csv id when a verdict changed, else ''
    was: str
    was_zh: str
    now: str
    now_zh: str
    why: str
    why_zh: str
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """One CSV file: its record type and its resource in datapackage.json (which has the schema)."""

    file: str
    record: type
    resource: str


TABLES = {
    "sources": Table("sources.csv", Source, "sources"),
    "cbec": Table("cbec_annual.csv", CbecYear, "cbec_annual"),
    "trade": Table("goods_trade.csv", GoodsTrade, "goods_trade"),
    "fx": Table("fx_annual.csv", FxYear, "fx_annual"),
    "zones": Table("pilot_zones.csv", PilotBatch, "pilot_zones"),
    "claims": Table("claims.csv", Claim, "claims"),
    "facts": Table("facts.csv", Fact, "facts"),
    "statements": Table("statements.csv", Statement, "statements"),
    "events": Table("events.csv", Event, "events"),
    "corrections": Table("corrections.csv", Correction, "corrections"),
}


@dataclass(frozen=True)
class Dataset:
    """Every validated table; the only object figures and pages read from."""

    data_dir: Path
    sources: dict[str, Source]
    cbec: list[CbecYear]
    trade: list[GoodsTrade]
    zones: list[PilotBatch]
    claims: list[Claim]
    facts: dict[str, Fact]
    statements: dict[str, Statement]
    fx: list[FxYear]
    events: list[Event]
    corrections: list[Correction]  # oldest first

    # Convenience look-ups used by pages and figures.
    def cbec_row(self, year: int, vintage: str, scope: str = "broad") -> CbecYear:
        for r in self.cbec:
            if (r.year, r.vintage, r.scope) == (year, vintage, scope):
                return r
        raise KeyError(f"no cross-border e-commerce row for {year} {scope} {vintage}")

    def trade_row(self, year: int) -> GoodsTrade:
        for r in self.trade:
            if r.year == year:
                return r
        raise KeyError(f"no goods-trade row for {year}")

    def claim(self, claim_id: str) -> Claim:
        for c in self.claims:
            if c.id == claim_id:
                return c
        raise KeyError(f"no claim '{claim_id}'")
