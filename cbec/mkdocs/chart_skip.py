"""MkDocs hook: a chart's own page gets a skip link to its chart.

Material writes its skip link ("Skip to content") only for a page with a table of contents, and a chart
page (charts/<id>/) has none: its first Tab stop was the logo. This writes one into Material's skip
component, pointing at the chart's figure (which takes focus: tabindex=-1 in chart_html.figure_html).
Material swaps that component with the next page's on instant navigation, so the link is always the
current page's.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from cbec.chart_html import escape

SKIP = re.compile(r'(<div data-md-component="skip">)\s*(</div>)')
WORDS = {"en": "Skip to the chart", "zh": "跳到图表"}


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    chart = page.meta.get("chart")
    if not chart:
        return output
    words = WORDS["zh" if page.url.startswith("zh/") else "en"]
    link = f'<a href="#fig-{escape(str(chart))}" class="md-skip">{words}</a>'
    return SKIP.sub(lambda m: f"{m[1]}\n      {link}\n    {m[2]}", output, count=1)
