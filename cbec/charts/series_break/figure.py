"""The series break between the old platform series and the broad scope: records -> ChartSpec."""
from __future__ import annotations

import plotly.graph_objects as go

from ...data import Dataset
from ...fmt import num
from ...values import headline, is_weak
from ..common import load_words, BLUE, VERMILLION, ChartSpec, Words, base_layout, unique_ids

WORDS = load_words(__file__)


def build(ds: Dataset, lang: str = "en") -> ChartSpec:
    w = Words(lang, WORDS)
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
    fig.update_layout(**base_layout(xaxis=dict(dtick=1), yaxis=dict(title=dict(text=w.unit_tn))))
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
        source_ids=unique_ids(*(r.source_ids for r in old + new)),
        figure=fig,
        columns=("year", "series", "release", "total_trillion_yuan", "sources"),
        rows=tuple((r.year, r.scope, r.vintage, r.total_tn_cny, ";".join(r.source_ids))
                   for r in sorted(old + new, key=lambda r: (r.year, r.scope))),
    )
