"""What a build prints (issue 21): progress while chart images are drawn, one summary line, no chatter.

The counts in the summary are checked against the built site, counted here from its files.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
from pathlib import Path

import pytest
from conftest import EPOCH, ROOT, SITE_URL, build_site, pages
from test_build import _clean_copy

from cbec import build_progress
from cbec.cli import engine

SUMMARY = re.compile(
    r"Built (\d+) pages \((\d+) English, (\d+) Chinese\), (\d+) charts "
    r"\((\d+) images: (\d+) drawn, (\d+) cached\) into (\S+)/ in \d+\.\d s"
)
PROGRESS = re.compile(r"Drawing chart images: (\d+)/(\d+)")
# What the plugins say at their info level: gone by default, back with -v.
CHATTER = [
    "[macros] - Config variables",
    "mkdocs_static_i18n: Overriding 'zh' config",
    "Prefix dict has been built",
    "Documentation built in",
]


def counted(site: Path) -> tuple[int, int, int, int]:
    """(English pages, Chinese pages, charts, chart images) as found in a built site."""
    urls = pages(site)
    zh = sum(1 for u in urls if u.startswith("zh/"))
    charts = len(list((site / "assets/charts").glob("*.json")))
    images = (
        list((site / "assets/charts/static").rglob("*.svg"))
        + list((site / "assets/charts/cards").rglob("*.png"))
        + [p for p in (site / "downloads").rglob("*") if p.suffix in (".svg", ".png")]
    )
    return len(urls) - zh, zh, charts, len(images)


def check_summary(line: str, site: Path, drawn: int | None, cwd: Path = ROOT) -> None:
    m = SUMMARY.fullmatch(line)
    assert m, f"not the summary: {line!r}"
    en, zh, charts, images = counted(site)
    total, n_en, n_zh, n_charts, n_images, n_drawn, n_cached = map(int, m.groups()[:7])
    assert (total, n_en, n_zh, n_charts, n_images) == (en + zh, en, zh, charts, images), line
    assert n_drawn + n_cached == images and n_drawn == (images if drawn is None else drawn), line
    assert (cwd / m.group(8)).resolve() == site.resolve(), line  # the build ran in cwd


def differences(left: Path, right: Path) -> list[str]:
    """Files in one site and not the other, or with other bytes (every byte compared, not stat)."""
    files = {side: {p.relative_to(side) for p in side.rglob("*") if p.is_file()} for side in (left, right)}
    only = sorted(files[left] ^ files[right])
    different = sorted(
        p for p in files[left] & files[right] if (left / p).read_bytes() != (right / p).read_bytes()
    )
    return [f"only in one: {p}" for p in only] + [f"different bytes: {p}" for p in different]


@pytest.mark.slow
def test_cold_and_warm_builds_print_progress_then_only_the_summary_and_are_byte_identical(
    site, tmp_path, monkeypatch
):
    """Two builds of the same commit, each in a clean copy of the project at another path. The first, with
    an empty image cache, draws every image and prints progress, then only the summary; the second finds
    every image in that cache and prints only the summary. The two sites are byte for byte the same, and
    the same as the session's site, built in the checkout itself (its images drawn then or earlier, and
    kept in its own cache). One test: these were four builds, three of them drawing every image."""
    monkeypatch.setenv("CBEC_CHART_CACHE", str(tmp_path / "empty-cache"))
    one, other = _clean_copy(tmp_path / "a" / "one"), _clean_copy(tmp_path / "b" / "other-path")
    cold = build_site(one / "site", cwd=one)
    lines = (cold.stdout + cold.stderr).splitlines()
    assert cold.returncode == 0, "\n".join(lines)
    images = counted(one / "site")[3]
    progress = [PROGRESS.match(line) for line in lines if PROGRESS.match(line)]
    assert (
        progress
        and progress[0].groups() == ("0", str(images))
        and progress[-1].groups() == (str(images),) * 2
    ), lines
    assert not [line for line in lines if not PROGRESS.match(line)][:-1], (
        f"more than progress and the summary:\n{lines}"
    )
    check_summary(lines[-1], one / "site", drawn=None, cwd=one)

    warm = build_site(other / "site", cwd=other)  # the same cache, full now
    lines = (warm.stdout + warm.stderr).splitlines()
    assert warm.returncode == 0 and len(lines) <= 3, "\n".join(lines)
    assert not any(PROGRESS.match(line) for line in lines), lines
    check_summary(lines[-1], other / "site", drawn=0, cwd=other)

    assert not differences(one / "site", other / "site"), differences(one / "site", other / "site")
    assert not differences(one / "site", site), differences(one / "site", site)


@pytest.mark.slow
def test_verbose_brings_the_plugins_detail_back(tmp_path):
    env = {**os.environ, "SITE_URL": SITE_URL, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        engine.command("build", "--strict", "-v", "-d", str(tmp_path / "site")),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    for text in CHATTER:
        assert text in out, f"{text!r} missing with -v:\n{out}"
    assert SUMMARY.search(out), out


def test_progress_rewrites_one_line_on_a_terminal_and_prints_lines_in_a_log(monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(build_progress, "images", build_progress.Images())
    build_progress.images.count(total=5, to_draw=3)
    tty, log = Terminal(), io.StringIO()
    assert list(build_progress.drawing("abc", stream=tty)) == list("abc")
    assert list(build_progress.drawing("abc", stream=log)) == list("abc")
    assert tty.getvalue().count("\n") == 1 and tty.getvalue().endswith("\n"), repr(tty.getvalue())  # one line
    assert "Drawing chart images: 3/3 (2 more from the cache)" in tty.getvalue()
    lines = log.getvalue().splitlines()
    assert lines[0].startswith("Drawing chart images: 0/3 (2 more from the cache)") and lines[-1].startswith(
        "Drawing chart images: 3/3"
    ), lines
    assert "\r" not in log.getvalue()


def test_a_rebuild_of_unchanged_data_counts_its_images_as_cached():
    images = build_progress.Images()
    images.count(total=98, to_draw=12)
    assert images.for_summary() == (12, 86)
    images.new_build()  # mkdocs serve: the data did not change, so nothing is rendered or counted
    assert images.for_summary() == (0, 98)
