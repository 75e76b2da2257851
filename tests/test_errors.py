"""Author mistakes fail the build with `file:line: reason` (no traceback), and `mkdocs serve` survives them.

Each test breaks a copy of the project the way the robustness review did
(../shared/research/robustness-review-2026-11-29.md) and checks the message the author sees now.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.request import urlopen

import pytest
from conftest import EPOCH, ROOT, SITE_URL, build_site, previous_build
from test_build import _clean_copy

from cbec import data
from cbec.charts import build_all
from cbec.cli import engine
from cbec.cli.static_server import free_port
from cbec.values import flag_weak


def _env(**extra) -> dict:
    # Copies of the project share the worktree's chart images, as a developer's builds do: a cold cache
    # would redraw every image in each copy (about a minute each on a loaded machine).
    cache = os.environ.get("CBEC_CHART_CACHE") or str(ROOT / ".cache" / "charts")
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SITE_URL": SITE_URL,
        "SOURCE_DATE_EPOCH": EPOCH,
        "CBEC_CHART_CACHE": cache,
        **extra,
    }
    env.pop("CBEC_DATA_DIR", None)
    return env


def _mkdocs_build(copy: Path, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        engine.command("build", "--strict", "-d", str(copy / "plain-site")),
        cwd=copy,
        env=_env(**env),
        capture_output=True,
        text=True,
    )


def _append(page: Path, code: str) -> int:
    """Append a line of page code; returns its line number in the file (front matter counted)."""
    text = page.read_text("utf-8").rstrip("\n")
    page.write_text(text + "\n\n" + code + "\n", "utf-8")
    return len(text.split("\n")) + 2


def _replace(path: Path, old: str, new: str) -> int:
    """Replace the first line containing ``old``; returns that line's number."""
    lines = path.read_text("utf-8").split("\n")
    n = next(i for i, line in enumerate(lines) if old in line)
    lines[n] = lines[n].replace(old, new, 1)
    path.write_text("\n".join(lines), "utf-8")
    return n + 1


# Year ranges as the data has them today, so that a new year of data breaks no test; 2099 is a year
# no table will reach (the schema allows years up to 2100).
_DS = data.load()
_PRELIM = sorted({r.year for r in _DS.cbec if (r.scope, r.vintage) == ("broad", "prelim")})
_TRADE = [t.year for t in _DS.trade]

# One page per mistake: macros stops a page at its first error, and one build reports them all.
PAGE_MISTAKES = [
    (
        "index.md",
        '{{ cbec(2099, "prelim").total_tn_cny }}',
        f"no cbec row for 2099 broad prelim; years with that scope and vintage: {_PRELIM[0]}-{_PRELIM[-1]}",
    ),
    (
        "workshop.md",
        '{{ cbec("2020", "prelim").total_tn_cny }}',
        "cbec('2020', 'prelim', 'broad'): the year must be a number, not text; write cbec(2020, ...) without quotes",
    ),
    (
        "numbers.md",
        '{{ fcat("unctad_online_retail_economies").value }}',
        "no macro or variable named 'fcat'; closest macros: fact",
    ),
    (
        "context.md",
        '{{ fact("unctad_online_retail_economy").value }}',
        "no fact 'unctad_online_retail_economy' in facts.csv; closest fact keys: unctad_online_retail_economies",
    ),
    (
        "glossary.md",
        '{{ cite("gt-2021-09-09") }}',
        "no source 'gt-2021-09-09' in sources.csv; closest source ids: gt-2021-09-08",
    ),
    (
        "sources.md",
        '{{ fact("unctad_online_retail_economies").value | num }',
        "template syntax error: unexpected '}'",
    ),
    (
        "about.md",
        '{{ fact("unctad_online_retail_economies").value | nmu }}',
        "no filter named 'nmu'; closest filters: num",
    ),
    (
        "index.zh.md",
        '{{ fact("unctad_online_retail_economies").valeu }}',
        "a Fact has no attribute 'valeu'; closest attributes: value",
    ),
    (
        "workshop.zh.md",
        '{{ chart("growth-vs-trades") }}',
        "no chart 'growth-vs-trades'; charts: cbec-vintages",
    ),
    (
        "numbers.zh.md",
        '{{ claim("ten-time").claimed_value }}',
        "no claim 'ten-time' in claims.csv; closest claim ids: ten-times",
    ),
    (
        "context.zh.md",
        "{{ trade(2099).total_tn_cny }}",
        f"no goods-trade row for 2099; years in goods_trade.csv: {_TRADE[0]}-{_TRADE[-1]}",
    ),
]


@pytest.fixture(scope="module")
def broken_pages(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    copy = _clean_copy(tmp_path_factory.mktemp("pages") / "project")
    expected = {}
    for page, code, reason in PAGE_MISTAKES:
        line = _append(copy / "docs" / page, code)
        expected[page] = f"docs/{page}:{line}: {reason}"
    # Invalid YAML in front matter: an error naming the page, not page text.
    line = _replace(copy / "docs/glossary.zh.md", "title: ", "title: [unclosed ")
    expected["glossary.zh.md"] = f"docs/glossary.zh.md:{line + 1}: front matter is not valid YAML"
    return copy, expected


@pytest.mark.slow
@pytest.mark.parametrize("command", ["make build", "mkdocs build --strict"])
def test_page_mistakes_name_file_line_and_reason(broken_pages, command):
    copy, expected = broken_pages
    if command == "make build":
        previous = previous_build(copy / "site")
        result = build_site(copy / "site", cwd=copy)
        assert sorted(p.name for p in (copy / "site").iterdir()) == previous
        assert not list(copy.glob(".site-*"))
    else:
        result = _mkdocs_build(copy)
    out = result.stdout + result.stderr
    assert result.returncode != 0
    for page, message in expected.items():
        assert message in out, f"{page}: expected {message!r} in:\n{out}"
    assert "Traceback" not in out and "Macro Rendering Error" not in out, out
    # a failed page does not cascade into warnings about anchors on it
    assert "does not contain an anchor" not in out, out


# --- strict-mode warnings fail make build, and are printed -----------------------------------------------


@pytest.mark.slow
def test_make_build_fails_and_prints_every_strict_warning(tmp_path):
    copy = _clean_copy(tmp_path / "project")
    _append(copy / "docs/glossary.md", "See [x](nosuch.md).")
    _append(copy / "docs/about.md", "See [numbers](numbers.md#no-such-heading).")
    (copy / "docs/workshop.zh.md").unlink()
    cfg = copy / "mkdocs.yml"
    cfg.write_text(
        cfg.read_text("utf-8").replace(
            "  - About: about.md\n", "  - About: about.md\n  - Missing: missing.md\n"
        ),
        "utf-8",
    )
    previous = previous_build(copy / "site")
    result = build_site(copy / "site", cwd=copy)
    out = result.stdout + result.stderr
    assert result.returncode != 0, out
    for message in (
        "Doc file 'glossary.md' contains a link 'nosuch.md', but the target is not found",
        "Doc file 'about.md' contains a link 'numbers.md#no-such-heading', but the doc 'numbers.md' "
        "does not contain an anchor '#no-such-heading'",
        "A reference to 'missing.md' is included in the 'nav' configuration, which is not found",
        "A reference to 'workshop.md' is included in the 'nav' configuration",
        "docs/workshop.zh.md is missing: every page in the nav (docs/workshop.md) needs a Chinese twin",
        "in strict mode!",
        "Build failed;",
    ):
        assert message in out, f"{message!r} not in:\n{out}"
    assert "INFO" not in out and "Built " not in out, f"only the warnings, no chatter or summary:\n{out}"
    assert sorted(p.name for p in (copy / "site").iterdir()) == previous
    assert not list(copy.glob(".site-*"))


# --- configuration and environment: one line each, the right words ------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return _clean_copy(tmp_path_factory.mktemp("env") / "project")


def _last_lines(result: subprocess.CompletedProcess) -> str:
    return "\n".join(
        line for line in (result.stdout + result.stderr).splitlines() if not line.startswith("INFO")
    )


def test_invalid_source_date_epoch_is_one_line(project):
    result = subprocess.run(
        [sys.executable, "-m", "cbec.cli.build_site", str(project / "site")],
        cwd=project,
        env=_env(SOURCE_DATE_EPOCH="abc"),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr == (
        "Build not started: SOURCE_DATE_EPOCH is 'abc', not a whole number of seconds since 1970 "
        "(unset it, or use e.g. $(git log -1 --format=%ct))\n"
    )
    plain = _mkdocs_build(project, SOURCE_DATE_EPOCH="abc")
    assert plain.returncode != 0
    assert (
        "SOURCE_DATE_EPOCH is 'abc', not a whole number" in plain.stderr and "Traceback" not in plain.stderr
    )


def test_a_wrong_data_folder_says_so_not_bad_data(project):
    result = build_site(project / "site", data_dir=project / "nodata", cwd=project)
    out = _last_lines(result)
    assert result.returncode != 0
    assert (
        f"Data folder {project / 'nodata'} does not exist (set by extra.data_dir in mkdocs.yml, or CBEC_DATA_DIR)"
        in out
    )
    assert "Bad data" not in out and "Traceback" not in out


def test_a_missing_plotly_bundle_says_so_not_bad_data(tmp_path):
    copy = _clean_copy(tmp_path / "project")
    (copy / "node_modules").unlink()
    (copy / "node_modules").mkdir()
    result = build_site(copy / "site", cwd=copy)
    out = _last_lines(result)
    assert result.returncode != 0
    assert (
        "Build stopped: " in out and "plotly-basic.min.js is missing: run `npm ci` (make setup does)" in out
    )
    assert "Bad data" not in out and "Traceback" not in out


def test_a_missing_snippet_file_is_one_line(tmp_path):
    copy = _clean_copy(tmp_path / "project")
    (copy / "includes/abbreviations.md").unlink()
    result = _mkdocs_build(copy)
    assert result.returncode != 0
    assert (
        "includes/abbreviations.md is missing: mkdocs.yml (pymdownx.snippets auto_append) adds it to every page"
        in result.stderr
    )
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_build_leaves_no_temporary_folder(tmp_path, sig):
    copy = _clean_copy(tmp_path / "project")
    previous = previous_build(copy / "site")
    proc = subprocess.Popen(
        [sys.executable, "-m", "cbec.cli.build_site", str(copy / "site")],
        cwd=copy,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not list(copy.glob(".site-*/*")):  # MkDocs has started writing into the temporary folder
        assert proc.poll() is None and time.monotonic() < deadline, "the build never started writing"
        time.sleep(0.02)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err.strip().splitlines()[-1] == f"Build interrupted ({sig.name}); {copy / 'site'} left as it was."
    assert "Traceback" not in err
    assert not list(copy.glob(".site-*"))
    assert sorted(p.name for p in (copy / "site").iterdir()) == previous


# --- HTML escaping of data written into pages ------------------------------------------------------------


@pytest.mark.slow
def test_a_source_url_cannot_inject_markup(tmp_path):
    """The review's case 21: a quote in a URL is refused by the data checks, and text from sources.csv
    that may hold quotes (a title) is escaped wherever it is written into HTML."""
    bad = tmp_path / "data"
    shutil.copytree(ROOT / "data", bad)
    p = bad / "sources.csv"
    original = p.read_text("utf-8")
    url = 'https://globaltimes.cn/x"onmouseover="alert(1)'
    p.write_text(
        original.replace(",https://globaltimes.cn/page/202109/1233670.shtml,", f",{url},", 1), "utf-8"
    )
    result = build_site(tmp_path / "site", data_dir=bad)
    assert result.returncode != 0 and "is not an http(s) URL" in result.stderr, result.stderr[-800:]

    title = 'Cross-border e-commerce booms" onmouseover="alert(1)'
    old_title = '"Cross-border e-commerce booms, as China vigorously promotes digital trading: MOFCOM"'
    assert old_title in original
    p.write_text(original.replace(old_title, '"' + title.replace('"', '""') + '"', 1), "utf-8")
    result = build_site(tmp_path / "site", data_dir=bad)
    assert result.returncode == 0, result.stderr

    class Links(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.attrs: list[dict] = []

        def handle_starttag(self, tag, attrs):
            self.attrs.append(dict(attrs))

    cited = {}
    for html_file in sorted((tmp_path / "site").rglob("*.html")):
        links = Links()
        links.feed(html_file.read_text("utf-8"))
        assert not any("onmouseover" in a for a in links.attrs), html_file
        cited[html_file] = sum(1 for a in links.attrs if a.get("title") == title)
    # the source list of every chart page that cites it, in both languages, names it (escaped)
    citing = [
        s.id for s in build_all(flag_weak(data.load(bad)), "en").values() if "gt-2021-09-08" in s.source_ids
    ]
    pages = [tmp_path / "site" / lang / "charts" / c / "index.html" for c in citing for lang in ("", "zh")]
    assert citing and all(cited[p] for p in pages), {str(p): cited[p] for p in pages}


# --- mkdocs serve survives the author's mistakes -----------------------------------------------------------


def _get(url: str) -> tuple[int, str]:
    try:
        with urlopen(url, timeout=30) as r:
            return r.status, r.read().decode("utf-8")
    except HTTPError as e:
        return e.code, e.read().decode("utf-8")


def _wait_for(predicate, what: str, seconds: float = 120):
    """Poll until ``predicate()`` is truthy (the state we need), up to a generous limit; no fixed sleep."""
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        try:
            last = predicate()
            if last:
                return last
        except (URLError, ConnectionError, TimeoutError) as e:
            last = e
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what} (last: {last!r})")


@pytest.mark.slow
def test_mkdocs_serve_shows_errors_in_the_browser_and_recovers(tmp_path):
    copy = _clean_copy(tmp_path / "project")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    proc = subprocess.Popen(
        engine.command("serve", "--strict", "-a", f"127.0.0.1:{port}"),
        cwd=copy,
        env=_env(SITE_URL=base),
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )

    def page_is(url: str, status: int, *texts: str):
        assert proc.poll() is None, "mkdocs serve exited"
        code, body = _get(base + url)
        return code == status and all(t in body for t in texts)

    def break_and_fix(path: Path, old: str, new: str, url: str, *shown: str):
        original = path.read_text("utf-8")
        line = _replace(path, old, new)
        texts = [t.format(line=line) for t in shown]
        _wait_for(
            lambda: page_is(url, 500, "The site did not build", *texts), f"the error page for {path.name}"
        )
        path.write_text(original, "utf-8")
        _wait_for(lambda: page_is(url, 200, "</html>") and not page_is(url, 500), f"{url} to come back")
        return texts

    try:
        _wait_for(lambda: page_is("context/", 200, "Why it grew"), "mkdocs serve to come up")
        seen = []
        # a page mistake (macros used to exit the server)
        seen += break_and_fix(
            copy / "docs/context.md",
            "unctad_online_retail_economies",
            "unctad_online_retail_economy",
            "context/",
            "docs/context.md:{line}: no fact &#x27;unctad_online_retail_economy&#x27;",
        )
        # a data mistake (requests used to hang)
        seen += break_and_fix(
            copy / "data/goods_trade.csv",
            "2020,32.16,",
            "2020,32.16tn,",
            "numbers/",
            "data/goods_trade.csv:{line}: column &#x27;total_tn_cny&#x27;: &#x27;32.16tn&#x27; is not a number",
        )
        # the same data mistake again: MkDocs' DuplicateFilter used to drop its reason (review R61)
        break_and_fix(
            copy / "data/goods_trade.csv",
            "2020,32.16,",
            "2020,32.16tn,",
            "numbers/",
            "data/goods_trade.csv:{line}: column &#x27;total_tn_cny&#x27;: &#x27;32.16tn&#x27; is not a number",
        )
        # a broken link: a strict-mode warning (requests used to hang)
        seen += break_and_fix(
            copy / "docs/glossary.md",
            "links Chinese suppliers with buyers abroad",
            "links Chinese suppliers with [buyers](nosuch.md) abroad",
            "glossary/",
            "Doc file &#x27;glossary.md&#x27; contains a link &#x27;nosuch.md&#x27;",
        )
        assert page_is("", 200, "</html>")
        # a table edited to another good value: the served chart shows it without a restart (it was a
        # test of its own, with a server of its own)
        row = data.load(copy / "data").cbec_row(2020, "prelim")
        old, new, exports = row.total_tn_cny, round(row.total_tn_cny + 0.05, 2), row.exports_tn_cny

        def vintages_values() -> list:
            spec = json.loads(_get(base + "assets/charts/cbec-vintages.json")[1])
            return spec["default"]["desktop"]["data"][0]["y"]

        assert old in vintages_values() and new not in vintages_values()
        table = copy / "data/cbec_annual.csv"
        good_table = table.read_text("utf-8")
        table.write_text(
            good_table.replace(
                f"2020,broad,prelim,{old},{exports},", f"2020,broad,prelim,{new},{round(exports + 0.05, 2)},"
            ),
            "utf-8",
        )
        _wait_for(lambda: new in vintages_values(), "the served chart to show the edited table", seconds=300)
        # an edit to the code (a chart's colour in the theme) shows in the next served page: the server
        # restarts with the code on disk (cbec/mkdocs/code_reload.py) instead of rebuilding with the old
        magenta = "rgb(255, 0, 255)"

        def vintages_svg() -> str:
            body = _get(base + "numbers/")[1]
            return _get(
                base + re.search(r'assets/charts/static/en/cbec-vintages-default-desktop\.svg[^"]*', body)[0]
            )[1]

        assert "<svg" in vintages_svg() and magenta not in vintages_svg()
        # the table back: with the edit below, the images are those a warm image cache holds
        table.write_text(good_table, "utf-8")
        theme = copy / "cbec/theme.py"
        theme.write_text(
            theme.read_text("utf-8").replace('palette=["#0072B2"', 'palette=["#FF00FF"', 1), "utf-8"
        )
        _wait_for(
            lambda: magenta in vintages_svg(), "the served chart to show the edited colour", seconds=300
        )
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.seek(0)
        terminal = log.read()
        log.close()
    for text in seen:  # the terminal showed each error too
        assert html.unescape(text) in terminal, (
            f"{html.unescape(text)!r} not in the terminal output:\n{terminal}"
        )
    assert "Traceback" not in terminal, terminal
    # The address to open, and the summary after the first build and after each good rebuild (hooks/build_output.py).
    assert f"Serving on {base}" in terminal, terminal
    assert len(re.findall(r"^Built \d+ pages .* in [\d.]+ s$", terminal, re.M)) >= 5, (
        terminal
    )  # 1 + 3 repairs + the edited table
    assert "[macros] - Config variables" not in terminal and "Cleaning site directory" not in terminal, (
        terminal
    )
