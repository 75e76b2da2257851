"""Turn a ChartSpec into what the site serves: the figure block (HTML), its JSON and its CSV.

One CSV per chart serves both languages (one set of column names, documented on the Sources
page); the figure JSON and the HTML around it are written per language.
"""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import json
import os
import re
from typing import Any

import plotly.io as pio

from . import static_render, theme
from .charts import CHARTS, ChartSpec, column_docs
from .charts import words as chart_words
from .charts.money import to_usd
from .data import Dataset, Source
from .fmt import date, mark, num
from .labels import WORDS as VINTAGE_WORDS
from .records import CONFIDENCE
from .text_out import html_text as escape  # data text is text in every HTML context
from .words import at_import, shared_codes

__all__ = ["escape"]  # the macros escape with it too (and more names: see below)

CHART_DIR = "assets/charts"
DOWNLOAD_DIR = "downloads"
PACKAGE_ZIP = "data/cbec-explainer-data.zip"  # every table as one Data Package (cbec/site.py writes it)

LABELS = {
    "en": dict(
        sources="Sources:",
        table="Data table: every value in this chart",
        download="Download this data (CSV)",
        all="Download all data",
        computed="computed",
        image_source="Source",
        others="and others",
        credit="Chart: China cross-border e-commerce explainer",
        svg="Download the chart (SVG)",
        png="PNG",
        embed="Embed",
        embed_code="Embed code for this chart",
        embed_help="Paste this into your page: the chart with its title and a line of source, data and link.",
        embed_static="No scripts allowed in your page? This one follows the chart's height without one:",
        data="Data",
        full_page="Full page",
        describe="Describe this chart",
        more="Data, downloads and embed on the chart page\u00a0→",
        home="Read the page this chart is from",
        hint="Hover or tap for values",
        unit="Unit",
        cny="Yuan (CNY)",
        usd="US dollars (USD)",
        usd_note="In US dollars: our computation, each year's yuan at the Federal Reserve's average rate "
        "for that year (table fx_annual). The title and the data give yuan.",
        loading="Loading the interactive chart…",
        keys="← → step through the values (all are in the data table)",
        keys_story="← → step through the values (all are on the chart page)",
        copy="Copy link",
        copied="Link copied",
        cite="Cite",
    ),
    "zh": dict(
        sources="资料来源：",
        table="数据表：图中全部数值",
        download="下载数据（CSV）",
        all="下载全部数据",
        computed="计算值",
        image_source="资料来源",
        others="等",
        credit="图表：中国跨境电商解读",
        svg="下载图表（SVG）",
        png="PNG",
        embed="嵌入",
        embed_code="本图的嵌入代码",
        embed_help="将以下代码粘贴到您的网页：图表连同标题，以及一行来源、数据和链接。",
        embed_static="您的网页不允许脚本？以下代码无需脚本即可随图表高度调整：",
        data="数据",
        full_page="完整页面",
        describe="图表文字说明",
        more="数据、下载和嵌入代码见图表页面\u00a0→",
        home="阅读本图所在的文章",
        hint="悬停或轻触查看数值",
        unit="单位",
        cny="人民币",
        usd="美元",
        usd_note="以美元显示：本站计算，各年人民币金额按美联储当年平均汇率折算（见数据中的年均汇率表）。标题和数据为人民币。",
        loading="正在加载交互图表…",
        keys="按 ← → 逐个查看数值（全部数值见数据表）",
        keys_story="按 ← → 逐个查看数值（全部数值见图表页面）",
        copy="复制链接",
        copied="链接已复制",
        cite="引用（英文引用格式）",
    ),
}
# Codes in the tables, as each language's readers see them (the CSV keeps the codes).
# The vintages and ratings in the words every chart shares (cbec/charts/words.yaml), the rest here.
_RATINGS = at_import(lambda: shared_codes("confidence", CONFIDENCE))
CODES = {
    "en": {
        **VINTAGE_WORDS["en"],
        "platform": "old platform series",
        "broad": "broad scope",
        "cbec_prelim": "cross-border e-commerce (first release)",
        "cbec_revised": "cross-border e-commerce (revised)",
        "goods_trade": "goods trade",
    },
    "zh": {
        **VINTAGE_WORDS["zh"],
        "platform": "旧平台口径",
        "broad": "全口径",
        "cbec_prelim": "跨境电商（初值）",
        "cbec_revised": "跨境电商（修正值）",
        "goods_trade": "货物贸易",
        **_RATINGS["zh"],
    },
}


def column_table(lang: str) -> str:
    """Every CSV column of the charts and what it holds (from each chart's words.yaml), in chart order."""
    head = "<th>列名</th><th>含义</th>" if lang == "zh" else "<th>Column</th><th>What it holds</th>"
    docs: dict[str, str] = {}
    for chart_id in CHARTS:
        for c, d in column_docs(chart_id).items():
            if lang in d:  # columns of the page table only (no meaning) are not in the CSVs
                docs.setdefault(c, d[lang])
    docs["sources"] = docs.pop("sources")  # every CSV ends with it
    rows = "".join(f"<tr><td><code>{c}</code></td><td>{escape(d)}</td></tr>" for c, d in docs.items())
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def json_path(chart_id: str, lang: str = "en") -> str:
    return f"{CHART_DIR}/{chart_id}.json" if lang == "en" else f"{CHART_DIR}/{lang}/{chart_id}.json"


def csv_path(chart_id: str) -> str:
    return f"{DOWNLOAD_DIR}/{chart_id}.csv"


_ASIDE = re.compile(r"\s*\(([^()]*)\)")  # an English aside: '(citing customs)', '(封面新闻)'
_ASIDE_ZH = re.compile(r"（([^（）]*)）")
COPY_WORDS = ("copy", "mirror")  # an English aside that says the page is a copy, kept in the short name


def short_publisher(s: Source, lang: str = "en") -> str:
    """The publisher as a citation names it: asides dropped ('CGTN (citing the General Administration of
    Customs)' -> 'CGTN'; the full name is on the Sources page), but a copy always says it is one (issue 26):
    'Cover News (封面新闻) via zszhan.com' -> 'Cover News via zszhan.com'; Chinese «封面新闻（转载：zszhan.com）»
    -> «封面新闻（zszhan.com转载）». Chinese pages name the publisher as Chinese readers know it."""
    if lang == "zh" and s.publisher_zh:

        def aside(m: re.Match[str]) -> str:
            text = m.group(1)
            if text.startswith("转载："):  # «转载：X，援引…» -> «（X转载）»
                return f"（{text[3:].split('，')[0]}转载）"
            return m.group(0) if text.startswith("转载") else ""  # «（转载国务院批复）» stays whole

        return _ASIDE_ZH.sub(aside, s.publisher_zh).strip()
    return _ASIDE.sub(lambda m: m.group(0) if m.group(1).startswith(COPY_WORDS) else "", s.publisher).strip()


def weak_suffix(s: Source, lang: str) -> str:
    """A weakly rated source is named with its flag wherever a chart lists it (review m9)."""
    if s.confidence != "weak":
        return ""
    return "（来源较弱）" if lang == "zh" else " (weak source)"


def source_link(s: Source, lang: str = "en") -> str:
    sep = "，" if lang == "zh" else ", "
    return (
        f'<a href="{escape(s.url)}" title="{escape(s.title)}">{escape(short_publisher(s, lang))}{sep}'
        f"{date(s.date_published, lang)}</a>"
    )


def base_figure(spec: ChartSpec, width: str = "desktop") -> dict[str, Any]:
    """The figure as a plain dict: no template, no uids (deterministic, small), no colours yet."""
    phone = theme.WIDTHS[width].base == "phone"
    source = spec.phone_figure if phone and spec.phone_figure is not None else spec.figure
    fig = json.loads(pio.to_json(source, validate=True, remove_uids=True, engine="json"))
    fig["layout"].pop("template", None)
    return dict(fig)


def height(spec: ChartSpec, width: str) -> int:
    return (
        spec.height
        if theme.WIDTHS[width].base == "desktop"
        else (spec.phone_height or round(spec.height * 0.9))
    )


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
    )
    return {f"{scheme}-usd": figs for scheme, figs in variants(twin).items()}


def public_url() -> str:
    """The site's public address, by the rule mkdocs.yml uses for site_url (the Pages workflow sets SITE_URL)."""
    url = os.environ.get("SITE_URL") or "http://127.0.0.1:8000/"
    return url if url.endswith("/") else url + "/"


LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


def source_line(spec: ChartSpec) -> str:
    """The chart's short source line, authority first, with the number of sources (its words.yaml
    ``source_line``): the one-line sources summary, the embed and the image credit all use it."""
    line = chart_words(spec.id)["source_line"][spec.lang]
    n = len(spec.source_ids)
    return f"{line}·共{n}个来源" if spec.lang == "zh" else f"{line} · {n} sources"


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


def static_path(chart_id: str, lang: str, scheme: str, width: str) -> str:
    return f"{CHART_DIR}/static/{lang}/{chart_id}-{scheme}-{width}.svg"


def download_path(chart_id: str, lang: str, fmt: str) -> str:
    return f"{DOWNLOAD_DIR}/{chart_id}.{fmt}" if lang == "en" else f"{DOWNLOAD_DIR}/{lang}/{chart_id}.{fmt}"


def card_path(chart_id: str, lang: str) -> str:
    return f"{CHART_DIR}/cards/{lang}/{chart_id}.png"


def chart_page_url(chart_id: str, lang: str) -> str:
    return f"charts/{chart_id}/" if lang == "en" else f"{lang}/charts/{chart_id}/"


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


def figure_csv(spec: ChartSpec) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(spec.columns)
    for (
        row
    ) in spec.rows:  # numbers as the source writes them: 16, not 16.0 (weak ones are flagged in 'confidence')
        writer.writerow(
            "" if v is None else int(v) if isinstance(v, float) and v.is_integer() else inert(v) for v in row
        )
    return out.getvalue()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value: object) -> object:
    """A text cell that a spreadsheet would read as a formula gets a leading ' (OWASP's advice for CSV
    downloads); numbers and other text are written as they are. The tables refuse such cells already
    (cbec/data_rules.py): this covers text a chart writes itself."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


# Codes whose words depend on the column ("published" is a vintage in one table, a kind of date in another).
COLUMN_CODES = {
    "date_basis": {"en": {}, "zh": {"approved": "批复", "published": "公布", "announced": "宣布"}}
}


def _cell(v: object, lang: str, column: str = "") -> str:
    if v is None or v == "":
        return "\u2013"
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if isinstance(v, int) and 1900 < v < 2100:
            return str(v)
        return escape(mark(v, num(v), lang))  # a weakly sourced value carries its flag in the table too
    codes = (COLUMN_CODES[column].get(lang) or {}) if column in COLUMN_CODES else CODES[lang]
    return escape(codes.get(str(v), str(v)))


def _header(chart_id: str, col: str, lang: str) -> str:
    return column_docs(chart_id)[col].get("header_zh", col) if lang == "zh" else col.replace("_", " ")


# The page's side margins below Material's 960 px layout (.md-content__inner: .8rem of its 20 px root on
# each side): a chart's box is the viewport less these (up to its 800 px cap); from 960 px wide, with the
# table of contents beside it, it is 686 px or more, a desktop image in every layout.
GUTTER = 32
# The Charts page's grid (site.css ul.chart-gallery): columns of at least 14rem (280 px), 1.2rem (24 px)
# apart; below two columns' width a thumbnail is as wide as the page's column.
GALLERY_MIN, GALLERY_GAP = 280, 24


def viewport_media(gallery: bool = False) -> dict[str, str]:
    """For each width class, the media query of the viewports at which a page's chart (or the gallery's
    thumbnail) is shown at that class: the box width bounds of theme.WIDTHS plus the page's margins.
    In the gallery's grid of two or more columns a thumbnail is about phone-sized (narrow at a few widths
    between: the lazy image still loads, one preload is spent)."""
    classes = list(theme.WIDTHS.values())
    one_column = 2 * GALLERY_MIN + GALLERY_GAP + GUTTER  # narrower than this, the grid has one column
    out: dict[str, str] = {}
    for i, c in enumerate(classes):
        lo = c.min_box + GUTTER if i else 0
        hi = classes[i + 1].min_box + GUTTER if i + 1 < len(classes) else None
        if gallery:
            if lo >= one_column:
                continue
            hi = min(hi or one_column, one_column)
        query = " and ".join(
            ([f"(min-width: {lo}px)"] if lo else []) + ([f"(max-width: {hi - 0.02:.2f}px)"] if hi else [])
        )
        out[c.name] = query or "all"
    if gallery:
        out[classes[0].name] += f", (min-width: {one_column}px)"
    return out


def preloads(spec: ChartSpec, to_root: str, scheme: str, gallery: bool = False) -> str:
    """For a page's first chart: a preload at high priority of the one light image the viewport will
    show (media-matched), so the preload scanner asks for it before layout, as an eager image would
    (a lazy image waits for layout: 0.4 s of a chart page's LCP on Lighthouse's phone); the images
    themselves stay lazy, so the three hidden sizes are never fetched."""
    return "".join(
        f'<link rel="preload" as="image" href="{to_root}{static_path(spec.id, spec.lang, scheme, w)}" '
        f'media="{media}" fetchpriority="high">'
        for w, media in viewport_media(gallery).items()
    )


def picture_html(
    spec: ChartSpec,
    to_root: str,
    scheme: str,
    *,
    alt: bool = True,
    priority: bool = False,
    gallery: bool = False,
) -> str:
    """The chart's images in one scheme: one <img> per width class, of which site.css shows the
    one drawn for the width of the chart's box (a container query; no JavaScript needed).

    Images are lazy, so the browser fetches only the one it shows (hidden ones are display:none; an
    eager image is fetched even hidden). ``priority``: the light images of a page's first chart, often
    its largest paint, come with preloads(): the one the viewport shows is asked for at once, at high
    priority. width/height give each its aspect ratio, so the box is reserved before the image arrives
    (no layout shift). ``data-variant`` tells charts.js which themed figure the image shows.
    """
    lazy_attr = ' loading="lazy"'
    a11y = f' alt="{escape(spec.title)}" aria-describedby="fig-{spec.id}-summary"' if alt else ' alt=""'
    imgs = "".join(
        f'<img class="chart__img chart__img--{w}" data-variant="{scheme}/{w}" '
        f'src="{to_root}{static_path(spec.id, spec.lang, scheme, w)}" width="{c.width}" height="{height(spec, w)}"'
        f'{a11y}{lazy_attr} decoding="async">'
        for w, c in theme.WIDTHS.items()
    )
    tone = "dark" if scheme.startswith("slate") else "light"
    early = preloads(spec, to_root, scheme, gallery) if priority else ""
    return f'<span class="chart__static chart__static--{tone}">{early}{imgs}</span>'


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
    (root font 20 px; kicker, headline, subtitle, chart image, weak-source note, footer line), its text
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
        + 18.7 * _lines(kicker, box, 0.72, 14.4)
        + 5
        + 28.4 * _lines(spec.title, box, 0.56, 21)
        + 3
        + 23 * _lines(spec.subtitle, box, 0.5, 14.4)
        + 10
        + box * height(spec, cls.name) / cls.width  # the image, scaled to the box
        + 22  # the hint line under it ("Hover or tap for values")
        + sum(3 + 21.8 * _lines(n, box, 0.5, 13.6) for n in weak)
        + 4
        + 21.8 * _lines(html.unescape(foot), box, 0.5, 13.6)
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
    with no script. The height is not proportional to the width (narrow columns wrap the text and
    take the phone image, which is taller for its width; the figure stops growing at 800 px), so it
    is the larger of two lines through the estimated heights at 300, 600 and 900 px, in container
    units (cqw: hundredths of the column's width); 15% to spare (an image drawn for a narrower box
    is taller for its width just past each switch), so nothing is cut off. Browsers
    without container units (before 2022-23) get the tallest of the three."""
    url = f"{site_url}{chart_page_url(spec.id, spec.lang)}"
    title = html.escape(spec.title, quote=False).replace('"', "&quot;")
    h = {w: embed_height(spec, ds, w) * 1.15 for w in (300, 600, 900)}

    def line(a: int, b: int) -> str:  # through (a, h[a]) and (b, h[b]): px + cqw
        slope = (h[b] - h[a]) / (b - a)
        return f"{h[a] - slope * a:.0f}px + {slope * 100:.2f}cqw"

    return (
        f'<div style="container-type:inline-size"><div style="position:relative; height:{max(h.values()):.0f}px; '
        f'height:max({line(300, 600)}, {line(600, 900)})">'
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


def page_extras(spec: ChartSpec, url: str, citation: str) -> str:
    """On a chart's own page: Copy link (charts.js; a plain link without JavaScript) and Cite. The date
    and version of the data are said once, at the foot, with the next expected update (UX review 8)."""
    lab = LABELS[spec.lang]
    return (
        f'<p class="chart__meta"><a class="chart__copy" href="{escape(url)}" data-copied="{lab["copied"]}">'
        f"{lab['copy']}</a></p>\n"
        f'<details class="chart__cite"><summary>{lab["cite"]}</summary>\n<p>{escape(citation)}</p>\n</details>\n'
    )


def pictures(spec: ChartSpec, to_root: str, first: bool, alt: bool = True, gallery: bool = False) -> str:
    """The light and the dark images. On a page's first chart the light one the viewport shows (the
    default scheme, and what Lighthouse sees) is preloaded at high priority."""
    cny = picture_html(spec, to_root, "default", alt=alt, priority=first, gallery=gallery) + picture_html(
        spec, to_root, "slate", alt=alt
    )
    if not spec.money:
        return cny
    usd = picture_html(spec, to_root, "default-usd", alt=alt) + picture_html(
        spec, to_root, "slate-usd", alt=alt
    )
    # site.css shows one unit: the yuan images unless the figure's USD switch is checked.
    return (
        f'<span class="chart__unit chart__unit--cny">{cny}</span>'
        f'<span class="chart__unit chart__unit--usd">{usd}</span>'
    )


def unit_switch(spec: ChartSpec, fid: str) -> str:
    """Yuan or dollars (OWID's unit switch): two radio buttons before the plot, so site.css can show the
    chosen unit's images with no JavaScript (``input:checked ~ .chart__plot``); charts.js keeps the choice
    across pages and redraws a live chart in it."""
    if not spec.money:
        return ""
    lab = LABELS[spec.lang]
    return (
        f'<input type="radio" class="unit-switch__input unit-switch__input--cny" name="{fid}-unit" id="{fid}-cny" '
        f'value="cny" checked>'
        f'<input type="radio" class="unit-switch__input unit-switch__input--usd" name="{fid}-unit" id="{fid}-usd" '
        f'value="usd">'
        f'<p class="unit-switch" role="group" aria-label="{lab["unit"]}">'
        f'<label for="{fid}-cny">{lab["cny"]}</label><label for="{fid}-usd">{lab["usd"]}</label></p>'
        f'<p class="unit-switch__note">{lab["usd_note"]}</p>\n'
    )


def sources_line(spec: ChartSpec, ds: Dataset) -> str:
    """The one line under a chart that opens its full source list: its source line, authority first."""
    return escape(source_line(spec))


def figure_html(
    spec: ChartSpec,
    ds: Dataset,
    to_root: str,
    plotly_path: str,
    *,
    site_url: str = "",
    home: str | None = None,
    first: bool = False,
    page_meta: str = "",
) -> str:
    """The <figure> a page embeds. ``to_root`` is the relative path from the page to the site root.

    The chart's own page (``home`` given) has everything in the HTML (title, the chart as an image,
    summary, sources, notes, full table, downloads, embed code), so the figure informs without
    JavaScript, in print, in feed readers and in a screen reader. An explainer page (``home`` None)
    shows the chart, its description, its unit switch and weak-source note, and one line that leads
    to that page (issue 28: the toolkit, ten phone lines per chart, broke the story's flow). charts.js
    swaps in the live chart only when a reader points at, taps or focuses the chart. ``home``: on a
    chart's own page, the explainer page to link back to; ``first``: the page's first chart (its light
    images at high priority); ``page_meta``: what only the chart's own page shows (``page_extras``).
    """
    lang, lab = spec.lang, LABELS[spec.lang]
    fid = f"fig-{spec.id}"
    summary = f'<p class="chart__summary" id="{fid}-summary">{escape(spec.summary)}</p>\n'
    if spec.describe_collapsed:  # still the image's description (aria-describedby reads hidden text)
        summary = (
            f'<details class="chart__describe"><summary>{lab["describe"]}</summary>\n{summary}</details>\n'
        )
    # the weak-source note explains the asterisk on the chart: an embed keeps it (site.css)
    weak = ' class="chart__note-weak"'
    notes = "".join(f"<li{weak if n.startswith('* ') else ''}>{escape(n)}</li>" for n in spec.notes)
    computed = f' <span class="chart__badge">{lab["computed"]}</span>' if spec.computed else ""
    keys = lab["keys" if home else "keys_story"]  # where every value is: the table here, or the chart page
    head_html = (
        f'<figcaption class="chart__head"><span class="chart__title" id="{fid}-title">{escape(spec.title)}</span>'
        f'<span class="chart__subtitle">{escape(spec.subtitle)}{computed}</span></figcaption>\n'
        f"{unit_switch(spec, fid)}"
        f'<div class="chart__plot" data-chart="{json_path(spec.id, lang)}" data-plotly="{plotly_path}" '
        f'data-describedby="{fid}-summary" tabindex="0">'
        f"{pictures(spec, to_root, first)}"
        f'<span class="chart__hint"><span class="chart__hint-idle" aria-hidden="true">{lab["hint"]}</span>'
        f'<span class="chart__hint-loading" role="status">{lab["loading"]}</span>'
        f'<span class="chart__hint-keys" aria-live="polite">{keys}</span></span></div>\n'
        f"{summary}"
    )
    if home is None:
        # On an explainer page (issue 28, 7): what reading the chart honestly needs (the image and its
        # description, the unit switch, the note that explains a weak-source asterisk) and one line that
        # leads to the chart's own page, where the sources, notes, data table, downloads and embed code are.
        weak_notes = "".join(f"<li{weak}>{escape(n)}</li>" for n in spec.notes if n.startswith("* "))
        colon, dot = ("：", "·") if lang == "zh" else (": ", " · ")
        return (
            f'<figure class="chart" id="{fid}" aria-labelledby="{fid}-title">\n'
            f"{head_html}"
            + (f'<ul class="chart__notes">{weak_notes}</ul>\n' if weak_notes else "")
            + f'<p class="chart__more">{lab["image_source"]}{colon}{sources_line(spec, ds)}'
            f'{dot}<a href="{to_root}{chart_page_url(spec.id, lang)}">{lab["more"]}</a></p>\n'
            "</figure>"
        )
    sep = "；" if lang == "zh" else "; "
    sources = sep.join(
        source_link(ds.sources[s], lang) + escape(weak_suffix(ds.sources[s], lang)) for s in spec.source_ids
    )
    columns = spec.display_columns or spec.columns  # the page's table may merge CSV columns to fit a phone
    keep = [i for i, c in enumerate(columns) if c != "sources"]
    head = "".join(f'<th scope="col">{escape(_header(spec.id, columns[i], lang))}</th>' for i in keep)
    # data-label: on a phone each row becomes a card that names its columns (site.css)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td data-label="{escape(_header(spec.id, columns[i], lang))}">{_cell(row[i], lang, columns[i])}</td>'
            for i in keep
        )
        + "</tr>"
        for row in (spec.display_rows or spec.rows)
    )
    links = (
        f'<a href="{to_root}{download_path(spec.id, lang, "svg")}" download>{lab["svg"]}</a>'
        f'<a href="{to_root}{download_path(spec.id, lang, "png")}" download>{lab["png"]}</a>'
        f'<a href="{to_root}{csv_path(spec.id)}" download>{lab["download"]}</a>'
        f'<a href="{to_root}{PACKAGE_ZIP}" download>{lab["all"]}</a>'
        f'<a href="{home}#{fid}" target="_top">{lab["home"]}</a>'
    )
    extra = page_meta + embed_block(spec, ds, site_url) + embed_foot(spec, ds, to_root)
    return (
        f'<figure class="chart chart--page" id="{fid}" aria-labelledby="{fid}-title" tabindex="-1">\n'
        f"{head_html}"
        f'<details class="chart__source"><summary><strong>{lab["sources"]}</strong> '
        f"{sources_line(spec, ds)}</summary>\n"
        f"<p>{sources}{'。' if lang == 'zh' else '.'}</p></details>\n"
        f'<ul class="chart__notes">{notes}</ul>\n'
        f'<details class="chart__data table-cards"><summary>{lab["table"]}</summary>\n'
        f"<table><caption>{escape(spec.subtitle)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>\n"
        f"</details>\n"
        f'<p class="chart__actions">{links}</p>\n'
        f"{extra}"
        "</figure>"
    )


def gallery(specs: list[ChartSpec], to_root: str) -> str:
    """The Charts page: a static thumbnail (light and dark) of every chart, linking to its page."""
    items = []
    for i, spec in enumerate(specs):
        items.append(
            f'<li class="chart-gallery__item"><a href="{to_root}{chart_page_url(spec.id, spec.lang)}">'
            f"{pictures(spec, to_root, i == 0, alt=False, gallery=True)}"
            f'<span class="chart-gallery__title">{escape(spec.title)}</span></a></li>'
        )
    return '<ul class="chart-gallery">\n' + "\n".join(items) + "\n</ul>"
