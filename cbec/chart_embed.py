"""Embedding a chart in another page: the snippet's frame at the embed view's real height (estimated
here, held to the measured height by tests/test_embed.py), the script-free variant, and the embed view's
one footer line (Datawrapper's: source, data, full page, licence)."""

from __future__ import annotations

import html
import re

from . import theme
from .chart_images import height
from .chart_labels import LABELS, LICENCE, LICENCE_URL, sources_line
from .chart_paths import chart_page_url, csv_path
from .charts import ChartSpec
from .charts import words as chart_words
from .data import Dataset
from .text_out import html_text as escape

# The embed's own script: the chart page posts its height (charts.js, when framed); this sizes
# the iframe that sent it. Without it the iframe keeps its height, which fits headline and chart.
EMBED_SCRIPT = (
    '<script>addEventListener("message",function(e){var h=e.data&&e.data.cbecHeight;if(h>0)'
    'document.querySelectorAll("iframe[data-cbec-chart]").forEach(function(f){'
    'if(f.contentWindow===e.source)f.style.height=Math.ceil(h)+"px"})})</script>'
)


def _lines(text: str, width: float, em: float, font: float) -> int:
    """How many lines ``text`` wraps to in a box ``width`` px wide, at ``font`` px with an average Latin
    advance of ``em`` (CJK characters are one em): a greedy wrap, as the browser's, give or take a word."""
    lines, used = 1, 0.0
    for word in re.findall(r"[\u2e80-\u9fff\uff00-\uffef]|[^\s\u2e80-\u9fff\uff00-\uffef]+\s*", text):
        w = font * sum(1.0 if "\u2e80" <= c <= "\uffef" else em for c in word)
        if used and used + w > width:
            lines, used = lines + 1, 0.0
        used += w
    return lines


def embed_height(spec: ChartSpec, ds: Dataset, frame: int = 600) -> int:
    """The embed's height (px) in a frame ``frame`` px wide: the layout of site.css's .embedded view
    (root font 20 px; kicker, headline, subtitle, unit switch, chart image, weak-source note, footer line), its text
    wrapped by estimate. The snippet's fixed height, so a host that drops the script cuts nothing off;
    tests/test_embed.py holds it to the measured height within 10%."""
    box = min(frame - 24, theme.MAX_BOX)  # .md-content__inner margins: .6rem each side
    cls = [w for w in theme.WIDTHS.values() if w.min_box <= box][-1]
    lab = LABELS[spec.lang]
    kicker = chart_words(spec.id)["page_title"][spec.lang].upper()
    colon = "：" if spec.lang == "zh" else ": "
    links = f"{lab['data']} · {lab['full_page']} ↗ · {LICENCE}"
    foot = f"{lab['image_source']}{colon}{sources_line(spec, ds)} · {links}"
    weak = [n for n in spec.notes if n.startswith("* ")]
    return round(
        8  # padding above
        + 17 * _lines(kicker, box, 0.72, 12.8)
        + 3
        + 23.4 * _lines(spec.title, box, 0.56, 18)
        + 2
        + 18.5 * _lines(spec.subtitle, box, 0.5, 13.2)
        + 8
        + (24 if spec.money else 0)  # the unit switch
        + box * height(spec, cls.name) / cls.width  # the image, scaled to the box
        + sum(18 * _lines(n, box, 0.5, 12.4) for n in weak)
        + 4
        + 18 * _lines(html.unescape(foot), box, 0.5, 12.4)
        + 4  # padding below
    )


def embed_snippet(spec: ChartSpec, ds: Dataset, site_url: str) -> str:
    """The code a reader copies into their own page: the frame at the embed's height in a 600 px
    column, and the script that fits it to the content at any width (charts.js posts the height)."""
    url = f"{site_url}{chart_page_url(spec.id, spec.lang)}"
    # plain HTML attribute escaping, apostrophes left as they are (embed_block escapes the whole
    # snippet once more, for the textarea that shows it)
    title = html.escape(spec.title, quote=False).replace('"', "&quot;")
    return (
        f'<iframe src="{html.escape(url)}" title="{title}" width="100%" height="{embed_height(spec, ds)}" '
        f'style="border:0; max-width:100%" loading="lazy" data-cbec-chart></iframe>\n{EMBED_SCRIPT}'
    )


def embed_snippet_static(spec: ChartSpec, ds: Dataset, site_url: str) -> str:
    """For a host that strips scripts: a frame whose height follows the embed's at every column width,
    with no script. The height is not proportional to the width: narrow columns wrap the text and take
    the phone image, which is taller for its width, the medium class's image is short (16:9) and the
    figure stops growing at 800 px. So it is a line per width class group through the estimated heights
    at the ends of its columns (phone and narrow, medium, desktop), each switched on by a steep step at
    the column width where the page's container query switches, in container units (cqw: hundredths of
    the column's width); 15% to spare (an image drawn for a narrower box is taller for its width just
    past each switch), so nothing is cut off. Browsers without container units (before 2022-23) get the
    tallest estimate."""
    url = f"{site_url}{chart_page_url(spec.id, spec.lang)}"
    title = html.escape(spec.title, quote=False).replace('"', "&quot;")
    # each width class's columns: from the frame width where the box (frame less its 24 px margins)
    # reaches the class to the one before the next class's, within 300-900 px
    starts = [max(300, c.min_box + 24) for c in theme.WIDTHS.values()]
    spans = list(zip(starts, [s - 1 for s in starts[1:]] + [900]))
    h = {w: embed_height(spec, ds, w) * 1.15 for span in spans for w in span}

    def line(a: int, b: int) -> str:  # through (a, h[a]) and (b, h[b]): px + cqw
        slope = (h[b] - h[a]) / (b - a)
        return f"calc({h[a] - slope * a:.0f}px + {slope * 100:.2f}cqw)"

    def part(i: int, a: int, b: int) -> str:
        """The class's line, where the column is that class's: a step of 10000 px per px to either side
        (huge inside, negative outside) cuts it off."""
        gates = ([f"calc((100cqw - {a - 1}px) * 10000)"] if i else []) + (
            [f"calc(({b + 1}px - 100cqw) * 10000)"] if i + 1 < len(spans) else []
        )
        return f"min({', '.join([line(a, b), *gates])})"

    fit = f"max({', '.join(part(i, a, b) for i, (a, b) in enumerate(spans))})"
    return (
        f'<div style="container-type:inline-size"><div style="position:relative; height:{max(h.values()):.0f}px; '
        f'height:{fit}">'
        f'<iframe src="{html.escape(url)}" title="{title}" loading="lazy" '
        'style="position:absolute; inset:0; width:100%; height:100%; border:0"></iframe></div></div>'
    )


def embed_block(spec: ChartSpec, ds: Dataset, site_url: str) -> str:
    lab = LABELS[spec.lang]
    return (
        f'<details class="chart__embed"><summary>{lab["embed"]}</summary>\n'
        f"<p>{lab['embed_help']}</p>\n"
        f'<textarea readonly rows="4" aria-label="{lab["embed_code"]}" spellcheck="false">'
        f"{escape(embed_snippet(spec, ds, site_url))}</textarea>\n"
        f"<p>{lab['embed_static']}</p>\n"
        f'<textarea class="chart__embed-static" readonly rows="3" aria-label="{lab["embed_code"]}" '
        f'spellcheck="false">{escape(embed_snippet_static(spec, ds, site_url))}</textarea>\n</details>\n'
    )


def embed_foot(spec: ChartSpec, ds: Dataset, to_root: str) -> str:
    """An embed's one footer line, as Datawrapper's: source, data, the full page, licence. Only an embed
    shows it (site.css, .embedded); the chart page itself has the full source list, notes and table."""
    lab = LABELS[spec.lang]
    colon = "：" if spec.lang == "zh" else ": "
    return (
        f'<p class="chart__embed-foot">{lab["image_source"]}{colon}{sources_line(spec, ds)}'
        f' · <a href="{to_root}{csv_path(spec.id)}" download>{lab["data"]}</a>'
        f' · <a href="{to_root}{chart_page_url(spec.id, spec.lang)}" target="_blank" rel="noopener">'
        f"{lab['full_page']} ↗</a>"
        f' · <a href="{LICENCE_URL}" target="_blank" rel="noopener license">{LICENCE}</a></p>\n'
    )
