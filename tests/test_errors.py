"""Author mistakes fail the build with `file:line: reason` (no traceback), and `mkdocs serve` survives them.

Each test breaks a copy of the project the way the robustness review did
(../shared/research/robustness-review-2026-11-29.md) and checks the message the author sees now.
"""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.request import urlopen

import pytest

from conftest import EPOCH, ROOT, SITE_URL, build_site
from test_build import _clean_copy


def _env(**extra) -> dict:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": SITE_URL, "SOURCE_DATE_EPOCH": EPOCH, **extra}
    env.pop("CBEC_DATA_DIR", None)
    return env


def _mkdocs_build(copy: Path, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(copy / "plain-site")],
                          cwd=copy, env=_env(**env), capture_output=True, text=True)


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


# One page per mistake: macros stops a page at its first error, and one build reports them all.
PAGE_MISTAKES = [
    ("index.md", '{{ cbec(2031, "prelim").total_tn_cny }}',
     "no cbec row for 2031 broad prelim; years with that scope and vintage: 2020-2025"),
    ("workshop.md", '{{ cbec("2020", "prelim").total_tn_cny }}',
     "cbec('2020', 'prelim', 'broad'): the year must be a number, not text; write cbec(2020, ...) without quotes"),
    ("numbers.md", '{{ fcat("unctad_online_retail_economies").value }}',
     "no macro or variable named 'fcat'; closest macros: fact"),
    ("context.md", '{{ fact("unctad_online_retail_economy").value }}',
     "no fact 'unctad_online_retail_economy' in facts.csv; closest fact keys: unctad_online_retail_economies"),
    ("glossary.md", '{{ cite("gt-2021-09-09") }}',
     "no source 'gt-2021-09-09' in sources.csv; closest source ids: gt-2021-09-08"),
    ("sources.md", '{{ fact("unctad_online_retail_economies").value | num }',
     "template syntax error: unexpected '}'"),
    ("about.md", '{{ fact("unctad_online_retail_economies").value | nmu }}',
     "no filter named 'nmu'; closest filters: num"),
    ("index.zh.md", '{{ fact("unctad_online_retail_economies").valeu }}',
     "a Fact has no attribute 'valeu'; closest attributes: value"),
    ("workshop.zh.md", '{{ chart("growth-vs-trades") }}',
     "no chart 'growth-vs-trades'; charts: cbec-vintages"),
    ("numbers.zh.md", '{{ claim("ten-time").claimed_value }}',
     "no claim 'ten-time' in claims.csv; closest claim ids: ten-times"),
    ("context.zh.md", '{{ trade(2031).total_tn_cny }}',
     "no goods-trade row for 2031; years in goods_trade.csv: 2015-2025"),
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
        (copy / "site").mkdir(exist_ok=True)
        (copy / "site" / "previous.txt").write_text("the last good build")
        result = build_site(copy / "site", cwd=copy)
        assert sorted(p.name for p in (copy / "site").iterdir()) == ["previous.txt"]
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
