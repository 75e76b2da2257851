"""Growth vs total goods trade: records -> ChartSpec."""

from __future__ import annotations

import plotly.graph_objects as go

from ...data import CbecYear, Dataset
from ...fmt import pct
from ...values import headline
from ..common import (
    COMPARISON,
    FIRST_RELEASE_HATCH,
    OFFICIAL,
    ChartSpec,
    Words,
    base_layout,
    hatch,
    load_words,
    needed,
    sources_rating,
    unique_ids,
)

WORDS = load_words(__file__)


def build(ds: Dataset, lang: str = "en") -> ChartSpec:
    w = Words(lang, WORDS)

    def rate(r: CbecYear) -> float:
        """Its growth rate: every row drawn has one; the two the title and a note quote must."""
        return needed(ds, r, "total_yoy_pct", "growth-vs-trade")

    cb = [r for r in ds.cbec if r.scope == "broad" and r.total_yoy_pct is not None]
    years = sorted({r.year for r in cb})
    trade = [ds.trade_row(y) for y in years]
    prelim = [r for r in cb if r.vintage == "prelim"]
    revised = [r for r in cb if r.vintage == "revised"]

    p20, t20 = ds.cbec_row(2020, "prelim"), ds.trade_row(2020)

    def bar(
        name: str, xs: list[int], ys: list[float], slot: int, pattern: str = "", quoted: int | None = None
    ) -> go.Bar:
        # The rates the title quotes are labelled on their bars, at every width.
        text = [pct(y, 1) if x == quoted else "" for x, y in zip(xs, ys)]
        return go.Bar(
            name=name,
            x=[str(x) for x in xs],
            y=ys,
            meta=dict(c=slot),
            marker=hatch(pattern),
            text=text,
            textposition="outside",
            cliponaxis=False,
            hovertemplate=w(
                f"%{{x}}<br>{name}: <b>%{{y:+.1f}}%</b>", f"%{{x}}年<br>{name}：<b>%{{y:+.1f}}%</b>"
            )
            + "<extra></extra>",
        )

    fig = go.Figure(
        [
            bar(
                w("Cross-border e-commerce, first release", "跨境电商（初值）"),
                [r.year for r in prelim],
                [rate(r) for r in prelim],
                OFFICIAL,
                FIRST_RELEASE_HATCH,
                p20.year,
            ),
            bar(
                w("Cross-border e-commerce, revised", "跨境电商（修正值）"),
                [r.year for r in revised],
                [rate(r) for r in revised],
                OFFICIAL,
            ),
            bar(
                w("All goods trade", "货物贸易总额"),
                years,
                [t.total_yoy_pct for t in trade],
                COMPARISON,
                quoted=t20.year,
            ),
        ]
    )
    top = max(max(rate(r) for r in cb), max(t.total_yoy_pct for t in trade))
    bottom = min(0, min(t.total_yoy_pct for t in trade), min(rate(r) for r in cb))
    fig.update_layout(
        **base_layout(
            xaxis=dict(type="category"),
            yaxis=dict(
                title=dict(text=w.unit(w("% change on previous year", "同比增长，%"))),
                ticksuffix="%",
                rangemode="normal",
                zeroline=True,
                range=[bottom * 1.15, top * 1.15],
            ),
        )
    )
    faster = sum(1 for r in prelim if rate(r) > ds.trade_row(r.year).total_yoy_pct)
    widest = max(prelim, key=lambda r: rate(r) - ds.trade_row(r.year).total_yoy_pct)
    wt = ds.trade_row(widest.year).total_yoy_pct
    headline(rate(p20), t20.total_yoy_pct, what="the growth-vs-trade chart title")
    # The note says where "measured against the previous year's revised level" holds, from the data.
    # On a phone the three bars of a year are too narrow to carry labels: the title's two rates are
    # a caption in the empty top right of the plot instead.
    phone_fig = go.Figure(fig)
    phone_fig.update_traces(text=None)
    phone_fig.add_annotation(
        x=1,
        y=1,
        xref="paper",
        yref="paper",
        xanchor="right",
        yanchor="top",
        align="right",
        showarrow=False,
        text=w.t("phone_caption", year=p20.year, cbec=pct(rate(p20), 1), trade=pct(t20.total_yoy_pct, 1)),
    )
    p21 = ds.cbec_row(2021, "prelim")
    base21 = p21.total_tn_cny / (1 + rate(p21) / 100)
    no_rate = sorted({r.year for r in ds.cbec if r.scope == "broad"} - set(years))
    return ChartSpec(
        id="growth-vs-trade",
        lang=lang,
        title=w.t(
            "title",
            year=p20.year,
            cbec_signed=pct(rate(p20)),
            trade_signed=pct(t20.total_yoy_pct),
            cbec=pct(rate(p20), signed=False),
            trade=pct(t20.total_yoy_pct, signed=False),
        ),
        subtitle=w.t("subtitle", start=years[0], end=years[-1]),
        summary=w.t(
            "summary",
            faster=faster,
            n=len(prelim),
            widest_year=widest.year,
            widest_cbec=w.pct(rate(widest)),
            widest_trade=w.pct(wt),
        ),
        notes=(
            w.t(
                "notes.bases",
                rate21_signed=w.pct(rate(p21)),
                rate21=w.pct(rate(p21), signed=False),
                base20=w.tn(base21, 2),
            ),
            w.t("notes.trade"),
            *([w.t("notes.no_rate", years=w.join_or(no_rate))] if no_rate else []),
        ),
        source_ids=unique_ids(*(r.source_ids for r in cb), *(t.source_ids for t in trade)),
        figure=fig,
        columns=("year", "series", "growth_pct", "confidence", "sources"),
        rows=tuple(
            [
                (r.year, f"cbec_{r.vintage}", rate(r), r.confidence, ";".join(r.source_ids))
                for r in sorted(cb, key=lambda r: (r.year, r.vintage))
            ]
            + [
                (
                    t.year,
                    "goods_trade",
                    t.total_yoy_pct,
                    sources_rating(ds, t.source_ids),
                    ";".join(t.source_ids),
                )
                for t in trade
            ]
        ),
        phone_figure=phone_fig,
    )
