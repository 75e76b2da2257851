"""Yearly totals by release (first release vs revised or restated): records -> ChartSpec."""

from __future__ import annotations

import plotly.graph_objects as go

from ...data import CbecYear, Dataset
from ...fmt import num, pct
from ...labels import is_release, what
from ...latest import latest_cbec
from ...values import headline, is_weak
from ..common import (
    COMPARISON,
    FIRST_RELEASE_HATCH,
    OFFICIAL,
    ChartSpec,
    Words,
    base_layout,
    hatch,
    load_words,
    point_labels,
    release_table,
    unique_ids,
    with_usd,
)

WORDS = load_words(__file__)


def build(ds: Dataset, lang: str = "en") -> ChartSpec:
    w = Words(lang, WORDS)
    rows = [r for r in ds.cbec if r.scope == "broad"]
    years = list(range(min(r.year for r in rows), max(r.year for r in rows) + 1))  # keep gap years visible
    first = [r for r in rows if r.vintage == "prelim"]
    later = [r for r in rows if r.vintage in ("revised", "restated")]
    other = [r for r in rows if not is_release(r)]  # stated or reported by others: labelled by what they are
    p20, r20 = ds.cbec_row(2020, "prelim"), ds.cbec_row(2020, "revised")
    start = rows[0]
    stated = ds.facts[
        "cbec_2018_broad_first_stated_tn"
    ]  # customs' first, rounded statement of the 2018 level
    end = latest_cbec(ds)  # the one rule for "latest" (cbec/latest.py): weak figures never lead

    # Figures by others fill years with no revised bar (2024, 2025), so they share its slot in the
    # group: two bars a year instead of three, wide enough that neighbouring labels do not touch.
    shared_slot = not {r.year for r in later} & {r.year for r in other}

    def trace(
        recs: list[CbecYear], name: str, pattern: str, phone: bool = False, slot: int = OFFICIAL
    ) -> go.Bar:
        # Desktop labels every bar; on a phone only weak bars keep their asterisk (the title's
        # values are written beside their bars, below).
        keep = (lambda i: False) if phone else (lambda i: True)
        return go.Bar(
            name=name,
            x=[str(r.year) for r in recs],
            y=[r.total_tn_cny for r in recs],
            text=point_labels([r.total_tn_cny for r in recs], keep, 2),  # two decimals, as customs gives them
            offsetgroup="first" if pattern else ("later" if shared_slot or slot == OFFICIAL else "other"),
            textposition="outside",
            cliponaxis=False,
            marker=hatch(pattern),
            meta=dict(c=slot),
            customdata=[
                [
                    w.what(r),
                    pct(r.total_yoy_pct) if r.total_yoy_pct is not None else w.not_published,
                    w.confidence(r.confidence),
                ]
                for r in recs
            ],
            hovertemplate=w(
                "%{x}, %{customdata[0]}: <b>%{y:.2f} trillion yuan</b><br>growth: %{customdata[1]}"
                "<br>source confidence: %{customdata[2]}",
                "%{x}年（%{customdata[0]}）：<b>%{y:.2f}万亿元</b><br>同比增长：%{customdata[1]}"
                "<br>来源可信度：%{customdata[2]}",
            )
            + "<extra></extra>",
        )

    names = (
        w("First release (preliminary)", "初值（首次发布）"),
        w("Revised or restated", "修正值或追溯重述值"),
    )
    layout = base_layout(
        xaxis=dict(type="category", categoryorder="array", categoryarray=[str(y) for y in years]),
        yaxis=dict(title=dict(text=w.unit(w.unit_tn))),
    )
    others = [trace(other, w.shared("other_kind"), "", slot=COMPARISON)] if other else []
    fig = go.Figure(
        [trace(first, names[0], FIRST_RELEASE_HATCH), trace(later, names[1], ""), *others], layout=layout
    )
    # A phone's bars are too narrow for two labels side by side: the title's pair is one line of
    # text over the empty 2019 column, beside the 2020 bars it describes.
    phone_fig = go.Figure(
        [
            trace(first, names[0], FIRST_RELEASE_HATCH, True),
            trace(later, names[1], "", True),
            *([trace(other, w.shared("other_kind"), "", True, COMPARISON)] if other else []),
        ],
        layout=layout,
    )
    # x is the column's index: on this category axis a year string shifted the whole axis in kaleido.
    phone_fig.add_annotation(
        x=years.index(p20.year - 1),
        y=p20.total_tn_cny,
        yanchor="bottom",
        showarrow=False,
        text=w.t("phone_pair", year=p20.year, first=num(p20.total_tn_cny), revised=num(r20.total_tn_cny)),
    )
    headline(p20.total_tn_cny, r20.total_tn_cny, what="the cbec-vintages chart title")
    weak = [w.release(r) for r in rows if is_weak(r.total_tn_cny)]
    missing = [y for y in years if not any(r.year == y for r in rows)]
    columns = (
        "year",
        "release",
        "label",
        "total_trillion_yuan",
        "growth_pct",
        "usd_bn_computed",
        "confidence",
        "sources",
    )
    ordered = sorted(rows, key=lambda r: (r.year, r.vintage != "prelim"))
    table = tuple(
        (
            r.year,
            r.vintage,
            what(r, "en"),
            r.total_tn_cny,
            r.total_yoy_pct,
            with_usd(r.total_tn_cny, r.year, ds),
            r.confidence,
            ";".join(r.source_ids),
        )
        for r in ordered
    )
    shown, display = release_table(columns, table, ordered, lang)
    return ChartSpec(
        id="cbec-vintages",
        lang=lang,
        title=w.t("title", year=p20.year, first=num(p20.total_tn_cny), revised=num(r20.total_tn_cny)),
        subtitle=w.t("subtitle", start=years[0], end=years[-1]),
        summary=w.t(
            "summary",
            year=p20.year,
            start_year=start.year,
            start_value=w.tn(start.total_tn_cny),
            end_year=end.year,
            end_value=w.tn(end.total_tn_cny),
            in_report=w.in_report,
            first=w.num(p20.total_tn_cny),
            revised=w.num(r20.total_tn_cny),
            first_tn=w.tn(p20.total_tn_cny),
            revised_tn=w.tn(r20.total_tn_cny),
        ),
        notes=(
            w.t("notes.hatched"),
            w.t(
                "notes.first_stated",
                start_year=start.year,
                over=w.num(stated.value),
                value=w.num(start.total_tn_cny),
            ),
            *([w.t("notes.missing", years=w.join(missing))] if missing else []),
            *filter(None, [w.not_releases(rows), w.weak_note(weak)]),
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
