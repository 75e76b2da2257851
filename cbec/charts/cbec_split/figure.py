"""Exports vs imports: records -> ChartSpec."""
from __future__ import annotations

import plotly.graph_objects as go

from ...data import Dataset
from ...fmt import label, num, pct
from ...values import headline
from ..common import load_words, BLUE, VERMILLION, ChartSpec, Words, base_layout, unique_ids, wrapped_ticks

WORDS = load_words(__file__)


def build(ds: Dataset, lang: str = "en") -> ChartSpec:
    w = Words(lang, WORDS)
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
    fig.update_layout(**base_layout(barmode="stack", yaxis=dict(title=dict(text=w.unit_tn)), xaxis=dict(type="category")))
    phone_fig = wrapped_ticks(fig, labels, 5 if lang == "zh" else 8)
    lo, hi = min(shares), max(shares)
    lo_at, hi_at = labels[shares.index(lo)], labels[shares.index(hi)]
    headline(lo, hi, what="the cbec-split chart title")
    return ChartSpec(
        id="cbec-split", lang=lang,
        title=w.t("title", lo=num(lo, 0), hi=num(hi, 0)),
        subtitle=w.t("subtitle"),
        summary=w.t("summary", n=len(rows), lo=w.num(lo, 0), hi=w.num(hi, 0), lo_at=lo_at, hi_at=hi_at),
        notes=(w.t("notes.no_split", years=w.join(no_split)),
               *[w.t("notes.parts_differ", year=r.year, total=w.tn(r.total_tn_cny),
                     parts=w.num(r.exports_tn_cny + r.imports_tn_cny, 2), parts_tn=w.tn(r.exports_tn_cny + r.imports_tn_cny, 2))
                 for r in rows if abs(r.exports_tn_cny + r.imports_tn_cny - r.total_tn_cny) >= 0.01],
               w.t("notes.computed")),
        source_ids=unique_ids(*(r.source_ids for r in rows)),
        figure=fig,
        columns=("year", "release", "exports_trillion_yuan", "exports_growth_pct", "imports_trillion_yuan",
                 "imports_growth_pct", "sources"),
        rows=tuple((r.year, r.vintage, r.exports_tn_cny, r.exports_yoy_pct, r.imports_tn_cny, r.imports_yoy_pct,
                    ";".join(r.source_ids)) for r in rows),
        phone_figure=phone_fig,
    )
