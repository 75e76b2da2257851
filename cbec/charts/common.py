"""What every chart shares: ChartSpec, Words (its words.yaml in one language), layout helpers, palette slots.

Every number a chart shows or says comes from ``Dataset``; nothing is typed in here or in a
chart's words.yaml, whose sentences are templates the chart's figure.py fills with formatted values.
Figures carry no colours and no template: ``cbec/theme.py`` applies the light or dark theme
and the phone or desktop type sizes, resolving each trace's ``meta.c`` (a palette slot) to a
colour of that scheme; the themed figures feed both the static images and the live chart.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go
import yaml

from ..data import CbecYear
from ..fmt import bn, mark, num, pct, tn

# Palette slots, resolved per colour scheme by cbec/theme.py (Okabe-Ito, safe for colour-blind readers).
BLUE, VERMILLION, GREEN, PURPLE, ORANGE, GREY = range(6)


@dataclass(frozen=True)
class ChartSpec:
    id: str
    lang: str
    title: str  # the takeaway, as a headline
    subtitle: str  # indicator, unit, place, period
    summary: str  # one or two sentences: the accessible description
    notes: tuple[str, ...]  # definitions, breaks, disagreements
    source_ids: tuple[str, ...]
    figure: go.Figure
    columns: tuple[str, ...]  # the data table / CSV header (one set of names in both languages)
    rows: tuple[tuple, ...]  # every plotted value, with its source ids
    height: int = 420  # px; the CSS lets phones have a little less
    computed: bool = False  # values derived by us, not published as such
    display_rows: tuple[tuple, ...] | None = None  # the rows in the page's language, where text differs
    display_columns: tuple[str, ...] | None = None  # the page table's header, where it merges CSV columns
    phone_figure: go.Figure | None = None  # a layout for phones, where the desktop one cannot just shrink
    phone_height: int | None = None  # px at the phone image's 340 px width (default: 0.9 x height)


def load_words(module_file: str) -> dict:
    """The words.yaml beside a chart's figure.py."""
    return yaml.safe_load((Path(module_file).parent / "words.yaml").read_text(encoding="utf-8"))


SHARED_WORDS = yaml.safe_load((Path(__file__).parent / "words.yaml").read_text(encoding="utf-8"))


class Words:
    """Picks the English or Chinese wording: a chart's templates from its words.yaml (``t``), or a
    pair written side by side where it is used (``w(en, zh)``)."""

    def __init__(self, lang: str, words: dict | None = None):
        if lang not in ("en", "zh"):
            raise ValueError(f"unknown language {lang!r}")
        self.lang = lang
        self.words = words or {}

    def __call__(self, en: str, zh: str) -> str:
        return zh if self.lang == "zh" else en

    def t(self, key: str, **values) -> str:
        """The template ``key`` (dotted: ``notes.hatched``) of the chart's words.yaml in this language,
        its {placeholders} filled with ``values`` (numbers already formatted, weak ones flagged)."""
        entry = self.words
        for part in key.split("."):
            entry = entry[part]
        return entry[self.lang].format(**values)

    def join(self, items) -> str:
        """A list in running text: '2019, 2021' or '2019、2021'."""
        return ("、" if self.lang == "zh" else ", ").join(map(str, items))

    # Every number written into a chart's words goes through these, so a weakly sourced one is flagged.
    def tn(self, v: float, digits: int | None = None) -> str:
        return mark(v, tn(v, digits, lang=self.lang), self.lang)

    def num(self, v: float, digits: int | None = None) -> str:
        return mark(v, num(v, digits), self.lang)

    def pct(self, v: float, digits: int | None = None, signed: bool = True) -> str:
        return mark(v, pct(v, digits, signed), self.lang)

    def bn(self, v: float) -> str:
        return mark(v, bn(v, lang=self.lang), self.lang)

    def shared(self, key: str, **values) -> str:
        """A template from the words every chart shares (cbec/charts/words.yaml), in this language."""
        return Words(self.lang, SHARED_WORDS).t(key, **values)

    def weak_note(self, what: list[str]) -> str | None:
        """The note that explains the asterisk on weakly sourced bars and points."""
        return self.shared("weak_note", what=self.join(what)) if what else None

    def release(self, r: CbecYear) -> str:
        return self.shared("release", year=r.year, vintage=self.vintage(r.vintage))

    @property
    def in_report(self) -> str:
        return self.shared("in_report")

    def vintage(self, v: str) -> str:
        return self.shared(f"vintages.{v}")

    def confidence(self, c: str) -> str:
        return self.shared(f"confidence.{c}")

    @property
    def unit_tn(self) -> str:
        return self.shared("unit_tn")

    @property
    def growth(self) -> str:
        return self.shared("growth")

    @property
    def not_published(self) -> str:
        return self.shared("not_published")


def base_layout(**overrides) -> dict:
    """Layout shared by every chart: no drag or zoom (touch scrolls the page), legend below."""
    base = dict(
        margin=dict(l=48, r=12, t=12, b=40),
        legend=dict(orientation="h", x=0, xanchor="left", y=-0.14, yanchor="top"),
        dragmode=False,
        hovermode="closest",
        xaxis=dict(fixedrange=True, automargin=True),
        yaxis=dict(fixedrange=True, automargin=True, rangemode="tozero"),
        barmode="group",
        uniformtext=dict(minsize=9, mode="hide"),  # bar labels that do not fit (phones) are hidden
    )
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = {**base[key], **value}
        else:
            base[key] = value
    return base


def unique_ids(*groups) -> tuple[str, ...]:
    seen: list[str] = []
    for group in groups:
        for sid in group:
            if sid not in seen:
                seen.append(sid)
    return tuple(seen)


def wrap(text: str, width: int) -> str:
    """Break a label into lines of about ``width`` characters with <br> (CJK text breaks anywhere)."""
    if " " not in text:
        return "<br>".join(text[i:i + width] for i in range(0, len(text), width))
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join(lines + [line])


def wrapped_ticks(fig: go.Figure, labels: list[str], width: int) -> go.Figure:
    """A copy of ``fig`` whose category x labels wrap onto lines of ``width`` characters: on a phone
    the labels then fit side by side instead of overprinting (or the legend below them)."""
    out = go.Figure(fig)
    out.update_xaxes(tickmode="array", tickvals=labels, ticktext=[wrap(x, width) for x in labels], tickangle=0)
    out.update_layout(legend=dict(y=1.02, yanchor="bottom"), margin=dict(t=36))  # the labels' lines need the room below
    return out


def lower_first(text: str) -> str:
    """'Cannot be ...' -> 'cannot be ...', but 'APEC's ...' stays."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def hatch(pattern: str) -> dict:
    """First releases are hatched, later figures solid: the vintage reads without colour."""
    return dict(pattern=dict(shape=pattern, fillmode="replace", solidity=0.45), line=dict(width=1.5))
