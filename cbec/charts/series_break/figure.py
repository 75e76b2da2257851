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
    weak = [w.t("weak_label", year=r.year) for r in old if is_weak(r.total_tn_cny)]
    return ChartSpec(
        id="series-break", lang=lang,
        title=w.t("title", fold=num(fold, 0)),
        subtitle=w.t("subtitle", old_start=old[0].year, old_end=old[-1].year, new_start=new[0].year, new_end=new[-1].year),
        summary=w.t("summary", old19=w.bn(o19.total_tn_cny), base19=w.tn(base19, 2), fold=w.num(fold, 0),
                    broad18=w.tn(b18.total_tn_cny), old18=w.bn(o18.total_tn_cny)),
        notes=(w.t("notes.separate"),
               w.t("notes.as_published"),
               *filter(None, [w.weak_note(weak)]),
               w.t("notes.no_growth")),
        source_ids=unique_ids(*(r.source_ids for r in old + new)),
        figure=fig,
        columns=("year", "series", "release", "total_trillion_yuan", "sources"),
        rows=tuple((r.year, r.scope, r.vintage, r.total_tn_cny, ";".join(r.source_ids))
                   for r in sorted(old + new, key=lambda r: (r.year, r.scope))),
    )
