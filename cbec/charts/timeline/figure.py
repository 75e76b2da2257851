"""Customs' yearly series (first releases and revisions) with the events since the 2020 series break
numbered at their dates: records -> ChartSpec. Events come from events.csv (on_chart), pilot_zones.csv
and statements.csv; the chart lists them below itself, so the plot carries only their numbers."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import plotly.graph_objects as go

from ...data import TABLES, CbecYear, DataError, Dataset
from ...fmt import WEAK_MARK, date, num
from ...values import headline, is_weak
from ..common import (
    COMPARISON,
    OFFICIAL,
    WEAK_SYMBOL,
    ChartSpec,
    Words,
    base_layout,
    load_words,
    point_labels,
    sources_rating,
    unique_ids,
    weak_key,
    with_usd,
    wrap,
)

WORDS = load_words(__file__)
ROWS = 3  # label rows above the series: events close in time take the next row
ROW_GAP = 0.75  # years: two labels nearer than this on one row would touch on a phone


@dataclass(frozen=True)
class Marker:
    date: str
    what: str
    confidence: str
    source_ids: tuple[str, ...]


def position(d: str) -> float:
    """A date as a fractional year: '2022-09' is mid-September, '2025-05-02' that day."""
    parts = [int(p) for p in d.split("-")]
    y, m, day = parts[0], parts[1] if len(parts) > 1 else 7, parts[2] if len(parts) > 2 else 15
    start = dt.date(y, 1, 1)
    return y + (dt.date(y, m, day) - start).days / (dt.date(y + 1, 1, 1) - start).days


def markers(ds: Dataset, w: Words) -> list[Marker]:
    """Every event the chart numbers, oldest first: the series break, the pilot-zone batches since, and
    the rows of events.csv marked on_chart."""
    brk = ds.statements["b2b_codes"]
    out = [Marker(brk.date, w.t("series_break"), sources_rating(ds, brk.source_ids), brk.source_ids)]
    for z in ds.zones:
        if z.date >= brk.date:
            text = w.t(  # a weak count carries its flag where it prints (firm_fields: the others do not)
                "batch",
                batch=z.batch,
                added=num(z.zones_added),
                added_flag=WEAK_MARK[w.lang] if is_weak(z.zones_added) else "",
                total=num(z.cumulative),
                total_flag=WEAK_MARK[w.lang] if is_weak(z.cumulative) else "",
            )
            out.append(Marker(z.date, text, z.confidence, z.source_ids))
    fc = ds.facts["cbec_2024_forecast_tn_cny"]
    for e in ds.events:
        if not e.on_chart:
            continue
        text = e.what_zh if w.lang == "zh" else e.what
        if e.key == "mofcom-forecast-2024":  # its figure, from facts.csv
            text = w.t("forecast_event", value=w.tn(fc.value), year=fc.period)
        out.append(Marker(e.date, text, e.confidence, e.source_ids))
    return sorted(out, key=lambda m: m.date)


def rows_for(xs: list[float]) -> list[int]:
    """Greedy label rows: each event takes the lowest row where it clears the last label by ROW_GAP."""
    last = [-1e9] * ROWS
    rows = []
    for x in xs:
        row = next((r for r in range(ROWS) if x - last[r] >= ROW_GAP), ROWS - 1)
        last[row] = x
        rows.append(row)
    return rows


def build(ds: Dataset, lang: str = "en") -> ChartSpec:
    w = Words(lang, WORDS)
    rows = [r for r in ds.cbec if r.scope == "broad"]
    years = list(range(min(r.year for r in rows), max(r.year for r in rows) + 1))
    first = [r for r in rows if r.vintage == "prelim"]
    later = [r for r in rows if r.vintage in ("revised", "restated")]
    stated = [r for r in rows if r.vintage == "published"]  # stated or reported, not a customs release
    fc = ds.facts["cbec_2024_forecast_tn_cny"]
    year = re.match(r"\d{4}", fc.period)  # a fact's period is free text that starts with the year
    if not year:
        raise DataError(
            ds.data_dir / TABLES["facts"].file,
            fc.line,
            f"{fc.period!r} does not start with a year; the timeline chart marks the forecast at its year",
            "period",
        )
    fc_year = int(year[0])
    actual = ds.cbec_row(fc_year, "prelim")
    headline(actual.total_tn_cny, fc.value, what="the timeline chart title")
    ms = markers(ds, w)
    xs = [position(m.date) for m in ms]
    top = max(fc.value, *(r.total_tn_cny for r in rows))
    row_y = [top * (1.18 + 0.16 * k) for k in range(ROWS)]
    label_rows = rows_for(xs)
    end = max(years[-1] + 1, int(max(xs)) + 1)

    def series(recs: list[CbecYear], name: str, dash: str, phone: bool, slot: int = OFFICIAL) -> go.Scatter:
        by_year = {r.year: r for r in recs}
        pts = [by_year.get(y) for y in years]
        vals = [r.total_tn_cny if r else None for r in pts]
        newest = recs[-1] if recs else None
        if phone:
            keep = lambda i: pts[i] is actual  # noqa: E731
        elif recs is first:
            keep = lambda i: pts[i] is not None  # noqa: E731
        else:  # the newest stated figure, beyond the first releases
            keep = lambda i: slot == COMPARISON and pts[i] is newest and newest.year > actual.year  # noqa: E731
        return go.Scatter(
            name=name,
            x=[y + 0.5 for y in years],  # a year's figure at mid-year, so events fall inside their year
            y=vals,
            mode="lines+markers+text" if dash else "markers+text",
            connectgaps=False,
            line=dict(dash=dash or "solid", width=2.5),
            meta=dict(c=slot),
            marker=dict(
                size=8, symbol=["circle" if v is None or not is_weak(v) else WEAK_SYMBOL for v in vals]
            ),
            text=point_labels(vals, keep, 2),
            textposition="bottom right" if recs is first else "middle left" if dash else "middle right",
            cliponaxis=False,
            customdata=[
                [
                    r.year if r else "",
                    (r.label_zh if lang == "zh" else r.label) or w.shared(f"vintages.{r.vintage}")
                    if r
                    else "",
                    WEAK_MARK[lang] if r and is_weak(r.total_tn_cny) else "",
                ]
                for r in pts
            ],
            hovertemplate=w(
                "%{customdata[0]}, %{customdata[1]}: <b>%{y:.2f} trillion yuan%{customdata[2]}</b>",
                "%{customdata[0]}年（%{customdata[1]}）：<b>%{y:.2f}万亿元%{customdata[2]}</b>",
            )
            + "<extra></extra>",
        )

    def figure(phone: bool, medium: bool = False) -> go.Figure:
        """``phone``: the phone's labels and ticks; ``medium`` (with phone): the 600 px embed's 16:9 image,
        its legend beside the plot, so the plot keeps the phone's height for the rows of events."""
        tick_years = list(range(years[0], end, 2 if phone else 1))
        if medium:
            legend_at = {
                "legend": dict(orientation="v", x=1.02, xanchor="left", y=1, yanchor="top"),
                "margin": dict(l=40, r=12, t=12, b=30),  # the year labels need no more
            }
        elif phone:  # a phone's legend takes two lines: room for both under the year labels
            legend_at = {"margin": dict(l=40, r=12, t=12, b=96)}
        else:
            legend_at = {}
        other_name = w.shared("other_kind")
        if medium:  # the legend beside the plot: its longest entry on two lines
            other_name = wrap(other_name, 20) if " " in other_name else other_name.replace("（", "<br>（")
        layout = base_layout(
            xaxis=dict(
                range=[years[0], end],
                tickmode="array",
                tickvals=[y + 0.5 for y in tick_years],
                ticktext=[str(y) for y in tick_years],
                showgrid=False,
            ),
            yaxis=dict(title=dict(text=w.unit(w.unit_tn)), range=[0, row_y[-1] * 1.08]),
            showlegend=True,
            **legend_at,
        )
        traces = [
            series(first, w.t("first_name"), "dot", phone),
            series(later, w.t("later_name"), "solid", phone),
            *([series(stated, other_name, "", phone, COMPARISON)] if stated else []),
            # the weak points are the stated figures' (a customs release is never weak)
            *([weak_key(w, COMPARISON)] if any(is_weak(r.total_tn_cny) for r in rows) else []),
            go.Scatter(
                name=w.t("forecast_name"),
                x=[fc_year + 0.5],
                y=[fc.value],
                mode="markers+text",
                marker=dict(size=11, symbol="x-thin-open", line=dict(width=2.5)),
                meta=dict(c=COMPARISON),
                text=[w.t("forecast_label", value=num(fc.value, 2))],
                # in the short medium image, beside the cross: above it would touch the events' numbers
                textposition="middle left" if medium else "top left",
                cliponaxis=False,
                customdata=[[fc.period]],
                hovertemplate=w(
                    "MOFCOM's forecast for %{customdata[0]}: <b>%{y:.2f} trillion yuan</b>",
                    "商务部对%{customdata[0]}年的预期：<b>%{y:.2f}万亿元</b>",
                )
                + "<extra></extra>",
            ),
            go.Scatter(
                name=w.t("events_name"),
                x=xs,
                y=[row_y[r] for r in label_rows],
                mode="text",
                text=[f"<b>{i}</b>{'*' if m.confidence == 'weak' else ''}" for i, m in enumerate(ms, 1)],
                textposition="middle center",
                cliponaxis=False,
                meta=dict(c=COMPARISON, money=False),  # positions, not values: money.py scales them
                showlegend=False,
                customdata=[[i, date(m.date, lang), m.what] for i, m in enumerate(ms, 1)],
                hovertemplate="<b>%{customdata[0]}</b> %{customdata[1]}<br>%{customdata[2]}<extra></extra>",
            ),
        ]
        fig = go.Figure(traces, layout=layout)
        for x, r in zip(xs, label_rows):  # a dotted line from the axis up to the event's number
            fig.add_shape(
                type="line", x0=x, x1=x, y0=0, y1=row_y[r] - top * 0.07, line=dict(width=1, dash="dot")
            )
        return fig

    # The last two first releases with a growth rate (not weak): where the slowdown stands.
    prelims = [
        (r, r.total_yoy_pct) for r in first if r.total_yoy_pct is not None and not is_weak(r.total_yoy_pct)
    ]
    (g_hi, g_hi_pct), (g_lo, g_lo_pct) = prelims[-2], prelims[-1]
    weak = [w.release(r) for r in rows if is_weak(r.total_tn_cny)]
    weak_events = [str(i) for i, m in enumerate(ms, 1) if m.confidence == "weak"]
    sure = [r for r in first if not is_weak(r.total_tn_cny)]
    return ChartSpec(
        id="timeline",
        lang=lang,
        title=w.t("title", year=fc_year, actual=num(actual.total_tn_cny), forecast=num(fc.value)),
        subtitle=w.t(
            "subtitle", start=years[0], end=years[-1], ev_start=ms[0].date[:4], ev_end=ms[-1].date[:4]
        ),
        summary=w.t(
            "summary",
            first_value=w.tn(sure[0].total_tn_cny),
            first_year=sure[0].year,
            last_value=w.tn(sure[-1].total_tn_cny),
            last_year=sure[-1].year,
            g_hi=w.pct(g_hi_pct),
            g_hi_year=g_hi.year,
            g_lo=w.pct(g_lo_pct),
            g_lo_year=g_lo.year,
            year=fc_year,
            actual=w.tn(actual.total_tn_cny),
            forecast=w.tn(fc.value),
        ),
        notes=(
            w.t("notes.numbered"),
            *(
                w.t("notes.event", n=i, date=date(m.date, lang), what=m.what)
                + (WEAK_MARK[lang] if m.confidence == "weak" and WEAK_MARK[lang] not in m.what else "")
                for i, m in enumerate(ms, 1)
            ),
            w.t("notes.forecast", date=date(fc.as_of, lang)),
            *filter(
                None,
                [w.weak_note(weak + [w(f"event {n}", f"大事{n}") for n in weak_events])],
            ),
        ),
        source_ids=unique_ids(*(r.source_ids for r in rows), fc.source_ids, *(m.source_ids for m in ms)),
        figure=figure(False),
        money=True,
        phone_figure=figure(True),
        medium_figure=figure(True, medium=True),
        columns=("number", "date", "what", "total_trillion_yuan", "usd_bn_computed", "confidence", "sources"),
        rows=(
            *(
                (
                    None,
                    str(r.year),
                    (r.label_zh if lang == "zh" else r.label) or r.vintage,  # a stated figure: who stated it
                    r.total_tn_cny,
                    with_usd(r.total_tn_cny, r.year, ds),
                    r.confidence,
                    ";".join(r.source_ids),
                )
                for r in sorted(rows, key=lambda r: (r.year, r.vintage != "prelim"))
            ),
            (
                None,
                fc.period,
                w("forecast", "预期"),
                fc.value,
                with_usd(fc.value, fc_year, ds),
                fc.confidence,
                ";".join(fc.source_ids),
            ),
            *(
                (i, m.date, m.what, None, None, m.confidence, ";".join(m.source_ids))
                for i, m in enumerate(ms, 1)
            ),
        ),
        height=460,
        phone_height=480,
        # a little flatter than the class's 16:9 (287): its two-line headline, three-line subtitle, unit
        # switch and weak-source note leave a 600 px embed no more room (tests/test_embed.py: 550 px)
        medium_height=272,
    )
