"""The Global Times report's figures against their sources: records -> ChartSpec."""

from __future__ import annotations

from typing import Any, NamedTuple, TypedDict

import plotly.graph_objects as go

from ...data import TABLES, CbecYear, Claim, DataError, Dataset
from ...fmt import num
from ...verdicts import badge_text, headline_phrases
from ..common import (
    COMPARISON,
    COMPUTED,
    OFFICIAL,
    REPORT,
    ChartSpec,
    PlotlyDict,
    Words,
    computed_marker,
    load_words,
    sources_rating,
    unique_ids,
    weakest,
    wrap,
)

WORDS = load_words(__file__)


# How each kind of compared value is drawn (data/claims.csv sourced_kind / alt_kind): the legend
# word and the look. A computed value never takes a source's look or legend; other_measure has no bar.
KIND_LOOK: dict[str, tuple[str, int, PlotlyDict]] = {
    "source": ("official", OFFICIAL, {}),
    "computed": ("computed", COMPUTED, computed_marker()),
}


class Window(TypedDict):
    """A computed comparison value: end over start, two rows of cbec_annual.csv (words.yaml ``computed``)."""

    value: float
    start: CbecYear
    end: CbecYear


Windows = dict[tuple[str, str], Window]  # (claim id, 'sourced' or 'alt') -> its computation


class PanelRow(NamedTuple):
    """One row of a claim's panel: a bar, or (value None) a line of text where no bar can be drawn."""

    key: str  # the legend entry (cbec/charts/words.yaml legend), 'none' for no bar
    slot: int | None  # palette slot
    marker: PlotlyDict
    value: float | None
    text: str  # the bar's label
    note: str  # its hover text


def verdict_headline(cs: list[Claim], lang: str = "en") -> str:
    """The title: the claims counted by verdict category, in the badges' own words (cbec/verdicts.yaml)."""
    w = Words(lang, WORDS)
    return w.t("title", n=len(cs), verdicts=w.t("title_separator").join(headline_phrases(cs, lang)))


def attribution(c: Claim, lang: str = "en") -> str:
    """Who the Global Times report attributes a figure to, worded from data/claims.csv."""
    w = Words(lang)
    return {
        "official_data": w(
            "given as \u201cofficial data\u201d; no speaker named",
            "报道称“官方数据显示”，未说明出自哪位发言人",
        ),
        "named_source": w(
            f"attributed to {c.attributed_name} data; no speaker named",
            f"报道称引自{c.attributed_name_zh}的数据，未说明出自哪位发言人",
        ),
        "none": w("no source or speaker given", "报道未注明来源或发言人"),
        "speaker": w(f"said by {c.attributed_name}", f"{c.attributed_name_zh}所说"),
    }[c.attribution]


def computed_windows(ds: Dataset) -> Windows:
    """Every computed comparison value (claim id, 'sourced' or 'alt') recomputed from the cbec table:
    its value, window and inputs. The claims table must carry the same number, rounded as it is
    written, or the build stops naming the cell: the chart never shows a typed computation."""
    out: Windows = {}
    for claim_id, sides in WORDS["computed"].items():
        c = ds.claim(claim_id)
        for side, spec in sides.items():
            start, end = ds.cbec_row(*spec["start"]), ds.cbec_row(*spec["end"])
            value = end.total_tn_cny / start.total_tn_cny
            written = getattr(c, f"{side}_value")
            if getattr(c, f"{side}_kind") != "computed" or written is None or round(value, 1) != written:
                raise DataError(
                    ds.data_dir / TABLES["claims"].file,
                    c.line,
                    f"is {written} ({getattr(c, f'{side}_kind')}), but {end.year} {end.vintage} over "
                    f"{start.year} {start.vintage} in cbec_annual.csv is {value:.3f} (computed); "
                    f"write {round(value, 1)} and kind 'computed'",
                    f"{side}_value",
                )
            out[(claim_id, side)] = Window(value=value, start=start, end=end)
    return out


def with_unit(value: float, c: Claim, w: Words, short: bool = False) -> str:
    """'1.69 trillion yuan', '31.1% year on year', '20%（2020年增速）': one unit, written once. ``short``: without
    its parenthesis ('10 times', not '10 times (“nearly”, the report says)'), for a phone's bar labels."""
    unit = w(c.unit, c.unit_zh)
    if short:
        unit = unit.split(" (")[0].split("（")[0]
    return f"{num(value)}{unit}" if w.lang == "zh" or unit.startswith("%") else f"{num(value)} {unit}"


def _bars(c: Claim, w: Words, windows: Windows, phone: bool = False) -> list[PanelRow]:
    """The rows of one panel: (legend key, slot, marker, value or None, bar label, hover text)."""
    said = with_unit(c.claimed_value, c, w)
    rows = [
        PanelRow(
            "report",
            REPORT,
            {},
            c.claimed_value,
            with_unit(c.claimed_value, c, w, short=phone),  # the panel's heading says "nearly", "more than"
            w("Global Times report, 8 Sep 2021", "《环球时报》英文版报道，2021年9月8日")
            + f"：{said}" * (w.lang == "zh")
            + f": {said}" * (w.lang == "en"),
        )
    ]
    for side in ("sourced", "alt"):
        kind: str = getattr(c, f"{side}_kind")
        value: float | None = getattr(c, f"{side}_value")
        note = w(getattr(c, f"{side}_label"), getattr(c, f"{side}_label_zh"))
        if value is None:
            continue
        if kind == "other_measure":  # no bar: the closest figure measures something else
            rows.append(PanelRow("none", None, {}, None, w.t("no_match"), note))
            continue
        key, slot, marker = KIND_LOOK[kind]
        if side == "alt" and kind == "source":
            key, slot = "comparison", COMPARISON
        text = num(value)
        if kind == "computed":
            win = windows[(c.id, side)]
            text = w.t("computed_label", value=num(value), start=win["start"].year, end=win["end"].year)
            note = w.t(
                "computed_hover",
                value=num(value),
                end=w.release(win["end"]),
                end_value=num(win["end"].total_tn_cny),
                start=w.release(win["start"]),
                start_value=num(win["start"].total_tn_cny),
            )
        rows.append(PanelRow(key, slot, marker, value, text, note))
    return rows


def _columns(heights: list[int], gap: int) -> int:
    """Where the second column starts: the split of the panels (in order) whose taller column is lowest."""

    def tallest(k: int) -> int:
        return max(sum(heights[:k]) + gap * (k - 1), sum(heights[k:]) + gap * (len(heights) - k - 1))

    return min(range(1, len(heights)), key=tallest)


def _claims_figure(
    cs: list[Claim], w: Words, windows: Windows, phone: bool, medium: bool = False
) -> tuple[go.Figure, int]:
    """Small multiples, one panel per claim, laid out in pixels for one width class.

    Each panel: the claim, then its verdict once, as a badge (symbol, short word, colour; the verdict
    in full is in the table and on the page that checks the figures), then one row per compared
    value, each bar labelled with its value (the report's with its unit, computed ones with their
    window). Panels have their own unit, so no panel needs an axis of numbers. Text is wrapped to the
    width class (plotly does not wrap), and every panel gets the height its own lines need, so nothing
    overlaps in either language. On a phone, title and chart fit one screen (issue 28). ``medium`` (with
    phone): the panels in two columns, each half the phone's width, so a 600 px embed stays short.
    """
    cjk = w.lang == "zh"
    chars = (22 if phone else 46) if cjk else (42 if phone else 88)
    if medium:  # a column of the 510 px image is a little narrower than a phone's 300
        chars = 17 if cjk else 34
    line, bar, gap = (
        17,
        (16 if medium else 18 if phone else 22),
        (8 if phone else 14),
    )  # px: a 13 px text line, a bar band (its 12 px label beside it), between panels
    heads = [wrap(w(c.claim, c.claim_zh), chars) for c in cs]
    bars = [_bars(c, w, windows, phone) for c in cs]

    def head_height(head: str) -> int:
        # a panel's heading and badge lines (a wrapped heading: 3 px more per extra line)
        return (head.count("<br>") + 2) * (line + 3) - 3

    tall = [head_height(h) + len(r) * bar for h, r in zip(heads, bars)]  # a panel: heading, badge, bars
    split = _columns(tall, gap) if medium else len(cs)
    panels: list[tuple[Claim, str, int, int, int, list[PanelRow], int]] = []
    y, col_h = 0, 0
    for i, (c, head, rows) in enumerate(zip(cs, heads, bars)):
        if i == split:
            y = 0
        col = int(i >= split)
        top = y
        y += head_height(head)
        panels.append((c, head, top, y, y + len(rows) * bar, rows, col))
        y += len(rows) * bar + gap
        col_h = max(col_h, y)
    plot_h = col_h - gap
    domains = [(0.0, 0.48), (0.52, 1.0)] if medium else [(0.0, 1.0)]
    legend_h = 2 * 20 + 4 if phone else 26
    margin = dict(l=4, r=8, t=legend_h + 6, b=6)
    height = plot_h + margin["t"] + margin["b"]
    fig = go.Figure()
    layout: dict[str, Any] = dict(
        margin=margin,
        dragmode=False,
        hovermode="closest",
        showlegend=True,
        bargap=0.22,
        legend=dict(
            orientation="h", x=0, xanchor="left", y=1 + 4 / plot_h, yanchor="bottom", traceorder="normal"
        ),
        annotations=[],
    )
    shown: set[str] = set()
    for i, (c, head, top, bars_top, bottom, rows, col) in enumerate(panels, start=1):
        x0, x1 = domains[col]
        ax = "" if i == 1 else str(i)
        cats = [f"{i}-{j}" for j in range(len(rows))]
        top_value = max(r.value for r in rows if r.value is not None)
        for j, (key, slot, marker, value, text, note) in enumerate(rows):
            if value is None:
                layout["annotations"].append(
                    dict(
                        text=text,
                        x=0,
                        y=cats[j],
                        xref=f"x{ax}",
                        yref=f"y{ax}",
                        xanchor="left",
                        showarrow=False,
                    )
                )
                continue
            name = w.shared(f"legend.{key}")
            fig.add_trace(
                go.Bar(
                    name=name,
                    legendgroup=key,
                    showlegend=key not in shown,
                    y=[cats[j]],
                    x=[value],
                    orientation="h",
                    meta=dict(c=slot, kind=key),
                    marker=marker,
                    text=[text],
                    textposition="outside",
                    cliponaxis=False,
                    xaxis=f"x{ax}",
                    yaxis=f"y{ax}",
                    customdata=[[note]],
                    hovertemplate="%{customdata[0]}<extra></extra>",
                )
            )
            shown.add(key)
        # Bars take at most half the width: the longest label (the report's value and unit) fits beside them.
        layout[f"xaxis{ax}"] = dict(
            anchor=f"y{ax}",
            domain=[x0, x1],
            fixedrange=True,
            showticklabels=False,
            ticks="",
            showgrid=False,
            zeroline=True,
            range=[0, top_value * (2.4 if phone else 2)],
        )
        layout[f"yaxis{ax}"] = dict(
            anchor=f"x{ax}",
            fixedrange=True,
            showticklabels=False,
            ticks="",
            type="category",
            categoryorder="array",
            categoryarray=cats,
            autorange="reversed",
            domain=[1 - bottom / plot_h, 1 - bars_top / plot_h],
        )
        head_lines = head.count("<br>") + 1
        layout["annotations"] += [
            dict(
                text=f"<b>{head}</b>",
                x=x0,
                y=1 - top / plot_h,
                xref="paper",
                yref="paper",
                xanchor="left",
                yanchor="top",
                align="left",
                showarrow=False,
            ),
            # The badge: symbol and short word, in the verdict's colour (cbec/verdicts.py, as on the
            # pages), never italic.
            dict(
                text=f"<b>{badge_text(c.verdict_code, w.lang)}</b>",
                x=x0,
                y=1 - (top + head_lines * line + 3 * (head_lines - 1)) / plot_h,  # clear of a wrapped heading
                xref="paper",
                yref="paper",
                xanchor="left",
                yanchor="top",
                align="left",
                showarrow=False,
                name=f"verdict:{c.verdict_code}",
            ),
        ]
    fig.update_layout(**layout)
    return fig, height


def _summary_claim(c: Claim, w: Words) -> str:
    """One claim in the summary, worded by what its compared values are (never 'the source' for
    ours); the unit is written once, after the last number of the clause."""
    last = c.alt_value if c.alt_value is not None and c.sourced_kind != "other_measure" else c.sourced_value
    unit = with_unit(last, c, w)[len(num(last)) :]
    alt = ""
    if c.alt_value is not None and c.alt_kind == "source":
        alt = w.t("summary_alt", alt=w.num(c.alt_value) + unit)
    elif c.alt_value is not None and c.alt_kind == "computed":
        alt = w.t("summary_alt_computed", alt=w.num(c.alt_value) + unit)
    sourced = w.num(c.sourced_value) + ("" if alt else unit)
    claimed = w.num(c.claimed_value) + (unit if c.sourced_kind == "other_measure" else "")
    return w.t(
        f"summary_claim.{c.sourced_kind}",
        claim=c.claim,
        claim_zh=c.claim_zh,
        claimed=claimed,
        sourced=sourced,
        alt=alt,
    )


def build(ds: Dataset, lang: str = "en") -> ChartSpec:
    w = Words(lang, WORDS)
    cs = ds.claims
    windows = computed_windows(ds)
    fig, height = _claims_figure(cs, w, windows, phone=False)
    phone_fig, phone_height = _claims_figure(cs, w, windows, phone=True)
    medium_fig, medium_height = _claims_figure(cs, w, windows, phone=True, medium=True)
    tt = next((c for c in cs if c.id == "ten-times"), None)
    top = ds.facts.get("unctad_top_b2c_firms")
    notes = []
    if tt:
        p20, p21 = ds.cbec_row(2020, "prelim"), ds.cbec_row(2021, "prelim")
        o19, o17 = ds.cbec_row(2019, "published", "platform"), ds.cbec_row(2017, "published", "platform")
        notes.append(
            w.t(
                "notes.ten_times",
                claimed=num(tt.claimed_value),
                within=w.num(windows[("ten-times", "sourced")]["value"], 1),
                within21=w.num(windows[("ten-times", "alt")]["value"], 1),
                join19=w.num(p20.total_tn_cny / o19.total_tn_cny, 1),
                join17=w.num(p21.total_tn_cny / o17.total_tn_cny, 1),
            )
        )
    if top:
        notes.append(w.t("notes.unctad", firms=num(top.value)))
    notes.append(w.t("notes.apec"))
    kind = {k: w.t(f"kinds.{k}") for k in ("source", "computed", "other_measure")}
    return ChartSpec(
        id="claims",
        lang=lang,
        title=verdict_headline(cs, lang),
        subtitle=w.t("subtitle"),
        summary=w.t("summary", claims=w.t("separator").join(_summary_claim(c, w) for c in cs)),
        notes=tuple(notes),
        source_ids=unique_ids(*(c.claim_source_ids + c.check_source_ids for c in cs)),
        figure=fig,
        # Each compared value sits beside its kind (source, computed, other_measure): no column
        # calls a computed number a source's.
        columns=(
            "claim",
            "unit",
            "in_report",
            "attributed_to",
            "compared_value",
            "compared_kind",
            "second_value",
            "second_kind",
            "verdict",
            "confidence",
            "sources",
        ),
        rows=tuple(
            (
                c.claim,
                c.unit,
                c.claimed_value,
                attribution(c, "en"),
                c.sourced_value,
                c.sourced_kind,
                c.alt_value,
                c.alt_kind or None,
                c.verdict,
                claim_confidence(c, ds, windows),
                ";".join(unique_ids(c.claim_source_ids, c.check_source_ids)),
            )
            for c in cs
        ),
        display_rows=tuple(
            (
                w(c.claim, c.claim_zh),
                w(c.unit, c.unit_zh),
                c.claimed_value,
                attribution(c, lang),
                c.sourced_value,
                kind[c.sourced_kind],
                c.alt_value,
                kind[c.alt_kind] if c.alt_kind else None,
                w(c.verdict, c.verdict_zh),
                w.confidence(claim_confidence(c, ds, windows)),
                "",
            )
            for c in cs
        ),
        height=height,
        phone_figure=phone_fig,
        phone_height=phone_height,
        medium_figure=medium_fig,
        medium_height=medium_height,  # each panel as tall as its lines need, in two columns
        describe_collapsed=True,  # it restates every panel: a screen reader's, or on request
    )


def claim_confidence(c: Claim, ds: Dataset, windows: Windows) -> str:
    """The weakest rating among what the compared values rest on: the cbec rows of a computation,
    else the sources the check cites (a weak one flags the row)."""
    if c.sourced_kind == "computed":
        return weakest(
            r.confidence
            for (cid, _), win in windows.items()
            if cid == c.id
            for r in (win["start"], win["end"])
        )
    return sources_rating(ds, c.check_source_ids)
