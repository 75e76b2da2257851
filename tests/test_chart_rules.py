"""The chart rules, checked on the figure objects every chart builds (both languages, every width class and
scheme), so that `make test-fast` catches them before any image is drawn. CONTRIBUTING.md ("Adding a
chart") lists them; the build tier checks the drawn SVGs as well (test_chart_content.py).

1. No line through a missing year: a line has connectgaps=False and a None point for a year without a value.
2. Headline numbers drawn: every number in the title is written on the chart at every width (a label, an
   annotation, a legend entry or a tick the axis is set to draw).
3. Labels rounded like the title: "written" means the same digits, so 6.28 in a title needs a 6.28 on the
   chart, not 6.2827; and one axis's values are written with one number of decimals in labels and hover
   (2.10 beside 2.11, not 2.1).
4. Weak values flagged: see test_every_weak_point_carries_its_flag_in_label_hover_and_marker.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import ROOT

from cbec import chart_images
from cbec.charts import build_all, common
from cbec.data import load
from cbec.values import flag_weak

LANGS = ("en", "zh")
DS = flag_weak(load(ROOT / "data"))
SPECS = {lang: build_all(DS, lang) for lang in LANGS}


def _ticks(axis: dict[str, Any], values: list[Any]) -> list[str]:
    """The tick labels an axis draws for these data values, where the figure fixes them: explicit
    ticktext/tickvals, every category, or a numeric step (dtick from tick0). Automatic ticks count for
    nothing: plotly thins them by width (2015-2025 drew 2016, 2018, ... on a phone)."""
    if axis.get("ticktext") or axis.get("tickvals"):
        return [str(t) for t in axis.get("ticktext") or axis.get("tickvals")]
    if axis.get("type") == "category":
        return [str(v) for v in values]
    step = axis.get("dtick")
    if isinstance(step, (int, float)) and step > 0:
        start = float(axis.get("tick0", 0))
        return [str(v) for v in values if isinstance(v, (int, float)) and (v - start) % step == 0]
    return []


def drawn(fig: dict[str, Any]) -> str:
    """Everything a themed figure writes on the chart."""
    out: list[str] = []
    for tr in fig["data"]:
        text = tr.get("text")
        out += [str(t) for t in (text if isinstance(text, (list, tuple)) else [text]) if t is not None]
        if (
            tr.get("showlegend") is not False
            and tr.get("name")
            and fig["layout"].get("showlegend") is not False
        ):
            out.append(str(tr["name"]))
    out += [str(a.get("text", "")) for a in fig["layout"].get("annotations", [])]
    for key, axis in fig["layout"].items():
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            letter = key[0]
            anchor = "" if key in ("xaxis", "yaxis") else key[5:]
            values = [
                v
                for tr in fig["data"]
                if (tr.get(f"{letter}axis") or letter) in (letter + anchor, letter if not anchor else "")
                for v in tr.get(letter) or []
            ]
            out += _ticks(axis, values)
    return " | ".join(out)


@pytest.mark.parametrize("lang", LANGS)
def test_title_numbers_are_written_on_the_chart_at_every_width_as_the_title_rounds_them(lang):
    for cid, spec in SPECS[lang].items():
        if cid == "claims":  # its title counts verdicts: one badge per panel (test_chart_content)
            continue
        numbers = set(re.findall(r"\d+(?:\.\d+)?", spec.title))
        for scheme, by_width in chart_images.variants(spec).items():
            for width, fig in by_width.items():
                text = drawn(fig)
                missing = [n for n in numbers if not re.search(rf"(?<![\d.]){re.escape(n)}(?![\d])", text)]
                assert not missing, (
                    f"{cid} ({lang}, {width}, {scheme}): the title's {', '.join(missing)} is not written on the "
                    f"chart as the title writes it (title: {spec.title!r})"
                )


@pytest.mark.parametrize("lang", LANGS)
def test_no_line_is_drawn_through_a_year_without_a_value(lang):
    for cid, spec in SPECS[lang].items():
        for fig in filter(None, (spec.figure, spec.phone_figure, spec.medium_figure)):
            for tr in fig.data:
                if tr.type == "scatter" and "lines" in (tr.mode or ""):
                    assert tr.connectgaps is False, (cid, tr.name)
                    xs = list(tr.x)
                    if all(isinstance(x, int) for x in xs):  # years: every year is a point, None if missing
                        assert xs == list(range(xs[0], xs[-1] + 1)), (
                            f"{cid} {tr.name}: a year without a value must be a None point, not skipped"
                        )


def _decimals(text: str) -> set[int]:
    """How many decimals each decimal number in a label has (integers, years and counts say nothing)."""
    return {len(m[1]) for m in re.finditer(r"(?<![\d.])\d+\.(\d+)", re.sub(r"<[^>]+>", " ", text))}


def _labels_by_axis(fig: dict[str, Any]) -> dict[str, list[str]]:
    """The value labels written on each subplot's value axis: its traces' text and the annotations
    placed in its coordinates."""
    out: dict[str, list[str]] = {}
    for tr in fig["data"]:
        text = tr.get("text")
        axis = (tr.get("xaxis") or "x") if tr.get("orientation") == "h" else (tr.get("yaxis") or "y")
        out.setdefault(axis, []).extend(
            str(t) for t in (text if isinstance(text, (list, tuple)) else [text]) if t
        )
    for a in fig["layout"].get("annotations", []):
        ref = str(a.get("yref") or "y")
        if ref != "paper" and not ref.endswith(" domain"):
            out.setdefault(ref, []).append(str(a.get("text", "")))
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_one_chart_rounds_its_labels_and_hovers_one_way(lang):
    """Rule 3 within a chart: the values of one axis are written with one number of decimals ('2.10' beside
    '2.11', never '2.1'), in labels and in the hover (a bare %{y} drops a trailing zero: 2.10 -> '2.1')."""
    for cid, spec in SPECS[lang].items():
        for scheme, by_width in chart_images.variants(spec).items():
            for width, fig in by_width.items():
                where = f"{cid} ({lang}, {width}, {scheme})"
                decimals: dict[str, set[int]] = {}
                for axis, labels in _labels_by_axis(fig).items():
                    decimals[axis] = set().union(*map(_decimals, labels)) if labels else set()
                    assert len(decimals[axis]) <= 1, f"{where}: labels on {axis} mix decimals: {labels}"
                for tr in fig["data"]:
                    hover = str(tr.get("hovertemplate") or "")
                    h = tr.get("orientation") == "h"
                    letter = "x" if h else "y"
                    values = [v for v in tr.get(letter) or [] if isinstance(v, (int, float))]
                    if f"%{{{letter}}}" in hover:
                        assert all(float(v).is_integer() for v in values), (
                            f"{where}, {tr.get('name')}: the hover writes %{{{letter}}} unformatted, so "
                            f"a value like 2.10 shows as '2.1': give it the labels' format (%{{{letter}:.2f}})"
                        )
                    axis = str(tr.get(f"{letter}axis") or letter)
                    for fmt in re.findall(rf"%{{{letter}:[^}}]*\.(\d+)f}}", hover):
                        assert decimals.get(axis, set()) <= {int(fmt)}, (
                            f"{where}, {tr.get('name')}: the hover rounds to {fmt} decimals, the labels "
                            f"to {decimals[axis]}"
                        )


@pytest.mark.parametrize("lang", LANGS)
def test_a_chart_that_draws_open_circles_for_weak_points_explains_them_in_its_legend(lang):
    """Rule 4 in the legend: where a line marks a weak point with an open circle, the chart's legend shows
    that circle with '* weak source', so a reader need not find the notes (UX review 8)."""
    for cid, spec in SPECS[lang].items():
        for scheme, by_width in chart_images.variants(spec).items():
            for width, fig in by_width.items():
                data = fig["data"]
                marked = [
                    tr.get("name")
                    for tr in data
                    if any(x is not None for x in tr.get("x") or []) and common.WEAK_SYMBOL in _symbols(tr)
                ]
                if not marked or fig["layout"].get("showlegend") is False:
                    continue
                keys = [
                    tr.get("name")
                    for tr in data
                    if tr.get("showlegend") is not False
                    and _symbols(tr) == [common.WEAK_SYMBOL]
                    and "*" in str(tr.get("name"))
                ]
                assert keys, (
                    f"{cid} ({lang}, {width}, {scheme}): {marked} mark weak points with open circles, "
                    "the legend does not say so"
                )


def _symbols(tr: dict[str, Any]) -> list[str]:
    symbol = (tr.get("marker") or {}).get("symbol")
    return list(symbol) if isinstance(symbol, (list, tuple)) else [symbol] if symbol else []
