"""The set of charts is the set of folders under cbec/charts/: each is shown in both languages, its own
pages are generated from its words, and the Charts nav follows the set (cbec/mkdocs/chart_pages.py)."""

from __future__ import annotations

import shutil
import subprocess
from types import SimpleNamespace

import yaml
from conftest import ROOT
from mkdocs.structure.files import File, Files
from test_build import _clean_copy
from test_errors import _env

from cbec.charts import CHARTS, words
from cbec.cli import engine
from cbec.mkdocs import chart_pages
from cbec.mkdocs.chart_pages import on_config, on_files, on_nav, page_source, problems, shown_on


def test_every_chart_is_shown_in_both_languages():
    assert problems(ROOT / "docs", list(CHARTS)) == []
    shown = shown_on(ROOT / "docs")
    assert {cid for cid, _ in shown} == set(CHARTS)


def test_what_is_missing_names_the_chart(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    first, second = list(CHARTS)[:2]
    # The first chart drops out of its Chinese page, the second out of its English one; a hand-written
    # chart page names a chart that does not exist.
    for md in docs.glob("*.zh.md"):
        md.write_text(md.read_text("utf-8").replace(f'{{{{ chart("{first}") }}}}', ""), "utf-8")
    for md in docs.glob("*.md"):
        if not md.name.endswith(".zh.md"):
            md.write_text(md.read_text("utf-8").replace(f'{{{{ chart("{second}") }}}}', ""), "utf-8")
    (docs / "charts" / "ghost.md").write_text('{{ chart_page("ghost") }}\n', "utf-8")
    assert problems(docs, list(CHARTS)) == [
        f"chart '{first}' (cbec/charts/{first.replace('-', '_')}/) is shown on no Chinese page: add "
        f'{{{{ chart("{first}") }}}} on a line of its own to a docs/*.zh.md page',
        f"chart '{second}' (cbec/charts/{second.replace('-', '_')}/) is shown on no English page: add "
        f'{{{{ chart("{second}") }}}} on a line of its own to a docs/*.md page',
        f"docs/charts/ghost.md: no chart 'ghost' (charts: {', '.join(CHARTS)})",
    ]


def test_a_chart_shown_in_one_language_only_stops_the_build_with_its_name(tmp_path):
    copy = _clean_copy(tmp_path / "project")
    chart_id = list(CHARTS)[-1]
    pages = [
        md
        for md in (copy / "docs").glob("*.zh.md")
        if f'{{{{ chart("{chart_id}") }}}}' in md.read_text("utf-8")
    ]
    assert pages
    for md in pages:
        md.write_text(md.read_text("utf-8").replace(f'{{{{ chart("{chart_id}") }}}}', ""), "utf-8")
    result = subprocess.run(
        engine.command("build", "--strict", "-d", str(copy / "plain-site")),
        cwd=copy,
        env=_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert (
        f"chart '{chart_id}' (cbec/charts/{chart_id.replace('-', '_')}/) is shown on no Chinese page"
        in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_the_charts_nav_lists_every_chart_page_in_order():
    config = SimpleNamespace(docs_dir=str(ROOT / "docs"), nav=[{"Charts": ["charts/index.md"]}])
    on_config(config)
    assert config.nav == [{"Charts": ["charts/index.md", *(f"charts/{cid}.md" for cid in CHARTS)]}]


def test_each_chart_page_is_generated_from_its_words():
    for chart_id in CHARTS:
        for lang in ("en", "zh"):
            front, body = page_source(chart_id, lang).split("\n---\n", 1)
            meta = yaml.safe_load(front.removeprefix("---\n"))
            assert meta["title"] == words(chart_id)["page_title"][lang]
            assert meta["title"] in meta["description"] and meta["chart"] == chart_id
            assert body.strip() == f'{{{{ chart_page("{chart_id}") }}}}'


def test_a_title_with_quotes_and_colons_keeps_its_front_matter(monkeypatch):
    chart_id = next(iter(CHARTS))
    odd = 'Exports: "the split" # 1'
    monkeypatch.setattr(chart_pages, "words", lambda _: {"page_title": {"en": odd, "zh": odd}})
    meta = yaml.safe_load(page_source(chart_id, "en").split("\n---\n", 1)[0].removeprefix("---\n"))
    assert meta["title"] == odd


def test_a_hand_written_chart_page_replaces_the_generated_one(tmp_path):
    docs, site_dir = tmp_path / "docs", tmp_path / "site"
    (docs / "charts").mkdir(parents=True)
    chart_id = next(iter(CHARTS))
    (docs / "charts" / f"{chart_id}.md").write_text("# By hand\n", "utf-8")
    config = SimpleNamespace(docs_dir=str(docs), site_dir=str(site_dir), use_directory_urls=True)
    files = Files([File(f"charts/{chart_id}.md", str(docs), str(site_dir), True)])
    on_nav(None, config, on_files(files, config))
    by_uri = {f.src_uri: f for f in files}
    assert len(files) == 2 * len(CHARTS)  # one page per chart and language, the hand-written one once
    assert by_uri[f"charts/{chart_id}.md"].content_string == "# By hand\n"
    assert by_uri[f"charts/{chart_id}.zh.md"].content_string == page_source(chart_id, "zh")
