"""The words around a chart in each language: the figure block's labels, the words for the codes in its
table, its licence, and how its sources are named (short publisher, weak flag, the one-line summary)."""

from __future__ import annotations

import re

from .charts import ChartSpec
from .charts import words as chart_words
from .data import Dataset, Source
from .fmt import date
from .labels import WORDS as VINTAGE_WORDS
from .records import CONFIDENCE
from .text_out import html_text as escape
from .words import at_import, shared_codes

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


LICENCE = "CC BY 4.0"


LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


def source_line(spec: ChartSpec) -> str:
    """The chart's short source line, authority first, with the number of sources (its words.yaml
    ``source_line``): the one-line sources summary, the embed and the image credit all use it."""
    line = chart_words(spec.id)["source_line"][spec.lang]
    n = len(spec.source_ids)
    return f"{line}·共{n}个来源" if spec.lang == "zh" else f"{line} · {n} sources"


# Codes whose words depend on the column ("published" is a vintage in one table, a kind of date in another).
COLUMN_CODES = {
    "date_basis": {"en": {}, "zh": {"approved": "批复", "published": "公布", "announced": "宣布"}}
}


def sources_line(spec: ChartSpec, ds: Dataset) -> str:
    """The one line under a chart that opens its full source list: its source line, authority first."""
    return escape(source_line(spec))
