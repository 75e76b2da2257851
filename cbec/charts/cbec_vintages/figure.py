"""Yearly totals by release (first release vs revised or restated): records -> ChartSpec."""
from __future__ import annotations

import plotly.graph_objects as go

from ...data import CbecYear, Dataset
from ...fmt import label, num, pct
from ...values import headline, is_weak
from ..common import load_words, BLUE, ChartSpec, Words, base_layout, hatch, unique_ids

WORDS = load_words(__file__)


def build(ds: Dataset, lang: str = "en") -> ChartSpec:
    w = Words(lang, WORDS)
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
            marker=hatch(pattern), meta=dict(c=BLUE),
            customdata=[[w.vintage(r.vintage), pct(r.total_yoy_pct) if r.total_yoy_pct is not None else w.not_published,
                         w.confidence(r.confidence)] for r in recs],
            hovertemplate=w("%{x}, %{customdata[0]}: <b>%{y} trillion yuan</b><br>growth: %{customdata[1]}"
                            "<br>source confidence: %{customdata[2]}",
                            "%{x}年（%{customdata[0]}）：<b>%{y}万亿元</b><br>同比增长：%{customdata[1]}"
                            "<br>来源可信度：%{customdata[2]}") + "<extra></extra>",
        )

    fig = go.Figure([trace(first, w("First release (preliminary)", "初值（首次发布）"), "/"),
                     trace(later, w("Revised or restated", "修正值或追溯重述值"), "")])
    fig.update_layout(**base_layout(xaxis=dict(type="category", categoryorder="array",
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
        source_ids=unique_ids(*(r.source_ids for r in rows)),
        figure=fig,
        columns=("year", "release", "total_trillion_yuan", "growth_pct", "confidence", "sources"),
        rows=tuple((r.year, r.vintage, r.total_tn_cny, r.total_yoy_pct, r.confidence, ";".join(r.source_ids))
                   for r in sorted(rows, key=lambda r: (r.year, r.vintage != "prelim"))),
    )
