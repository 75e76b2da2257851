"""MkDocs hook: the Charts section follows the set of charts (the folders of cbec/charts/).

* Each chart gets its own page in each language, charts/<id>/ and zh/charts/<id>/, generated here from
  its words.yaml (page_title) and cbec/charts/words.yaml (page_description): nothing to copy by hand. A
  page written by hand at docs/charts/<id>(.zh).md replaces the generated one.
* The nav's Charts section is charts/index.md (the gallery, itself drawn from the set of charts)
  followed by one page per chart, in the charts' order: mkdocs.yml lists only charts/index.md.
* A warning names the chart (and the strict build fails on it) when no explainer page shows a chart
  in a language, or when a hand-written chart page names a chart that does not exist. A warning, not
  an abort: the build goes on, so the same run also reports every other mistake (a misspelt chart id
  on an explainer page, say, is reported by the macros with its file and line).
"""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import ParamSpec, TypeVar

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation

from cbec.charts import CHARTS, ChartError, words
from cbec.words import SHARED_WORDS, WordsError

log = logging.getLogger("mkdocs.plugins.chart_pages")
LANG_NAMES = {"en": "English", "zh": "Chinese"}
SUFFIX = {"en": ".md", "zh": ".zh.md"}
CHART_LINE = re.compile(r"""^\{\{ chart\((["'])([a-z0-9-]+)\1\) \}\}$""", re.M)
CHART_PAGE = re.compile(r"""\{\{ chart_page\((["'])([a-z0-9-]+)\1\) \}\}""")

_generated: dict[str, str] = {}  # src_uri -> the page's Markdown, for this build
P = ParamSpec("P")
R = TypeVar("R")


def page_lang(md: Path) -> str:
    return "zh" if md.name.endswith(".zh.md") else "en"


def page_source(chart_id: str, lang: str) -> str:
    """A chart's own page: front matter from its words, the body one macro (cbec.mkdocs.macros.chart_page)."""
    name = words(chart_id)["page_title"][lang]
    description = SHARED_WORDS["page_description"][lang].format(name=name)
    # JSON strings are YAML strings: a quote or colon in a title cannot break the front matter
    return (
        f"---\ntitle: {json.dumps(name, ensure_ascii=False)}\n"
        f"description: {json.dumps(description, ensure_ascii=False)}\n"
        f"chart: {chart_id}\nhide:\n  - navigation\n  - toc\n"
        "search:\n  exclude: true  # the same figure is found on the page that explains it\n---\n\n"
        f'{{{{ chart_page("{chart_id}") }}}}\n'
    )


def shown_on(docs_dir: Path) -> dict[tuple[str, str], list[str]]:
    """(chart id, language) -> the explainer pages (docs/*.md) that show the chart with {{ chart("id") }}."""
    shown: dict[tuple[str, str], list[str]] = {}
    for md in sorted(docs_dir.glob("*.md")):
        for m in CHART_LINE.finditer(md.read_text("utf-8")):
            shown.setdefault((m[2], page_lang(md)), []).append(md.name)
    return shown


def problems(docs_dir: Path, charts: Sequence[str]) -> list[str]:
    """What is missing for the charts to be shown, or wrong on a hand-written chart page, one line each."""
    found: list[str] = []
    shown = shown_on(docs_dir)
    for chart_id in charts:
        folder = f"cbec/charts/{chart_id.replace('-', '_')}/"
        for lang, suffix in SUFFIX.items():
            if (chart_id, lang) not in shown:
                found.append(
                    f"chart '{chart_id}' ({folder}) is shown on no {LANG_NAMES[lang]} page: add "
                    f'{{{{ chart("{chart_id}") }}}} on a line of its own to a docs/*{suffix} page'
                )
    for page in sorted((docs_dir / "charts").glob("*.md")):
        for m in CHART_PAGE.finditer(page.read_text("utf-8")):
            if m[2] not in charts:
                found.append(f"docs/charts/{page.name}: no chart '{m[2]}' (charts: {', '.join(charts)})")
    return found


def _one_line(hook: Callable[P, R]) -> Callable[P, R]:
    """A chart folder that breaks its schema (cbec/words.py, cbec/charts/__init__.py) stops the build with
    its file:line: reason, not a traceback; `mkdocs serve` shows it as its error page."""

    @functools.wraps(hook)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return hook(*args, **kwargs)
        except (ChartError, WordsError) as e:
            raise PluginError(str(e)) from None

    return run


@event_priority(50)  # before mkdocs-static-i18n reads the nav
@_one_line
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    for problem in problems(Path(config.docs_dir), list(CHARTS)):
        log.warning(problem)
    for entry in config.nav or []:
        for title, pages in entry.items() if isinstance(entry, dict) else ():
            if isinstance(pages, list) and "charts/index.md" in pages:
                entry[title] = ["charts/index.md", *(f"charts/{chart_id}.md" for chart_id in CHARTS)]
    return config


@event_priority(100)  # before mkdocs-static-i18n sorts the files of docs/ by language
@_one_line
def on_files(files: Files, config: MkDocsConfig) -> Files:
    # mkdocs-static-i18n re-creates every File of docs/ from its path, dropping in-memory content, so a
    # File.generated() page would vanish: the pages enter as files of docs/ and get their text in on_nav.
    _generated.clear()
    for chart_id in CHARTS:
        for lang, suffix in SUFFIX.items():
            uri = f"charts/{chart_id}{suffix}"
            if files.get_file_from_path(uri) is None:  # a page written by hand wins
                files.append(File(uri, config.docs_dir, config.site_dir, config.use_directory_urls))
                _generated[uri] = page_source(chart_id, lang)
    return files


@event_priority(-150)  # after mkdocs-static-i18n's on_files and on_nav, before any page is read
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    for file in files.documentation_pages():
        if file.src_uri in _generated:
            file.content_string = _generated[file.src_uri]
    return nav
