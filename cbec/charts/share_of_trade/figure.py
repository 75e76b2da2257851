"""Share of goods trade (computed): records -> ChartSpec."""
from __future__ import annotations

import plotly.graph_objects as go

from ...data import Dataset
from ...fmt import num
from ...values import headline, is_weak
from ..common import load_words, GREEN, PURPLE, ChartSpec, Words, base_layout, unique_ids

WORDS = load_words(__file__)


def build(ds: Dataset, lang: str = "en") -> ChartSpec:
    w = Words(lang, WORDS)
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
    fig.update_layout(**base_layout(xaxis=dict(dtick=1),
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
        source_ids=unique_ids(*(r.source_ids for r in rows), *(ds.trade_row(r.year).source_ids for r in rows)),
        figure=fig,
        columns=("year", "release", "cbec_trillion_yuan", "goods_trade_trillion_yuan", "share_pct_computed", "sources"),
        rows=tuple((r.year, r.vintage, r.total_tn_cny, ds.trade_row(r.year).total_tn_cny, share(r),
                    ";".join(unique_ids(r.source_ids, ds.trade_row(r.year).source_ids)))
                   for r in sorted(rows, key=lambda r: (r.year, r.vintage != "prelim"))),
        computed=True,
    )
