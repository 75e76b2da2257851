"""The chart theme, in one place: colours per colour scheme, fonts, sizes per width class.

Figures (cbec/charts/) carry no colours: each trace names a palette slot in ``meta.c``.
``themed`` turns a figure into a complete, self-contained Plotly figure dict for one colour
scheme ("default" = light, "slate" = dark, Material's names) and one width class ("phone", ...,
"desktop"). The very same dicts feed kaleido (the static SVG every reader sees first) and the
live chart (written into the chart JSON; charts.js only picks a variant), so the static and the
live chart cannot drift apart in colour or layout. Before this, charts.js themed figures in the
browser and the static export would have needed a second copy of the theme.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from .charts.common import wrap  # the same line wrapping the figures use
from .colour_distance import delta_e
from .verdicts import VERDICTS

FONT = (
    '-apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, "PingFang SC", '
    '"Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif'
)

# Okabe-Ito colours (distinguishable with the common colour-vision deficiencies), tuned per
# scheme for contrast; figures name a slot (trace.meta.c), never a colour.
SCHEMES = {
    "default": dict(
        fg="#1f2328",
        muted="#57606a",
        grid="rgba(0,0,0,0.10)",
        line="rgba(0,0,0,0.35)",
        hover="#ffffff",
        bg="#ffffff",
        palette=["#0072B2", "#D55E00", "#007A5A", "#AA4499", "#B26B00", "#6E6E6E"],
    ),
    "slate": dict(
        fg="#e2e4e9",
        muted="#aab0bc",
        grid="rgba(255,255,255,0.12)",
        line="rgba(255,255,255,0.4)",
        hover="#2e303e",
        bg="#1e2129",
        palette=["#56B4E9", "#F08A4B", "#3CC8A0", "#E08DC0", "#F0C24B", "#A7A7A7"],
    ),
}


# Verdict badges in the claims chart (data/claims.csv verdict_code): text colours at 4.5:1 or more
# on each scheme's background; the symbol and word carry the meaning, colour only repeats it.
# They are the page badges' colours (cbec/verdicts.py): one look for a verdict everywhere.
VERDICT_COLOURS = {
    "default": {code: v.light for code, v in VERDICTS.items()},
    "slate": {code: v.dark for code, v in VERDICTS.items()},
}


def _luminance(colour: str) -> float:
    r, g, b = (int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def text_on(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (labels inside bars)."""
    return "#000000" if contrast("#000000", colour) >= contrast("#ffffff", colour) else "#ffffff"


_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}|rgba\((\d{1,3}),(\d{1,3}),(\d{1,3}),(0|1|0?\.\d+)\)")


# Colours that carry a meaning (whose figure it is; a verdict) must not look alike in one scheme: at least
# this CIEDE2000 difference (2 is barely visible). The closest pairs today, about 7.6-9, are a verdict and
# a palette slot of the same hue family (green, blue, amber), which never share a meaning.
MIN_DELTA_E = 7.0


def _check_distinct(name: str) -> None:
    meanings = [(f"SCHEMES['{name}']['palette'][{i}]", c) for i, c in enumerate(SCHEMES[name]["palette"])]
    meanings += [(f"verdict '{code}' (cbec/verdicts.py)", c) for code, c in VERDICT_COLOURS[name].items()]
    for i, (where_a, a) in enumerate(meanings):
        for where_b, b in meanings[i + 1 :]:
            if _COLOUR.fullmatch(a) and _COLOUR.fullmatch(b) and a.startswith("#") and b.startswith("#"):
                d = delta_e(a, b)
                if d < MIN_DELTA_E:
                    raise ValueError(
                        f"cbec/theme.py: {where_a} {a} and {where_b} {b} look alike (colour difference "
                        f"ΔE00 {d:.1f}, under {MIN_DELTA_E:g}): each colour carries one meaning"
                    )


def check() -> None:
    """Stop the build with the setting's name when a theme value is wrong (a typo would otherwise
    reach kaleido and plotly.js, which draw a bad colour as black or not at all)."""
    keys = set(SCHEMES["default"])
    for name, t in SCHEMES.items():
        if set(t) != keys:
            raise ValueError(
                f"cbec/theme.py: SCHEMES['{name}'] has keys {sorted(t)}, the other schemes {sorted(keys)}"
            )
        if len(t["palette"]) != len(SCHEMES["default"]["palette"]):
            raise ValueError(
                f"cbec/theme.py: SCHEMES['{name}']['palette'] must have as many slots as 'default' "
                f"({len(SCHEMES['default']['palette'])}): charts name slots, not colours"
            )
        for where, value in [(f"['{k}']", v) for k, v in t.items() if k != "palette"] + [
            (f"['palette'][{i}]", v) for i, v in enumerate(t["palette"])
        ]:
            m = _COLOUR.fullmatch(value) if isinstance(value, str) else None
            if not m or (m.group(1) and max(int(m.group(i)) for i in (1, 2, 3)) > 255):
                raise ValueError(
                    f"cbec/theme.py: SCHEMES['{name}']{where} is {value!r}, not a colour "
                    "(#rrggbb, or rgba(r,g,b,a) with r, g, b 0-255 and a 0-1)"
                )
    for name in SCHEMES:
        _check_distinct(name)
    for w in WIDTHS.values():
        if w.width <= 0 or min(w.font, w.tick) < MIN_FONT:
            raise ValueError(
                f"cbec/theme.py: WIDTHS['{w.name}']: width must be positive and type at least "
                f"MIN_FONT ({MIN_FONT} px), not width {w.width}, font {w.font}, tick {w.tick}"
            )


@dataclass(frozen=True)
class Width:
    """A width class: the size the static image is drawn at, the type sizes in it, and the box
    widths it is shown at.

    The page picks the class by the width of the chart's own box (a CSS container query in
    site.css, the same test in charts.js), never the viewport, so a 600 px embed or a sidebar
    column gets the image drawn for it. Each class is shown from ``min_box`` up to the next class's
    ``min_box`` (the last up to ``MAX_BOX``, where site.css caps the figure), so an image is scaled
    by 0.93-1.21: 12-13 px type renders at 11.2-15.8 CSS px at every box width from 280 px up
    (tests/test_chart_sizes.py measures it on the built pages, static and live).
    """

    name: str
    width: int
    font: int  # body text: legend, annotations, axis titles
    tick: int  # tick labels, bar labels
    base: str  # the chart's figure it draws: "phone" (ChartSpec.phone_figure, if any) or "desktop"
    min_box: int  # the smallest box width (CSS px) this class is shown at
    aspect: float | None = None  # width / height of its image, where the class sets the chart's shape


WIDTHS = {
    w.name: w
    for w in (
        Width("phone", 300, 13, 12, "phone", 0),
        Width("narrow", 390, 13, 12, "phone", 364),
        # the desktop figures wrap their text for ~660-720 px; 16:9, Datawrapper's shape: a 600 px embed
        # (this class) is 450-550 px tall with its headline and foot (tests/test_embed.py)
        Width("medium", 510, 13, 12, "phone", 474, 16 / 9),
        Width("desktop", 660, 13, 12, "desktop", 615),
    )
}
MAX_BOX = 800  # site.css: figure.chart { max-width: 800px }: 800/660 = 1.21
TICK_ROOM = 34  # px under a plot for its tick labels, above a legend there
MIN_FONT = 12  # nothing in a figure is set smaller than this (bar labels, annotations, legend)


def _axis(t: dict[str, Any], w: Width) -> dict[str, Any]:
    return dict(
        gridcolor=t["grid"],
        linecolor=t["line"],
        zerolinecolor=t["line"],
        tickcolor=t["line"],
        tickfont=dict(color=t["muted"], size=w.tick),
        title=dict(font=dict(color=t["muted"], size=w.font)),
    )


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``extra`` wins; nested dicts are merged (the figure's own settings beat the theme's)."""
    out = dict(base)
    for k, v in extra.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def themed(fig: dict[str, Any], scheme: str, width: str, height: int) -> dict[str, Any]:
    """A full figure dict for one scheme and width class: colours, fonts and size resolved.

    ``fig`` is a plain figure dict (``data``, ``layout``) without template. The result has no
    template either: every style the theme sets is written into the layout and traces, so what
    kaleido draws and what plotly.js draws in the page are the same.
    """
    t, w = SCHEMES[scheme], WIDTHS[width]
    fig = copy.deepcopy(fig)
    for i, trace in enumerate(fig["data"]):
        # A fixed uid per trace: otherwise plotly.js invents one per draw and writes it into the
        # SVG (class "trace<uid>", hatching pattern ids), and rebuilds would differ.
        trace["uid"] = f"t{i}"
        slot = (trace.get("meta") or {}).get("c")
        is_bar = trace.get("type") == "bar"
        if isinstance(slot, int) or (is_bar and isinstance(slot, list)):
            # a list is a slot per bar (one bar of a series computed); Plotly takes a colour per bar
            c = [t["palette"][s] for s in slot] if isinstance(slot, list) else t["palette"][slot]
            if is_bar:
                marker = trace.setdefault("marker", {})
                marker["color"] = c
                marker.setdefault("line", {})["color"] = c
                if "pattern" in marker:  # hatching drawn in the page colour over the bar colour
                    marker["pattern"] = {**marker["pattern"], "fgcolor": t["bg"], "bgcolor": c}
            else:
                trace.setdefault("line", {})["color"] = c
                trace.setdefault("marker", {})["color"] = c
        if trace.get("type") == "bar" and "text" in trace:
            trace.setdefault(
                "constraintext", "none"
            )  # labels keep their size: never shrunk to a narrow bar's width
            trace.setdefault("textfont", {}).setdefault("size", w.tick)
            bar_colour = (trace.get("marker") or {}).get("color")
            inside = trace.get("textposition") != "outside" and isinstance(bar_colour, str)
            trace["textfont"].setdefault("color", text_on(str(bar_colour)) if inside else t["fg"])
    layout = fig["layout"]
    layout.pop("height", None)
    base = dict(
        font=dict(family=FONT, size=w.font, color=t["fg"]),
        # The page's own background (Material's slate is hsl(225 15% 14%) = #1e2129), painted into
        # the image: a dark image shown on a light page (no JavaScript, dark system setting)
        # stays readable, and a downloaded SVG is not transparent.
        paper_bgcolor=t["bg"],
        plot_bgcolor="rgba(0,0,0,0)",
        legend=dict(font=dict(color=t["fg"], size=w.font)),
        hoverlabel=dict(bgcolor=t["hover"], bordercolor=t["line"], font=dict(color=t["fg"], family=FONT)),
        height=height,
    )
    layout = _merge(base, layout)
    for key in [k for k in layout if k.startswith(("xaxis", "yaxis"))] or ["xaxis", "yaxis"]:
        layout[key] = _merge(_axis(t, w), layout.get(key, {}))
        if w.base == "phone" and layout[key].get("dtick") == 1:
            layout[key]["dtick"] = 2  # a year every other tick: nine years of labels do not fit 300 px
    legend = layout.get("legend") or {}
    if w.aspect and layout.get("showlegend") is not False and (legend.get("y") or 0) < 0:
        # A class that sets a short shape: the legend under the plot stays clear of the tick labels. Its
        # y is a fraction of the plot's height, which here is small: place it TICK_ROOM px down, as if
        # every entry took a row of its own (the plot is at least that tall, so the room at least that).
        entries = sum(1 for t in fig["data"] if t.get("showlegend", True) and t.get("name"))
        m = {"t": 12, "b": 40, **layout.get("margin", {})}
        plot = height - m["t"] - m["b"] - entries * 1.75 * w.font
        layout["legend"] = {**legend, "y": -max(-legend["y"], TICK_ROOM / max(plot, 1))}
    for a in layout.get("annotations", []):
        a["font"] = {"color": t["fg"], "size": w.font, **a.get("font", {})}
        if str(a.get("name", "")).startswith("verdict:"):  # a verdict badge: its colour in this scheme
            a["font"]["color"] = VERDICT_COLOURS[scheme][a["name"].split(":", 1)[1]]
        a["font"]["size"] = max(a["font"]["size"], MIN_FONT)
    for s in layout.get("shapes", []):
        s["line"] = {"color": t["muted"], **s.get("line", {})}
    if "uniformtext" in layout:
        layout["uniformtext"]["minsize"] = max(layout["uniformtext"].get("minsize", 0), MIN_FONT)
    fig["layout"] = layout
    return fig


def with_header(
    fig: dict[str, Any],
    title: str,
    subtitle: str,
    source: str,
    width: int,
    *,
    big: bool = False,
    height: int | None = None,
) -> dict[str, Any]:
    """The light figure with its headline and subtitle above and the source line below, for the
    PNG/SVG downloads and the share card (the image travels without the page around it)."""
    fig = copy.deepcopy(fig)
    layout = fig["layout"]
    size = 30 if big else 18
    sub = 20 if big else 13
    chars = int(width / (size * 0.55))
    head = wrap(title, chars if " " in title else int(width / size))
    subtxt = wrap(subtitle, int(width / (sub * 0.5)) if " " in subtitle else int(width / sub))
    n_head, n_sub = head.count("<br>") + 1, subtxt.count("<br>") + 1
    top = 24 + n_head * size * 1.3 + n_sub * sub * 1.35 + 16
    # Chinese characters are twice as wide as Latin ones: a line with any wraps at full-width counts
    cjk = any("\u4e00" <= ch <= "\u9fff" for ch in source)
    src = wrap(source, int(width / 12) if cjk or " " not in source else int(width / (12 * 0.5)))
    bottom = 24 + (src.count("<br>") + 1) * 16 + 48
    layout["paper_bgcolor"] = SCHEMES["default"]["bg"]
    layout["title"] = dict(
        text=f"<b>{head}</b><br><span style='font-size:{sub}px;color:{SCHEMES['default']['muted']}'>"
        f"{subtxt}</span>",
        x=0,
        xanchor="left",
        xref="paper",
        y=1,
        yref="container",
        yanchor="top",
        font=dict(size=size, color=SCHEMES["default"]["fg"]),
    )
    margin = layout.get("margin", {})
    layout["margin"] = {**margin, "t": int(top) + margin.get("t", 0), "b": int(bottom) + margin.get("b", 0)}
    layout["annotations"] = list(layout.get("annotations", [])) + [
        dict(
            text=src,
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            yshift=-(int(bottom) + margin.get("b", 0)) + 12,
            xanchor="left",
            yanchor="bottom",
            align="left",
            showarrow=False,
            font=dict(size=12, color=SCHEMES["default"]["muted"]),
        )
    ]
    layout["height"] = height or int(layout["height"] + top + bottom)
    layout["title"]["y"] = 1 - 20 / layout["height"]  # 20 px from the top edge
    return fig
