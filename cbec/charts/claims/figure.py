"""The Global Times report's figures against their sources: records -> ChartSpec."""
from __future__ import annotations

import plotly.graph_objects as go

from ...data import Dataset
from ...fmt import num
from ..common import load_words, BLUE, ORANGE, PURPLE, ChartSpec, Words, unique_ids, wrap

WORDS = load_words(__file__)


# Each verdict category (data/claims.csv verdict_code) and its phrase (en, zh), as the title counts it.
VERDICT_PHRASES = {code: (phrase["en"], phrase["zh"]) for code, phrase in WORDS["verdicts"].items()}


def verdict_headline(cs, lang: str = "en") -> str:
    w = Words(lang, WORDS)
    counts = {code: sum(1 for c in cs if c.verdict_code == code) for code in VERDICT_PHRASES}
    parts = [w.t(f"verdicts.{code}", n=n) for code, n in counts.items() if n]
    return w.t("title", n=len(cs), verdicts=w.t("separator").join(parts))


def attribution(c, lang: str = "en") -> str:
    """Who the Global Times report attributes a figure to, worded from data/claims.csv."""
    w = Words(lang)
    return {
        "official_data": w("given as \u201cofficial data\u201d; no speaker named", "报道称“官方数据显示”，未说明出自哪位发言人"),
        "named_source": w(f"attributed to {c.attributed_name} data; no speaker named",
                          f"报道称引自{c.attributed_name_zh}的数据，未说明出自哪位发言人"),
        "none": w("no source or speaker given", "报道未注明来源或发言人"),
        "speaker": w(f"said by {c.attributed_name}", f"{c.attributed_name_zh}所说"),
    }[c.attribution]



def _claims_figure(cs, w: Words, phone: bool) -> tuple[go.Figure, int]:
    """Small multiples, one panel per claim, laid out in pixels for one width class.

    Each panel: the claim and its unit, our verdict on a second line, then its two or three bars,
    each labelled with its value. Panels have their own unit, so no panel needs an axis of
    numbers: the value labels carry them, and nothing sits between one panel's bars and the next
    panel's title (the old layout put tick labels there, which the titles overprinted on
    phones). Text is wrapped to the width class (plotly does not wrap), and every panel gets the
    height its own lines need, so nothing overlaps in either language.
    """
    cjk = w.lang == "zh"
    chars = (22 if phone else 46) if cjk else (42 if phone else 88)
    line, bar, gap = 17, 24, 16  # px: a 13 px text line, one bar band, space between panels
    said = w("In the Global Times report", "《环球时报》英文版报道")
    sourced = w("What the sources say", "原始来源的数据")
    other = w("Another source says", "另一来源的数据")
    panels, y = [], 0
    for c in cs:
        head = wrap(w(f"{c.claim} ({c.unit})", f"{c.claim_zh}（{c.unit_zh}）"), chars)
        verdict = wrap(w(f"Verdict: {c.verdict}", f"结论：{c.verdict_zh}"), chars + (0 if cjk else 4))
        n_lines = head.count("<br>") + verdict.count("<br>") + 2
        n_bars = 3 if c.alt_value is not None else 2
        top = y
        y += n_lines * line + 6
        panels.append((c, head, verdict, top, y, y + n_bars * bar, n_bars))
        y += n_bars * bar + gap
    plot_h = y - gap
    legend_h = 3 * 20 + 8 if phone else 30
    margin = dict(l=4, r=8, t=6, b=legend_h + 8)
    height = plot_h + margin["t"] + margin["b"]
    fig = go.Figure()
    layout: dict = dict(margin=margin, dragmode=False, hovermode="closest", showlegend=True, bargap=0.22,
                        legend=dict(orientation="h", x=0, xanchor="left", y=-8 / plot_h, yanchor="top",
                                    traceorder="normal"),
                        annotations=[])
    for i, (c, head, verdict, top, bars_top, bottom, n_bars) in enumerate(panels, start=1):
        bars = [(said, c.claimed_value, w("Global Times report, 8 Sep 2021", "《环球时报》英文版报道，2021年9月8日")),
                (sourced, c.sourced_value, w(c.sourced_label, c.sourced_label_zh))]
        if c.alt_value is not None:
            bars.append((other, c.alt_value, w(c.alt_label, c.alt_label_zh)))
        ax = "" if i == 1 else str(i)
        for j, (label, value, note) in enumerate(bars):
            fig.add_trace(go.Bar(
                name=label, legendgroup=label, showlegend=i == 1 or (j == 2 and not any(p[6] == 3 for p in panels[:i - 1])),
                y=[label], x=[value], orientation="h", meta=dict(c=[ORANGE, BLUE, PURPLE][j]),
                text=[num(value)], textposition="outside", cliponaxis=False, xaxis=f"x{ax}", yaxis=f"y{ax}",
                customdata=[[note, w(c.unit, c.unit_zh)]],
                hovertemplate=w("%{customdata[0]}: <b>%{x} %{customdata[1]}</b>",
                                "%{customdata[0]}：<b>%{x}%{customdata[1]}</b>") + "<extra></extra>",
            ))
        layout[f"xaxis{ax}"] = dict(anchor=f"y{ax}", domain=[0, 1], fixedrange=True, showticklabels=False,
                                    ticks="", showgrid=False, zeroline=True, range=[0, max(b[1] for b in bars) * 1.2])
        layout[f"yaxis{ax}"] = dict(anchor=f"x{ax}", fixedrange=True, showticklabels=False, ticks="", autorange="reversed",
                                    domain=[1 - bottom / plot_h, 1 - bars_top / plot_h])
        layout["annotations"] += [
            dict(text=f"<b>{head}</b>", x=0, y=1 - top / plot_h, xref="paper", yref="paper", xanchor="left",
                 yanchor="top", align="left", showarrow=False),
            dict(text=f"<i>{verdict}</i>", x=0, y=1 - (top + (head.count("<br>") + 1) * line) / plot_h, xref="paper",
                 yref="paper", xanchor="left", yanchor="top", align="left", showarrow=False, font=dict(size=12)),
        ]
    fig.update_layout(**layout)
    return fig, height


def build(ds: Dataset, lang: str = "en") -> ChartSpec:
    w = Words(lang, WORDS)
    cs = ds.claims
    fig, height = _claims_figure(cs, w, phone=False)
    phone_fig, phone_height = _claims_figure(cs, w, phone=True)
    tt = next((c for c in cs if c.id == "ten-times"), None)
    top = ds.facts.get("unctad_top_b2c_firms")
    return ChartSpec(
        id="claims", lang=lang,
        title=verdict_headline(cs, lang),
        subtitle=w.t("subtitle"),
        summary=w.t("summary", claims=w.t("separator").join(
            w.t("summary_claim", claim=c.claim, claim_zh=c.claim_zh, claimed=w.num(c.claimed_value),
                sourced=w.num(c.sourced_value)) for c in cs)),
        notes=(*([w.t("notes.ten_times", claimed=num(tt.claimed_value), sourced=w.num(tt.sourced_value, 0),
                      alt=w.num(tt.alt_value))] if tt else []),
               *([w.t("notes.unctad", firms=num(top.value))] if top else []),
               w.t("notes.apec")),
        source_ids=unique_ids(*(c.claim_source_ids + c.check_source_ids for c in cs)),
        figure=fig,
        columns=("claim", "unit", "in_report", "attributed_to", "sourced", "other_source", "verdict", "sources"),
        rows=tuple((c.claim, c.unit, c.claimed_value, attribution(c, "en"), c.sourced_value, c.alt_value, c.verdict,
                    ";".join(unique_ids(c.claim_source_ids, c.check_source_ids))) for c in cs),
        display_rows=tuple((w(c.claim, c.claim_zh), w(c.unit, c.unit_zh), c.claimed_value, attribution(c, lang),
                            c.sourced_value, c.alt_value, w(c.verdict, c.verdict_zh), "") for c in cs),
        height=height,
        phone_figure=phone_fig,
        phone_height=phone_height,
    )
