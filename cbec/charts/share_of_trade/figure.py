"""Share of goods trade (computed): records -> ChartSpec."""

from __future__ import annotations

import plotly.graph_objects as go

from ...data import CbecYear, Dataset
from ...fmt import WEAK_MARK, label, num
from ...labels import is_release, what
from ...latest import latest_cbec
from ...values import headline, is_weak
from ..common import (
    COMPUTED,
    WEAK_SYMBOL,
    ChartSpec,
    Words,
    base_layout,
    load_words,
    needed,
    release_table,
    sources_rating,
    unique_ids,
    weak_key,
    weakest,
)

WORDS = load_words(__file__)


def build(ds: Dataset, lang: str = "en") -> ChartSpec:
    w = Words(lang, WORDS)
    rows = [r for r in ds.cbec if r.scope == "broad"]
    first = [r for r in rows if r.vintage == "prelim"]
    later = [r for r in rows if r.vintage in ("revised", "restated")]
    other = [r for r in rows if not is_release(r)]  # stated or reported by others: labelled by what they are

    def share(r: CbecYear) -> float:
        return round(100 * r.total_tn_cny / ds.trade_row(r.year).total_tn_cny, 2)

    lo = min(rows, key=lambda r: r.year)
    hi = latest_cbec(ds)  # the one rule for "latest" (cbec/latest.py): weak figures never lead
    years = list(range(lo.year, max(r.year for r in rows) + 1))

    def line(recs: list[CbecYear], name: str, dash: str, below: bool = False) -> go.Scatter:
        # One point per year, None where this release has no value: the line breaks there instead
        # of bridging a year it has no figure for. Weak points: open marker, asterisk, flag on hover.
        by_year = {r.year: r for r in recs}
        pts = [by_year.get(y) for y in years]
        return go.Scatter(
            name=name,
            x=years,
            y=[share(r) if r else None for r in pts],
            mode="lines+markers+text",
            connectgaps=False,
            line=dict(dash=dash, width=2.5),
            meta=dict(c=COMPUTED),
            marker=dict(
                size=9,
                symbol=["circle" if not r or not is_weak(r.total_tn_cny) else WEAK_SYMBOL for r in pts],
            ),
            text=[
                "" if not r else label(share(r), 1) if r in (lo, hi) else "*" if is_weak(share(r)) else ""
                for r in pts
            ],
            textposition="bottom center" if below else "top center",
            customdata=[
                [
                    num(r.total_tn_cny),
                    num(ds.trade_row(r.year).total_tn_cny),
                    WEAK_MARK[lang] if is_weak(r.total_tn_cny) else "",
                    w.what(r),
                ]
                if r
                else ["", "", "", ""]
                for r in pts
            ],
            hovertemplate=w(
                "%{x}, %{customdata[3]}: <b>%{y:.1f}%%{customdata[2]}</b><br>"
                "%{customdata[0]} of %{customdata[1]} trillion yuan (computed)",
                "%{x}年（%{customdata[3]}）：<b>%{y:.1f}%%{customdata[2]}</b><br>"
                "%{customdata[1]}万亿元中的%{customdata[0]}万亿元（本站计算）",
            )
            + "<extra></extra>",
        )

    # First releases sit below the revised figures in most years: their labels go below the line.
    fig = go.Figure(
        [
            line(first, w("First release", "初值"), "dot", below=True),
            line(later, w("Revised or restated", "修正值或追溯重述值"), "solid"),
            *([line(other, w.shared("other_kind"), "dash")] if other else []),
            # The legend explains the open circles and asterisks of weak points (a key entry, no data).
            *([weak_key(w, COMPUTED)] if any(is_weak(r.total_tn_cny) for r in rows) else []),
        ]
    )
    top = max(share(r) for r in rows)
    fig.update_layout(
        **base_layout(
            xaxis=dict(dtick=1),
            yaxis=dict(
                title=dict(text=w.unit(w("% of goods trade (computed)", "占货物贸易比重，%，本站计算"))),
                ticksuffix="%",
                range=[0, top * 1.2],
            ),
        )
    )
    headline(share(lo), share(hi), what="the share-of-trade chart title")
    weak = [w.release(r) for r in rows if is_weak(r.total_tn_cny)]
    r21, r22 = ds.cbec_row(2021, "revised"), ds.cbec_row(2022, "revised")
    parts22 = (
        100
        * (
            needed(ds, r22, "exports_tn_cny", "share-of-trade")
            + needed(ds, r22, "imports_tn_cny", "share-of-trade")
        )
        / ds.trade_row(2022).total_tn_cny
    )
    official = ds.facts.get("cbec_share_h1_2024_pct")
    o21, o22 = ds.facts["cbec_share_2021_pct"], ds.facts["cbec_share_2022_pct"]
    columns = (
        "year",
        "release",
        "label",
        "cbec_trillion_yuan",
        "goods_trade_trillion_yuan",
        "share_pct_computed",
        "confidence",
        "sources",
    )
    ordered = sorted(rows, key=lambda r: (r.year, r.vintage != "prelim"))
    table = tuple(
        (
            r.year,
            r.vintage,
            what(r, "en"),
            r.total_tn_cny,
            ds.trade_row(r.year).total_tn_cny,
            share(r),
            weakest([r.confidence, sources_rating(ds, ds.trade_row(r.year).source_ids)]),
            ";".join(unique_ids(r.source_ids, ds.trade_row(r.year).source_ids)),
        )
        for r in ordered
    )
    shown, display = release_table(columns, table, ordered, lang)
    return ChartSpec(
        id="share-of-trade",
        lang=lang,
        title=w.t("title", lo=num(share(lo), 1), hi=num(share(hi), 1), lo_year=lo.year, hi_year=hi.year),
        subtitle=w.t("subtitle", lo_year=years[0], hi_year=years[-1]),
        summary=w.t(
            "summary", lo=w.num(share(lo), 1), hi=w.num(share(hi), 1), lo_year=lo.year, hi_year=hi.year
        ),
        notes=(
            w.t("notes.computed"),
            w.t(
                "notes.customs_shares_same" if o21.value == o22.value else "notes.customs_shares",
                o21=w.num(o21.value),
                o22=w.num(o22.value),
                ours21=w.num(share(r21), 2),
                total22=w.tn(r22.total_tn_cny),
                ours22=w.num(share(r22), 2),
                parts22=w.num(parts22, 2),
            ),
            *([w.t("notes.official_h1_2024", share=w.num(official.value))] if official else []),
            *filter(None, [w.not_releases(rows), w.weak_note(weak)]),
            w.t("notes.true_share"),
        ),
        source_ids=unique_ids(
            *(r.source_ids for r in rows), *(ds.trade_row(r.year).source_ids for r in rows)
        ),
        figure=fig,
        columns=columns,
        rows=table,
        display_columns=shown,
        display_rows=display,
        computed=True,
    )
