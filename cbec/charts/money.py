"""The US-dollar twin of a money chart (Our World in Data's unit switch): the same figure with every yuan
value converted at the Federal Reserve's average rate of its year (fx_annual.csv, the rate of the charts'
``usd_bn_computed`` columns and of the pages' in_usd()), labelled as our computation.

English shows billions of US dollars, Chinese 亿美元 (hundreds of millions), as each language writes them.
Traces that are not money (a chart's event markers) carry ``meta.money = False``: they and the axis range
scale by one factor, so the layout keeps its shape."""

from __future__ import annotations

import copy
import re

import plotly.graph_objects as go

from ..data import Dataset
from ..fmt import WEAK_LABEL, label, num
from ..values import Weak
from .common import usd_rate

UNIT = {"en": "billion US dollars", "zh": "亿美元"}
UNIT_LINE = {"en": "billion US dollars (our computation)", "zh": "亿美元（本站计算）"}
SCALE = {"en": 1000, "zh": 10000}  # trillions of yuan -> billions (en) or 亿 (zh) of dollars, before the rate
YEAR = re.compile(r"(19|20)\d{2}")
DECIMAL = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])")


def year_of(x: object) -> int:
    """The year a point is drawn for: 2020, '2020', 2020.5 or '2020 first release'; ValueError for an x
    that names no year."""
    if isinstance(x, (int, float)):
        return int(float(x))
    found = YEAR.search(str(x))
    if found is None:
        raise ValueError(f"no year in the x value {x!r}")
    return int(found.group(0))


def convert(value: float | None, year: int, ds: Dataset, lang: str) -> float | None:
    """One yuan value (trillions) in the page language's dollar unit, rounded as drawn; a weak value stays
    weak; None where the value is missing or the year has no rate."""
    rate = usd_rate(year, ds)
    if value is None or rate is None:
        return None
    out = round(float(value) * SCALE[lang] / rate.cny_per_usd, 0 if lang == "zh" else 1)
    return Weak(out, value.where) if isinstance(value, Weak) else out


def words(text: str) -> str:
    """Hover text: the unit words in dollars."""
    return text.replace("trillion yuan", UNIT["en"]).replace("万亿元", UNIT["zh"])


def to_usd(fig: go.Figure | None, ds: Dataset, lang: str, phone: bool = False) -> go.Figure | None:
    if fig is None:
        return None
    out = go.Figure(copy.deepcopy(fig.to_dict()))
    factor = SCALE[lang] / min(f.cny_per_usd for f in ds.fx)  # for what is not money: the axis, markers
    swaps: dict[str, str] = {}  # a yuan number as drawn -> its dollar twin, for labels and annotations

    def swap(text: str) -> str:
        return DECIMAL.sub(lambda m: swaps.get(m.group(0), m.group(0)), text)

    for tr in out.data:
        if tr.y is None:
            continue
        if (tr.meta or {}).get("money", True) is False:
            tr.y = [None if v is None else v * factor for v in tr.y]
            continue
        old = list(tr.y)
        new = [None if v is None else convert(v, year_of(x), ds, lang) for x, v in zip(tr.x, old)]
        for v, n in zip(old, new):
            if v is not None and n is not None:
                for digits in (None, 1, 2):
                    swaps.setdefault(num(v, digits), num(n).replace(",", ""))
        tr.y = new
        if tr.text is not None and not isinstance(tr.text, str):
            if tr.type == "bar":  # dollar figures are wider than the yuan ones: bars keep only their asterisk
                tr.text = [WEAK_LABEL if t and WEAK_LABEL in t else "" for t in tr.text]
            else:
                # a point without a dollar value (its year has no rate) is not drawn: nor is its label
                tr.text = [
                    t if not t or t == "*" else "" if n is None else label(n) if t == label(v) else swap(t)
                    for t, v, n in zip(tr.text, old, new)
                ]
            if lang == "zh":  # Chinese writes 2448, not 2,448
                tr.text = [t.replace(",", "") for t in tr.text]
        if tr.customdata is not None:
            tr.customdata = [
                [words(swap(c)) if isinstance(c, str) else c for c in row] for row in tr.customdata
            ]
        if tr.hovertemplate:
            tr.hovertemplate = tr.hovertemplate.replace("trillion yuan", UNIT["en"]).replace(
                "万亿元", UNIT["zh"]
            )
    layout = out.layout
    for a in layout.annotations or ():
        if a.yref in (None, "y") and a.y is not None:  # anchored at a value: at its dollar twin
            try:
                a.y = convert(a.y, year_of(a.x), ds, lang) or a.y * factor
            except (AttributeError, ValueError, TypeError):  # x is not a year (an index): scale
                a.y = a.y * factor
        if a.text:
            a.text = swap(a.text).replace("trillion yuan", UNIT_LINE["en"]).replace("万亿元", UNIT_LINE["zh"])
    for s in layout.shapes or ():
        if s.yref in (None, "y"):
            s.y0 = None if s.y0 is None else s.y0 * factor
            s.y1 = None if s.y1 is None else s.y1 * factor
    if phone and layout.xaxis.type == "category":  # wider value ticks leave the year labels less room
        layout.xaxis.tickangle = -90
    if layout.yaxis.range:
        layout.yaxis.range = [r * factor for r in layout.yaxis.range]
    return out
