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
        source_ids=unique_ids(*(r.source_ids for r in rows)),
        figure=fig,
        columns=("year", "release", "exports_trillion_yuan", "exports_growth_pct", "imports_trillion_yuan",
                 "imports_growth_pct", "sources"),
        rows=tuple((r.year, r.vintage, r.exports_tn_cny, r.exports_yoy_pct, r.imports_tn_cny, r.imports_yoy_pct,
                    ";".join(r.source_ids)) for r in rows),
        phone_figure=phone_fig,
    )
