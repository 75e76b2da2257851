"""The macros that read the data: rows, facts, claims, sources and the numbers worked from them.

Pages never type a number; they ask the data for it, for example
``{{ cbec(2020, "prelim").total_tn_cny | tn }}``. A wrong argument is a PageError naming what exists.
"""

from __future__ import annotations

from typing import Any

from cbec import chart_html, chart_labels, fmt, package_html
from cbec import verdicts as verdict_words
from cbec.charts.claims.figure import attribution, verdict_headline
from cbec.corrections import review_dates
from cbec.latest import freshness as data_freshness
from cbec.latest import latest_cbec
from cbec.latest import weak_rows as weak_rows_text
from cbec.records import CbecYear, Claim, Fact, GoodsTrade, Source
from cbec.text_out import Markup

from .page_context import PageContext
from .page_errors import PageError, closest, year_ranges


def _year(macro: str, year: object, *rest: object) -> int:
    """Years are numbers in page code: cbec(2020, ...), not cbec("2020", ...)."""
    if isinstance(year, bool) or not isinstance(year, int):
        shown = ", ".join(repr(a) for a in (year, *rest))
        kind = "text" if isinstance(year, str) else type(year).__name__
        raise PageError(
            f"{macro}({shown}): the year must be a number, not {kind}"
            f"; write {macro}({year.strip() if isinstance(year, str) else year}, ...) without quotes"
        )
    return year


def _text(macro: str, what: str, value: object) -> str:
    if not isinstance(value, str):
        raise PageError(f"{macro}(...): the {what} must be text in quotes, not {value!r}")
    return value


def register(page: PageContext) -> None:
    ds, lang, flagged, to_root, macro = page.ds, page.lang, page.flagged, page.to_root, page.macro

    def cbec_row(year: object, vintage: object, scope: object = "broad") -> CbecYear:
        year = _year("cbec", year, vintage, scope)
        vintage, scope = _text("cbec", "vintage", vintage), _text("cbec", "scope", scope)
        for r in ds.cbec:
            if (r.year, r.vintage, r.scope) == (year, vintage, scope):
                return r
        same = [r.year for r in ds.cbec if (r.vintage, r.scope) == (vintage, scope)]
        if same:
            exists = f"years with that scope and vintage: {year_ranges(same)}"
        else:
            kinds = sorted({(r.scope, r.vintage) for r in ds.cbec})
            exists = "scope and vintage pairs: " + ", ".join(f"{s} {v}" for s, v in kinds)
        raise PageError(f"no cbec row for {year} {scope} {vintage}; {exists}")

    def trade_row(year: object) -> GoodsTrade:
        year = _year("trade", year)
        for r in ds.trade:
            if r.year == year:
                return r
        raise PageError(
            f"no goods-trade row for {year}; years in goods_trade.csv: {year_ranges(r.year for r in ds.trade)}"
        )

    @macro
    def cbec(year: int, vintage: str, scope: str = "broad") -> CbecYear:
        return cbec_row(year, vintage, scope)

    @macro
    def trade(year: int) -> GoodsTrade:
        return trade_row(year)

    @macro
    def fact(key: str) -> Fact:
        key = _text("fact", "key", key)
        if key not in ds.facts:
            raise PageError(f"no fact '{key}' in facts.csv; {closest(key, ds.facts, 'fact keys')}")
        return ds.facts[key]

    @macro
    def claim(claim_id: str) -> Claim:
        claim_id = _text("claim", "id", claim_id)
        ids = [c.id for c in ds.claims]
        if claim_id not in ids:
            raise PageError(f"no claim '{claim_id}' in claims.csv; {closest(claim_id, ids, 'claim ids')}")
        return ds.claim(claim_id)

    @macro
    def attributed(c: Claim) -> str:
        """Who the Global Times report attributes a claim to, worded from data/claims.csv."""
        return attribution(c, lang())

    @macro
    def verdicts() -> str:
        """The claims headline, counted from the verdict categories (the same words the chart uses)."""
        return verdict_headline(ds.claims, lang())

    @macro
    def as_of(d: str) -> str:
        """How fresh a 'current' figure is, from its source: 'as of May 2024' / '截至2024年5月'."""
        return f"截至{fmt.date(d, 'zh')}" if lang() == "zh" else f"as of {fmt.date(d)}"

    @macro
    def share(year: int, vintage: str = "prelim", digits: int = 1) -> str:
        """Cross-border e-commerce as % of goods trade (computed here, and labelled so on pages)."""
        value = 100 * cbec_row(year, vintage).total_tn_cny / trade_row(year).total_tn_cny
        return flagged(value, fmt.num(value, digits) + "%")

    @macro
    def latest(vintage: str = "prelim", scope: str = "broad") -> CbecYear:
        """The newest non-weak row (cbec/latest.py): what every page and chart calls the latest year."""
        try:
            return latest_cbec(ds, _text("latest", "vintage", vintage), _text("latest", "scope", scope))
        except KeyError as e:
            raise PageError(f"latest({vintage!r}, {scope!r}): {e.args[0]}") from None

    @macro
    def freshness() -> Any:
        """When the data was updated, its newest source, the next expected update (cbec/latest.py)."""
        return data_freshness(ds)

    @macro
    def weak_rows() -> str:
        """What is weakly sourced today, in running text (cbec/latest.py)."""
        return weak_rows_text(ds, lang())

    @macro
    def update_note() -> str:
        """'Data last updated: … Next expected update: …', in the page's language."""
        return page.update_note()

    @macro
    def ratio(a: float, b: float, digits: int = 1) -> str:
        if not b:
            raise PageError(f"ratio({a!r}, {b!r}): the second number is zero")
        return flagged(a / b, fmt.times(a / b, digits, lang()))

    def cite_link(s: Source) -> str:
        """A citation leads to the source's entry on the Sources page, where its confidence is shown; the
        title (Material's tooltip on hover and focus) gives the title and the confidence at once."""
        zh = lang() == "zh"
        rating = chart_labels.CODES["zh"][s.confidence] if zh else s.confidence
        tip = f"{s.title}。可信度：{rating}" if zh else f"{s.title}. Confidence: {rating}"
        sep = "，" if zh else ", "
        return (
            f'<a href="{to_root()}{"zh/" if zh else ""}sources/#src-{s.id}" title="{chart_html.escape(tip)}" '
            f'data-confidence="{s.confidence}">{chart_html.escape(chart_labels.short_publisher(s, lang()))}{sep}'
            f"{fmt.date(s.date_published, lang())}</a>"
        )

    def category(name: str, code: str) -> str:
        if code not in verdict_words.VERDICTS:
            raise PageError(
                f"{name}({code!r}): no such verdict category; {closest(code, verdict_words.VERDICTS, 'categories')}"
            )
        return code

    @macro
    def verdict(c: Claim | str) -> str:
        """A claim's verdict badge (symbol, short word, colour) from its verdict_code; the same everywhere.
        A page may pass a category code for a verdict that has no claims.csv row."""
        if isinstance(c, str):
            return Markup(verdict_words.badge(category("verdict", c), lang()))
        return Markup(verdict_words.badge(c.verdict_code, lang(), c.id))

    @macro
    def verdict_word(code: str) -> str:
        """A verdict category's badge word as text ("Partly true"), for a sentence that says it in words."""
        return verdict_words.VERDICTS[category("verdict_word", code)].word(lang())

    @macro
    def claim_reviews() -> str:
        """ClaimReview JSON-LD for every claim in data/claims.csv, for the page that checks them."""
        env = page.env
        url = (env.conf.site_url or "") + (env.page.url if env.page else "")
        first = str(package_html.read_package(ds.data_dir).get("created", ""))[:10]
        dates = {c.id: review_dates(ds, c, first) for c in ds.claims}
        publisher = {"name": env.conf.site_author, "url": env.conf.site_url or ""}
        data = verdict_words.claim_reviews(ds.claims, ds.sources, url, publisher, lang(), dates)
        return Markup(f'<script type="application/ld+json">{data}</script>')

    @macro
    def rated(ids: str | list[str] | tuple[str, ...], weak: bool = False) -> list[str]:
        """The ids among `ids` whose source is rated weak (weak=True) or medium or better (weak=False), so a
        page cites a label with the sources that carry it and names the weak ones apart (review #4)."""
        ids = ids.split(";") if isinstance(ids, str) else ids
        for i in ids:
            if i not in ds.sources:
                raise PageError(f"no source '{i}' in sources.csv; {closest(i, ds.sources, 'source ids')}")
        return [i for i in ids if (ds.sources[i].confidence == "weak") == weak]

    @macro
    def cite(ids: str | list[str] | tuple[str, ...]) -> str:
        """Inline citation: '(Publisher, date)' linked to the source; ids as 'a;b' or a record's source_ids."""
        ids = ids.split(";") if isinstance(ids, str) else ids
        ids = list(dict.fromkeys(ids))  # a source cited twice in one place is linked once
        for i in ids:
            if i not in ds.sources:
                raise PageError(f"no source '{i}' in sources.csv; {closest(i, ds.sources, 'source ids')}")
        links = [cite_link(ds.sources[i]) for i in ids]
        if lang() == "zh":
            return Markup('<span class="cite">（' + "；".join(links) + "）</span>")
        return Markup('<span class="cite">(' + "; ".join(links) + ")</span>")
