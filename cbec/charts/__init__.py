"""The site's charts, one folder each: figure.py (records -> ChartSpec) and words.yaml (its words in
English and Chinese, and the meaning of each CSV column). The set of charts is the set of folders.

Chart folders are checked like tables, when they are first needed (not at import, so that ``mkdocs serve``
can show the mistake as its error page): a folder needs both files, each words.yaml passes the schema in
cbec/words.py, an error in figure code is ``cbec/charts/<id>/figure.py:<line>: <reason>``, figure code gets
``CBEC_FIGURE_TIMEOUT`` seconds (default 60) and a chart with no finite value is refused.
"""

from __future__ import annotations

import importlib
import math
import signal
import threading
import traceback
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from pathlib import Path
from types import FrameType
from typing import NoReturn

import plotly.graph_objects as go

from .. import settings
from ..data import Dataset
from ..data_error import DataError
from ..values import WeakHeadline
from ..words import ROOT, WordsDoc, WordsError
from .common import ChartSpec, load_words

LANGS = ("en", "zh")
HERE = Path(__file__).parent

# A chart's figure.py: build(ds, lang) -> its ChartSpec.
Build = Callable[[Dataset, str], ChartSpec]


class ChartError(ValueError):
    """A chart folder or its figure code failed: one line, ``cbec/charts/<id>/<file>:<line>: reason``."""


def _where(folder: Path, name: str = "") -> str:
    path = folder / name if name else folder
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def _code_error(e: BaseException, folder: Path, what: str) -> ChartError:
    """``cbec/charts/<id>/figure.py:<line>: <type>: <message>``, the line of the innermost frame in the folder."""
    line = getattr(e, "lineno", None) if isinstance(e, SyntaxError) else None
    for frame in traceback.extract_tb(e.__traceback__):
        if Path(frame.filename).resolve().parent == folder.resolve():
            line = frame.lineno
    reason = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
    return ChartError(f"{_where(folder, 'figure.py')}{f':{line}' if line else ''}: {what}{reason}")


def _discover() -> dict[str, Build]:
    """chart id -> its build function, ordered by ``order`` in each words.yaml (the gallery's order)."""
    found: list[tuple[int, str, Build]] = []
    for folder in sorted(HERE.iterdir()):
        if not folder.is_dir() or folder.name.startswith(("_", ".")):
            continue
        has_words, has_code = (folder / "words.yaml").is_file(), (folder / "figure.py").is_file()
        if not (has_words or has_code):
            continue
        if not (has_words and has_code):
            missing = "figure.py" if has_words else "words.yaml"
            raise ChartError(
                f"{_where(folder)}: a chart folder needs words.yaml and figure.py; "
                f"{missing} is missing (README.md, 'Adding a chart')"
            )
        words = load_words(str(folder / "figure.py"))
        chart_id = folder.name.replace("_", "-")
        try:
            module = importlib.import_module(f"{__name__}.{folder.name}.figure")
        except (WordsError, ChartError):
            raise
        except Exception as e:  # noqa: BLE001 - a mistake in the chart's code, told as file:line
            raise _code_error(e, folder, "cannot be loaded: ") from None
        if not callable(getattr(module, "build", None)):
            raise ChartError(f"{_where(folder, 'figure.py')}: has no build(ds, lang) function")
        found.append((words["order"], chart_id, module.build))
    return {chart_id: build for _, chart_id, build in sorted(found)}


class _Charts(Mapping[str, Build]):
    """chart id -> build function, discovered on first use."""

    _found: dict[str, Build] | None = None

    def _all(self) -> dict[str, Build]:
        if self._found is None:
            self._found = _discover()
        return self._found

    def __getitem__(self, key: str) -> Build:
        return self._all()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


CHARTS: Mapping[str, Build] = _Charts()


def figure_timeout() -> float:
    try:
        return settings.seconds("CBEC_FIGURE_TIMEOUT", 60, most=3600)
    except ValueError as e:
        raise ChartError(str(e)) from None


class _TooSlow(BaseException):  # not caught by the figure code's own `except Exception`
    pass


def _run(chart_id: str, build: Build, ds: Dataset, lang: str) -> ChartSpec:
    """``build(ds, lang)`` with a time limit (the main thread only: SIGALRM), errors as file:line."""
    folder = HERE / chart_id.replace("-", "_")
    limit = figure_timeout()
    timed = threading.current_thread() is threading.main_thread()
    if timed:

        def too_slow(signum: int, frame: FrameType | None) -> NoReturn:
            raise _TooSlow()

        previous = signal.signal(signal.SIGALRM, too_slow)
        signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        return build(ds, lang)
    except (DataError, WeakHeadline, WordsError, ChartError):
        raise  # already one line, naming its file
    except _TooSlow as e:
        raise _code_error(
            e,
            folder,
            f"chart '{chart_id}' ({lang}) did not finish within {limit:g} s "
            "(CBEC_FIGURE_TIMEOUT); stopped here: ",
        ).with_traceback(None) from None
    except Exception as e:  # noqa: BLE001 - a mistake in the chart's code, told as file:line
        raise _code_error(e, folder, f"chart '{chart_id}' ({lang}): ") from None
    finally:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _finite_values(figure: go.Figure) -> int:
    """How many finite values the chart plots (its value axis: y, or x for horizontal bars; pie values)."""
    count = 0
    for trace in figure.data:
        axis = "x" if getattr(trace, "orientation", None) == "h" else "y"
        for name in (axis, "values", "z"):
            for v in getattr(trace, name, None) or ():
                if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v):
                    count += 1
    return count


def build_all(ds: Dataset, lang: str = "en") -> dict[str, ChartSpec]:
    specs: dict[str, ChartSpec] = {}
    for chart_id, build in CHARTS.items():
        spec = _run(chart_id, build, ds, lang)
        folder = HERE / chart_id.replace("-", "_")
        if not isinstance(spec, ChartSpec) or spec.id != chart_id:
            raise ChartError(
                f"{_where(folder, 'figure.py')}: build() must return the ChartSpec of '{chart_id}'"
            )
        if not _finite_values(spec.figure):
            raise ChartError(
                f"{_where(folder, 'figure.py')}: chart '{chart_id}' ({lang}) has no finite value to draw "
                "(every value is missing or NaN); it would be published as an empty chart"
            )
        described = words(chart_id)["columns"]
        for column in (*spec.columns, *(spec.display_columns or ())):
            if column not in described:
                raise ChartError(
                    f"{described_where(chart_id)}: columns: the chart's table has '{column}', which words.yaml "
                    "does not describe (en, zh, header_zh)"
                )
        specs[chart_id] = spec
    return specs


def check_columns(specs_by_lang: dict[str, dict[str, ChartSpec]]) -> None:
    """Each column words.yaml describes is in the chart's table in some language: a stale one would be
    documented on the Sources page and in the data package for a column no download has."""
    for chart_id in CHARTS:
        used: set[str] = set()
        for specs in specs_by_lang.values():
            if chart_id in specs:
                used.update(specs[chart_id].columns, specs[chart_id].display_columns or ())
        doc = words(chart_id)
        for column in doc["columns"]:
            if column not in used:
                raise ChartError(
                    f"{doc.where(f'columns.{column}')}: columns.{column}: the chart's table has no such column "
                    "in either language; delete it here or add it to the table"
                )


def described_where(chart_id: str) -> str:
    return words(chart_id).where("columns")


@cache
def words(chart_id: str) -> WordsDoc:
    """A chart's words.yaml (titles, templates, column meanings)."""
    return load_words(str(HERE / chart_id.replace("-", "_") / "figure.py"))


def column_docs(chart_id: str) -> dict[str, dict[str, str]]:
    """The columns a chart's CSV and table use: name -> {en, zh: meaning; header_zh: Chinese header}."""
    columns: dict[str, dict[str, str]] = words(chart_id)["columns"]  # so shaped: words.check() saw to it
    return columns


__all__ = ["CHARTS", "LANGS", "ChartError", "ChartSpec", "build_all", "check_columns", "column_docs", "words"]
