"""Words kept in YAML beside the code: a chart's words.yaml, and the words every chart and page
share (cbec/charts/words.yaml: vintages, legend, key). On the ground floor, so that both the charts
and the modules below them (latest.py) read the same words.

The one schema of a words file (checked when the file is loaded, so when the charts are discovered;
every problem is ``<file>:<line>: <key>: <reason>``):

* an **entry** is ``{en: "...", zh: "..."}``: both languages, non-empty text, nothing else;
* a **group** is a mapping of entries or groups (``notes:``, ``verdicts:``);
* a template's ``{placeholders}`` are plain names (``{year}``, not ``{year.__class__}`` or ``{0}``), braces
  balanced (``{{``/``}}`` for a brace itself); the chart supplies their values when it fills the template
  (``Words.t``), and a name it does not supply stops the build naming file, line, key and language;
* a chart's words also have ``id`` (its folder's name with ``-``), ``order`` (a whole number),
  ``page_title`` (an entry without placeholders), ``title``, ``subtitle``, ``summary`` and ``source_line``
  (entries) and ``columns``: each column of the chart's CSV ``{en, zh, header_zh}`` (a column only the
  page's table shows: ``header_zh``); every column the chart's table has must be there (checked when the
  chart is built); a column named with nothing after it (``year:``) takes the meaning every chart shares,
  from ``columns`` in cbec/charts/words.yaml (``sources``, ``year``), and one given in full overrides it;
* ``computed`` (claims) holds data, not words: it is checked by the chart that reads it.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import yaml

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("en", "zh")
PLACEHOLDER = re.compile(r"[a-z_][a-z0-9_]*\Z")
CHART_ENTRIES = ("page_title", "title", "subtitle", "summary", "source_line")
DATA_KEYS = ("computed",)  # mappings of data, read by the chart's own code
COLUMN_KEYS = ("en", "zh", "header_zh")
T = TypeVar("T")


class WordsError(ValueError):
    """A words file that breaks the schema, or a template the chart cannot fill: one line, file:line."""


class WordsDoc(dict[str, Any]):
    """A words file's content, with where it came from: ``path`` (repository-relative) and ``lines``
    (dotted key -> line), for messages."""

    path: str = "words.yaml"
    lines: dict[str, int]

    def where(self, key: str) -> str:
        line = self.lines.get(key)
        return f"{self.path}:{line}" if line else self.path


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def _lines(node: yaml.Node, prefix: str, out: dict[str, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = f"{prefix}{key.value}"
            out[name] = key.start_mark.line + 1
            _lines(value, name + ".", out)


def read(path: Path) -> WordsDoc:
    """A words file, parsed and checked against the schema above (``chart``: with a chart's own keys)."""
    shown = _shown(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise WordsError(f"{shown}:1: is not UTF-8 text ({e.reason}): save it as UTF-8") from None
    except OSError as e:
        raise WordsError(f"{shown}: cannot be read ({e.strerror})") from None
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        problem = " ".join(str(e.problem or e.context or "not valid YAML").split())
        if isinstance(e, yaml.constructor.ConstructorError):
            problem = f"{problem}; words files hold plain text, numbers, lists and mappings"
        raise WordsError(f"{shown}:{mark.line + 1 if mark else 1}: not valid YAML: {problem}") from None
    except yaml.YAMLError as e:
        raise WordsError(f"{shown}:1: not valid YAML: {' '.join(str(e).split())}") from None
    finally:
        loader.dispose()
    if node is None or not isinstance(data, dict):  # an empty file has no node, and no data
        raise WordsError(f"{shown}:1: must be a mapping of keys to words, not {type(data).__name__}")
    doc = WordsDoc(data)
    doc.path, doc.lines = shown, {}
    _lines(node, "", doc.lines)
    return doc


def placeholders(template: str) -> list[str]:
    """The names in a template; ValueError with the reason for anything but plain names."""
    names = []
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as e:
        raise ValueError(f"{e} (write {{{{ and }}}} for a brace)") from None
    for _, field, spec, conversion in parsed:
        if field is None:
            continue
        if not PLACEHOLDER.match(field) or spec or conversion:
            shown = field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            raise ValueError(
                f"placeholder {{{shown}}} is not a plain name (letters a-z, digits and '_'; "
                "write {{ and }} for a brace)"
            )
        names.append(field)
    return names


def _entry_problem(value: Any) -> str | None:
    if set(value) != set(LANGS):
        extra = sorted(map(str, set(value) - set(LANGS)))
        missing = [lang for lang in LANGS if lang not in value]
        said = f"missing {', '.join(missing)}" if missing else f"unknown {', '.join(extra)}"
        return f"an entry has exactly en and zh; {said}"
    for lang in LANGS:
        text = value[lang]
        if not isinstance(text, str) or not text:
            return f"{lang} must be text, not {type(text).__name__ if text is not None else 'empty'}"
    return None


def check(doc: WordsDoc, chart_id: str | None = None) -> WordsDoc:
    """Check ``doc`` against the schema; ``chart_id``: a chart's own words (its folder's id)."""

    def fail(key: str, reason: str) -> NoReturn:
        raise WordsError(f"{doc.where(key)}: {key}: {reason}")

    def walk(value: Any, key: str) -> None:
        if not isinstance(value, dict):
            fail(key, f"must be {{en: ..., zh: ...}} or a group of them, not {type(value).__name__}")
        if any(lang in value for lang in LANGS):
            if problem := _entry_problem(value):
                fail(key, problem)
            for lang in LANGS:
                try:
                    placeholders(value[lang])
                except ValueError as e:
                    fail(f"{key}.{lang}", str(e))
            return
        if not value:
            fail(key, "an empty group")
        for sub, item in value.items():
            walk(item, f"{key}.{sub}")

    if chart_id is not None:
        if doc.get("id") != chart_id:
            fail("id", f"is {doc.get('id')!r}; the folder says {chart_id!r}")
        if not isinstance(doc.get("order"), int) or isinstance(doc.get("order"), bool):
            fail("order", f"must be a whole number (its place in the gallery), not {doc.get('order')!r}")
        for key in (*CHART_ENTRIES, "columns"):
            if key not in doc:
                raise WordsError(
                    f"{doc.path}: {key} is missing (a chart's words have {', '.join(CHART_ENTRIES)}, columns)"
                )
        if placeholders(doc["page_title"].get("en", "") if isinstance(doc["page_title"], dict) else ""):
            fail("page_title.en", "a page title has no placeholders")
    if chart_id is not None or "columns" in doc:
        _check_columns(doc, fail, shared=chart_id is not None)
    skip = ("id", "order", "columns", *DATA_KEYS) if chart_id is not None else ("columns",)
    for key, value in doc.items():
        if key not in skip:
            walk(value, str(key))
    return doc


def _check_columns(doc: WordsDoc, fail: Callable[[str, str], NoReturn], shared: bool) -> None:
    """``columns``: each column -> {en, zh, header_zh}; in a chart's words (``shared``), a column with nothing
    after it takes the shared meaning (cbec/charts/words.yaml ``columns``), filled in here."""
    columns = doc["columns"]
    if not isinstance(columns, dict) or not columns:
        fail("columns", "must map each column of the chart's table to {en, zh, header_zh}")
    for name, meaning in columns.items():
        key = f"columns.{name}"
        if meaning is None and shared:
            common = SHARED_WORDS.get("columns", {})
            if name not in common:
                fail(
                    key,
                    f"has no meaning, and {SHARED_WORDS.where('columns')} shares none for '{name}' "
                    f"(it shares {', '.join(common) or 'none'}): give {{en, zh, header_zh}}",
                )
            columns[name] = meaning = dict(common[name])
        if (
            not isinstance(meaning, dict)
            or not meaning
            or not set(meaning) <= set(COLUMN_KEYS)
            or ("en" in meaning) != ("zh" in meaning)
        ):
            fail(
                key,
                "must be {en: meaning, zh: meaning, header_zh: Chinese header} (a column only the page's "
                "table shows: header_zh alone"
                + ("; nothing after the name: the meaning cbec/charts/words.yaml shares)" if shared else ")"),
            )
        for k, text in meaning.items():
            if not isinstance(text, str) or not text.strip():
                fail(f"{key}.{k}", "must be text")


def load_words(module_file: str) -> WordsDoc:
    """The words.yaml beside a chart's figure.py (or, for the shared words, cbec/charts/words.yaml), checked."""
    folder = Path(module_file).parent
    doc = read(folder / "words.yaml")
    is_chart = folder.parent.name == "charts" and folder.name != "charts"
    return check(doc, folder.name.replace("_", "-") if is_chart else None)


def fill(doc: dict[str, Any], key: str, lang: str, values: dict[str, Any]) -> str:
    """The template ``key`` (dotted) of ``doc`` in ``lang``, its placeholders filled from ``values``;
    a placeholder the chart does not supply stops the build naming the file, line, key and language."""
    entry: Any = doc
    parts = key.split(".")
    for i, part in enumerate(parts):
        if not isinstance(entry, dict) or part not in entry:
            where = doc.where(".".join(parts[:i])) if isinstance(doc, WordsDoc) else "words.yaml"
            raise WordsError(f"{where}: no words for '{key}' (the chart's code asks for them)")
        entry = entry[part]
    template: str = entry[lang]

    class Values(dict[str, Any]):
        def __missing__(self, name: str) -> NoReturn:
            where = doc.where(f"{key}.{lang}") if isinstance(doc, WordsDoc) else "words.yaml"
            raise WordsError(
                f"{where}: {key}.{lang}: unknown placeholder {{{name}}}; "
                f"the chart supplies: {', '.join(sorted(values)) or 'none'}"
            )

    try:
        return template.format_map(Values(values))
    except WordsError:
        raise
    except (ValueError, IndexError, AttributeError) as e:  # checked on load; a words dict made in code
        raise WordsError(f"{key}.{lang}: {e}") from None


def at_import(load: Callable[[], T]) -> T:
    """A words file a module reads when it is imported (the shared words, the verdicts): a mistake in it
    stops the program with its one line (``Build stopped: file:line: key: reason``), not with a traceback
    through the engine's plugin loader, which imports the hooks before any of them runs."""
    try:
        return load()
    except WordsError as e:
        raise SystemExit(f"Build stopped: {e}") from None


SHARED_WORDS: WordsDoc = at_import(lambda: load_words(str(Path(__file__).parent / "charts" / "figure.py")))


def shared_codes(group: str, codes: Sequence[str]) -> dict[str, dict[str, str]]:
    """Language -> code -> word, for codes of the tables that the shared words name (cbec/charts/words.yaml
    ``vintages``, ``confidence``): tables, CSVs and pages then say them as the charts do. A code the group
    has no entry for stops the build naming the group's line."""
    given = SHARED_WORDS.get(group)
    entries: dict[str, Any] = given if isinstance(given, dict) else {}
    missing = [c for c in codes if not isinstance(entries.get(c), dict) or "en" not in entries[c]]
    if missing:
        raise WordsError(
            f"{SHARED_WORDS.where(group)}: {group}: no {{en, zh}} words for {', '.join(missing)} "
            "(each code the tables use is named in both languages)"
        )
    return {lang: {c: entries[c][lang] for c in codes} for lang in LANGS}
