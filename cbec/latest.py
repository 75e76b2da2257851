"""What "latest" means, in one place: charts, pages, the chart pages and the data package all ask here.

* ``latest_cbec``: the newest year whose customs figure (broad scope, first release by default) is
  not weakly sourced. A weak row may be shown, flagged, but never becomes "the latest".
* ``freshness``: when the data was last updated (the data package's ``created`` date, raised with its
  version by ``make new-year``), the newest source, and when the next update is expected: customs
  publishes the previous year's figure each January, so the first January after the last update.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import fmt
from .data import PACKAGE, CbecYear, Dataset, read_package
from .labels import what

RELEASE_MONTH = 1  # customs publishes year Y's first release in January of Y + 1


def latest_cbec(ds: Dataset, vintage: str = "prelim", scope: str = "broad") -> CbecYear:
    """The newest non-weak row of that release and scope."""
    rows = [r for r in ds.cbec if (r.vintage, r.scope) == (vintage, scope) and r.confidence != "weak"]
    if not rows:
        raise KeyError(f"no {scope} {vintage} row that is not weakly sourced")
    return max(rows, key=lambda r: r.year)


def latest_trade_year(ds: Dataset) -> int:
    return max(r.year for r in ds.trade)


@dataclass(frozen=True)
class Freshness:
    updated: dt.date  # datapackage.json "created": when this version of the data was published
    newest_source: str  # the newest date_published in sources.csv (YYYY, YYYY-MM or YYYY-MM-DD)
    next_expected: str  # YYYY-MM: the next January, when customs publishes the year just ended
    next_year: int  # the year whose figure customs publishes then
    missing: tuple[int, ...] = ()  # years before next_year whose customs first release we have not found

    def text(self, lang: str, version: str = "") -> str:
        """One line for a chart page or the data package: last updated (and the data's version, where
        given), next expected update, and which customs first releases that were due are still missing
        (review W1)."""
        upd = fmt.date(self.updated.isoformat(), lang)
        if version:
            upd += f"（版本{version}）" if lang == "zh" else f" (version {version})"
        nxt = fmt.date(self.next_expected, lang)
        years = "、".join(map(str, self.missing)) if lang == "zh" else ", ".join(map(str, self.missing))
        if lang == "zh":
            gap = f"我们仍未找到海关发布的{years}年初值。" if self.missing else ""
            return (
                f"数据最近更新：{upd}。预计下次更新：{nxt}"
                f"（海关每年1月公布上一年的数字，届时将公布{self.next_year}年数据）。{gap}"
            )
        gap = f" We have found no customs first release for {years} yet." if self.missing else ""
        return (
            f"Data last updated: {upd}. Next expected update: {nxt} (customs publishes each year's figure "
            f"the following January; then for {self.next_year}).{gap}"
        )


def freshness(ds: Dataset) -> Freshness:
    created = read_package(ds.data_dir).get("created", "")
    try:
        updated = dt.date.fromisoformat(created[:10])
    except ValueError:
        raise ValueError(
            f"{ds.data_dir / PACKAGE}: 'created' must start with a date YYYY-MM-DD, not {created!r}"
        ) from None
    year = updated.year + 1  # an update is made after that year's January release, so the next is a year on
    dated = [s.date_published for s in ds.sources.values() if s.date_published != "n.d."]
    return Freshness(
        updated=updated,
        newest_source=max(dated),
        next_expected=f"{year}-{RELEASE_MONTH:02d}",
        next_year=year - 1,
        missing=tuple(range(latest_cbec(ds).year + 1, year - 1)),
    )


def weak_rows(ds: Dataset, lang: str = "en") -> str:
    """What is weakly sourced today, in running text (the Sources page's example of a flagged figure):
    'the cross-border e-commerce figure for 2024 (reported by China.com.cn, Nov 2025), and pilot-zone
    batch 8'. Read from the tables, so it follows a new year or a better source."""

    def vintage(r: CbecYear) -> str:
        if r.scope == "platform":
            return "旧平台口径" if lang == "zh" else "old platform scope"
        return what(r, lang)  # what each figure is, as the charts say it (cbec/labels.py)

    cbec = sorted((r for r in ds.cbec if r.confidence == "weak"), key=lambda r: (r.year, r.scope))
    batches = [z.batch for z in ds.zones if z.confidence == "weak"]
    if lang == "zh":
        parts = [
            "、".join(f"{r.year}年（{vintage(r)}）" for r in cbec) + "的跨境电商规模" if cbec else "",
            "第" + "、".join(map(str, batches)) + "批综试区" if batches else "",
        ]
        return "，以及".join(p for p in parts if p) or "无"

    def and_list(items: list[str]) -> str:
        return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"

    parts = []
    if cbec:
        parts.append(
            f"the cross-border e-commerce {'figures' if len(cbec) > 1 else 'figure'} for "
            + and_list([f"{r.year} ({vintage(r)})" for r in cbec])
        )
    if batches:
        parts.append(
            f"pilot-zone {'batches' if len(batches) > 1 else 'batch'} " + and_list([str(b) for b in batches])
        )
    return ", and ".join(parts) if len(parts) > 1 else (parts[0] if parts else "nothing")
