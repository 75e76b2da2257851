"""Adversarial review 2026-12-01: the output folder, the environment, symlinks, serve's messages, escaping.

R54 (an empty/`.`/`docs` output argument), R52 (builds racing), R53 (a leftover site.old), R55 (0700),
R37/R38 (SITE_URL, REPO_URL), R40 (SOURCE_DATE_EPOCH past 9999), R34 (symlinks in docs/), R61 (the same
mistake twice in one serve session), R31 (front matter in <meta>), and the one escaper every HTML and
Markdown context uses (R04, R05, R07). None of these needs a site build.
"""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
import yaml
from conftest import ROOT, previous_build
from mkdocs.exceptions import PluginError

from cbec import output_dir
from cbec.cli import build_site, engine
from cbec.text_out import Markup, UnsafeURL, html_text, web_url


def _run(arg: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cbec.cli.build_site", arg],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


@pytest.mark.parametrize("arg", ["", " ", ".", "docs", "data", "..", "/", str(Path.home())])
def test_the_build_never_replaces_the_repository_or_its_sources(arg):
    """R54: these used to be renamed and deleted, rc 0. Now: one line, rc 2, before anything is touched."""
    before = sorted(p.name for p in ROOT.iterdir())
    result = _run(arg)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Build not started: "), result.stderr
    assert "empty text" in result.stderr or "refusing to replace" in result.stderr
    assert sorted(p.name for p in ROOT.iterdir()) == before and (ROOT / "docs" / "index.md").is_file()


def test_only_an_empty_or_absent_folder_or_a_previous_build_is_replaced(tmp_path):
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "todo.txt").write_text("keep me")
    with pytest.raises(output_dir.OutputDirError, match="not empty and not a previous build"):
        output_dir.target(str(mine))
    (tmp_path / "empty").mkdir()
    for ok in ("empty", "absent"):
        assert output_dir.target(str(tmp_path / ok)) == tmp_path / ok
    previous_build(tmp_path / "site")
    assert output_dir.target(str(tmp_path / "site")) == tmp_path / "site"
    (tmp_path / "file").write_text("x")
    with pytest.raises(output_dir.OutputDirError, match="is a file"):
        output_dir.target(str(tmp_path / "file"))


def test_a_second_build_for_the_same_folder_stops_at_once(tmp_path):
    """R52: the loser printed a traceback (rename over a non-empty folder); now a lock and one line."""
    site = tmp_path / "site"
    with output_dir.Lock(site):
        result = _run(str(site), cwd=tmp_path)
    assert (
        result.returncode == 2
        and "another build is writing" in result.stderr
        and "Traceback" not in result.stderr
    )
    with output_dir.Lock(site):  # released: the next build may run
        pass


def test_a_leftover_site_old(tmp_path):
    """R53: a stale site.old from a killed build is removed; someone's own folder of that name stops the
    build with one line (it used to fail every later build with a traceback)."""
    site, old = tmp_path / "site", tmp_path / "site.old"
    previous_build(old)
    output_dir.check_leftover(site)
    assert not old.exists()
    old.mkdir()
    (old / "keep.txt").write_text("mine")
    with pytest.raises(output_dir.OutputDirError, match="in the way and is not a previous build"):
        output_dir.check_leftover(site)
    assert (old / "keep.txt").read_text() == "mine"


def test_the_swapped_in_site_gets_normal_permissions(tmp_path):
    """R55: mkdtemp's 0700 made site/ unreadable to a web server."""
    import tempfile

    tmp = Path(tempfile.mkdtemp(dir=tmp_path))
    umask = os.umask(0o022)
    try:
        output_dir.publish_permissions(tmp)
    finally:
        os.umask(umask)
    output_dir.swap(tmp, tmp_path / "site")
    assert stat.S_IMODE((tmp_path / "site").stat().st_mode) == 0o755


def test_source_date_epoch_after_9999_is_refused():
    """R40: year 10000 ended in a traceback from MkDocs."""
    assert build_site.check_epoch("253402300799") is None
    assert "after the year 9999" in build_site.check_epoch("253402300800")


def test_build_help_prints_usage_and_builds_nothing(tmp_path, monkeypatch, capsys):
    """`python -m cbec.cli.build_site --help` built the site into a folder named --help."""
    monkeypatch.chdir(tmp_path)
    assert build_site.main(["--help"]) == 0
    assert "Usage: python -m cbec.cli.build_site" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


def _config(site_url, repository=""):
    return SimpleNamespace(site_url=site_url, extra={"repository": repository})


def test_site_url_and_repo_url_must_be_plain_http_urls():
    """R37 (empty SITE_URL published 'None…' URLs), R38 (REPO_URL with markup in every footer)."""
    from cbec.mkdocs import page_checks

    with pytest.raises(PluginError, match="SITE_URL is set but empty"):
        page_checks._check_urls(_config(None))
    with pytest.raises(PluginError, match="REPO_URL: .*not an http"):
        page_checks._check_urls(
            _config("https://x.example/", 'javascript:alert(1)//"><img src=x onerror=alert(1)>')
        )
    with pytest.raises(PluginError, match="REPO_URL: .*character"):
        page_checks._check_urls(_config("https://x.example/", 'https://github.com/a/b"><img src=x>'))
    ok = _config("https://x.example/site/", "https://github.com/a/b_c")
    page_checks._check_urls(ok)
    assert isinstance(ok.site_url, Markup) and isinstance(ok.extra["repository"], Markup)


def test_a_symlink_in_docs_that_leaves_the_repository_is_refused(tmp_path):
    """R34: a link to /proc/self/environ published the build's environment."""
    from cbec.mkdocs import site_assets

    (tmp_path / "docs").mkdir()
    link = tmp_path / "docs" / "env.txt"
    os.symlink("/proc/self/environ", link)
    theme = SimpleNamespace(abs_src_path="/usr/lib/python3/site-packages/material/x.png", src_uri="x.png")
    files = [theme, SimpleNamespace(abs_src_path=str(link), src_uri="env.txt")]
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"), docs_dir=str(tmp_path / "docs"))
    with pytest.raises(PluginError, match=r"^docs/env.txt is a symlink to /proc/.*environ, outside"):
        site_assets.on_files(files, config)


def test_the_same_mistake_twice_in_one_serve_session_is_shown_twice(caplog):
    """R61: MkDocs' DuplicateFilter swallowed a message it had logged before in the process."""
    from mkdocs.utils import DuplicateFilter

    from cbec.mkdocs import engine, page_checks

    build_log = logging.getLogger(engine.logger("commands.build"))  # properdocs.commands.build
    dup = DuplicateFilter()
    build_log.addFilter(dup)
    try:
        with caplog.at_level(logging.ERROR, logger=build_log.name):
            build_log.error("Bad data: data/x.csv:2: reason")
            page_checks._forget_logged_messages()  # what on_config does before every (re)build
            build_log.error("Bad data: data/x.csv:2: reason")
        assert [r.getMessage() for r in caplog.records].count("Bad data: data/x.csv:2: reason") == 2
    finally:
        build_log.removeFilter(dup)


def test_front_matter_is_escaped_for_meta_tags():
    """R31: a quote in `description:` ended the content attribute early."""
    from cbec.mkdocs import page_checks

    page = SimpleNamespace(
        meta={"description": 'Each "figure" & its <b>sources</b>', "title": 'A "t"'},
        file=SimpleNamespace(src_uri="numbers.md"),
    )
    page_checks.on_page_markdown("text", page, None, None)
    assert page.meta["description"] == "Each &quot;figure&quot; &amp; its &lt;b&gt;sources&lt;/b&gt;"
    assert isinstance(page.meta["title"], Markup)


FUZZ = [
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "a | b",
    "{{ 1 }}",
    "\"q\" 'a'",
    "*b* _c_ `d`",
    "1. list",
    "2) list",
    "- item",
    "---",
    "# heading",
    "> quote",
    ": def",
    "line\n\n# two",
    "    code",
    "{: .cls }",
    "[^1]",
    "![i](x.png)",
    "<https://evil.example/>",
    "&amp; &lt;",
    "\\*",
    "x  \ny",
]


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, tuple(attrs)))

    def handle_data(self, d):
        self.text += d


def _render(markdown_text: str) -> _Elements:
    listed = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8").split("markdown_extensions:")[1])
    exts = [e if isinstance(e, str) else next(iter(e)) for e in listed]
    exts = [e for e in exts if e != "pymdownx.snippets"]  # the site's extensions, less the page footer
    out = _Elements()
    out.feed(markdown.markdown(markdown_text, extensions=exts))
    return out


@pytest.mark.parametrize("text", FUZZ)
def test_escaped_data_text_is_inert_in_markdown_tables_paragraphs_and_attributes(text):
    """R04, R05, R07: the page context data text lands in: a table cell, a paragraph start, a link text,
    an attribute. Rendered with the site's own Markdown extensions, the text adds no element and reads
    back exactly (white space collapsed, as HTML shows it)."""
    e = html_text(text)
    page = f'| a | b |\n|---|---|\n| {e} | [{e}](numbers.md) |\n\n{e}\n\n<span title="{e}">{e}</span>\n'
    plain = _render(page.replace(e, "word"))
    fuzzed = _render(page)
    assert [t for t, _ in fuzzed.tags] == [t for t, _ in plain.tags], (text, e)
    shown = " ".join(text.split())
    assert fuzzed.text.count(shown) == 4, (text, fuzzed.text)
    assert dict(fuzzed.tags[-1][1])["title"].strip() == shown
    assert {dict(a).get("href") for t, a in fuzzed.tags if t == "a"} == {"numbers.md"}


def test_links_come_only_from_http_urls():
    for bad in (
        "javascript:alert(1)",
        "data:text/html,x",
        "//evil.example/",
        "https://e.example/\u202e",
        'https://e.example/"onmouseover="x',
    ):
        with pytest.raises(UnsafeURL):
            web_url(bad)
    assert web_url("https://www.customs.gov.cn/a_b?c=1#d") == "https://www.customs.gov.cn/a_b?c=1#d"


def test_a_chart_call_in_any_spelling_names_its_page(tmp_path):
    """R28: `{{ chart('claims') }}` made the build blame docs/charts/claims.md; raw examples do not count."""
    from cbec.mkdocs.page_urls import chart_homes

    (tmp_path / "about.md").write_text('Example: {% raw %}`{{ chart("claims") }}`{% endraw %}\n')
    (tmp_path / "numbers.md").write_text("Text\n\n{{chart('claims')}}\n\n{{ chart( \"growth\" ) }} more\n")
    assert chart_homes(tmp_path) == {"claims": "numbers/", "growth": "numbers/"}


def test_int_keeps_a_weak_number_weak():
    """R30: `{{ fact(...).value | int }}` printed a weakly sourced number without its flag."""
    from jinja2 import Environment

    from cbec.mkdocs.weak_jinja import keep_weak
    from cbec.values import Weak, is_weak

    to_int = keep_weak(Environment().filters["int"])
    weak = to_int(Weak(1900.0, "data/facts.csv:9"))
    assert is_weak(weak) and weak == 1900 and weak.where == "data/facts.csv:9"
    plain = to_int(1900.0)
    assert plain == 1900 and type(plain) is int


def test_string_format_and_join_keep_a_weak_number_flagged():
    """R30, the rest: `| string`, `| format` and `~` turned a weakly sourced number into plain text.
    Page code gets filters and a `~` that put the flag after it; other values print as stock Jinja does."""
    from jinja2 import Environment

    from cbec.mkdocs.weak_jinja import KeepWeakJoins, keep_weak_text, weak_join
    from cbec.values import Weak, is_weak

    def flag(value, text):
        assert is_weak(value)
        return Markup(html_text(text) + " <em>(weak)</em>")

    stock, ours = Environment(), Environment()
    ours.code_generator_class = KeepWeakJoins
    ours.weak_join = weak_join(flag)
    ours.filters["string"], ours.filters["format"] = keep_weak_text(flag)
    templates = [
        '{{ v ~ " warehouses" }}',
        "{{ v | string }}",
        '{{ "%d+" | format(v) }}',
        '{{ "%(n)d" | format(n=v) }}',
        '{{ ("more than " ~ v) | upper }}',
        '{{ "a" ~ "b" }}',
    ]
    weak = [ours.from_string(t).render(v=Weak(1900.0, "data/facts.csv:9")) for t in templates]
    assert weak[:4] == [
        "1,900 <em>(weak)</em> warehouses",
        "1900.0 <em>(weak)</em>",
        "1900+ <em>(weak)</em>",
        "1900 <em>(weak)</em>",
    ], weak
    assert "(WEAK)" in weak[4] and weak[5] == "ab"
    for t in templates:  # a plain number: exactly what Jinja prints
        assert ours.from_string(t).render(v=1900.0) == stock.from_string(t).render(v=1900.0), t
    assert ours.from_string('{{ "<b>" ~ v }}').render(v=Weak(1.0)).startswith("&lt;b&gt;1")  # text stays text


def test_citation_cff_errors_name_the_file(tmp_path):
    """R35 (a missing key or bad YAML blamed docs/sources.md), R27 (versions raised in one file only)."""
    from cbec import package_html

    good = (ROOT / "CITATION.cff").read_text("utf-8")
    cff = tmp_path / "CITATION.cff"
    cff.write_text("\n".join(line for line in good.splitlines() if not line.startswith("date-released")))
    with pytest.raises(ValueError, match=r"^CITATION.cff: missing key\(s\) date-released"):
        package_html.read_citation(cff)
    cff.write_text(good.replace("title: ", 'title: "unclosed ', 1))
    with pytest.raises(ValueError, match=r"^CITATION.cff:\d+: not valid YAML"):
        package_html.read_citation(cff)
    version = str(package_html.read_citation(ROOT / "CITATION.cff")["version"])
    assert package_html.read_citation(ROOT / "CITATION.cff", version)
    with pytest.raises(ValueError, match="raise both together"):
        package_html.read_citation(ROOT / "CITATION.cff", "2999.01.01")


def test_a_duplicate_top_level_key_in_mkdocs_yml_is_named(tmp_path):
    """R36: a second `plugins:` dropped i18n and macros, with 20 unrelated messages."""
    from cbec.mkdocs import page_checks

    cfg = tmp_path / "mkdocs.yml"
    cfg.write_text((ROOT / "mkdocs.yml").read_text("utf-8") + "\nplugins:\n  - search\n")
    lines = cfg.read_text("utf-8").splitlines()
    with pytest.raises(
        PluginError, match=rf"mkdocs.yml:{len(lines) - 1}: 'plugins' appears again \(first on line "
    ):
        page_checks._check_duplicate_keys(SimpleNamespace(config_file_path=str(cfg)))
    page_checks._check_duplicate_keys(SimpleNamespace(config_file_path=str(ROOT / "mkdocs.yml")))


def test_serve_on_a_taken_port_stops_before_building(tmp_path):
    """R59: the whole site was built first, then a 33-line traceback 'Address already in use'."""
    import socket

    from cbec.cli.static_server import free_port

    port = free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        result = subprocess.run(
            engine.command("serve", "--strict", "-a", f"127.0.0.1:{port}"),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    assert result.returncode != 0
    assert f"Cannot serve on 127.0.0.1:{port}" in result.stderr and f"PORT={port + 1}" in result.stderr
    assert "Traceback" not in result.stderr and "Documentation built" not in result.stderr


def test_a_nav_page_without_its_chinese_twin_is_named(tmp_path, caplog):
    """R32: MkDocs said 'faq.md ... is not found' although faq.md existed; the missing file is faq.zh.md."""
    from cbec.mkdocs import page_checks

    (tmp_path / "index.md").write_text("x")
    (tmp_path / "index.zh.md").write_text("x")
    (tmp_path / "faq.md").write_text("x")
    config = SimpleNamespace(
        docs_dir=str(tmp_path), nav=[{"Home": "index.md"}, {"More": [{"FAQ": "faq.md"}]}]
    )
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.page_checks"):
        page_checks._check_twins(config)
        assert caplog.messages == [
            "docs/faq.zh.md is missing: every page in the nav (docs/faq.md) needs a Chinese twin"
        ]
        (tmp_path / "faq.zh.md").write_text("x")
        page_checks._check_twins(config)
    assert len(caplog.messages) == 1


@pytest.mark.parametrize("number", ["1.69", "2020", "-1", "(3) x", "1.5%", "Customs' figure"])
def test_numbers_and_ordinary_text_print_unchanged(number):
    """The escaper touches only what Markdown would read: figures print exactly as formatted."""
    assert html_text(number) == number.replace("'", "&#x27;")
