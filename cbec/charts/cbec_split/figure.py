"""Exports vs imports: records -> ChartSpec."""

from __future__ import annotations

from typing import NamedTuple

import plotly.graph_objects as go

from ...data import CbecYear, Dataset
from ...fmt import label, num, pct
from ...labels import what
from ...values import headline
from ..common import (
    EXPORTS,
    IMPORTS,
    ChartSpec,
    Words,
    base_layout,
    load_words,
    release_table,
    unique_ids,
    weak_hover,
    with_usd,
    wrapped_ticks,
)

WORDS = load_words(__file__)


class Split(NamedTuple):
    """A release that gives both parts: its row, its exports and its imports (trillion yuan)."""

    row: CbecYear
    exports: float
    imports: float


def build(ds: Dataset, lang: str = "en") -> ChartSpec:
    w = Words(lang, WORDS)
    splits = [
        Split(r, r.exports_tn_cny, r.imports_tn_cny)
        for r in ds.cbec
        if r.scope == "broad" and r.exports_tn_cny is not None and r.imports_tn_cny is not None
    ]
    rows = [s.row for s in splits]
    labels = [w.release(r) for r in rows]
    no_split = sorted({r.year for r in ds.cbec if r.scope == "broad"} - {r.year for r in rows})
    shares = [100 * s.exports / (s.exports + s.imports) for s in splits]

    def trace(name: str, values: list[float], growth: list[float | None], slot: int) -> go.Bar:
        return go.Bar(
            # One precision for the series (two decimals, as most releases give), the asterisk kept.
            name=name,
            x=labels,
            y=values,
            text=[label(v, 2) for v in values],
            textposition="inside",
            insidetextanchor="middle",
            meta=dict(c=slot),
            customdata=[
                [pct(g) if g is not None else w.not_published, num(v, 2), flag]
                for g, v, flag in zip(growth, values, weak_hover(values, lang))
            ],
            hovertemplate=f"%{{x}}<br>{name}：<b>%{{customdata[1]}}万亿元%{{customdata[2]}}</b><br>同比增长：%{{customdata[0]}}<extra></extra>"
            if lang == "zh"
            else f"%{{x}}<br>{name}: <b>%{{customdata[1]}} trillion yuan%{{customdata[2]}}</b>"
            "<br>growth: %{customdata[0]}<extra></extra>",
        )

    fig = go.Figure(
        [
            trace(
                w("Exports", "出口"),
                [s.exports for s in splits],
                [r.exports_yoy_pct for r in rows],
                EXPORTS,
            ),
            trace(
                w("Imports", "进口"),
                [s.imports for s in splits],
                [r.imports_yoy_pct for r in rows],
                IMPORTS,
            ),
        ]
    )
    totals = [s.exports + s.imports for s in splits]
    fig.update_layout(
        **base_layout(
            barmode="stack",
            yaxis=dict(title=dict(text=w.unit(w.unit_tn)), range=[0, max(totals) * 1.22]),
            xaxis=dict(type="category"),
        )
    )
    # The shares the title quotes, above each stack (computed, so said so in the note and the CSV).
    for x, total, share in zip(labels, totals, shares):
        fig.add_annotation(
            x=x,
            y=total,
            text=w.t("share_label", share=label(share, 0)),
            showarrow=False,
            yanchor="bottom",
            yshift=2,
        )
    phone_fig = wrapped_ticks(fig, labels, 5 if lang == "zh" else 8)
    lo, hi = min(shares), max(shares)
    hi_split = splits[shares.index(hi)]
    hi_row = hi_split.row
    hi_published = 100 * hi_split.exports / hi_row.total_tn_cny
    lo_at, hi_at = labels[shares.index(lo)], labels[shares.index(hi)]
    headline(lo, hi, what="the cbec-split chart title")
    columns = (
        "year",
        "release",
        "label",
        "exports_trillion_yuan",
        "exports_growth_pct",
        "imports_trillion_yuan",
        "imports_growth_pct",
        "exports_share_pct_computed",
        "exports_usd_bn_computed",
        "imports_usd_bn_computed",
        "confidence",
        "sources",
    )
    table = tuple(
        (
            r.year,
            r.vintage,
            what(r, "en"),
            r.exports_tn_cny,
            r.exports_yoy_pct,
            r.imports_tn_cny,
            r.imports_yoy_pct,
            round(share, 1),
            with_usd(r.exports_tn_cny, r.year, ds),
            with_usd(r.imports_tn_cny, r.year, ds),
            r.confidence,
            ";".join(r.source_ids),
        )
        for r, share in zip(rows, shares)
    )
    shown, display = release_table(columns, table, rows, lang)
    return ChartSpec(
        id="cbec-split",
        lang=lang,
        title=w.t("title", lo=num(lo, 0), hi=num(hi, 0)),
        subtitle=w.t("subtitle"),
        summary=w.t(
            "summary",
            n=len(rows),
            lo=w.num(lo, 0),
            hi=w.num(hi, 0),
            lo_at=lo_at,
            hi_at=hi_at,
            hi_published=w.num(hi_published, 0),
            hi_total=w.tn(hi_row.total_tn_cny),
        ),
        notes=(
            w.t("notes.no_split", years=w.join(no_split)),
            *[
                w.t(
                    "notes.parts_differ",
                    year=r.year,
                    total=w.tn(r.total_tn_cny),
                    parts=w.num(exports + imports, 2),
                    parts_tn=w.tn(exports + imports, 2),
                )
                for r, exports, imports in splits
                if abs(exports + imports - r.total_tn_cny) >= 0.01
            ],
            w.t("notes.computed"),
        ),
        source_ids=unique_ids(*(r.source_ids for r in rows)),
        figure=fig,
        money=True,
        columns=columns,
        rows=table,
        display_columns=shown,
        display_rows=display,
        phone_figure=phone_fig,
    )
