"""MkDocs hook: the Charts section follows the set of charts (the folders of cbec/charts/).

* The nav's Charts section is charts/index.md (the gallery, itself drawn from the set of charts)
  followed by one page per chart, in the charts' order: mkdocs.yml lists only charts/index.md.
* A warning names the chart (and the strict build fails on it) when a chart has no page of its own
  in a language (docs/charts/<id>.md, docs/charts/<id>.zh.md), when a chart page names a chart that
  does not exist, or when no explainer page shows a chart in both languages. A warning, not an abort:
  the build goes on, so the same run also reports every other mistake (a misspelt chart id on an
  explainer page, say, is reported by the macros with its file and line).
"""
from __future__ import annotations

import re
from pathlib import Path

import logging

from mkdocs.plugins import event_priority

from cbec.charts import CHARTS

log = logging.getLogger("mkdocs.plugins.chart_pages")
LANG_NAMES = {"en": "English", "zh": "Chinese"}
CHART_LINE = re.compile(r"""^\{\{ chart\((["'])([a-z0-9-]+)\1\) \}\}$""", re.M)
CHART_PAGE = re.compile(r"""\{\{ chart_page\((["'])([a-z0-9-]+)\1\) \}\}""")


def page_lang(md: Path) -> str:
    return "zh" if md.name.endswith(".zh.md") else "en"


def shown_on(docs_dir: Path) -> dict[tuple[str, str], list[str]]:
    """(chart id, language) -> the explainer pages (docs/*.md) that show the chart with {{ chart("id") }}."""
    shown: dict[tuple[str, str], list[str]] = {}
    for md in sorted(docs_dir.glob("*.md")):
        for m in CHART_LINE.finditer(md.read_text("utf-8")):
            shown.setdefault((m[2], page_lang(md)), []).append(md.name)
    return shown


def problems(docs_dir: Path, charts) -> list[str]:
    """What is missing for the charts to be shown and to have their own pages, one line each."""
    found = []
    shown = shown_on(docs_dir)
    for chart_id in charts:
        folder = f"cbec/charts/{chart_id.replace('-', '_')}/"
        for lang, suffix in (("en", ".md"), ("zh", ".zh.md")):
            if (chart_id, lang) not in shown:
                found.append(f"chart '{chart_id}' ({folder}) is shown on no {LANG_NAMES[lang]} page: add "
                             f"{{{{ chart(\"{chart_id}\") }}}} on a line of its own to a docs/*{suffix} page")
            page = docs_dir / "charts" / f"{chart_id}{suffix}"
            if not page.is_file():
                found.append(f"chart '{chart_id}' ({folder}) has no {LANG_NAMES[lang]} page of its own: "
                             f"docs/charts/{page.name} is missing")
    for page in sorted((docs_dir / "charts").glob("*.md")):
        for m in CHART_PAGE.finditer(page.read_text("utf-8")):
            if m[2] not in charts:
                found.append(f"docs/charts/{page.name}: no chart '{m[2]}' (charts: {', '.join(charts)})")
    return found


@event_priority(50)  # before mkdocs-static-i18n reads the nav
def on_config(config):
    for problem in problems(Path(config.docs_dir), list(CHARTS)):
        log.warning(problem)
    for entry in config.nav or []:
        for title, pages in entry.items() if isinstance(entry, dict) else ():
            if isinstance(pages, list) and "charts/index.md" in pages:
                entry[title] = ["charts/index.md", *(f"charts/{chart_id}.md" for chart_id in CHARTS)]
    return config
