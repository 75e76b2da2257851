"""A chart's themed figures (scheme x width class, and a money chart's dollar twins), the JSON the live
chart reads, and the images the build draws from them (page images, downloads, share card)."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import plotly.io as pio

from . import static_render, theme
from .chart_labels import LABELS, LICENCE, source_line
from .chart_paths import card_path, chart_page_url, download_path, public_url, static_path
from .charts import ChartSpec
from .charts.money import to_usd
from .data import Dataset


def base_figure(spec: ChartSpec, width: str = "desktop") -> dict[str, Any]:
    """The figure as a plain dict: no template, no uids (deterministic, small), no colours yet."""
    phone = theme.WIDTHS[width].base == "phone"
    source = spec.phone_figure if phone and spec.phone_figure is not None else spec.figure
    if width == "medium" and spec.medium_figure is not None:  # its own layout for a 600 px embed
        source = spec.medium_figure
    fig = json.loads(pio.to_json(source, validate=True, remove_uids=True, engine="json"))
    fig["layout"].pop("template", None)
    return dict(fig)


def height(spec: ChartSpec, width: str) -> int:
    """The image's height (px) in a width class: the desktop figure's, the phone figure's, or, where the
    class sets a shape (the medium class's 16:9), that shape, no taller than the phone image (a chart whose
    height is what its lines need sets ``medium_height``: the claims' two columns of panels)."""
    w = theme.WIDTHS[width]
    if w.base == "desktop":
        return spec.height
    phone = spec.phone_height or round(spec.height * 0.9)
    if w.aspect is None:
        return phone
    return spec.medium_height or min(phone, round(w.width / w.aspect))


def variants(spec: ChartSpec) -> dict[str, dict[str, dict[str, Any]]]:
    """scheme -> width class -> the fully themed figure: what kaleido draws and what charts.js plots."""
    bases = {w: base_figure(spec, w) for w in theme.WIDTHS}  # one per class: themed() changes it in place
    return {
        scheme: {w: theme.themed(bases[w], scheme, w, height(spec, w)) for w in theme.WIDTHS}
        for scheme in theme.SCHEMES
    }


def usd_variants(spec: ChartSpec, ds: Dataset) -> dict[str, dict[str, dict[str, Any]]]:
    """A money chart's dollar figures ('default-usd', 'slate-usd' -> width class -> themed figure), drawn
    beside the yuan ones; {} for a chart that is not money."""
    if not spec.money:
        return {}
    twin = dataclasses.replace(
        spec,
        figure=to_usd(spec.figure, ds, spec.lang),
        phone_figure=to_usd(spec.phone_figure or spec.figure, ds, spec.lang, phone=True),
        medium_figure=to_usd(spec.medium_figure, ds, spec.lang, phone=True),
    )
    return {f"{scheme}-usd": figs for scheme, figs in variants(twin).items()}


def image_meta(spec: ChartSpec, ds: Dataset) -> dict[str, Any]:
    """What the downloadable image prints around the chart: headline, subtitle, and a source line that
    names the authority first, then the chart page's address (where every source is listed) and the licence."""
    lab = LABELS[spec.lang]
    zh = spec.lang == "zh"  # Chinese lines take full-width punctuation: ，。：
    page = public_url() + chart_page_url(spec.id, spec.lang)
    return {
        "title": spec.title,
        "subtitle": spec.subtitle,
        "source": f"{lab['image_source']}{'：' if zh else ': '}{source_line(spec)}{'。' if zh else '. '}"
        f"{lab['credit']}{' ' if zh else ', '}{page} · {LICENCE}",  # a space: the address may start a line
        "filename": spec.id,
    }


def figure_json(spec: ChartSpec, ds: Dataset, figs: dict[str, Any] | None = None) -> str:
    """The live chart's JSON: the same themed variants the static images are drawn from."""
    out = dict(figs or variants(spec))
    out["image"] = image_meta(spec, ds)
    return json.dumps(out, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


DOWNLOAD_WIDTH = 1000


def image_jobs(spec: ChartSpec, ds: Dataset, figs: dict[str, Any]) -> list[static_render.Job]:
    """Every image of one chart in one language: the page images (scheme x width class), the
    SVG and PNG downloads (light, headline and source on the image) and the 1200x630 share card."""
    jobs = []
    for scheme, by_width in figs.items():
        for w, fig in by_width.items():
            jobs.append(
                static_render.Job(
                    static_path(spec.id, spec.lang, scheme, w),
                    fig,
                    "svg",
                    theme.WIDTHS[w].width,
                    fig["layout"]["height"],
                )
            )
    meta = image_meta(spec, ds)
    light = figs["default"]["desktop"]
    dl = theme.with_header(light, meta["title"], meta["subtitle"], meta["source"], DOWNLOAD_WIDTH)
    for fmt in ("svg", "png"):
        jobs.append(
            static_render.Job(
                download_path(spec.id, spec.lang, fmt), dl, fmt, DOWNLOAD_WIDTH, dl["layout"]["height"]
            )
        )
    card = theme.with_header(
        light, meta["title"], meta["subtitle"], meta["source"], 1200, big=True, height=630
    )
    jobs.append(static_render.Job(card_path(spec.id, spec.lang), card, "png", 1200, 630))
    return jobs
