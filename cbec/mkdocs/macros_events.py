"""The macros of the Since 2021 page and of dollars in prose: events (data/events.csv), their table and
weak flag, and in_usd(), the one way page text gives a yuan amount in US dollars."""

from __future__ import annotations

from cbec import chart_labels, fmt
from cbec.charts.common import usd_rate, with_usd
from cbec.records import Event
from cbec.text_out import Markup, html_text
from cbec.values import Weak

from .page_context import PageContext
from .page_errors import PageError, closest, year_ranges


def register(page: PageContext) -> None:
    ds, lang, flagged, to_root, macro = page.ds, page.lang, page.flagged, page.to_root, page.macro

    @macro
    def in_usd(tn_cny: object, year: object) -> str:
        """A yuan total (trillions) in US dollars at the Fed's average rate of that year (fx_annual.csv), the
        rate the charts' dollar columns use, named and labelled as our computation."""
        if isinstance(year, bool) or not isinstance(year, int):
            raise PageError(f"in_usd(..., {year!r}): the year must be a number, not {type(year).__name__}")
        if isinstance(tn_cny, bool) or not isinstance(tn_cny, (int, float)):
            # e.g. a total the table leaves empty (None): said here, not as a TypeError from round()
            raise PageError(
                f"in_usd({tn_cny!r}, {year}): the amount must be a number (trillions of yuan), "
                f"not {type(tn_cny).__name__}"
            )
        rate = usd_rate(year, ds)
        if rate is None:
            years = year_ranges(f.year for f in ds.fx)
            raise PageError(f"in_usd(..., {year}): no rate for {year} in fx_annual.csv; years: {years}")
        value = with_usd(tn_cny, year, ds)
        assert value is not None  # an amount and a rate, both checked above
        if isinstance(tn_cny, Weak):  # a weak input's flag stays on what is computed from it
            value = Weak(value, tn_cny.where)
        href = f"{to_root()}{'zh/' if lang() == 'zh' else ''}sources/#src-{rate.source_ids[0]}"
        rate_text = fmt.num(rate.cny_per_usd)
        if lang() == "zh":
            # to the English precision (whole billions), so both languages give the same figure
            amount = flagged(value, fmt.num(round(value) * 10).replace(",", "") + "亿美元")
            return Markup(
                f'约{amount}（本站计算，按<a href="{href}">美联储{year}年平均汇率</a>1美元兑{rate_text}元）'
            )
        amount = flagged(value, fmt.num(round(value)) + " billion US dollars")
        return Markup(
            f'about {amount} (our computation, at the <a href="{href}">Federal Reserve\'s {year} average</a> '
            f"of {rate_text} yuan per dollar)"
        )

    @macro
    def events(kind: str | None = None) -> list[Event]:
        """The dated events of data/events.csv, oldest first; one kind (support, response, ...) if given."""
        return [e for e in ds.events if kind is None or e.kind == kind]

    @macro
    def event(key: str) -> Event:
        found = next((e for e in ds.events if e.key == key), None)
        if found is None:
            raise PageError(
                f"no event '{key}' in events.csv; {closest(str(key), [e.key for e in ds.events], 'event keys')}"
            )
        return found

    @macro
    def flag(row: object) -> str:
        """The weak-source flag for a row rated weak (an event, a fact), for text that prints no number."""
        if getattr(row, "confidence", None) != "weak":
            return ""
        return flagged(Weak(0.0, f"line {getattr(row, 'line', 0)}"), "")

    @macro
    def events_table(kind: str | None = None) -> str:
        """The events as a table: date, place, what happened, sources and their rating (weak rows flagged)."""
        zh = lang() == "zh"
        cite = page.env.macros["cite"]
        head = (
            ("日期", "地点", "事件", "来源", "可信度")
            if zh
            else ("Date", "Place", "What happened", "Sources", "Confidence")
        )
        rows = []
        for e in events(kind):
            what = Markup(html_text(e.what_zh if zh else e.what)) + flag(e)
            rating = chart_labels.CODES["zh"][e.confidence] if zh else e.confidence
            cells = zip(
                head,
                (
                    fmt.date(e.date, lang()),
                    html_text(e.place_zh if zh else e.place),
                    what,
                    cite(e.source_ids),
                    rating,
                ),
            )
            rows.append(
                f'<tr id="event-{e.key}">'
                + "".join(f'<td data-label="{h}">{c}</td>' for h, c in cells)
                + "</tr>"
            )
        header = "".join(f"<th>{h}</th>" for h in head)
        return Markup(
            # a card per event on a phone (site.css .table-cards), a table on wider screens
            f'<div class="table-cards"><table><thead><tr>{header}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )
