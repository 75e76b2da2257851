"""One function per chart: validated records in, a ChartSpec out (figure, words, table).

Every number a chart shows or says comes from ``Dataset``; nothing is typed in here.
Figures carry no colours and no template: ``docs/assets/javascripts/charts.js``
applies the light or dark theme in the browser, and resolves each trace's
``meta.c`` (a palette slot) to a colour of that scheme, so one JSON file serves both.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .data import Dataset
from .fmt import num, pct, tn

# Palette slots, resolved per colour scheme by charts.js (Okabe-Ito, safe for colour-blind readers).
BLUE, VERMILLION, GREEN, PURPLE, ORANGE, GREY = range(6)


@dataclass(frozen=True)
class ChartSpec:
    id: str
    title: str  # the takeaway, as a headline
    subtitle: str  # indicator, unit, place, period
    summary: str  # one or two sentences: the accessible description
    notes: tuple[str, ...]  # definitions, breaks, disagreements
    source_ids: tuple[str, ...]
    figure: go.Figure
    columns: tuple[str, ...]  # the data table / CSV header
    rows: tuple[tuple, ...]  # every plotted value, with its source ids
    height: int = 420  # px on a desktop; the CSS gives phones their own height
    computed: bool = False  # values derived by us, not published as such
    extra: dict = field(default_factory=dict)


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


def _vintage_label(v: str) -> str:
    return {"prelim": "first release", "revised": "revised", "restated": "restated"}[v]


# --- 1. yearly totals by vintage -------------------------------------------------------------


def cbec_vintages(ds: Dataset) -> ChartSpec:
    rows = [r for r in ds.cbec if r.scope == "broad"]
    years = list(range(min(r.year for r in rows), max(r.year for r in rows) + 1))  # keep gap years visible
    first = [r for r in rows if r.vintage == "prelim"]
    later = [r for r in rows if r.vintage in ("revised", "restated")]
    p20, r20 = ds.cbec_row(2020, "prelim"), ds.cbec_row(2020, "revised")
    start, end = rows[0], max(first, key=lambda r: r.year)

    def trace(recs, name, pattern):
        return go.Bar(
            name=name, x=[str(r.year) for r in recs], y=[r.total_tn_cny for r in recs],
            text=[num(r.total_tn_cny) for r in recs], textposition="outside", cliponaxis=False,
            marker=dict(pattern=dict(shape=pattern, fillmode="replace", solidity=0.45),
                        line=dict(width=1.5)),
            meta=dict(c=BLUE),
            customdata=[[_vintage_label(r.vintage), pct(r.total_yoy_pct) if r.total_yoy_pct is not None
                         else "not published", r.confidence] for r in recs],
            hovertemplate="%{x}, %{customdata[0]}: <b>%{y} trillion yuan</b><br>"
                          "growth: %{customdata[1]}<br>source confidence: %{customdata[2]}<extra></extra>",
        )

    fig = go.Figure([trace(first, "First release (preliminary)", "/"),
                     trace(later, "Revised or restated", "")])
    fig.update_layout(**_layout(xaxis=dict(type="category", categoryorder="array", categoryarray=[str(y) for y in years]),
                                yaxis=dict(title=dict(text="trillion yuan"))))
    return ChartSpec(
        id="cbec-vintages",
        title=f"Customs revised 2020 down from {num(p20.total_tn_cny)} to {num(r20.total_tn_cny)} trillion yuan",
        subtitle=f"China's cross-border e-commerce imports and exports, trillion yuan, broad customs scope, "
                 f"{years[0]}\u2013{years[-1]}, by release",
        summary=f"On customs' broad scope, cross-border e-commerce grew from {tn(start.total_tn_cny)} in "
                f"{start.year} to {tn(end.total_tn_cny)} in {end.year} (first release). The 2020 figure quoted at "
                f"the workshop, {num(p20.total_tn_cny)}, was the first release; customs later revised it to "
                f"{num(r20.total_tn_cny)}.",
        notes=(
            f"Hatched bars are first releases, published each January; solid bars are figures revised after "
            f"customs' annual survey of firms, or restated later (the {start.year} figure was published only in 2024).",
            "No broad-scope figure for 2019 was published, so that year is empty.",
            "The 2024 revised and 2025 figures rest on weak sources (no customs original seen).",
        ),
        source_ids=_ids(*(r.source_ids for r in rows)),
        figure=fig,
        columns=("year", "release", "total_trillion_yuan", "growth_pct", "confidence", "sources"),
        rows=tuple((r.year, r.vintage, r.total_tn_cny, r.total_yoy_pct, r.confidence, ";".join(r.source_ids))
                   for r in sorted(rows, key=lambda r: (r.year, r.vintage != "prelim"))),
    )


# --- 2. exports vs imports -------------------------------------------------------------------


def cbec_split(ds: Dataset) -> ChartSpec:
    rows = [r for r in ds.cbec if r.scope == "broad" and r.exports_tn_cny is not None and r.imports_tn_cny is not None]
    labels = [f"{r.year} {_vintage_label(r.vintage)}" for r in rows]
    shares = [100 * r.exports_tn_cny / (r.exports_tn_cny + r.imports_tn_cny) for r in rows]

    def trace(name, values, growth, slot):
        return go.Bar(
            name=name, x=labels, y=values, text=[num(v) for v in values], textposition="inside",
            meta=dict(c=slot),
            customdata=[[pct(g) if g is not None else "not published"] for g in growth],
            hovertemplate=f"%{{x}}<br>{name}: <b>%{{y}} trillion yuan</b><br>growth: %{{customdata[0]}}<extra></extra>",
        )

    fig = go.Figure([
        trace("Exports", [r.exports_tn_cny for r in rows], [r.exports_yoy_pct for r in rows], BLUE),
        trace("Imports", [r.imports_tn_cny for r in rows], [r.imports_yoy_pct for r in rows], VERMILLION),
    ])
    fig.update_layout(**_layout(barmode="stack", yaxis=dict(title=dict(text="trillion yuan")),
                                xaxis=dict(type="category")))
    lo, hi = min(shares), max(shares)
    return ChartSpec(
        id="cbec-split",
        title=f"Exports are {num(lo, 0)}\u2013{num(hi, 0)}% of cross-border e-commerce where customs split it",
        subtitle="China's cross-border e-commerce exports and imports, trillion yuan, broad customs scope, "
                 "releases that give both sides",
        summary=f"Customs published both sides for {len(rows)} releases only. Exports made up {num(lo, 0)}% "
                f"({labels[shares.index(lo)]}) to {num(hi, 0)}% ({labels[shares.index(hi)]}) of the total; "
                f"growth rates are in the table and on hover.",
        notes=("Years without a published split (2021, 2023, 2024, 2025) are left out rather than estimated.",
               "The 2022 revised total was published as 2.1 trillion yuan; its two sides add up to about 2.06.",
               "Export shares are computed by us from the published levels."),
        source_ids=_ids(*(r.source_ids for r in rows)),
        figure=fig,
        columns=("year", "release", "exports_trillion_yuan", "exports_growth_pct", "imports_trillion_yuan",
                 "imports_growth_pct", "sources"),
        rows=tuple((r.year, r.vintage, r.exports_tn_cny, r.exports_yoy_pct, r.imports_tn_cny, r.imports_yoy_pct,
                    ";".join(r.source_ids)) for r in rows),
    )


# --- 3. growth vs total goods trade ----------------------------------------------------------


def growth_vs_trade(ds: Dataset) -> ChartSpec:
    cb = [r for r in ds.cbec if r.scope == "broad" and r.total_yoy_pct is not None]
    years = sorted({r.year for r in cb})
    trade = [ds.trade_row(y) for y in years]
    prelim = [r for r in cb if r.vintage == "prelim"]
    revised = [r for r in cb if r.vintage == "revised"]

    def bar(name, xs, ys, slot, pattern=""):
        return go.Bar(name=name, x=[str(x) for x in xs], y=ys, meta=dict(c=slot),
                      marker=dict(pattern=dict(shape=pattern, fillmode="replace", solidity=0.45), line=dict(width=1.5)),
                      hovertemplate=f"%{{x}}<br>{name}: <b>%{{y:+.1f}}%</b><extra></extra>")

    fig = go.Figure([
        bar("Cross-border e-commerce, first release", [r.year for r in prelim], [r.total_yoy_pct for r in prelim], BLUE, "/"),
        bar("Cross-border e-commerce, revised", [r.year for r in revised], [r.total_yoy_pct for r in revised], BLUE),
        bar("All goods trade", years, [t.total_yoy_pct for t in trade], GREY),
    ])
    fig.update_layout(**_layout(xaxis=dict(type="category"),
                                yaxis=dict(title=dict(text="% change on previous year"), ticksuffix="%",
                                           rangemode="normal", zeroline=True)))
    p20, t20 = ds.cbec_row(2020, "prelim"), ds.trade_row(2020)
    faster = sum(1 for r in prelim if r.total_yoy_pct > ds.trade_row(r.year).total_yoy_pct)
    widest = max(prelim, key=lambda r: r.total_yoy_pct - ds.trade_row(r.year).total_yoy_pct)
    return ChartSpec(
        id="growth-vs-trade",
        title=f"In 2020 cross-border e-commerce grew {pct(p20.total_yoy_pct)}; all goods trade {pct(t20.total_yoy_pct)}",
        subtitle=f"Year-on-year growth, %, China, {years[0]}\u2013{years[-1]}: cross-border e-commerce (broad customs "
                 "scope) and total goods trade",
        summary=f"In {faster} of {len(prelim)} years with a published rate, cross-border e-commerce grew faster than "
                f"China's goods trade as a whole (first releases). The gap was widest in {widest.year}: "
                f"{pct(widest.total_yoy_pct)} against {pct(ds.trade_row(widest.year).total_yoy_pct)}.",
        notes=("Growth rates are as published; each is measured against the previous year's revised level.",
               "Goods-trade growth is from customs' first release for each year.",
               "No growth rate was found for 2025 cross-border e-commerce."),
        source_ids=_ids(*(r.source_ids for r in cb), *(t.source_ids for t in trade)),
        figure=fig,
        columns=("year", "series", "growth_pct", "sources"),
        rows=tuple([(r.year, f"cross-border e-commerce ({r.vintage})", r.total_yoy_pct, ";".join(r.source_ids))
                    for r in sorted(cb, key=lambda r: (r.year, r.vintage))]
                   + [(t.year, "goods trade", t.total_yoy_pct, ";".join(t.source_ids)) for t in trade]),
    )


# --- 4. share of goods trade (computed) ------------------------------------------------------


def share_of_trade(ds: Dataset) -> ChartSpec:
    rows = [r for r in ds.cbec if r.scope == "broad"]
    first = [r for r in rows if r.vintage == "prelim"]
    later = [r for r in rows if r.vintage != "prelim"]

    def share(r):
        return round(100 * r.total_tn_cny / ds.trade_row(r.year).total_tn_cny, 2)

    def line(recs, name, dash):
        return go.Scatter(name=name, x=[r.year for r in recs], y=[share(r) for r in recs], mode="lines+markers",
                          line=dict(dash=dash, width=2.5), marker=dict(size=9), meta=dict(c=GREEN if dash == "solid" else PURPLE),
                          customdata=[[num(r.total_tn_cny), num(ds.trade_row(r.year).total_tn_cny)] for r in recs],
                          hovertemplate=f"%{{x}}, {name.lower()}: <b>%{{y:.1f}}%</b><br>"
                                        "%{customdata[0]} of %{customdata[1]} trillion yuan<extra></extra>")

    fig = go.Figure([line(first, "First release", "dot"), line(later, "Revised or restated", "solid")])
    fig.update_layout(**_layout(xaxis=dict(dtick=1), yaxis=dict(title=dict(text="% of goods trade"), ticksuffix="%")))
    lo = min(rows, key=lambda r: r.year)
    hi = max(first, key=lambda r: r.year)
    return ChartSpec(
        id="share-of-trade",
        title=f"Cross-border e-commerce grew from {num(share(lo), 1)}% to {num(share(hi), 1)}% of China's goods trade",
        subtitle=f"Cross-border e-commerce (broad customs scope) as a share of total goods trade, %, China, "
                 f"{lo.year}\u2013{hi.year} (computed)",
        summary=f"Dividing customs' cross-border e-commerce figure by total goods trade gives {num(share(lo), 1)}% "
                f"in {lo.year} and {num(share(hi), 1)}% in {hi.year} (first release).",
        notes=("Computed by us: cross-border e-commerce divided by the same year's total goods trade (first release).",
               "Customs itself gave 4.9% for 2021 and for 2022; our computed revised shares agree.",
               "Cross-border e-commerce is already part of total goods trade, so this is a true share."),
        source_ids=_ids(*(r.source_ids for r in rows), *(ds.trade_row(r.year).source_ids for r in rows)),
        figure=fig,
        columns=("year", "release", "cbec_trillion_yuan", "goods_trade_trillion_yuan", "share_pct_computed", "sources"),
        rows=tuple((r.year, r.vintage, r.total_tn_cny, ds.trade_row(r.year).total_tn_cny, share(r),
                    ";".join(_ids(r.source_ids, ds.trade_row(r.year).source_ids)))
                   for r in sorted(rows, key=lambda r: (r.year, r.vintage != "prelim"))),
        computed=True,
    )


# --- 5. pilot zones --------------------------------------------------------------------------


def pilot_zones(ds: Dataset) -> ChartSpec:
    z = ds.zones
    labels = [f"{b.date_approved[:4]} (batch {b.batch})" for b in z]
    fig = go.Figure(go.Bar(
        name="Pilot zones, cumulative", x=labels, y=[b.cumulative for b in z], meta=dict(c=GREEN),
        text=[f"+{b.zones_added}" for b in z], textposition="outside", cliponaxis=False,
        customdata=[[b.zones_added, b.date_approved, b.examples] for b in z],
        hovertemplate="Batch approved %{customdata[1]}: <b>+%{customdata[0]}</b>, %{y} in all<br>"
                      "%{customdata[2]}<extra></extra>",
    ))
    fig.update_layout(**_layout(showlegend=False, xaxis=dict(type="category", tickangle=0),
                                yaxis=dict(title=dict(text="zones (cumulative)"))))
    return ChartSpec(
        id="pilot-zones",
        title=f"Pilot zones grew from {z[0].cumulative} to {z[-1].cumulative} in {len(z)} batches",
        subtitle=f"Comprehensive pilot zones for cross-border e-commerce, cumulative number, China, "
                 f"{z[0].date_approved[:4]}\u2013{z[-1].date_approved[:4]}; labels show each batch's size",
        summary=f"The State Council approved {len(z)} batches of pilot zones: {z[0].examples} alone in "
                f"{z[0].date_approved[:4]}, then {z[-1].cumulative - 1} more, the largest batch "
                f"({max(b.zones_added for b in z)}) in {max(z, key=lambda b: b.zones_added).date_approved[:4]}.",
        notes=tuple(f"Batch {b.batch}: {b.note}" for b in z if b.note),
        source_ids=_ids(*(b.source_ids for b in z)),
        figure=fig,
        columns=("batch", "approved", "zones_added", "cumulative", "examples", "sources"),
        rows=tuple((b.batch, b.date_approved, b.zones_added, b.cumulative, b.examples, ";".join(b.source_ids)) for b in z),
        height=380,
    )


# --- 6. the series break ---------------------------------------------------------------------


def series_break(ds: Dataset) -> ChartSpec:
    old = [r for r in ds.cbec if r.scope == "platform"]
    new = [r for r in ds.cbec if r.scope == "broad" and r.vintage in ("prelim", "restated")]
    new = [r for r in new if not (r.vintage == "prelim" and any(o.year == r.year and o.vintage == "restated" for o in new))]
    fig = go.Figure([
        go.Scatter(name="Old series: customs platforms (retail)", x=[r.year for r in old], y=[r.total_tn_cny for r in old],
                   mode="lines+markers", meta=dict(c=VERMILLION), line=dict(width=2.5), marker=dict(size=9, symbol="square"),
                   customdata=[[num(round(r.total_tn_cny * 1000, 2))] for r in old],
                   hovertemplate="%{x}, old series: <b>%{customdata[0]} billion yuan</b><extra></extra>"),
        go.Scatter(name="Broad series (first release; 2018 restated)", x=[r.year for r in new], y=[r.total_tn_cny for r in new],
                   mode="lines+markers", meta=dict(c=BLUE), line=dict(width=2.5), marker=dict(size=9),
                   connectgaps=False,
                   hovertemplate="%{x}, broad series: <b>%{y} trillion yuan</b><extra></extra>"),
    ])
    # Insert a gap in the broad line where 2019 is missing, so no segment bridges the break.
    fig.data[1].x = tuple([r.year for r in new if r.year < 2020] + [2019] + [r.year for r in new if r.year >= 2020])
    fig.data[1].y = tuple([r.total_tn_cny for r in new if r.year < 2020] + [None] + [r.total_tn_cny for r in new if r.year >= 2020])
    fig.add_vline(x=2019.5, line=dict(dash="dash", width=1.5))  # coloured by charts.js
    fig.add_annotation(x=2019.5, y=1, yref="paper", text="2020: scope widened", showarrow=False,
                       xanchor="left", yanchor="top", xshift=4)
    fig.update_layout(**_layout(xaxis=dict(dtick=1), yaxis=dict(title=dict(text="trillion yuan"))))
    o19 = ds.cbec_row(2019, "prelim", "platform")
    b18 = ds.cbec_row(2018, "restated")
    o18 = ds.cbec_row(2018, "prelim", "platform")
    return ChartSpec(
        id="series-break",
        title=f"For 2018 the two customs series differ about {num(b18.total_tn_cny / o18.total_tn_cny, 0)}-fold: "
              "they cannot be joined",
        subtitle=f"China's cross-border e-commerce, trillion yuan: customs' old platform series "
                 f"({old[0].year}\u2013{old[-1].year}) and the broad series ({new[0].year}\u2013{new[-1].year})",
        summary=f"Until 2019 customs counted only trade through its e-commerce platforms: {num(round(o19.total_tn_cny * 1000, 2))} "
                f"billion yuan in 2019. The broad scope from 2020 adds business-to-business trade; restated for 2018 it "
                f"gives {tn(b18.total_tn_cny)}, against {num(round(o18.total_tn_cny * 1000, 1))} billion on the old basis.",
        notes=("The two lines are separate series and are never joined; no broad figure for 2019 was published.",
               "The 2018 old-series figure comes from a summary of a MOFCOM report (weak source).",
               "Growth computed across the break (for example 2020 against 2019's old figure) is not meaningful."),
        source_ids=_ids(*(r.source_ids for r in old + new)),
        figure=fig,
        columns=("year", "series", "release", "total_trillion_yuan", "sources"),
        rows=tuple((r.year, r.scope, r.vintage, r.total_tn_cny, ";".join(r.source_ids))
                   for r in sorted(old + new, key=lambda r: (r.year, r.scope))),
    )


# --- 7. claims vs sources --------------------------------------------------------------------


def claims(ds: Dataset) -> ChartSpec:
    cs = ds.claims
    fig = make_subplots(rows=len(cs), cols=1, subplot_titles=[f"{c.claim} ({c.unit})" for c in cs],
                        vertical_spacing=0.09)
    for i, c in enumerate(cs, start=1):
        labels = ["Said at the workshop", "What the sources say"]
        values = [c.claimed_value, c.sourced_value]
        notes = ["Global Times report, 8 Sep 2021", c.sourced_label]
        if c.alt_value is not None:
            labels.append("Another source says")
            values.append(c.alt_value)
            notes.append(c.alt_label)
        for j, (label, value, note) in enumerate(zip(labels, values, notes)):
            fig.add_trace(go.Bar(
                name=label, legendgroup=label, showlegend=i == 1 or (j == 2 and i == len(cs)),
                y=[label], x=[value], orientation="h", meta=dict(c=[ORANGE, BLUE, PURPLE][j]),
                text=[num(value)], textposition="outside", cliponaxis=False,
                customdata=[[note, c.unit]],
                hovertemplate="%{customdata[0]}: <b>%{x} %{customdata[1]}</b><extra></extra>",
            ), row=i, col=1)
        fig.update_yaxes(showticklabels=False, fixedrange=True, autorange="reversed", row=i, col=1)
        fig.update_xaxes(fixedrange=True, rangemode="tozero", range=[0, max(values) * 1.18], row=i, col=1)
    fig.update_layout(**_layout(margin=dict(l=12, r=12, t=28, b=24), barmode="group", bargap=0.25,
                                legend=dict(y=-0.04)))
    fig.update_annotations(font=dict(size=13), x=0, xanchor="left")
    exact = [c for c in cs if c.claimed_value == c.sourced_value and c.alt_value is None]
    return ChartSpec(
        id="claims",
        title=f"{len(exact) or 'None'} of the {len(cs)} figures quoted at the workshop stands as stated",
        subtitle="Figures in the Global Times report of the workshop (8 Sep 2021) against the primary sources; "
                 "each panel has its own unit",
        summary="; ".join(f"{c.claim}: {num(c.claimed_value)} said, {c.verdict[0].lower() + c.verdict[1:]}" for c in cs) + ".",
        notes=("For \u201cnearly 10 times\u201d the source value is customs' own growth of its broad series from 2018 to 2023.",
               "For UNCTAD the closest published figure measures the 13 largest B2C firms' sales, not cross-border trade.",
               "For APEC, the SME Working Group page and APEC's fact sheet give different shares."),
        source_ids=_ids(*(c.claim_source_ids + c.check_source_ids for c in cs)),
        figure=fig,
        columns=("claim", "unit", "claimed", "sourced", "other_source", "verdict", "sources"),
        rows=tuple((c.claim, c.unit, c.claimed_value, c.sourced_value, c.alt_value, c.verdict,
                    ";".join(_ids(c.claim_source_ids, c.check_source_ids))) for c in cs),
        height=560,
    )


CHARTS: dict[str, Callable[[Dataset], ChartSpec]] = {
    f.__name__.replace("_", "-"): f
    for f in (cbec_vintages, cbec_split, growth_vs_trade, share_of_trade, pilot_zones, series_break, claims)
}


def build_all(ds: Dataset) -> dict[str, ChartSpec]:
    specs = {}
    for chart_id, build in CHARTS.items():
        spec = build(ds)
        assert spec.id == chart_id, f"{build.__name__} returned id {spec.id!r}"
        specs[chart_id] = spec
    return specs
