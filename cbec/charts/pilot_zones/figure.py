"""Comprehensive pilot zones, batch by batch: records -> ChartSpec."""

from __future__ import annotations

import plotly.graph_objects as go

from ...data import Dataset, PilotBatch
from ...fmt import label, num
from ...values import headline, is_weak
from ..common import COMPUTED, COMPUTED_HATCH, OFFICIAL, ChartSpec, Words, base_layout, load_words, unique_ids

WORDS = load_words(__file__)


def build(ds: Dataset, lang: str = "en") -> ChartSpec:
    w = Words(lang, WORDS)
    z = ds.zones
    labels = [w(f"{b.date[:4]} (batch {b.batch})", f"{b.date[:4]}年（第{b.batch}批）") for b in z]
    examples = [w(b.examples, b.examples_zh) for b in z]
    basis = {
        "approved": w("approved", "批复"),
        "published": w("published", "公布"),
        "announced": w("announced", "宣布"),
    }

    def change(b: PilotBatch) -> str:
        text = f"+{num(b.zones_added)}" + (f" \u2212{num(b.zones_revoked)}" if b.zones_revoked else "")
        return text + ("*" if is_weak(b.cumulative) else "")

    sure = [b for b in z if not is_weak(b.cumulative)]  # weakly sourced batches may be shown, never lead
    counted = {b.batch for b in sure}  # totals after these batches were published; later ones are our sums
    fig = go.Figure(
        go.Bar(
            name=w("Pilot zones, cumulative", "综试区累计数量"),
            x=labels,
            y=[b.cumulative for b in z],
            # Each bar says its total (the title quotes them); a total we summed wears the computed look
            # (colour and dots), as our computations do in every chart.
            meta=dict(c=[OFFICIAL if b.batch in counted else COMPUTED for b in z]),
            marker=dict(
                pattern=dict(
                    shape=["" if b.batch in counted else COMPUTED_HATCH for b in z],
                    fillmode="replace",
                    solidity=0.45,
                )
            ),
            text=[label(b.cumulative) for b in z],
            textposition="outside",
            cliponaxis=False,
            customdata=[
                [
                    change(b),
                    f"{basis[b.date_basis]} {b.date}",
                    e,
                    "" if b.batch in counted else w(" (our computation)", "（本站计算）"),
                ]
                for b, e in zip(z, examples)
            ],
            hovertemplate=w(
                "Batch %{customdata[1]}: <b>%{customdata[0]}</b>, %{y} in all%{customdata[3]}<br>%{customdata[2]}",
                "%{customdata[1]}：<b>%{customdata[0]}</b>，累计%{y}个%{customdata[3]}<br>%{customdata[2]}",
            )
            + "<extra></extra>",
        )
    )
    two_lines = [w(f"{b.date[:4]}<br>batch {b.batch}", f"{b.date[:4]}年<br>第{b.batch}批") for b in z]
    top = max(b.cumulative for b in z) * 1.15  # headroom: the tallest bar's label is never clipped
    fig.update_layout(
        **base_layout(
            showlegend=False,
            xaxis=dict(type="category", tickangle=0, tickmode="array", tickvals=labels, ticktext=two_lines),
            yaxis=dict(title=dict(text=w.unit(w("zones, cumulative", "综试区数量（累计）"))), range=[0, top]),
        )
    )
    last = sure[-1]
    headline(z[0].cumulative, last.cumulative, what="the pilot-zones chart title")
    later = z[len(sure) :]
    # On a phone seven batch labels do not fit side by side: the same bars, laid horizontally.
    phone_fig = go.Figure(
        go.Bar(fig.data[0]).update(
            x=[b.cumulative for b in z],
            y=labels,
            orientation="h",
            hovertemplate=fig.data[0].hovertemplate.replace("%{y}", "%{x}"),
        )
    )
    phone_fig.update_layout(
        **base_layout(
            showlegend=False,
            margin=dict(l=8, r=16, t=8, b=44),
            yaxis=dict(type="category", autorange="reversed", rangemode=None, tickmode="auto"),
            xaxis=dict(title=dict(text=w("zones (cumulative)", "综试区数量（累计）")), range=[0, top * 1.05]),
        )
    )
    big = max(z, key=lambda b: b.zones_added)
    weak = [w(f"batch {b.batch}", f"第{b.batch}批") for b in z if is_weak(b.cumulative)]
    return ChartSpec(
        id="pilot-zones",
        lang=lang,
        title=w.t(
            "title",
            first=num(z[0].cumulative),
            first_year=z[0].date[:4],
            last=num(last.cumulative),
            year=last.date[:4],
            more=w.t(
                "title_more" if len(later) > 1 else "title_more_one",
                n=len(later),
                batch=later[0].batch,
                next_year=later[0].date[:4],
            )
            if later
            else "",
        ),
        subtitle=w.t("subtitle", start=z[0].date[:4], end=z[-1].date[:4]),
        summary=w.t(
            "summary",
            n=len(z),
            first_city=z[0].examples,
            first_city_zh=z[0].examples_zh,
            first_year=z[0].date[:4],
            last=w.num(last.cumulative),
            last_batch=last.batch,
            last_year=last.date[:4],
            big=num(big.zones_added),
            big_year=big.date[:4],
            # A weak batch is flagged once, not at each of its numbers.
            later="".join(
                w.t(
                    # the flag sits on the weak fact: revocations reported only by a weak source
                    "summary_later_weak_revoked"
                    if is_weak(b.zones_revoked) and not is_weak(b.zones_added)
                    else "summary_later",
                    batch=b.batch,
                    year=b.date[:4],
                    added=num(b.zones_added),
                    revoked=num(b.zones_revoked),
                    total=num(b.cumulative),
                    flag=w.t("weak_batch", batch=b.batch) if is_weak(b.cumulative) else "",
                )
                for b in later
            ),
        ),
        notes=(
            w.t("notes.cumulative"),
            *(w.t("notes.batch", batch=b.batch, note=w(b.note, b.note_zh)) for b in z if b.note),
            *filter(None, [w.weak_note(weak)]),
        ),
        source_ids=unique_ids(*(b.source_ids for b in z)),
        figure=fig,
        columns=(
            "batch",
            "date",
            "date_basis",
            "zones_added",
            "zones_revoked",
            "cumulative",
            "confidence",
            "examples",
            "sources",
        ),
        rows=tuple(
            (
                b.batch,
                b.date,
                b.date_basis,
                b.zones_added,
                b.zones_revoked,
                b.cumulative,
                b.confidence,
                b.examples,
                ";".join(b.source_ids),
            )
            for b in z
        ),
        # On the page (and on paper) five columns: date and its basis in one cell, added and revoked in one.
        display_columns=("batch", "date", "change", "cumulative", "examples", "sources"),
        display_rows=tuple(
            (b.batch, f"{basis[b.date_basis]} {b.date}", change(b), b.cumulative, e, "")
            for b, e in zip(z, examples)
        ),
        height=380,
        phone_figure=phone_fig,
        phone_height=400,
    )
