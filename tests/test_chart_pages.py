"""The set of charts is the set of folders under cbec/charts/: each is shown in both languages and has
its own pages, and the Charts nav follows the set (cbec/mkdocs/chart_pages.py)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from types import SimpleNamespace

from cbec.charts import CHARTS
from cbec.mkdocs.chart_pages import on_config, problems, shown_on
from conftest import ROOT
from test_build import _clean_copy
from test_errors import _env


def test_every_chart_is_shown_in_both_languages_and_has_its_pages():
    assert problems(ROOT / "docs", list(CHARTS)) == []
    shown = shown_on(ROOT / "docs")
    assert {cid for cid, _ in shown} == set(CHARTS)


def test_what_is_missing_names_the_chart(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    first, second = list(CHARTS)[:2]
    # The first chart drops out of its Chinese page; the second loses its English page of its own.
    for md in docs.glob("*.zh.md"):
        md.write_text(md.read_text("utf-8").replace(f'{{{{ chart("{first}") }}}}', ""), "utf-8")
    (docs / "charts" / f"{second}.md").unlink()
    (docs / "charts" / "ghost.md").write_text('{{ chart_page("ghost") }}\n', "utf-8")
    assert problems(docs, list(CHARTS)) == [
        f"chart '{first}' (cbec/charts/{first.replace('-', '_')}/) is shown on no Chinese page: add "
        f'{{{{ chart("{first}") }}}} on a line of its own to a docs/*.zh.md page',
        f"chart '{second}' (cbec/charts/{second.replace('-', '_')}/) has no English page of its own: "
        f"docs/charts/{second}.md is missing",
        f"docs/charts/ghost.md: no chart 'ghost' (charts: {', '.join(CHARTS)})",
    ]


def test_a_chart_shown_in_one_language_only_stops_the_build_with_its_name(tmp_path):
    copy = _clean_copy(tmp_path / "project")
    chart_id = list(CHARTS)[-1]
    pages = [md for md in (copy / "docs").glob("*.zh.md") if f'{{{{ chart("{chart_id}") }}}}' in md.read_text("utf-8")]
    assert pages
    for md in pages:
        md.write_text(md.read_text("utf-8").replace(f'{{{{ chart("{chart_id}") }}}}', ""), "utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(copy / "plain-site")],
                            cwd=copy, env=_env(), capture_output=True, text=True)
    assert result.returncode != 0
    assert f"chart '{chart_id}' (cbec/charts/{chart_id.replace('-', '_')}/) is shown on no Chinese page" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_charts_nav_lists_every_chart_page_in_order():
    config = SimpleNamespace(docs_dir=str(ROOT / "docs"), nav=[{"Charts": ["charts/index.md"]}])
    on_config(config)
    assert config.nav == [{"Charts": ["charts/index.md", *(f"charts/{cid}.md" for cid in CHARTS)]}]
