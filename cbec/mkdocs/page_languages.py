"""MkDocs hook: each page's language links point at that page in each language; no wrong hreflang.

Material writes the header's language menu and the ``<link rel="alternate" hreflang>`` tags from
``extra.alternate`` in mkdocs.yml, one list for the whole site: the two Home pages. Every page exists
in both languages (chart_pages.py and the i18n plugin's strict build see to it), English at its path
and Chinese under zh/, so the counterpart is a prefix swap, written here at build time into the menu:
right without JavaScript and before language.js (which keeps it right after instant navigation, where
Material does not redraw the header).

The head's hreflang tags go: Material's bundle fetches ``sitemap.xml`` relative to each of them (it takes
them for language roots), so per-page ones cost a 404 per page, and root ones tell search engines that
every page's Chinese version is the Chinese Home. The per-page hreflang pairs are in sitemap.xml
(mkdocs-static-i18n), a method search engines read as they read the head's.
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

HEAD_ALTERNATE = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')

_SITE_WIDE: list[dict[str, Any]] | None = (
    None  # extra.alternate as mkdocs.yml has it, restored after each page
)


def counterparts(url: str) -> dict[str, str]:
    """'zh/numbers/' -> {'en': 'numbers/', 'zh': 'zh/numbers/'} (site-relative page URLs)."""
    page = url[3:] if url.startswith("zh/") else url
    return {"en": page, "zh": "zh/" + page}


def on_page_context(
    context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation
) -> TemplateContext:
    global _SITE_WIDE
    alternate = config.extra.get("alternate")
    if not alternate:
        return context
    if _SITE_WIDE is None:
        _SITE_WIDE = [dict(a) for a in alternate]
    urls = counterparts(page.url)
    config.extra["alternate"] = [{**a, "link": urls.get(a["lang"], a["link"]) or "./"} for a in _SITE_WIDE]
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if _SITE_WIDE is not None:  # 404.html and the next page start from the site-wide list again
        config.extra["alternate"] = [dict(a) for a in _SITE_WIDE]
    head, sep, body = output.partition("</head>")
    return HEAD_ALTERNATE.sub("", head) + sep + body
