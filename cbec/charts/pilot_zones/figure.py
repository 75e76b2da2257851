"""Comprehensive pilot zones, batch by batch: records -> ChartSpec."""
from __future__ import annotations

import plotly.graph_objects as go

from ...data import Dataset
from ...fmt import num
from ...values import headline, is_weak
from ..common import load_words, GREEN, ChartSpec, Words, base_layout, unique_ids

WORDS = load_words(__file__)


def build(ds: Dataset, lang: str = "en") -> ChartSpec:
    w = Words(lang, WORDS)
    z = ds.zones
    labels = [w(f"{b.date[:4]} (batch {b.batch})", f"{b.date[:4]}年（第{b.batch}批）") for b in z]
    examples = [w(b.examples, b.examples_zh) for b in z]
    basis = {"approved": w("approved", "批复"), "published": w("published", "公布"), "announced": w("announced", "宣布")}

    def change(b) -> str:
        text = f"+{num(b.zones_added)}" + (f" \u2212{num(b.zones_revoked)}" if b.zones_revoked else "")
        return text + ("*" if is_weak(b.cumulative) else "")

    fig = go.Figure(go.Bar(
        name=w("Pilot zones, cumulative", "综试区累计数量"), x=labels, y=[b.cumulative for b in z], meta=dict(c=GREEN),
        text=[change(b) for b in z], textposition="outside", cliponaxis=False,
        customdata=[[change(b), f"{basis[b.date_basis]} {b.date}", e] for b, e in zip(z, examples)],
        hovertemplate=w("Batch %{customdata[1]}: <b>%{customdata[0]}</b>, %{y} in all<br>%{customdata[2]}",
                        "%{customdata[1]}：<b>%{customdata[0]}</b>，累计%{y}个<br>%{customdata[2]}")
        + "<extra></extra>",
    ))
    two_lines = [w(f"{b.date[:4]}<br>batch {b.batch}", f"{b.date[:4]}年<br>第{b.batch}批") for b in z]
    fig.update_layout(**base_layout(showlegend=False, xaxis=dict(type="category", tickangle=0, tickmode="array",
                                                             tickvals=labels, ticktext=two_lines),
                                yaxis=dict(title=dict(text=w("zones (cumulative)", "综试区数量（累计）")))))
    sure = [b for b in z if not is_weak(b.cumulative)]  # weakly sourced batches may be shown, never lead
    last = sure[-1]
    headline(z[0].cumulative, last.cumulative, what="the pilot-zones chart title")
    later = z[len(sure):]
    # On a phone seven batch labels do not fit side by side: the same bars, laid horizontally.
    phone_fig = go.Figure(go.Bar(fig.data[0]).update(x=[b.cumulative for b in z], y=labels, orientation="h",
                                             hovertemplate=fig.data[0].hovertemplate.replace("%{y}", "%{x}")))
    phone_fig.update_layout(**base_layout(showlegend=False, margin=dict(l=8, r=16, t=8, b=44),
                                      yaxis=dict(type="category", autorange="reversed", rangemode=None,
                                                 tickmode="auto"),
                                      xaxis=dict(title=dict(text=w("zones (cumulative)", "综试区数量（累计）")),
                                                 rangemode="tozero")))
    big = max(z, key=lambda b: b.zones_added)
    weak = [w(f"batch {b.batch}", f"第{b.batch}批") for b in z if is_weak(b.cumulative)]
    return ChartSpec(
        id="pilot-zones", lang=lang,
        title=w(f"Pilot zones grew from {num(z[0].cumulative)} to {num(last.cumulative)} in {len(sure)} batches to "
                f"{last.date[:4]}" + (f"; {len(later)} more batch{'es' if len(later) > 1 else ''} followed" if later else ""),
                f"跨境电商综试区截至{last.date[:4]}年分{len(sure)}批设立，由{num(z[0].cumulative)}个增至"
                f"{num(last.cumulative)}个" + (f"；此后又有{len(later)}批" if later else "")),
        subtitle=w(f"Comprehensive pilot zones for cross-border e-commerce, cumulative number, China, "
                   f"{z[0].date[:4]}\u2013{z[-1].date[:4]}; labels show zones added (+) and revoked (\u2212) in each batch",
                   f"跨境电子商务综合试验区累计数量，中国，{z[0].date[:4]}\u2013{z[-1].date[:4]}年；"
                   "标签为每批新增（+）和撤销（\u2212）的数量"),
        summary=w(f"The State Council set up pilot zones in {len(z)} batches: {z[0].examples} alone in "
                  f"{z[0].date[:4]}, {w.num(last.cumulative)} zones by batch {last.batch} ({last.date[:4]}), the largest "
                  f"batch ({num(big.zones_added)}) in {big.date[:4]}"
                  + "".join(f"; batch {b.batch} ({b.date[:4]}) added {w.num(b.zones_added)} and revoked "
                            f"{w.num(b.zones_revoked)}, {w.num(b.cumulative)} in all by our count" for b in later) + ".",
                  f"国务院先后分{len(z)}批设立综试区：{z[0].date[:4]}年仅有{z[0].examples_zh}一个，"
                  f"到第{last.batch}批（{last.date[:4]}年）共{w.num(last.cumulative)}个，规模最大的一批"
                  f"（{num(big.zones_added)}个）在{big.date[:4]}年"
                  + "".join(f"；第{b.batch}批（{b.date[:4]}年）新增{w.num(b.zones_added)}个、撤销"
                            f"{w.num(b.zones_revoked)}个，按本站计算共{w.num(b.cumulative)}个" for b in later) + "。"),
        notes=(w("The count is cumulative: zones added in each batch less any revoked; no official body has published "
                 "the total after the latest batch, so the last figure is our computation.",
                 "累计数量按每批新增数减去撤销数计算；最近一批之后的总数未见官方公布，最后一个数字为本站计算。"),
               *(w(f"Batch {b.batch}: {b.note}", f"第{b.batch}批：{b.note_zh}") for b in z if b.note),
               *filter(None, [w.weak_note(weak)])),
        source_ids=unique_ids(*(b.source_ids for b in z)),
        figure=fig,
        columns=("batch", "date", "date_basis", "zones_added", "zones_revoked", "cumulative", "examples", "sources"),
        rows=tuple((b.batch, b.date, b.date_basis, b.zones_added, b.zones_revoked, b.cumulative, b.examples,
                    ";".join(b.source_ids)) for b in z),
        # On the page (and on paper) five columns: date and its basis in one cell, added and revoked in one.
        display_columns=("batch", "date", "change", "cumulative", "examples", "sources"),
        display_rows=tuple((b.batch, f"{basis[b.date_basis]} {b.date}", change(b), b.cumulative, e, "")
                           for b, e in zip(z, examples)),
        height=380,
        phone_figure=phone_fig,
        phone_height=400,
    )
