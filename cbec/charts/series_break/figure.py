"""The series break between the old platform series and the broad scope: records -> ChartSpec."""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go

from ...data import CbecYear, Dataset
from ...fmt import WEAK_MARK, bn, label, num
from ...labels import is_release
from ...values import headline, is_weak
from ..common import (
    COMPARISON,
    COMPUTED,
    OFFICIAL,
    ChartSpec,
    Words,
    base_layout,
    load_words,
    needed,
    release_table,
    unique_ids,
    with_usd,
)

WORDS = load_words(__file__)


def build(ds: Dataset, lang: str = "en") -> ChartSpec:
    w = Words(lang, WORDS)
    w_en = Words("en", WORDS)  # the CSV serves both languages
    old = [r for r in ds.cbec if r.scope == "platform"]
    # The broad line: first releases (2018 restated), and for a year with none, the figure stated or
    # reported (labelled by what it is); revised figures are not on this line.
    firsts = {r.year for r in ds.cbec if r.scope == "broad" and r.vintage in ("prelim", "restated")}
    new = [
        r
        for r in ds.cbec
        if r.scope == "broad"
        and (
            r.vintage in ("prelim", "restated")
            or (not is_release(r) and r.year not in firsts and r.year > max(firsts))
        )
    ]
    o19 = ds.cbec_row(2019, "published", "platform")
    b18 = ds.cbec_row(2018, "restated")
    o18 = ds.cbec_row(2018, "published", "platform")
    p20 = ds.cbec_row(2020, "prelim")
    base19 = p20.total_tn_cny / (
        1 + needed(ds, p20, "total_yoy_pct", "series-break") / 100
    )  # the broad 2019 level the 2020 growth rate implies
    fold = base19 / o19.total_tn_cny
    headline(fold, what="the series-break chart title")
    years = list(range(min(r.year for r in old + new), max(r.year for r in old + new) + 1))

    def series(
        recs: list[CbecYear],
        name: str,
        slot: int,
        symbol: str,
        hover: Callable[[CbecYear], str],
        quoted: tuple[CbecYear, ...] = (),
    ) -> go.Scatter:
        # One point per year, None where the series has none (the line breaks there). Weak points:
        # open marker, asterisk, flag on hover; the value the title rests on is labelled.
        by_year = {r.year: r for r in recs}
        pts = [by_year.get(y) for y in years]
        weak = [r is not None and is_weak(r.total_tn_cny) for r in pts]
        return go.Scatter(
            name=name,
            x=years,
            y=[r.total_tn_cny if r else None for r in pts],
            mode="lines+markers+text",
            connectgaps=False,
            meta=dict(c=slot),
            line=dict(width=2.5),
            marker=dict(size=9, symbol=[symbol + ("-open" if k else "") for k in weak]),
            text=[
                (label(r.total_tn_cny, 2) if r in quoted else "*" if k else "") if r else ""
                for r, k in zip(pts, weak)
            ],
            textposition="top center",
            cliponaxis=False,
            customdata=[
                [hover(r) + (WEAK_MARK[lang] if k else "")] if r else [""] for r, k in zip(pts, weak)
            ],
            hovertemplate="%{customdata[0]}<extra></extra>",
        )

    fig = go.Figure(
        [
            series(
                old,
                w("Old series: customs platforms (retail)", "旧口径：海关跨境电商平台（零售）"),
                COMPARISON,
                "square",
                lambda r: w(  # plain bn: series() adds the weak flag once, after the value
                    f"{r.year}, old series: <b>{bn(r.total_tn_cny, lang=lang)}</b>",
                    f"{r.year}年（旧口径）：<b>{bn(r.total_tn_cny, lang=lang)}</b>",
                ),
                quoted=(o19,),
            ),
            series(
                new,
                w("Broad series (first release unless noted)", "全口径（除注明外为初值）"),
                OFFICIAL,
                "circle",
                lambda r: w(
                    f"{r.year}, broad series, {w.what(r)}: <b>{num(r.total_tn_cny)} trillion yuan</b>",
                    f"{r.year}年（全口径，{w.what(r)}）：<b>{num(r.total_tn_cny)}万亿元</b>",
                ),
            ),
            # The 2019 level the 2020 growth rate implies: ours, drawn as ours, labelled (the title's
            # ratio rests on it).
            go.Scatter(
                name=w("Implied 2019 level (our computation)", "推算的2019年水平（本站计算）"),
                x=[o19.year],
                y=[base19],
                mode="markers+text",
                meta=dict(c=COMPUTED),
                marker=dict(size=11, symbol="diamond-open"),
                text=[w.t("implied_label", value=label(base19, 2), fold=num(fold, 0))],
                textposition="top center",
                cliponaxis=False,
                customdata=[[w.tn(base19, 2)]],
                hovertemplate=w(
                    "2019 implied by the 2020 growth rate: <b>%{customdata[0]}</b> (computed)",
                    "按2020年增速推算的2019年：<b>%{customdata[0]}</b>（本站计算）",
                )
                + "<extra></extra>",
            ),
        ]
    )
    top = max(r.total_tn_cny for r in new)
    fig.update_layout(
        **base_layout(
            xaxis=dict(dtick=1), yaxis=dict(title=dict(text=w.unit(w.unit_tn)), range=[0, top * 1.3])
        )
    )  # room for the scope note above the top label
    fig.add_vline(x=2019.5, line=dict(dash="dash", width=1.5))  # after the layout, which sets the annotations
    fig.add_annotation(
        x=2019.5,
        y=1,
        yref="paper",
        text=w("2020: scope widened", "2020年：统计口径扩大"),
        showarrow=False,
        xanchor="left",
        yanchor="top",
        xshift=4,
    )
    weak = [w.t("weak_label", year=r.year) for r in old if is_weak(r.total_tn_cny)] + [
        w.release(r) for r in new if is_weak(r.total_tn_cny)
    ]
    stated = ds.facts["cbec_2018_broad_first_stated_tn"]
    columns = (
        "year",
        "series",
        "release",
        "label",
        "total_trillion_yuan",
        "usd_bn_computed",
        "confidence",
        "sources",
    )
    ordered = sorted(old + new, key=lambda r: (r.year, r.scope))
    table = tuple(
        (
            r.year,
            r.scope,
            r.vintage,
            w_en.what(r),
            r.total_tn_cny,
            with_usd(r.total_tn_cny, r.year, ds),
            r.confidence,
            ";".join(r.source_ids),
        )
        for r in ordered
    )
    shown, display = release_table(columns, table, ordered, lang)
    return ChartSpec(
        id="series-break",
        lang=lang,
        title=w.t("title", fold=num(fold, 0)),
        subtitle=w.t(
            "subtitle",
            old_start=old[0].year,
            old_end=old[-1].year,
            new_start=new[0].year,
            new_end=new[-1].year,
        ),
        summary=w.t(
            "summary",
            old19=w.bn(o19.total_tn_cny),
            base19=w.tn(base19, 2),
            fold=w.num(fold, 0),
            broad18=w.tn(b18.total_tn_cny),
            old18=w.bn(o18.total_tn_cny),
        ),
        notes=(
            w.t("notes.separate"),
            w.t("notes.as_published"),
            *filter(None, [w.not_releases(new)]),
            w.t("notes.first_stated", year=b18.year, over=w.num(stated.value), value=w.num(b18.total_tn_cny)),
            *filter(None, [w.weak_note(weak)]),
            w.t("notes.no_growth"),
        ),
        source_ids=unique_ids(*(r.source_ids for r in old + new)),
        figure=fig,
        money=True,
        columns=columns,
        rows=table,
        display_columns=shown,
        display_rows=display,
    )
