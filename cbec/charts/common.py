"""What every chart shares: ChartSpec, Words (its words.yaml in one language), layout helpers, palette slots.

Every number a chart shows or says comes from ``Dataset``; nothing is typed in here or in a
chart's words.yaml, whose sentences are templates the chart's figure.py fills with formatted values.
Figures carry no colours and no template: ``cbec/theme.py`` applies the light or dark theme
and the phone or desktop type sizes, resolving each trace's ``meta.c`` (a palette slot) to a
colour of that scheme; the themed figures feed both the static images and the live chart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from ..data import TABLES, CbecYear, DataError, Dataset, FxYear
from ..fmt import WEAK_MARK, bn, label, mark, num, pct, tn
from ..labels import is_release, what, year_what
from ..values import is_weak
from ..words import SHARED_WORDS, fill
from ..words import load_words as load_words  # re-exported: every figure.py reads its words so

# Palette slots, resolved per colour scheme by cbec/theme.py (Okabe-Ito, safe for colour-blind readers).
BLUE, VERMILLION, GREEN, PURPLE, ORANGE, GREY = range(6)

# One visual language for every chart: colour says whose figure it is, pattern says which release.
# A chart draws a kind of value only with its look here, so the same colour and pattern mean the
# same thing across the set (tests/test_chart_content.py checks it).
OFFICIAL = (
    BLUE  # customs' or another official body's figure: hatched = first release, solid = revised/restated
)
REPORT = ORANGE  # the figure as the Global Times report of the workshop gives it
COMPUTED = PURPLE  # our computation from the tables: dotted
COMPARISON = GREY  # another series or source set beside it (goods trade, customs' old series, a second page)
EXPORTS, IMPORTS = GREEN, VERMILLION  # the two sides of a total
FIRST_RELEASE_HATCH = "/"
COMPUTED_HATCH = "."

# A plotly property dict (a layout, an axis, a marker): plotly ships no types, so its values are Any.
PlotlyDict = dict[str, Any]


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
    rows: tuple[tuple[Any, ...], ...]  # every plotted value, with its source ids
    height: int = 420  # px; the CSS lets phones have a little less
    computed: bool = False  # values derived by us, not published as such
    display_rows: tuple[tuple[Any, ...], ...] | None = (
        None  # the rows in the page's language, where text differs
    )
    display_columns: tuple[str, ...] | None = None  # the page table's header, where it merges CSV columns
    phone_figure: go.Figure | None = None  # a layout for phones, where the desktop one cannot just shrink
    phone_height: int | None = None  # px at the phone image's 340 px width (default: 0.9 x height)
    medium_figure: go.Figure | None = (
        None  # a layout for the medium class (a 600 px embed), where the phone's is too tall
    )
    medium_height: int | None = None  # px at the medium image's width (default: its 16:9, theme.WIDTHS)
    describe_collapsed: bool = (
        False  # a summary that repeats every value: the image's description, shown on request
    )
    money: bool = False  # its values are yuan: drawn in US dollars too, for the unit switch (money.py)


class Words:
    """Picks the English or Chinese wording: a chart's templates from its words.yaml (``t``), or a
    pair written side by side where it is used (``w(en, zh)``)."""

    def __init__(self, lang: str, words: dict[str, Any] | None = None):
        if lang not in ("en", "zh"):
            raise ValueError(f"unknown language {lang!r}")
        self.lang = lang
        self.words = words or {}

    def __call__(self, en: str, zh: str) -> str:
        return zh if self.lang == "zh" else en

    def t(self, key: str, **values: object) -> str:
        """The template ``key`` (dotted: ``notes.hatched``) of the chart's words.yaml in this language,
        its {placeholders} filled with ``values`` (numbers already formatted, weak ones flagged)."""
        return fill(self.words, key, self.lang, values)

    def join_or(self, items: Iterable[object]) -> str:
        """Alternatives in running text: '2018 or 2025' / '2018、2025'."""
        texts = [str(i) for i in items]
        if self.lang == "zh" or len(texts) < 2:
            return self.join(texts)
        return f"{', '.join(texts[:-1])} or {texts[-1]}"

    def join(self, items: Iterable[object]) -> str:
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

    def shared(self, key: str, **values: object) -> str:
        """A template from the words every chart shares (cbec/charts/words.yaml), in this language."""
        return Words(self.lang, SHARED_WORDS).t(key, **values)

    def weak_note(self, what: list[str]) -> str | None:
        """The note that explains the asterisk on weakly sourced bars and points."""
        return self.shared("weak_note", what=self.join(what)) if what else None

    def release(self, r: CbecYear) -> str:
        """'2020 first release', or what a figure customs did not release is: '2025, stated by …' (cbec/labels.py)."""
        return year_what(r, self.lang)

    def what(self, r: CbecYear) -> str:
        """'first release', 'revised' or what the figure is ('stated by the Minister of Commerce, March 2026')."""
        return what(r, self.lang)

    def not_releases(self, rows: Iterable[CbecYear]) -> str | None:
        """The note naming the figures in a chart that are not customs releases, and what each is."""
        others = [r for r in rows if not is_release(r) and (r.label or r.label_zh)]
        if not others:
            return None
        if self.lang == "zh":
            return self.shared("not_release_note", what=self.join(year_what(r, "zh") for r in others))
        # each label has commas of its own, so the list is "2024 (reported by …); 2025 (stated by …)"
        listed = "; ".join(f"{r.year} ({what(r, 'en')})" for r in others)
        return self.shared("not_release_note", what=listed)

    @property
    def in_report(self) -> str:
        return self.shared("in_report")

    def vintage(self, v: str) -> str:
        return self.shared(f"vintages.{v}")

    def confidence(self, c: str) -> str:
        return self.shared(f"confidence.{c}")

    def unit(self, text: str) -> str:
        """An axis's unit as the line above the plot: 'trillion yuan' / '单位：万亿元'."""
        return self.shared("unit_title", unit=text)

    @property
    def unit_tn(self) -> str:
        return self.shared("unit_tn")

    @property
    def growth(self) -> str:
        return self.shared("growth")

    @property
    def not_published(self) -> str:
        return self.shared("not_published")


def base_layout(**overrides: object) -> PlotlyDict:
    """Layout shared by every chart: no drag or zoom (touch scrolls the page), legend below."""
    base: PlotlyDict = dict(
        margin=dict(l=48, r=12, t=12, b=40),
        legend=dict(orientation="h", x=0, xanchor="left", y=-0.14, yanchor="top"),
        dragmode=False,
        hovermode="closest",
        xaxis=dict(fixedrange=True, automargin=True),
        yaxis=dict(fixedrange=True, automargin=True, rangemode="tozero"),
        barmode="group",
        # No uniformtext: it hid every label on phones. Charts label the values their headline
        # quotes (and weak values' asterisks) explicitly, at every width.
    )
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = {**base[key], **value}
        else:
            base[key] = value
    # The unit reads horizontally above the value axis (a rotated title is hard to read, and CJK
    # set sideways worse): the y title becomes a line of text at the top left of the plot.
    unit = (base["yaxis"].get("title") or {}).get("text")
    if unit:
        base["yaxis"] = {**base["yaxis"], "title": dict(text="")}
        base["annotations"] = [
            *base.get("annotations", []),
            dict(
                text=unit,
                xref="paper",
                yref="paper",
                x=0,
                y=1,
                xanchor="left",
                yanchor="bottom",
                yshift=8,
                showarrow=False,
                align="left",
            ),
        ]
        base["margin"] = {**base["margin"], "t": base["margin"]["t"] + 24}
    return base


def release_table(
    columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]], recs: Iterable[CbecYear], lang: str
) -> tuple[tuple[str, ...], tuple[tuple[Any, ...], ...]]:
    """The page table of a chart whose CSV has 'release' (the code) and 'label' (what the figure is, in
    English): one column that says, in the page's language, what each figure is. ``recs[i]`` is the
    customs-series row behind ``rows[i]``."""
    i, j = columns.index("release"), columns.index("label")
    shown = tuple(c for c in columns if c != "label")
    out = tuple(
        tuple(what(r, lang) if k == i else v for k, v in enumerate(row) if k != j)
        for row, r in zip(rows, recs)
    )
    return shown, out


def unique_ids(*groups: Iterable[str]) -> tuple[str, ...]:
    seen: list[str] = []
    for group in groups:
        for sid in group:
            if sid not in seen:
                seen.append(sid)
    return tuple(seen)


NO_LINE_START = "，。、；：？！）》」』”’％"


def wrap(text: str, width: int) -> str:
    """Break a label into lines of about ``width`` characters with <br> (CJK text breaks anywhere)."""
    if " " not in text:
        lines = [text[i : i + width] for i in range(0, len(text), width)]
        # Chinese typesetting never starts a line with closing punctuation: it stays with the line before.
        for i in range(1, len(lines)):
            while lines[i] and lines[i][0] in NO_LINE_START:
                lines[i - 1], lines[i] = lines[i - 1] + lines[i][0], lines[i][1:]
        return "<br>".join(line for line in lines if line)
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
    out.update_xaxes(
        tickmode="array", tickvals=labels, ticktext=[wrap(x, width) for x in labels], tickangle=0
    )
    # The labels' lines need the room below, so the legend goes on top, above the unit line.
    out.update_layout(legend=dict(y=1.16, yanchor="bottom"), margin=dict(t=(fig.layout.margin.t or 0) + 40))
    return out


def lower_first(text: str) -> str:
    """'Cannot be ...' -> 'cannot be ...', but 'APEC's ...' stays."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def hatch(pattern: str) -> dict[str, Any]:
    """First releases are hatched, later figures solid: the vintage reads without colour."""
    return dict(pattern=dict(shape=pattern, fillmode="replace", solidity=0.45), line=dict(width=1.5))


def computed_marker() -> dict[str, Any]:
    """Bars we computed: dotted, in the computed colour (never the look of a source's figure)."""
    return hatch(COMPUTED_HATCH)


# A weak point on a line: an open marker (and an asterisk beside its value); strong ones are filled.
WEAK_SYMBOL = "circle-open"


def weak_key(w: Words, slot: int) -> go.Scatter:
    """A legend entry with no data: the open circle of a weak point and '* weak source', for a chart whose
    lines mark weak points so, in the colour (``slot``) of the line that does (the key on the Charts page
    says what a weak source is)."""
    return go.Scatter(
        name=w.shared("weak_key"),
        x=[None],
        y=[None],
        mode="markers",
        marker=dict(size=9, symbol=WEAK_SYMBOL),
        meta=dict(c=slot),
        hoverinfo="skip",
        showlegend=True,
    )


def point_labels(
    values: Iterable[float | None], keep: Callable[[int], bool], digits: int | None = None
) -> list[str]:
    """Labels for a trace's points: the value (with its asterisk when weak) where ``keep(i)`` is
    true, just the asterisk on other weak points, nothing elsewhere (nor where a line has no point,
    None). Headline values are labelled at every width; every weak point keeps its mark. ``digits``
    fixes the decimals ('2.10', not '2.1')."""
    return [
        "" if v is None else label(v, digits) if keep(i) else ("*" if is_weak(v) else "")
        for i, v in enumerate(values)
    ]


def weak_hover(values: Iterable[float], lang: str) -> list[str]:
    """The weak-source flag for each point's hover text ('' for the others)."""
    return [WEAK_MARK[lang] if is_weak(v) else "" for v in values]


def needed(ds: Dataset, r: CbecYear, column: str, chart: str) -> float:
    """A number of cbec_annual.csv that a chart cannot do without (a growth rate its title quotes, the rate a
    level is computed from): an empty cell stops the build naming its file, line and column, not a line of the
    chart's code. The value is returned as it is (a weakly sourced one keeps its flag)."""
    value = getattr(r, column)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DataError(
            ds.data_dir / TABLES["cbec"].file,
            r.line,
            f"is empty; the {chart} chart needs it ({r.year} {r.scope} {r.vintage})",
            column,
        )
    return value


def usd_rate(year: int, ds: Dataset) -> FxYear | None:
    """The one rate every dollar figure on the site uses: the Fed's annual average yuan per US dollar of
    that year (fx_annual.csv); None where the table has no rate."""
    return next((f for f in ds.fx if f.year == year), None)


def with_usd(tn_cny: float | None, year: int, ds: Dataset) -> float | None:
    """A yuan total in billions of US dollars at the Fed's annual average rate of that year (computed;
    None where the table has no rate)."""
    rate = usd_rate(year, ds)
    return None if rate is None or tn_cny is None else round(tn_cny * 1000 / rate.cny_per_usd, 1)


RATINGS = ("weak", "medium", "strong")


def weakest(ratings: Iterable[str]) -> str:
    """The weakest of some source ratings: a value is as sure as its least sure input."""
    return min(ratings, key=RATINGS.index)


def sources_rating(ds: Dataset, source_ids: Iterable[str]) -> str:
    """A row without its own rating (goods trade) is rated by the weakest source it cites."""
    return weakest(ds.sources[s].confidence for s in source_ids)
