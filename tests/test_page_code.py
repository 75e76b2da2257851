"""Adversarial review 2026-12-07, §2.3-§2.5: page code is text plus the site's macros, front matter that
reaches the <head> is checked, and SITE_URL and numeric settings are checked where the build starts.

P01-P03 (a page ran `os.popen` and published $PATH, the kernel version and the docs path), F01-F03 (a YAML
list as title/description, a `chart:` key: raw <script> in <title>, <meta> and og:image), E17/E18
(SITE_URL with a password, a query, a fragment), E10-E12 at build start (time limits that are not seconds).
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
import yaml
from conftest import ROOT, SITE_URL, build_site
from jinja2 import Environment
from jinja2.sandbox import SecurityError
from mkdocs.exceptions import PluginError
from test_build import _clean_copy

from cbec.mkdocs import page_checks, page_sandbox
from cbec.mkdocs.page_context import PageContext
from cbec.mkdocs.page_errors import PageError
from cbec.records import Dataset
from cbec.site import Site

MACROS = ["cbec", "fact", "chart", "cite", "rows"]


def _sandbox() -> Environment:
    env = Environment()
    env.__class__ = type(
        "T",
        (page_sandbox.PageSandbox,),
        {"allowed": frozenset([*MACROS, *page_sandbox.PAGE_NAMES, *page_sandbox.JINJA_NAMES])},
    )
    for name in ("lipsum", "cycler", "joiner"):
        env.globals.pop(name)
    return env


ESCAPES = [  # page code, the line the check names, what it says
    (
        "{{ lipsum.__globals__.os.popen('id').read() }}",
        "'__globals__': page code may not read a name that starts with '_'",
    ),
    ("text\n{{ cycler.__init__.__globals__.os.environ.get('PATH') }}", "starts with '_'"),
    ("{{ ''.__class__.__mro__ }}", "starts with '_'"),
    ("{{ x['__class__'] }}", "'__class__': page code may not"),
    ("{{ environment }}", "'environment' is not available to pages"),
    ("a\nb\n{{ page.file.abs_src_path }}", "'page' is not available to pages"),
    ("{{ files }}", "'files' is not available to pages"),
    ("{% for k in context() %}{% endfor %}", "'context' is not available to pages"),
    ("{{ fcat('x') }}", "no macro or variable named 'fcat'; closest macros: fact"),
]


@pytest.mark.parametrize("code, says", ESCAPES)
def test_page_code_may_name_only_the_macros_and_no_underscore_attribute(code, says):
    with pytest.raises(page_sandbox.PageCodeRefused) as refused:
        _sandbox().from_string(code)
    assert says in refused.value.message
    assert refused.value.lineno == code.count("\n") + 1


def test_ordinary_page_code_still_runs_and_the_sandbox_holds_at_run_time(tmp_path):
    env = _sandbox()
    ok = (
        "{% set p = namespace(n=0) %}{% for r in rows %}{% set p.n = p.n + r %}{% endfor %}{{ p.n }} "
        "{% macro m(a) %}{{ a }}{% endmacro %}{{ m(2) }} {{ config.site_url }} {{ range(3) | list | length }}"
    )
    config = page_sandbox.PageConfig(SimpleNamespace(site_url="https://x.example/", site_name="S", extra={}))
    assert env.from_string(ok).render(rows=[1, 2], config=config) == "3 2 https://x.example/ 3"
    # What the name check cannot see: an attribute of a path or a module reached through the data.
    ds = SimpleNamespace(data_dir=tmp_path)
    with pytest.raises(SecurityError):
        env.from_string("{{ ds.data_dir.joinpath('x').write_text('y') }}").render(ds=ds)
    assert env.from_string("{{ config | attr('_conf') }}").render(config=config) == ""  # undefined
    assert not (tmp_path / "x").exists() and "data_dir" in Dataset.__dataclass_fields__


FRONT = [  # front matter, the line named, the reason
    ("title: ['\"><script>alert(1)</script>']", 2, "title must be text, not a list"),
    ("title: ok\ndescription: ['\"><script>']", 3, "description must be text, not a list"),
    (
        'chart: \'x"><script>alert("chart")</script>\'',
        2,
        'chart: \'x"><script>alert("chart")</script>\' is not a chart',
    ),
    ("title: t\nhide: [navigation, sidebar]", 3, "hide must be a list of:"),
    ("template: ../../etc/x.html", 2, "front matter key 'template' is not one the site uses"),
    ("title: 2021", 2, "title must be text, not a int"),
]


@pytest.mark.parametrize("text, line, says", FRONT)
def test_front_matter_that_reaches_the_head_is_checked(text, line, says):
    import yaml

    problems = page_checks.front_matter_problems(yaml.safe_load(text), text + "\n")
    assert len(problems) == 1 and problems[0][0] == line and problems[0][1].startswith(says), problems


def test_a_list_title_is_escaped_even_so():
    page = SimpleNamespace(
        meta={"title": ["<script>x</script>"], "chart": 'x"><b>'}, file=SimpleNamespace(src_uri="about.md")
    )
    page_checks.on_page_markdown("text", page, None, None)
    assert "<" not in page.meta["title"] and "chart" not in page.meta


def _config(site_url):
    return SimpleNamespace(site_url=site_url, extra={"repository": ""})


@pytest.mark.parametrize(
    "url, part",
    [
        ("https://deploy:s3cr3t@x.example/", "has a user name or password"),
        ("https://deploy@x.example/", "has a user name or password"),
        ("https://x.example/?utm=1", "has a query ('?utm=1')"),
        ("https://x.example/#top", "has a fragment ('#top')"),
        ("https://x.example/?utm=1#top/", "has a query"),
    ],
)
def test_site_url_with_credentials_a_query_or_a_fragment_is_refused(url, part):
    """E17 (the password in every canonical link, the sitemap and robots.txt), E18."""
    with pytest.raises(PluginError, match=rf"^SITE_URL: {re.escape(part)}"):
        page_checks._check_urls(_config(url))
    page_checks._check_urls(_config("https://x.example/sub/"))


def test_time_limits_are_checked_when_the_build_starts(monkeypatch):
    """E11: with every image cached, a bad value went unnoticed; now every build checks it."""
    monkeypatch.setenv("CBEC_CHROMIUM_IMAGE_TIMEOUT", "abc")
    with pytest.raises(PluginError, match="^CBEC_CHROMIUM_IMAGE_TIMEOUT is 'abc': it must be a number"):
        page_checks._check_settings()


# --- one build, every page mistake of these families ------------------------------------------------


def _append(page, code: str) -> int:
    text = page.read_text("utf-8").rstrip("\n")
    page.write_text(text + "\n\n" + code + "\n", "utf-8")
    return len(text.split("\n")) + 2


def _front(page, key: str, value: str) -> int:
    """Set a front-matter key (replacing it if present); returns its line."""
    lines = page.read_text("utf-8").split("\n")
    assert lines[0] == "---"
    n = next((i for i, line in enumerate(lines) if line.startswith(f"{key}:")), 1)
    lines[n : n + (lines[n].startswith(f"{key}:"))] = [f"{key}: {value}"]
    page.write_text("\n".join(lines), "utf-8")
    return n + 1


@pytest.mark.slow
def test_page_code_and_front_matter_mistakes_stop_one_build_naming_each(tmp_path):
    copy = _clean_copy(tmp_path / "project")
    docs = copy / "docs"
    expected = []
    for page, code in [
        ("glossary.md", "{{ lipsum.__globals__.os.popen('echo PROBE-$HOME').read() }}"),
        ("glossary.zh.md", "{{ cycler.__init__.__globals__.os.environ.get('PATH') }}"),
        ("about.zh.md", "{{ environment }}"),
        ("workshop.md", "{{ config.docs_dir }}"),
    ]:
        line = _append(docs / page, code)
        expected.append(f"docs/{page}:{line}: ")
    # C04: a chart twice on one page repeated its ids (fig-<id>, the summary aria-labelledby names)
    _append(docs / "workshop.zh.md", '{{ chart("growth-vs-trade") }}')
    line = _append(docs / "workshop.zh.md", '{{ chart("growth-vs-trade") }}')
    expected.append(f"docs/workshop.zh.md:{line}: chart 'growth-vs-trade' is already shown on this page")
    for page, key, value in [
        ("about.md", "title", '[\'"><script>alert("title")</script>\']'),
        ("sources.md", "description", '[\'"><script>alert("desc")</script>\']'),
        ("since-2021.md", "chart", '\'x"><script>alert("chart")</script>\''),
    ]:
        line = _front(docs / page, key, value)
        expected.append(f"docs/{page}:{line}: {key}")
    result = build_site(copy / "site", cwd=copy, site_url=SITE_URL)
    out = result.stdout + result.stderr
    assert result.returncode != 0
    for where in expected:
        assert where in out, f"{where!r} not in:\n{out}"
    assert "PROBE-" not in out and "/usr/bin" not in out and "Traceback" not in out, out
    assert "'docs_dir'" in out  # config.docs_dir: the page's config has no such attribute
    assert not (copy / "site").exists()


def test_a_citation_file_mistake_stops_the_citing_page_naming_the_file(tmp_path):
    """chart_page() and how_to_cite() read CITATION.cff through PageContext.citation(): a version that is not
    the data package's, or a missing key, is the page's error (docs/<page>.md:<line>: ...), naming the file."""
    good = (ROOT / "CITATION.cff").read_text("utf-8")
    (tmp_path / "CITATION.cff").write_text(good, "utf-8")
    env = SimpleNamespace(conf=SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml")), page=None)
    page = PageContext(env, Site(ds=None, charts={}, files={}, plotly_path=""))
    version = str(yaml.safe_load(good)["version"])
    assert str(page.citation(version)["version"]) == version
    with pytest.raises(
        PageError, match=r"^CITATION.cff has version .* but data/datapackage.json has 0\.0\.0"
    ):
        page.citation("0.0.0")
    (tmp_path / "CITATION.cff").write_text(good.replace("title:", "name:", 1), "utf-8")
    with pytest.raises(PageError, match=r"^CITATION.cff: missing key\(s\) title"):
        page.citation(version)
