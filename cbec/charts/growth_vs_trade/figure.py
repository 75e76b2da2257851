"""Growth vs total goods trade: records -> ChartSpec."""
from __future__ import annotations

import plotly.graph_objects as go

from ...data import Dataset
from ...fmt import pct
from ...values import headline
from ..common import load_words, BLUE, GREY, ChartSpec, Words, base_layout, hatch, unique_ids

WORDS = load_words(__file__)


def build(ds: Dataset, lang: str = "en") -> ChartSpec:
    w = Words(lang, WORDS)
    cb = [r for r in ds.cbec if r.scope == "broad" and r.total_yoy_pct is not None]
    years = sorted({r.year for r in cb})
    trade = [ds.trade_row(y) for y in years]
    prelim = [r for r in cb if r.vintage == "prelim"]
    revised = [r for r in cb if r.vintage == "revised"]

    def bar(name, xs, ys, slot, pattern=""):
        return go.Bar(name=name, x=[str(x) for x in xs], y=ys, meta=dict(c=slot), marker=hatch(pattern),
                      hovertemplate=w(f"%{{x}}<br>{name}: <b>%{{y:+.1f}}%</b>",
                                      f"%{{x}}年<br>{name}：<b>%{{y:+.1f}}%</b>") + "<extra></extra>")

    fig = go.Figure([
        bar(w("Cross-border e-commerce, first release", "跨境电商（初值）"),
            [r.year for r in prelim], [r.total_yoy_pct for r in prelim], BLUE, "/"),
        bar(w("Cross-border e-commerce, revised", "跨境电商（修正值）"),
            [r.year for r in revised], [r.total_yoy_pct for r in revised], BLUE),
        bar(w("All goods trade", "货物贸易总额"), years, [t.total_yoy_pct for t in trade], GREY),
    ])
    fig.update_layout(**base_layout(xaxis=dict(type="category"),
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
        source_ids=unique_ids(*(r.source_ids for r in cb), *(t.source_ids for t in trade)),
        figure=fig,
        columns=("year", "series", "growth_pct", "sources"),
        rows=tuple([(r.year, f"cbec_{r.vintage}", r.total_yoy_pct, ";".join(r.source_ids))
                    for r in sorted(cb, key=lambda r: (r.year, r.vintage))]
                   + [(t.year, "goods_trade", t.total_yoy_pct, ";".join(t.source_ids)) for t in trade]),
    )
