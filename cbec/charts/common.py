"""One function per chart: validated records in, a ChartSpec out (figure, words, table).

Every number a chart shows or says comes from ``Dataset``; nothing is typed in here. Each
function writes its words in English or Chinese (``lang``) from the same records.
Figures carry no colours and no template: ``cbec/theme.py`` applies the light or dark theme
and the phone or desktop type sizes, resolving each trace's ``meta.c`` (a palette slot) to a
colour of that scheme; the themed figures feed both the static images and the live chart.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import plotly.graph_objects as go

from ..data import CbecYear, Dataset
from ..fmt import bn, label, mark, num, pct, tn
from ..values import headline, is_weak

# Palette slots, resolved per colour scheme by cbec/theme.py (Okabe-Ito, safe for colour-blind readers).
BLUE, VERMILLION, GREEN, PURPLE, ORANGE, GREY = range(6)


@dataclass(frozen=True)
class ChartSpec:
    id: str
    lang: str
    title: str  # the takeaway, as a headline
    subtitle: str  # indicator, unit, place, period
    summary: str  # one or two sentences: the accessible description
    notes: tuple[str, ...]  # definitions, breaks, disagreements
    source_ids: tuple[str, ...]
    figure: go.Figure
    columns: tuple[str, ...]  # the data table / CSV header (one set of names in both languages)
    rows: tuple[tuple, ...]  # every plotted value, with its source ids
    height: int = 420  # px; the CSS lets phones have a little less
    computed: bool = False  # values derived by us, not published as such
    display_rows: tuple[tuple, ...] | None = None  # the rows in the page's language, where text differs
    display_columns: tuple[str, ...] | None = None  # the page table's header, where it merges CSV columns
    phone_figure: go.Figure | None = None  # a layout for phones, where the desktop one cannot just shrink
    phone_height: int | None = None  # px at the phone image's 340 px width (default: 0.9 x height)


class Words:
    """Picks the English or Chinese wording; both are written side by side where they are used."""

    def __init__(self, lang: str):
        if lang not in ("en", "zh"):
            raise ValueError(f"unknown language {lang!r}")
        self.lang = lang

    def __call__(self, en: str, zh: str) -> str:
        return zh if self.lang == "zh" else en

    # Every number written into a chart's words goes through these, so a weakly sourced one is flagged.
    def tn(self, v: float, digits: int | None = None) -> str:
        return mark(v, tn(v, digits, lang=self.lang), self.lang)

    def num(self, v: float, digits: int | None = None) -> str:
        return mark(v, num(v, digits), self.lang)

    def pct(self, v: float, digits: int | None = None, signed: bool = True) -> str:
        return mark(v, pct(v, digits, signed), self.lang)

    def bn(self, v: float) -> str:
        return mark(v, bn(v, lang=self.lang), self.lang)

    def weak_note(self, what: list[str]) -> str | None:
        """The note that explains the asterisk on weakly sourced bars and points."""
        if not what:
            return None
        return self(f"* Weak source (one low-quality or untraceable source, no original seen): {', '.join(what)}.",
                    f"* 来源较弱（单一低质量或无法追溯的来源，未见原始发布）：{'、'.join(what)}。")

    def release(self, r: CbecYear) -> str:
        return self(f"{r.year} {self.vintage(r.vintage)}", f"{r.year}年{self.vintage(r.vintage)}")

    @property
    def in_report(self) -> str:
        return self("in the Global Times report of the workshop", "《环球时报》英文版的研讨会报道")

    def vintage(self, v: str) -> str:
        return {"prelim": self("first release", "初值"), "revised": self("revised", "修正值"),
                "restated": self("restated", "追溯重述值"),
                "published": self("as published", "公布值")}[v]

    def confidence(self, c: str) -> str:
        return {"strong": self("strong", "强"), "medium": self("medium", "中"), "weak": self("weak", "弱")}[c]

    @property
    def unit_tn(self) -> str:
        return self("trillion yuan", "万亿元")

    @property
    def growth(self) -> str:
        return self("growth", "同比增长")

    @property
    def not_published(self) -> str:
        return self("none found", "未找到")


def _layout(**overrides) -> dict:
    """Layout shared by every chart: no drag or zoom (touch scrolls the page), legend below."""
    base = dict(
        margin=dict(l=48, r=12, t=12, b=40),
        legend=dict(orientation="h", x=0, xanchor="left", y=-0.14, yanchor="top"),
        dragmode=False,
        hovermode="closest",
        xaxis=dict(fixedrange=True, automargin=True),
        yaxis=dict(fixedrange=True, automargin=True, rangemode="tozero"),
        barmode="group",
        uniformtext=dict(minsize=9, mode="hide"),  # bar labels that do not fit (phones) are hidden
    )
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = {**base[key], **value}
        else:
            base[key] = value
    return base


def _ids(*groups) -> tuple[str, ...]:
    seen: list[str] = []
    for group in groups:
        for sid in group:
            if sid not in seen:
                seen.append(sid)
    return tuple(seen)


def wrap(text: str, width: int) -> str:
    """Break a label into lines of about ``width`` characters with <br> (CJK text breaks anywhere)."""
    if " " not in text:
        return "<br>".join(text[i:i + width] for i in range(0, len(text), width))
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join(lines + [line])


def _wrapped_ticks(fig: go.Figure, labels: list[str], width: int) -> go.Figure:
    """A copy of ``fig`` whose category x labels wrap onto lines of ``width`` characters: on a phone
    the labels then fit side by side instead of overprinting (or the legend below them)."""
    out = go.Figure(fig)
    out.update_xaxes(tickmode="array", tickvals=labels, ticktext=[wrap(x, width) for x in labels], tickangle=0)
    out.update_layout(legend=dict(y=1.02, yanchor="bottom"), margin=dict(t=36))  # the labels' lines need the room below
    return out


def lower_first(text: str) -> str:
    """'Cannot be ...' -> 'cannot be ...', but 'APEC's ...' stays."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def _hatch(pattern: str) -> dict:
    """First releases are hatched, later figures solid: the vintage reads without colour."""
    return dict(pattern=dict(shape=pattern, fillmode="replace", solidity=0.45), line=dict(width=1.5))


# --- 1. yearly totals by vintage -------------------------------------------------------------


def cbec_vintages(ds: Dataset, lang: str = "en") -> ChartSpec:
    w = Words(lang)
    rows = [r for r in ds.cbec if r.scope == "broad"]
    years = list(range(min(r.year for r in rows), max(r.year for r in rows) + 1))  # keep gap years visible
    first = [r for r in rows if r.vintage == "prelim"]
    later = [r for r in rows if r.vintage in ("revised", "restated")]
    p20, r20 = ds.cbec_row(2020, "prelim"), ds.cbec_row(2020, "revised")
    start = rows[0]
    end = max((r for r in first if not is_weak(r.total_tn_cny)), key=lambda r: r.year)  # weak figures never lead

    def trace(recs: list[CbecYear], name: str, pattern: str):
        return go.Bar(
            name=name, x=[str(r.year) for r in recs], y=[r.total_tn_cny for r in recs],
            text=[label(r.total_tn_cny) for r in recs], textposition="outside", cliponaxis=False,
            marker=_hatch(pattern), meta=dict(c=BLUE),
            customdata=[[w.vintage(r.vintage), pct(r.total_yoy_pct) if r.total_yoy_pct is not None else w.not_published,
                         w.confidence(r.confidence)] for r in recs],
            hovertemplate=w("%{x}, %{customdata[0]}: <b>%{y} trillion yuan</b><br>growth: %{customdata[1]}"
                            "<br>source confidence: %{customdata[2]}",
                            "%{x}年（%{customdata[0]}）：<b>%{y}万亿元</b><br>同比增长：%{customdata[1]}"
                            "<br>来源可信度：%{customdata[2]}") + "<extra></extra>",
        )

    fig = go.Figure([trace(first, w("First release (preliminary)", "初值（首次发布）"), "/"),
                     trace(later, w("Revised or restated", "修正值或追溯重述值"), "")])
    fig.update_layout(**_layout(xaxis=dict(type="category", categoryorder="array",
                                           categoryarray=[str(y) for y in years]),
                                yaxis=dict(title=dict(text=w.unit_tn))))
    headline(p20.total_tn_cny, r20.total_tn_cny, what="the cbec-vintages chart title")
    weak = [w.release(r) for r in rows if is_weak(r.total_tn_cny)]
    missing = [y for y in years if not any(r.year == y for r in rows)]
    return ChartSpec(
        id="cbec-vintages", lang=lang,
        title=w(f"Customs revised 2020 down from {num(p20.total_tn_cny)} to {num(r20.total_tn_cny)} trillion yuan",
                f"海关将2020年数据由{num(p20.total_tn_cny)}万亿元下调至{num(r20.total_tn_cny)}万亿元"),
        subtitle=w(f"China's cross-border e-commerce imports and exports, trillion yuan, broad customs scope, "
                   f"{years[0]}\u2013{years[-1]}, by release",
                   f"中国跨境电商进出口规模，万亿元，海关全口径，{years[0]}\u2013{years[-1]}年，按发布版本"),
        summary=w(f"On customs' broad scope, cross-border e-commerce grew from {w.tn(start.total_tn_cny)} in "
                  f"{start.year} to {w.tn(end.total_tn_cny)} in {end.year} (first release). The 2020 figure "
                  f"{w.in_report}, {w.num(p20.total_tn_cny)}, was the first release; customs later revised it to "
                  f"{w.num(r20.total_tn_cny)}.",
                  f"按海关全口径，跨境电商进出口由{start.year}年的{w.tn(start.total_tn_cny)}增至{end.year}年的"
                  f"{w.tn(end.total_tn_cny)}（初值）。{w.in_report}中的2020年数据{w.tn(p20.total_tn_cny)}是初值，"
                  f"海关其后修正为{w.tn(r20.total_tn_cny)}。"),
        notes=(
            w(f"Hatched bars are first releases, published each January; solid bars are figures revised after "
              f"customs' annual survey of firms, or restated later (the {start.year} figure was published only in 2024).",
              f"斜线柱为每年1月首次发布的初值；实心柱为海关年度企业调查后的修正值，或事后追溯重述的数值"
              f"（{start.year}年数据直到2024年才公布）。"),
            *([w(f"We found no broad-scope figure for {', '.join(map(str, missing))}, so the year is left empty.",
                 f"我们没有找到{'、'.join(map(str, missing))}年的全口径数据，故该年空缺。")] if missing else []),
            *filter(None, [w.weak_note(weak)]),
        ),
        source_ids=_ids(*(r.source_ids for r in rows)),
        figure=fig,
        columns=("year", "release", "total_trillion_yuan", "growth_pct", "confidence", "sources"),
        rows=tuple((r.year, r.vintage, r.total_tn_cny, r.total_yoy_pct, r.confidence, ";".join(r.source_ids))
                   for r in sorted(rows, key=lambda r: (r.year, r.vintage != "prelim"))),
    )


# --- 2. exports vs imports -------------------------------------------------------------------


def cbec_split(ds: Dataset, lang: str = "en") -> ChartSpec:
    w = Words(lang)
    rows = [r for r in ds.cbec if r.scope == "broad" and r.exports_tn_cny is not None and r.imports_tn_cny is not None]
    labels = [w.release(r) for r in rows]
    no_split = sorted({r.year for r in ds.cbec if r.scope == "broad"} - {r.year for r in rows})
    shares = [100 * r.exports_tn_cny / (r.exports_tn_cny + r.imports_tn_cny) for r in rows]

    def trace(name, values, growth, slot):
        return go.Bar(
            name=name, x=labels, y=values, text=[label(v) for v in values], textposition="inside",
            meta=dict(c=slot),
            customdata=[[pct(g) if g is not None else w.not_published] for g in growth],
            hovertemplate=f"%{{x}}<br>{name}：<b>%{{y}}万亿元</b><br>同比增长：%{{customdata[0]}}<extra></extra>"
            if lang == "zh" else
            f"%{{x}}<br>{name}: <b>%{{y}} trillion yuan</b><br>growth: %{{customdata[0]}}<extra></extra>",
        )

    fig = go.Figure([
        trace(w("Exports", "出口"), [r.exports_tn_cny for r in rows], [r.exports_yoy_pct for r in rows], BLUE),
        trace(w("Imports", "进口"), [r.imports_tn_cny for r in rows], [r.imports_yoy_pct for r in rows], VERMILLION),
    ])
    fig.update_layout(**_layout(barmode="stack", yaxis=dict(title=dict(text=w.unit_tn)), xaxis=dict(type="category")))
    phone_fig = _wrapped_ticks(fig, labels, 5 if lang == "zh" else 8)
    lo, hi = min(shares), max(shares)
    lo_at, hi_at = labels[shares.index(lo)], labels[shares.index(hi)]
    headline(lo, hi, what="the cbec-split chart title")
    return ChartSpec(
        id="cbec-split", lang=lang,
        title=w(f"Exports are {num(lo, 0)}\u2013{num(hi, 0)}% of cross-border e-commerce where customs split it",
                f"在海关公布进出口构成的年份，出口占跨境电商的{num(lo, 0)}%\u2013{num(hi, 0)}%"),
        subtitle=w("China's cross-border e-commerce exports and imports, trillion yuan, broad customs scope, "
                   "releases that give both sides",
                   "中国跨境电商出口与进口，万亿元，海关全口径，仅含同时公布进出口的版本"),
        summary=w(f"We found both sides for {len(rows)} annual releases only. Exports made up {w.num(lo, 0)}% "
                  f"({lo_at}) to {w.num(hi, 0)}% ({hi_at}) of the total; growth rates are in the table and on hover.",
                  f"我们只找到{len(rows)}个年度版本同时公布了出口和进口。出口占比从{w.num(lo, 0)}%（{lo_at}）到"
                  f"{w.num(hi, 0)}%（{hi_at}）不等；增速见数据表及悬停提示。"),
        notes=(w(f"Years for which we found no annual split ({', '.join(map(str, no_split))}) are left out rather than "
                 "estimated; customs has also published half-year splits, not shown here.",
                 f"以下年份我们没有找到年度进出口构成（{'、'.join(map(str, no_split))}年），不作估算，直接略去；"
                 "海关另公布过半年度的进出口构成，本图未列入。"),
               *[w(f"The {r.year} revised total was published as {w.tn(r.total_tn_cny)}; its two sides add up to "
                   f"about {w.num(r.exports_tn_cny + r.imports_tn_cny, 2)}.",
                   f"{r.year}年修正后的总额公布为{w.tn(r.total_tn_cny)}，而出口与进口相加约为"
                   f"{w.tn(r.exports_tn_cny + r.imports_tn_cny, 2)}。")
                 for r in rows if abs(r.exports_tn_cny + r.imports_tn_cny - r.total_tn_cny) >= 0.01],
               w("Export shares are computed by us from the published levels.", "出口占比由本站根据公布的数值计算。")),
        source_ids=_ids(*(r.source_ids for r in rows)),
        figure=fig,
        columns=("year", "release", "exports_trillion_yuan", "exports_growth_pct", "imports_trillion_yuan",
                 "imports_growth_pct", "sources"),
        rows=tuple((r.year, r.vintage, r.exports_tn_cny, r.exports_yoy_pct, r.imports_tn_cny, r.imports_yoy_pct,
                    ";".join(r.source_ids)) for r in rows),
        phone_figure=phone_fig,
    )


# --- 3. growth vs total goods trade ----------------------------------------------------------


def growth_vs_trade(ds: Dataset, lang: str = "en") -> ChartSpec:
    w = Words(lang)
    cb = [r for r in ds.cbec if r.scope == "broad" and r.total_yoy_pct is not None]
    years = sorted({r.year for r in cb})
    trade = [ds.trade_row(y) for y in years]
    prelim = [r for r in cb if r.vintage == "prelim"]
    revised = [r for r in cb if r.vintage == "revised"]

    def bar(name, xs, ys, slot, pattern=""):
        return go.Bar(name=name, x=[str(x) for x in xs], y=ys, meta=dict(c=slot), marker=_hatch(pattern),
                      hovertemplate=w(f"%{{x}}<br>{name}: <b>%{{y:+.1f}}%</b>",
                                      f"%{{x}}年<br>{name}：<b>%{{y:+.1f}}%</b>") + "<extra></extra>")

    fig = go.Figure([
        bar(w("Cross-border e-commerce, first release", "跨境电商（初值）"),
            [r.year for r in prelim], [r.total_yoy_pct for r in prelim], BLUE, "/"),
        bar(w("Cross-border e-commerce, revised", "跨境电商（修正值）"),
            [r.year for r in revised], [r.total_yoy_pct for r in revised], BLUE),
        bar(w("All goods trade", "货物贸易总额"), years, [t.total_yoy_pct for t in trade], GREY),
    ])
    fig.update_layout(**_layout(xaxis=dict(type="category"),
                                yaxis=dict(title=dict(text=w("% change on previous year", "同比增长（%）")),
                                           ticksuffix="%", rangemode="normal", zeroline=True)))
    p20, t20 = ds.cbec_row(2020, "prelim"), ds.trade_row(2020)
    faster = sum(1 for r in prelim if r.total_yoy_pct > ds.trade_row(r.year).total_yoy_pct)
    widest = max(prelim, key=lambda r: r.total_yoy_pct - ds.trade_row(r.year).total_yoy_pct)
    wt = ds.trade_row(widest.year).total_yoy_pct
    headline(p20.total_yoy_pct, t20.total_yoy_pct, what="the growth-vs-trade chart title")
    # The note says where "measured against the previous year's revised level" holds, from the data.
    p21 = ds.cbec_row(2021, "prelim")
    base21 = p21.total_tn_cny / (1 + p21.total_yoy_pct / 100)
    no_rate = sorted({r.year for r in ds.cbec if r.scope == "broad"} - set(years))
    return ChartSpec(
        id="growth-vs-trade", lang=lang,
        title=w(f"In 2020 cross-border e-commerce grew {pct(p20.total_yoy_pct)}; all goods trade {pct(t20.total_yoy_pct)}",
                f"2020年跨境电商增长{pct(p20.total_yoy_pct, signed=False)}，货物贸易总额增长{pct(t20.total_yoy_pct, signed=False)}"),
        subtitle=w(f"Year-on-year growth, %, China, {years[0]}\u2013{years[-1]}: cross-border e-commerce (broad customs "
                   "scope) and total goods trade",
                   f"同比增速，%，中国，{years[0]}\u2013{years[-1]}年：跨境电商（海关全口径）与货物贸易总额"),
        summary=w(f"In {faster} of {len(prelim)} years with a published rate, cross-border e-commerce grew faster than "
                  f"China's goods trade as a whole (first releases). The gap was widest in {widest.year}: "
                  f"{w.pct(widest.total_yoy_pct)} against {w.pct(wt)}.",
                  f"在公布增速的{len(prelim)}个年份中，有{faster}年跨境电商增速（初值）高于货物贸易整体。"
                  f"差距最大的是{widest.year}年：{w.pct(widest.total_yoy_pct)}对{w.pct(wt)}。"),
        notes=(w("Growth rates are as published. From the 2021 revised rate on, each matches the previous year's revised "
                 f"level (computed; for 2022, on the sum of its exports and imports). Two do not: the 2020 rate is measured against a 2019 broad-scope level we found no "
                 f"figure for, and the 2021 first release ({w.pct(p21.total_yoy_pct)}) implies a 2020 base of about "
                 f"{w.tn(base21, 2)}, neither the first nor the revised 2020 figure (computed).",
                 "增速均为公布值。自2021年修正值起，各年增速都与上年修正值相符（计算值；2022年按出口与进口之和计）。有两个例外：2020年增速的基数是"
                 "我们没有找到的2019年全口径数字；2021年初值的增速"
                 f"（{w.pct(p21.total_yoy_pct, signed=False)}）推出的2020年基数约为{w.tn(base21, 2)}，"
                 "既不是2020年初值，也不是修正值（计算值）。"),
               w("Goods-trade growth is from customs' first release for each year.", "货物贸易增速取海关每年首次发布的数据。"),
               *([w(f"We found no cross-border e-commerce growth rate for {', '.join(map(str, no_rate))}.",
                    f"我们没有找到{'、'.join(map(str, no_rate))}年跨境电商的增速。")] if no_rate else [])),
        source_ids=_ids(*(r.source_ids for r in cb), *(t.source_ids for t in trade)),
        figure=fig,
        columns=("year", "series", "growth_pct", "sources"),
        rows=tuple([(r.year, f"cbec_{r.vintage}", r.total_yoy_pct, ";".join(r.source_ids))
                    for r in sorted(cb, key=lambda r: (r.year, r.vintage))]
                   + [(t.year, "goods_trade", t.total_yoy_pct, ";".join(t.source_ids)) for t in trade]),
    )


# --- 4. share of goods trade (computed) ------------------------------------------------------


def share_of_trade(ds: Dataset, lang: str = "en") -> ChartSpec:
    w = Words(lang)
    rows = [r for r in ds.cbec if r.scope == "broad"]
    first = [r for r in rows if r.vintage == "prelim"]
    later = [r for r in rows if r.vintage != "prelim"]

    def share(r):
        return round(100 * r.total_tn_cny / ds.trade_row(r.year).total_tn_cny, 2)

    def line(recs, name, dash, slot):
        return go.Scatter(name=name, x=[r.year for r in recs], y=[share(r) for r in recs], mode="lines+markers",
                          line=dict(dash=dash, width=2.5), marker=dict(size=9), meta=dict(c=slot),
                          customdata=[[num(r.total_tn_cny), num(ds.trade_row(r.year).total_tn_cny)] for r in recs],
                          hovertemplate=w(f"%{{x}}, {name.lower()}: <b>%{{y:.1f}}%</b><br>"
                                          "%{customdata[0]} of %{customdata[1]} trillion yuan",
                                          f"%{{x}}年（{name}）：<b>%{{y:.1f}}%</b><br>"
                                          "%{customdata[1]}万亿元中的%{customdata[0]}万亿元") + "<extra></extra>")

    fig = go.Figure([line(first, w("First release", "初值"), "dot", PURPLE),
                     line(later, w("Revised or restated", "修正值或追溯重述值"), "solid", GREEN)])
    fig.update_layout(**_layout(xaxis=dict(dtick=1),
                                yaxis=dict(title=dict(text=w("% of goods trade", "占货物贸易比重（%）")), ticksuffix="%")))
    lo = min(rows, key=lambda r: r.year)
    hi = max((r for r in first if not is_weak(r.total_tn_cny)), key=lambda r: r.year)  # weak figures never lead
    headline(share(lo), share(hi), what="the share-of-trade chart title")
    weak = [w.release(r) for r in rows if is_weak(r.total_tn_cny)]
    r21, r22 = ds.cbec_row(2021, "revised"), ds.cbec_row(2022, "revised")
    parts22 = 100 * (r22.exports_tn_cny + r22.imports_tn_cny) / ds.trade_row(2022).total_tn_cny
    official = ds.facts.get("cbec_share_h1_2024_pct")
    o21, o22 = ds.facts["cbec_share_2021_pct"], ds.facts["cbec_share_2022_pct"]
    return ChartSpec(
        id="share-of-trade", lang=lang,
        title=w(f"Cross-border e-commerce grew from {num(share(lo), 1)}% to {num(share(hi), 1)}% of China's goods trade "
                f"({lo.year}–{hi.year})",
                f"跨境电商占中国货物贸易的比重由{num(share(lo), 1)}%升至{num(share(hi), 1)}%（{lo.year}–{hi.year}年）"),
        subtitle=w(f"Cross-border e-commerce (broad customs scope) as a share of total goods trade, %, China, "
                   f"{lo.year}\u2013{hi.year}",
                   f"跨境电商（海关全口径）占货物贸易进出口总值的比重，%，中国，{lo.year}\u2013{hi.year}年"),
        summary=w(f"Dividing customs' cross-border e-commerce figure by total goods trade gives {w.num(share(lo), 1)}% "
                  f"in {lo.year} and {w.num(share(hi), 1)}% in {hi.year} (first release).",
                  f"以海关跨境电商规模除以同年货物贸易总值，{lo.year}年为{w.num(share(lo), 1)}%，"
                  f"{hi.year}年为{w.num(share(hi), 1)}%（初值）。"),
        notes=(w("Computed by us: cross-border e-commerce divided by the same year's total goods trade (first release).",
                 "本站计算：跨境电商规模除以同年货物贸易总值（首次发布值）。"),
               w(f"Customs itself gave {w.num(o21.value)}% for 2021 and {w.num(o22.value)}% for 2022. For 2021 our revised share agrees ({w.num(share(r21), 2)}%); "
                 f"for 2022 the published {w.tn(r22.total_tn_cny)} gives {w.num(share(r22), 2)}%, and only the sum of "
                 f"exports and imports gives {w.num(parts22, 2)}%.",
                 (f"海关公布的2021年和2022年比重均为{w.num(o21.value)}%。" if o21.value == o22.value else
                 f"海关公布的2021年和2022年比重分别为{w.num(o21.value)}%和{w.num(o22.value)}%。") + f"2021年与本站按修正值计算的结果一致（{w.num(share(r21), 2)}%）；"
                 f"2022年按公布的{w.tn(r22.total_tn_cny)}计算为{w.num(share(r22), 2)}%，只有按出口与进口之和计算"
                 f"才是{w.num(parts22, 2)}%。"),
               *([w(f"Customs' own figure for the first half of 2024, from its survey: {w.num(official.value)}%.",
                    f"海关根据调查公布的2024年上半年比重为{w.num(official.value)}%。")] if official else []),
               *filter(None, [w.weak_note(weak)]),
               w("Cross-border e-commerce is already part of total goods trade, so this is a true share.",
                 "跨境电商已计入货物贸易总值，因此这是真正的占比。")),
        source_ids=_ids(*(r.source_ids for r in rows), *(ds.trade_row(r.year).source_ids for r in rows)),
        figure=fig,
        columns=("year", "release", "cbec_trillion_yuan", "goods_trade_trillion_yuan", "share_pct_computed", "sources"),
        rows=tuple((r.year, r.vintage, r.total_tn_cny, ds.trade_row(r.year).total_tn_cny, share(r),
                    ";".join(_ids(r.source_ids, ds.trade_row(r.year).source_ids)))
                   for r in sorted(rows, key=lambda r: (r.year, r.vintage != "prelim"))),
        computed=True,
    )


# --- 5. pilot zones --------------------------------------------------------------------------


def pilot_zones(ds: Dataset, lang: str = "en") -> ChartSpec:
    w = Words(lang)
    z = ds.zones
    labels = [w(f"{b.date[:4]} (batch {b.batch})", f"{b.date[:4]}年（第{b.batch}批）") for b in z]
    examples = [w(b.examples, b.examples_zh) for b in z]
    basis = {"approved": w("approved", "批复"), "published": w("published", "公布"), "announced": w("announced", "宣布")}

    def change(b) -> str:
        text = f"+{num(b.zones_added)}" + (f" \u2212{num(b.zones_revoked)}" if b.zones_revoked else "")
        return text + ("*" if is_weak(b.cumulative) else "")

    fig = go.Figure(go.Bar(
        name=w("Pilot zones, cumulative", "综试区累计数量"), x=labels, y=[b.cumulative for b in z], meta=dict(c=GREEN),
        text=[change(b) for b in z], textposition="outside", cliponaxis=False,
        customdata=[[change(b), f"{basis[b.date_basis]} {b.date}", e] for b, e in zip(z, examples)],
        hovertemplate=w("Batch %{customdata[1]}: <b>%{customdata[0]}</b>, %{y} in all<br>%{customdata[2]}",
                        "%{customdata[1]}：<b>%{customdata[0]}</b>，累计%{y}个<br>%{customdata[2]}")
        + "<extra></extra>",
    ))
    two_lines = [w(f"{b.date[:4]}<br>batch {b.batch}", f"{b.date[:4]}年<br>第{b.batch}批") for b in z]
    fig.update_layout(**_layout(showlegend=False, xaxis=dict(type="category", tickangle=0, tickmode="array",
                                                             tickvals=labels, ticktext=two_lines),
                                yaxis=dict(title=dict(text=w("zones (cumulative)", "综试区数量（累计）")))))
    sure = [b for b in z if not is_weak(b.cumulative)]  # weakly sourced batches may be shown, never lead
    last = sure[-1]
    headline(z[0].cumulative, last.cumulative, what="the pilot-zones chart title")
    later = z[len(sure):]
    # On a phone seven batch labels do not fit side by side: the same bars, laid horizontally.
    phone_fig = go.Figure(go.Bar(fig.data[0]).update(x=[b.cumulative for b in z], y=labels, orientation="h",
                                             hovertemplate=fig.data[0].hovertemplate.replace("%{y}", "%{x}")))
    phone_fig.update_layout(**_layout(showlegend=False, margin=dict(l=8, r=16, t=8, b=44),
                                      yaxis=dict(type="category", autorange="reversed", rangemode=None,
                                                 tickmode="auto"),
                                      xaxis=dict(title=dict(text=w("zones (cumulative)", "综试区数量（累计）")),
                                                 rangemode="tozero")))
    big = max(z, key=lambda b: b.zones_added)
    weak = [w(f"batch {b.batch}", f"第{b.batch}批") for b in z if is_weak(b.cumulative)]
    return ChartSpec(
        id="pilot-zones", lang=lang,
        title=w(f"Pilot zones grew from {num(z[0].cumulative)} to {num(last.cumulative)} in {len(sure)} batches to "
                f"{last.date[:4]}" + (f"; {len(later)} more batch{'es' if len(later) > 1 else ''} followed" if later else ""),
                f"跨境电商综试区截至{last.date[:4]}年分{len(sure)}批设立，由{num(z[0].cumulative)}个增至"
                f"{num(last.cumulative)}个" + (f"；此后又有{len(later)}批" if later else "")),
        subtitle=w(f"Comprehensive pilot zones for cross-border e-commerce, cumulative number, China, "
                   f"{z[0].date[:4]}\u2013{z[-1].date[:4]}; labels show zones added (+) and revoked (\u2212) in each batch",
                   f"跨境电子商务综合试验区累计数量，中国，{z[0].date[:4]}\u2013{z[-1].date[:4]}年；"
                   "标签为每批新增（+）和撤销（\u2212）的数量"),
        summary=w(f"The State Council set up pilot zones in {len(z)} batches: {z[0].examples} alone in "
                  f"{z[0].date[:4]}, {w.num(last.cumulative)} zones by batch {last.batch} ({last.date[:4]}), the largest "
                  f"batch ({num(big.zones_added)}) in {big.date[:4]}"
                  + "".join(f"; batch {b.batch} ({b.date[:4]}) added {w.num(b.zones_added)} and revoked "
                            f"{w.num(b.zones_revoked)}, {w.num(b.cumulative)} in all by our count" for b in later) + ".",
                  f"国务院先后分{len(z)}批设立综试区：{z[0].date[:4]}年仅有{z[0].examples_zh}一个，"
                  f"到第{last.batch}批（{last.date[:4]}年）共{w.num(last.cumulative)}个，规模最大的一批"
                  f"（{num(big.zones_added)}个）在{big.date[:4]}年"
                  + "".join(f"；第{b.batch}批（{b.date[:4]}年）新增{w.num(b.zones_added)}个、撤销"
                            f"{w.num(b.zones_revoked)}个，按本站计算共{w.num(b.cumulative)}个" for b in later) + "。"),
        notes=(w("The count is cumulative: zones added in each batch less any revoked; no official body has published "
                 "the total after the latest batch, so the last figure is our computation.",
                 "累计数量按每批新增数减去撤销数计算；最近一批之后的总数未见官方公布，最后一个数字为本站计算。"),
               *(w(f"Batch {b.batch}: {b.note}", f"第{b.batch}批：{b.note_zh}") for b in z if b.note),
               *filter(None, [w.weak_note(weak)])),
        source_ids=_ids(*(b.source_ids for b in z)),
        figure=fig,
        columns=("batch", "date", "date_basis", "zones_added", "zones_revoked", "cumulative", "examples", "sources"),
        rows=tuple((b.batch, b.date, b.date_basis, b.zones_added, b.zones_revoked, b.cumulative, b.examples,
                    ";".join(b.source_ids)) for b in z),
        # On the page (and on paper) five columns: date and its basis in one cell, added and revoked in one.
        display_columns=("batch", "date", "change", "cumulative", "examples", "sources"),
        display_rows=tuple((b.batch, f"{basis[b.date_basis]} {b.date}", change(b), b.cumulative, e, "")
                           for b, e in zip(z, examples)),
        height=380,
        phone_figure=phone_fig,
        phone_height=400,
    )


# --- 6. the series break ---------------------------------------------------------------------


def series_break(ds: Dataset, lang: str = "en") -> ChartSpec:
    w = Words(lang)
    old = [r for r in ds.cbec if r.scope == "platform"]
    new = [r for r in ds.cbec if r.scope == "broad" and r.vintage in ("prelim", "restated")]
    before = [r for r in new if r.year < 2020]
    after = [r for r in new if r.year >= 2020]
    fig = go.Figure([
        go.Scatter(name=w("Old series: customs platforms (retail)", "旧口径：海关跨境电商平台（零售）"),
                   x=[r.year for r in old], y=[r.total_tn_cny for r in old],
                   mode="lines+markers+text", text=["*" if is_weak(r.total_tn_cny) else "" for r in old],
                   textposition="top center",
                   meta=dict(c=VERMILLION), line=dict(width=2.5), marker=dict(size=9, symbol="square"),
                   customdata=[[w.bn(r.total_tn_cny)] for r in old],
                   hovertemplate=w("%{x}, old series: <b>%{customdata[0]}</b>",
                                   "%{x}年（旧口径）：<b>%{customdata[0]}</b>") + "<extra></extra>"),
        # A None between 2018 and 2020 keeps the broad line from bridging the missing 2019.
        go.Scatter(name=w("Broad series (first release; 2018 restated)", "全口径（初值；2018年为追溯重述值）"),
                   x=[r.year for r in before] + [2019] + [r.year for r in after],
                   y=[r.total_tn_cny for r in before] + [None] + [r.total_tn_cny for r in after],
                   mode="lines+markers", meta=dict(c=BLUE), line=dict(width=2.5), marker=dict(size=9), connectgaps=False,
                   hovertemplate=w("%{x}, broad series: <b>%{y} trillion yuan</b>",
                                   "%{x}年（全口径）：<b>%{y}万亿元</b>") + "<extra></extra>"),
    ])
    fig.add_vline(x=2019.5, line=dict(dash="dash", width=1.5))  # coloured by charts.js
    fig.add_annotation(x=2019.5, y=1, yref="paper", text=w("2020: scope widened", "2020年：统计口径扩大"),
                       showarrow=False, xanchor="left", yanchor="top", xshift=4)
    fig.update_layout(**_layout(xaxis=dict(dtick=1), yaxis=dict(title=dict(text=w.unit_tn))))
    o19 = ds.cbec_row(2019, "published", "platform")
    b18 = ds.cbec_row(2018, "restated")
    o18 = ds.cbec_row(2018, "published", "platform")
    p20 = ds.cbec_row(2020, "prelim")
    base19 = p20.total_tn_cny / (1 + p20.total_yoy_pct / 100)  # the broad 2019 level the 2020 growth rate implies
    fold = base19 / o19.total_tn_cny
    headline(fold, what="the series-break chart title")
    weak = [w(f"{r.year} old series", f"{r.year}年旧口径") for r in old if is_weak(r.total_tn_cny)]
    return ChartSpec(
        id="series-break", lang=lang,
        title=w(f"For 2019 the broad series implies about {num(fold, 0)} times the old one: they cannot be joined",
                f"就2019年而言，全口径推算值约为旧口径的{num(fold, 0)}倍，两者不能接续比较"),
        subtitle=w(f"China's cross-border e-commerce, trillion yuan: customs' old platform series "
                   f"({old[0].year}\u2013{old[-1].year}) and the broad series ({new[0].year}\u2013{new[-1].year})",
                   f"中国跨境电商规模，万亿元：海关旧平台口径（{old[0].year}\u2013{old[-1].year}年）与全口径"
                   f"（{new[0].year}\u2013{new[-1].year}年）"),
        summary=w(f"Up to and including 2019 customs counted only trade through its e-commerce platforms: "
                  f"{w.bn(o19.total_tn_cny)} in 2019. The 2020 growth rate on the wider scope implies a 2019 level of "
                  f"about {w.tn(base19, 2)} (computed), about {w.num(fold, 0)} times as much. Restated on the broad "
                  f"scope, 2018 gives {w.tn(b18.total_tn_cny)}, against {w.bn(o18.total_tn_cny)} on the old basis.",
                  f"2019年及以前，海关只统计通过其跨境电商平台申报的交易：2019年为{w.bn(o19.total_tn_cny)}。"
                  f"按2020年新口径的增速推算，2019年约为{w.tn(base19, 2)}（计算值），约为前者的{w.num(fold, 0)}倍。"
                  f"按全口径追溯，2018年为{w.tn(b18.total_tn_cny)}，而旧口径为{w.bn(o18.total_tn_cny)}。"),
        notes=(w("The two lines are separate series and are never joined; we found no broad-scope figure for 2019.",
                 "两条线是不同的统计序列，不作接续；我们没有找到2019年的全口径数据。"),
               w("Old-series figures are shown as published; the sources do not say whether they were first releases "
                 "or revised.", "旧口径数据按公布值列出；来源没有说明它们是初值还是修正值。"),
               *filter(None, [w.weak_note(weak)]),
               w("Growth computed across the break (for example 2020 against 2019's old figure) is not meaningful.",
                 "跨越口径变化计算的增速（例如以2019年旧口径数据为基数计算2020年增速）没有意义。")),
        source_ids=_ids(*(r.source_ids for r in old + new)),
        figure=fig,
        columns=("year", "series", "release", "total_trillion_yuan", "sources"),
        rows=tuple((r.year, r.scope, r.vintage, r.total_tn_cny, ";".join(r.source_ids))
                   for r in sorted(old + new, key=lambda r: (r.year, r.scope))),
    )


# --- 7. claims vs sources --------------------------------------------------------------------

# Each verdict category, as the claims headline counts it. The headline is built from these codes
# (data/claims.csv verdict_code), never from comparing numbers, so it cannot contradict the verdicts.
VERDICT_PHRASES = {
    "right_then_revised": ("{n} right when published, later revised", "{n}个发布时准确、后被修正"),
    "not_reproducible": ("{n} not reproducible", "{n}个无法复现"),
    "no_source_found": ("{n} with no source found", "{n}个找不到出处"),
    "matches_one_source": ("{n} matching one of two conflicting sources", "{n}个与说法不一的两个来源之一相符"),
    "partly_true": ("{n} partly true", "{n}个部分属实"),
}


def verdict_headline(cs, lang: str = "en") -> str:
    w = Words(lang)
    counts = {code: sum(1 for c in cs if c.verdict_code == code) for code in VERDICT_PHRASES}
    parts = [w(*VERDICT_PHRASES[code]).format(n=n) for code, n in counts.items() if n]
    return w(f"The report's {len(cs)} figures: " + "; ".join(parts),
             f"报道中的{len(cs)}个数字：" + "；".join(parts))


def attribution(c, lang: str = "en") -> str:
    """Who the Global Times report attributes a figure to, worded from data/claims.csv."""
    w = Words(lang)
    return {
        "official_data": w("given as \u201cofficial data\u201d; no speaker named", "报道称“官方数据显示”，未说明出自哪位发言人"),
        "named_source": w(f"attributed to {c.attributed_name} data; no speaker named",
                          f"报道称引自{c.attributed_name_zh}的数据，未说明出自哪位发言人"),
        "none": w("no source or speaker given", "报道未注明来源或发言人"),
        "speaker": w(f"said by {c.attributed_name}", f"{c.attributed_name_zh}所说"),
    }[c.attribution]



def _claims_figure(cs, w: Words, phone: bool) -> tuple[go.Figure, int]:
    """Small multiples, one panel per claim, laid out in pixels for one width class.

    Each panel: the claim and its unit, our verdict on a second line, then its two or three bars,
    each labelled with its value. Panels have their own unit, so no panel needs an axis of
    numbers: the value labels carry them, and nothing sits between one panel's bars and the next
    panel's title (the old layout put tick labels there, which the titles overprinted on
    phones). Text is wrapped to the width class (plotly does not wrap), and every panel gets the
    height its own lines need, so nothing overlaps in either language.
    """
    cjk = w.lang == "zh"
    chars = (22 if phone else 46) if cjk else (42 if phone else 88)
    line, bar, gap = 17, 24, 16  # px: a 13 px text line, one bar band, space between panels
    said = w("In the Global Times report", "《环球时报》英文版报道")
    sourced = w("What the sources say", "原始来源的数据")
    other = w("Another source says", "另一来源的数据")
    panels, y = [], 0
    for c in cs:
        head = wrap(w(f"{c.claim} ({c.unit})", f"{c.claim_zh}（{c.unit_zh}）"), chars)
        verdict = wrap(w(f"Verdict: {c.verdict}", f"结论：{c.verdict_zh}"), chars + (0 if cjk else 4))
        n_lines = head.count("<br>") + verdict.count("<br>") + 2
        n_bars = 3 if c.alt_value is not None else 2
        top = y
        y += n_lines * line + 6
        panels.append((c, head, verdict, top, y, y + n_bars * bar, n_bars))
        y += n_bars * bar + gap
    plot_h = y - gap
    legend_h = 3 * 20 + 8 if phone else 30
    margin = dict(l=4, r=8, t=6, b=legend_h + 8)
    height = plot_h + margin["t"] + margin["b"]
    fig = go.Figure()
    layout: dict = dict(margin=margin, dragmode=False, hovermode="closest", showlegend=True, bargap=0.22,
                        legend=dict(orientation="h", x=0, xanchor="left", y=-8 / plot_h, yanchor="top",
                                    traceorder="normal"),
                        annotations=[])
    for i, (c, head, verdict, top, bars_top, bottom, n_bars) in enumerate(panels, start=1):
        bars = [(said, c.claimed_value, w("Global Times report, 8 Sep 2021", "《环球时报》英文版报道，2021年9月8日")),
                (sourced, c.sourced_value, w(c.sourced_label, c.sourced_label_zh))]
        if c.alt_value is not None:
            bars.append((other, c.alt_value, w(c.alt_label, c.alt_label_zh)))
        ax = "" if i == 1 else str(i)
        for j, (label, value, note) in enumerate(bars):
            fig.add_trace(go.Bar(
                name=label, legendgroup=label, showlegend=i == 1 or (j == 2 and not any(p[6] == 3 for p in panels[:i - 1])),
                y=[label], x=[value], orientation="h", meta=dict(c=[ORANGE, BLUE, PURPLE][j]),
                text=[num(value)], textposition="outside", cliponaxis=False, xaxis=f"x{ax}", yaxis=f"y{ax}",
                customdata=[[note, w(c.unit, c.unit_zh)]],
                hovertemplate=w("%{customdata[0]}: <b>%{x} %{customdata[1]}</b>",
                                "%{customdata[0]}：<b>%{x}%{customdata[1]}</b>") + "<extra></extra>",
            ))
        layout[f"xaxis{ax}"] = dict(anchor=f"y{ax}", domain=[0, 1], fixedrange=True, showticklabels=False,
                                    ticks="", showgrid=False, zeroline=True, range=[0, max(b[1] for b in bars) * 1.2])
        layout[f"yaxis{ax}"] = dict(anchor=f"x{ax}", fixedrange=True, showticklabels=False, ticks="", autorange="reversed",
                                    domain=[1 - bottom / plot_h, 1 - bars_top / plot_h])
        layout["annotations"] += [
            dict(text=f"<b>{head}</b>", x=0, y=1 - top / plot_h, xref="paper", yref="paper", xanchor="left",
                 yanchor="top", align="left", showarrow=False),
            dict(text=f"<i>{verdict}</i>", x=0, y=1 - (top + (head.count("<br>") + 1) * line) / plot_h, xref="paper",
                 yref="paper", xanchor="left", yanchor="top", align="left", showarrow=False, font=dict(size=12)),
        ]
    fig.update_layout(**layout)
    return fig, height


def claims(ds: Dataset, lang: str = "en") -> ChartSpec:
    w = Words(lang)
    cs = ds.claims
    fig, height = _claims_figure(cs, w, phone=False)
    phone_fig, phone_height = _claims_figure(cs, w, phone=True)
    tt = next((c for c in cs if c.id == "ten-times"), None)
    top = ds.facts.get("unctad_top_b2c_firms")
    return ChartSpec(
        id="claims", lang=lang,
        title=verdict_headline(cs, lang),
        subtitle=w("Figures in the Global Times report of the workshop (8 Sep 2021) against the primary sources; "
                   "each panel has its own unit",
                   "《环球时报》英文版研讨会报道（2021年9月8日）中的数字与原始来源对照；各小图单位不同"),
        # Short: the verdicts are in the panels, who the report attributes each figure to is in the table.
        summary=w("Each panel sets a figure from the report against its source: "
                  + "; ".join(f"{c.claim}, {w.num(c.claimed_value)} against {w.num(c.sourced_value)}"
                              for c in cs) + ".",
                  "各小图把报道中的数字与来源对照：" + "；".join(
                      f"{c.claim_zh}，报道为{w.num(c.claimed_value)}，来源为{w.num(c.sourced_value)}" for c in cs) + "。"),
        notes=(*([w(f"For \u201cnearly {num(tt.claimed_value)} times\u201d, MOFCOM's wording in 2022 (known only from a weak "
                    f"copy) counts from 2017, when we found customs figures only on its old platform series: the 2021 first release is about {w.num(tt.sourced_value, 0)} times "
                    f"that 2017 figure, and within the broad series, 2018 to 2021, growth was about "
                    f"{w.num(tt.alt_value)} times (both computed).",
                    f"“近{num(tt.claimed_value)}倍”一项：商务部2022年的说法（只见于一份可信度弱的转载）以2017年为起点，而我们找到的海关2017年数字只有旧平台口径的。"
                    f"2021年初值约为该数字的{w.num(tt.sourced_value, 0)}倍；在全口径之内，2018年至2021年约为"
                    f"{w.num(tt.alt_value)}倍（均为计算值）。")] if tt else []),
               *([w(f"For UNCTAD the closest published figure measures the {num(top.value)} largest B2C firms' sales, "
                    "not cross-border trade.",
                    f"贸发会议一项，最接近的公布数据衡量的是{num(top.value)}家最大B2C企业的销售额，而非跨境贸易。")]
                 if top else []),
               w("For APEC, the SME Working Group page and APEC's fact sheet give different shares.",
                 "亚太经合组织一项，其中小企业工作组页面与概况介绍给出的比重不同。")),
        source_ids=_ids(*(c.claim_source_ids + c.check_source_ids for c in cs)),
        figure=fig,
        columns=("claim", "unit", "in_report", "attributed_to", "sourced", "other_source", "verdict", "sources"),
        rows=tuple((c.claim, c.unit, c.claimed_value, attribution(c, "en"), c.sourced_value, c.alt_value, c.verdict,
                    ";".join(_ids(c.claim_source_ids, c.check_source_ids))) for c in cs),
        display_rows=tuple((w(c.claim, c.claim_zh), w(c.unit, c.unit_zh), c.claimed_value, attribution(c, lang),
                            c.sourced_value, c.alt_value, w(c.verdict, c.verdict_zh), "") for c in cs),
        height=height,
        phone_figure=phone_fig,
        phone_height=phone_height,
    )


CHARTS: dict[str, Callable[..., ChartSpec]] = {
    f.__name__.replace("_", "-"): f
    for f in (cbec_vintages, cbec_split, growth_vs_trade, share_of_trade, pilot_zones, series_break, claims)
}
LANGS = ("en", "zh")


def build_all(ds: Dataset, lang: str = "en") -> dict[str, ChartSpec]:
    specs = {}
    for chart_id, build in CHARTS.items():
        spec = build(ds, lang)
        assert spec.id == chart_id, f"{build.__name__} returned id {spec.id!r}"
        specs[chart_id] = spec
    return specs
