"""The site's charts, one folder each: figure.py (records -> ChartSpec) and words.yaml (its words in
English and Chinese, and the meaning of each CSV column). The set of charts is the set of folders."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache
from pathlib import Path

from ..data import Dataset
from .common import ChartSpec, load_words

LANGS = ("en", "zh")


def _discover() -> dict[str, Callable[..., ChartSpec]]:
    """chart id -> its build function, ordered by ``order`` in each words.yaml (the gallery's order)."""
    found = []
    for folder in Path(__file__).parent.iterdir():
        if not (folder / "words.yaml").is_file():
            continue
        words = load_words(str(folder / "figure.py"))
        chart_id = folder.name.replace("_", "-")
        if words.get("id") != chart_id:
            raise ValueError(
                f"{folder / 'words.yaml'}: id is {words.get('id')!r}, the folder says {chart_id!r}"
            )
        title = words.get("page_title")
        if not (
            isinstance(title, dict)
            and all(isinstance(title.get(lang), str) and title[lang].strip() for lang in LANGS)
        ):
            raise ValueError(
                f"{folder / 'words.yaml'}: page_title needs an en and a zh line (its page's title)"
            )
        line = words.get("source_line")  # its short source line, authority first (cbec/chart_html.py)
        if not (
            isinstance(line, dict)
            and all(isinstance(line.get(lang), str) and line[lang].strip() for lang in LANGS)
        ):
            raise ValueError(
                f"{folder / 'words.yaml'}: source_line needs an en and a zh line (the chart's short source line)"
            )
        module = importlib.import_module(f"{__name__}.{folder.name}.figure")
        found.append((words["order"], chart_id, module.build))
    return {chart_id: build for _, chart_id, build in sorted(found)}


CHARTS = _discover()


def build_all(ds: Dataset, lang: str = "en") -> dict[str, ChartSpec]:
    specs = {}
    for chart_id, build in CHARTS.items():
        spec = build(ds, lang)
        assert spec.id == chart_id, f"{build.__module__} returned id {spec.id!r}"
        specs[chart_id] = spec
    return specs


@cache
def words(chart_id: str) -> dict:
    """A chart's words.yaml (titles, templates, column meanings)."""
    return load_words(str(Path(__file__).parent / chart_id.replace("-", "_") / "figure.py"))


def column_docs(chart_id: str) -> dict[str, dict]:
    """The columns a chart's CSV and table use: name -> {en, zh: meaning; header_zh: Chinese header}."""
    return words(chart_id)["columns"]


__all__ = ["CHARTS", "LANGS", "ChartSpec", "build_all", "column_docs", "words"]
