"""Adversarial review 2026-12-07, §2.7 and W09/W10: chart folders are checked like tables.

W01 ({year.__class__} published a memory address), W02 (`KeyError: 'yaer'`), W03 (`unexpected '{' in field
name`), W05/W06 (85- and 95-line tracebacks naming "<unicode string>"), W07 (a folder without figure.py: a
ModuleNotFoundError), W08 (`KeyError: 'boom'`, no chart named), W09 (a loop in figure code: silence for
ever), W10 (every value NaN: an empty chart published).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import EPOCH, ROOT, SITE_URL
from test_build import _clean_copy

import cbec.charts as charts
from cbec import words
from cbec.charts.common import Words
from cbec.cli import engine
from cbec.cli.static_server import free_port

GOOD = textwrap.dedent(
    """\
    id: demo-chart
    order: 1
    page_title: {en: "Demo", zh: "演示"}
    source_line: {en: "Customs", zh: "海关"}
    title:
      en: "In {year} it grew {rate}"
      zh: "{year}年增长{rate}"
    subtitle: {en: "Growth, %", zh: "增速，%"}
    summary: {en: "Summary {year}.", zh: "{year}年。"}
    notes:
      one: {en: "A note.", zh: "注释。"}
    columns:
      year: {en: Calendar year, zh: 年份, header_zh: 年份}
    """
)


def _words(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "charts" / "demo_chart"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "words.yaml").write_text(text, "utf-8")
    return folder


def _line(text: str, needle: str) -> int:
    """The first line that starts with ``needle`` (a key), or holds it (anything else)."""
    return next(
        n
        for n, line in enumerate(text.split("\n"), start=1)
        if line.lstrip().startswith(needle) or (not needle.endswith(":") and needle in line)
    )


WORDS_MISTAKES = [  # (what the review did, the edit, the line's marker, the message after "words.yaml:<line>: ")
    (
        "W06 tab",
        lambda t: t.replace("order: 1", "order:\t1"),
        "order:",
        "not valid YAML: found character '\\t'",
    ),
    (
        "W05 python tag",
        lambda t: t + 'evil: !!python/object/apply:os.system ["touch pwned"]\n',
        "evil:",
        "not valid YAML: could not determine a constructor for the tag",
    ),
    ("W03 brace", lambda t: t.replace("In {year} it", "In {year it"), "In {year", "title.en: "),
    (
        "W01 attribute",
        lambda t: t.replace("In {year}", "In {year.__class__}"),
        "In {year",
        "title.en: placeholder {year.__class__} is not a plain name",
    ),
    (
        "positional",
        lambda t: t.replace('{rate}"\n', '{0}"\n'),
        "it grew",
        "title.en: placeholder {0} is not a plain name",
    ),
    (
        "format spec",
        lambda t: t.replace('{rate}"\n', '{rate!r}"\n'),
        "it grew",
        "title.en: placeholder {rate!r}",
    ),
    (
        "no zh",
        lambda t: t.replace('  zh: "{year}年增长{rate}"\n', ""),
        "title:",
        "title: an entry has exactly en and zh; missing zh",
    ),
    (
        "fr",
        lambda t: t.replace("one: {en:", "one: {fr: x, en:"),
        "one:",
        "notes.one: an entry has exactly en and zh; unknown fr",
    ),
    ("empty", lambda t: t.replace('"A note."', '""'), "one:", "notes.one: en must be text"),
    ("not an entry", lambda t: t + "extra: plain text\n", "extra:", "extra: must be {en: ..., zh: ...}"),
    (
        "page title",
        lambda t: t.replace('en: "Demo"', 'en: "Demo {year}"'),
        "page_title:",
        "page_title.en: a page title has",
    ),
    ("order", lambda t: t.replace("order: 1", "order: first"), "order:", "order: must be a whole number"),
    (
        "id",
        lambda t: t.replace("id: demo-chart", "id: other"),
        "id:",
        "id: is 'other'; the folder says 'demo-chart'",
    ),
    (
        "column",
        lambda t: t.replace("header_zh: 年份}", "header: 年份}"),
        "year: {",
        "columns.year: must be {en: meaning",
    ),
    (
        "no shared meaning",
        lambda t: t + "  nonesuch:\n",
        "nonesuch:",
        "columns.nonesuch: has no meaning, and cbec/charts/words.yaml:",
    ),
]


@pytest.mark.parametrize("case, edit, marker, says", WORDS_MISTAKES, ids=[c[0] for c in WORDS_MISTAKES])
def test_a_words_file_that_breaks_the_schema_is_named_with_its_line(tmp_path, case, edit, marker, says):
    text = edit(GOOD)
    assert text != GOOD, case
    folder = _words(tmp_path, text)
    with pytest.raises(words.WordsError) as e:
        words.load_words(str(folder / "figure.py"))
    message = str(e.value)
    assert message.startswith(f"{folder / 'words.yaml'}:{_line(text, marker)}: "), message
    assert says in message and "\n" not in message and "<unicode string>" not in message, message


def test_a_placeholder_the_chart_does_not_supply_is_named(tmp_path):
    """W02: `Build stopped: KeyError: 'yaer'`."""
    text = GOOD.replace("In {year} it", "In {yaer} it")
    folder = _words(tmp_path, text)
    w = Words("en", words.load_words(str(folder / "figure.py")))
    with pytest.raises(words.WordsError) as e:
        w.t("title", year=2020, rate="+1%")
    assert str(e.value) == (
        f"{folder / 'words.yaml'}:{_line(text, 'In {yaer}')}: title.en: unknown placeholder {{yaer}}; "
        "the chart supplies: rate, year"
    )
    with pytest.raises(words.WordsError, match=r"words.yaml:\d+: no words for 'notes.two'"):
        w.t("notes.two")
    assert Words("zh", words.load_words(str(folder / "figure.py"))).t("title", yaer=1, year=2020, rate="1%")


def test_a_column_named_alone_takes_the_shared_meaning_and_one_given_overrides_it(tmp_path):
    """Maintainer review F13: the meanings of `year` and `sources` are written once, in cbec/charts/words.yaml."""
    shared = words.SHARED_WORDS["columns"]
    text = GOOD.replace("  year: {en: Calendar year, zh: 年份, header_zh: 年份}\n", "  year:\n  sources:\n")
    folder = _words(tmp_path, text)
    columns = words.load_words(str(folder / "figure.py"))["columns"]
    assert columns == {"year": shared["year"], "sources": shared["sources"]}
    assert columns["year"] is not shared["year"], "a chart's words are its own copy"
    own = words.load_words(str(_words(tmp_path, GOOD) / "figure.py"))["columns"]["year"]
    assert own == {"en": "Calendar year", "zh": "年份", "header_zh": "年份"} != shared["year"]


def test_every_chart_and_the_shared_words_pass_the_schema():
    for chart_id in charts.CHARTS:
        assert words.check(charts.words(chart_id), chart_id)["id"] == chart_id
    assert words.SHARED_WORDS.path == "cbec/charts/words.yaml"


# --- chart folders and figure code ------------------------------------------------------------------


FIGURE = textwrap.dedent(
    """\
    import math

    import plotly.graph_objects as go

    from cbec.charts.common import ChartSpec, Words, load_words

    WORDS = load_words(__file__)


    def build(ds, lang="en"):
        w = Words(lang, WORDS)
        ys = [1.0, 2.0]
        {body}
        return ChartSpec(
            id="demo-chart", lang=lang, title=w.t("title", year=2020, rate="1%"), subtitle="", summary="",
            notes=(), source_ids=(), figure=go.Figure(go.Bar(x=[2020, 2021], y=ys)), columns=("year",),
            rows=((2020,), (2021,)),
        )
    """
)


@pytest.fixture
def chart_folder(tmp_path, monkeypatch):
    """A charts package with one chart, demo-chart, whose figure.py ``write(body)`` sets."""
    monkeypatch.setattr(charts, "HERE", tmp_path / "charts")
    monkeypatch.setattr(charts, "__path__", [*charts.__path__, str(tmp_path / "charts")])
    monkeypatch.setattr(charts, "CHARTS", charts._Charts())
    charts.words.cache_clear()
    folder = _words(tmp_path, GOOD)

    def write(body: str) -> Path:
        (folder / "figure.py").write_text(FIGURE.replace("{body}", body), "utf-8")
        for name in [m for m in sys.modules if m.startswith("cbec.charts.demo_chart")]:
            del sys.modules[name]
        return folder / "figure.py"

    yield folder, write
    charts.words.cache_clear()
    for name in [m for m in sys.modules if m.startswith("cbec.charts.demo_chart")]:
        del sys.modules[name]


def test_a_folder_without_figure_py_is_named(chart_folder):
    """W07: a 57-line ModuleNotFoundError."""
    folder, _ = chart_folder
    with pytest.raises(charts.ChartError) as e:
        list(charts.CHARTS)
    assert str(e.value) == (
        f"{folder}: a chart folder needs words.yaml and figure.py; figure.py is missing (README.md, 'Adding a chart')"
    )


FIGURE_MISTAKES = [  # (body, the line's marker, the message after "figure.py:<line>: ")
    ('ys = {}["boom"]', "boom", "chart 'demo-chart' (en): KeyError: 'boom'"),
    (
        "while True: ys.sort()  # one line: the line it stops on",
        "while True",
        "chart 'demo-chart' (en) did not finish within 0.5 s",
    ),
    ("ys = [math.nan, math.nan]", None, "chart 'demo-chart' (en) has no finite value to draw"),
    ("ys = [1.0, 2.0] +", "ys = [1.0, 2.0] +", "cannot be loaded: SyntaxError"),
]


@pytest.mark.parametrize(
    "body, marker, says", FIGURE_MISTAKES, ids=["W08 raises", "W09 loops", "W10 NaN", "syntax"]
)
def test_a_mistake_in_figure_code_names_the_chart_file_and_line(
    chart_folder, monkeypatch, body, marker, says
):
    _, write = chart_folder
    path = write(body)
    if "while True" in body:  # the others get the default limit: a first go.Figure() can take a second
        monkeypatch.setenv("CBEC_FIGURE_TIMEOUT", "0.5")
    with pytest.raises(charts.ChartError) as e:
        charts.build_all(None, "en")
    message = str(e.value)
    lines = path.read_text().split("\n")
    where = f"{path}:{next(n for n, t in enumerate(lines, 1) if marker in t)}" if marker else str(path)
    assert message.startswith(f"{where}: {says}"), message


def test_figure_code_that_works_builds_and_its_columns_must_all_be_used(chart_folder):
    folder, write = chart_folder
    write("pass")
    specs = {lang: charts.build_all(None, lang) for lang in ("en", "zh")}
    assert specs["zh"]["demo-chart"].title == "2020年增长1%"
    charts.check_columns(specs)
    text = (folder / "words.yaml").read_text("utf-8") + "  stale: {en: Gone, zh: 已删除, header_zh: 已删除}\n"
    (folder / "words.yaml").write_text(text, "utf-8")
    charts.words.cache_clear()
    with pytest.raises(charts.ChartError) as e:
        charts.check_columns(specs)
    assert str(e.value).startswith(
        f"{folder / 'words.yaml'}:{_line(text, 'stale:')}: columns.stale: the chart's table"
    )


@pytest.mark.parametrize("value", ["nan", "0", "abc"])
def test_the_figure_time_limit_is_seconds_above_zero(monkeypatch, value):
    monkeypatch.setenv("CBEC_FIGURE_TIMEOUT", value)
    with pytest.raises(charts.ChartError, match=f"^CBEC_FIGURE_TIMEOUT is '{value}'"):
        charts.figure_timeout()


# --- the real build, with the checkout's code broken in a copy --------------------------------------


@pytest.mark.slow
def test_a_chart_mistake_stops_the_build_with_one_line(tmp_path):
    """The build (and so `mkdocs serve`'s error page) shows the line; no traceback. The copy's own cbec
    package is the one imported (PYTHONPATH), so the checkout is not touched."""
    copy = _clean_copy(tmp_path / "project")
    target = copy / "cbec/charts/growth_vs_trade/words.yaml"
    text = target.read_text("utf-8")
    target.write_text(text.replace("\nsubtitle:\n", "\nsubtitle:\n\t\n", 1), "utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": str(copy),
        "SITE_URL": SITE_URL,
        "SOURCE_DATE_EPOCH": EPOCH,
        "NO_MKDOCS_2_WARNING": "1",
    }
    env.pop("CBEC_DATA_DIR", None)
    result = subprocess.run(
        [sys.executable, "-m", "cbec.cli.build_site", str(copy / "site")],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
    )
    out = result.stdout + result.stderr
    line = _line(text, "\nsubtitle:\n".strip()) + 1
    assert result.returncode != 0
    assert f"cbec/charts/growth_vs_trade/words.yaml:{line}: not valid YAML: found character '\\t'" in out, out
    assert "Traceback" not in out and not (copy / "site").exists(), out
    assert copy != ROOT


@pytest.mark.slow
def test_mkdocs_serve_survives_chart_words_and_code_mistakes(tmp_path):
    """V03 (a tab in words.yaml: the restarted server died importing the charts), V04 (figure code that
    raises: its first build aborted the server), V05 (figure code that loops: the port never opened). Each
    now shows the error page, and saving the fix brings the site back. The first mistake is there when the
    server starts (its first build is guarded too)."""
    from test_errors import _env, _get, _wait_for

    copy = _clean_copy(tmp_path / "project")
    words_file = copy / "cbec/charts/growth_vs_trade/words.yaml"
    figure = copy / "cbec/charts/growth_vs_trade/figure.py"
    good_words, good_figure = words_file.read_text("utf-8"), figure.read_text("utf-8")
    words_file.write_text(good_words.replace("\nsubtitle:\n", "\nsubtitle:\n\t\n", 1), "utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    proc = subprocess.Popen(
        engine.command("serve", "--strict", "-a", f"127.0.0.1:{port}"),
        cwd=copy,
        env=_env(SITE_URL=base, CBEC_FIGURE_TIMEOUT="5"),
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )

    def shows(status: int, *texts: str):
        assert proc.poll() is None, "mkdocs serve exited"
        code, body = _get(base + "context/")
        return code == status and all(t in body for t in texts)

    def body_line(needle: str) -> int:
        return next(n for n, t in enumerate(figure.read_text("utf-8").split("\n"), 1) if needle in t)

    try:
        line = _line(good_words, "subtitle:") + 1
        _wait_for(
            lambda: shows(
                500, "The site did not build", f"growth_vs_trade/words.yaml:{line}: not valid YAML"
            ),
            "the error page for words.yaml",
            seconds=240,
        )
        words_file.write_text(good_words, "utf-8")
        _wait_for(lambda: shows(200, "</html>"), "the site after the words are fixed", seconds=240)
        for body, says in [
            ("    while True: ws = w  # never ends\n", "did not finish within 5 s"),
            ('    {}["boom"]\n', "KeyError: &#x27;boom&#x27;"),
        ]:
            figure.write_text(
                good_figure.replace("    w = Words(lang, WORDS)\n", f"    w = Words(lang, WORDS)\n{body}", 1)
            )
            line = body_line(body.strip())
            _wait_for(
                lambda line=line, says=says: shows(500, f"growth_vs_trade/figure.py:{line}: ", says),
                f"the error page for {says}",
                seconds=240,
            )
            figure.write_text(good_figure, "utf-8")
            _wait_for(lambda: shows(200, "</html>"), "the site after figure.py is fixed", seconds=240)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        log.seek(0)
        terminal = log.read()
        log.close()
    assert "Traceback" not in terminal, terminal
