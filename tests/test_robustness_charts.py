"""Adversarial review 2026-12-01: the chart image cache and Chromium (R44-R50).

The cache is verified, not trusted (R46 truncated, R47 swapped), its key follows the fonts and the
browser (R48), its I/O errors are one line (R49, R50); missing CJK fonts stop the build (R48);
Chromium gets time limits and is cleaned up (R44, R45). A stand-in draws where Chromium's output is
not the point; the time-limit tests run a real worker with a fake browser that hangs.
"""

from __future__ import annotations

import errno
import logging
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import ROOT

from cbec import chromium_session, static_render
from cbec.static_render import Job

SVG = '<svg xmlns="http://www.w3.org/2000/svg"><g id="defs-abcdef"><text>{}</text></g></svg>'
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32 + b"IEND\xaeB`\x82"


class _Painter:
    """Stands in for Chromium: draws each job as a tiny valid image, and counts what it was asked for."""

    def __init__(self):
        self.drawn: list[str] = []

    def __call__(self, jobs, browser):
        out = {}
        for key, name, _figure, opts in jobs:
            self.drawn.append(name)
            out[key] = PNG if opts["format"] == "png" else SVG.format(name).encode()
        return out


@pytest.fixture
def painter(monkeypatch, tmp_path):
    p = _Painter()
    monkeypatch.setattr(chromium_session, "draw", p)
    monkeypatch.setattr(static_render, "browser_path", lambda: "/usr/bin/chromium")
    monkeypatch.setenv("CBEC_CHART_CACHE", str(tmp_path / "cache"))
    return p


def _jobs():
    return [
        Job("a-en", {"data": [], "layout": {"title": {"text": "a"}}}, "svg", 100, 100),
        Job("b-en", {"data": [], "layout": {"title": {"text": "b"}}}, "svg", 100, 100),
        Job("card-en", {"data": [], "layout": {"title": {"text": "c"}}}, "png", 100, 100),
    ]


def test_truncated_or_swapped_cache_files_are_drawn_again(painter, tmp_path):
    """R46 (a truncated SVG published as a broken image), R47 (another chart's file under this key)."""
    jobs = _jobs()
    first = static_render.render(jobs)
    assert sorted(painter.drawn) == ["a-en", "b-en", "card-en"]
    assert static_render.render(jobs) == first and len(painter.drawn) == 3  # served from the cache
    cache = tmp_path / "cache"
    a, b, card = (cache / f"{j.key()}.{j.format}" for j in jobs)
    a.write_bytes(a.read_bytes()[:40])  # truncated
    b.write_bytes(a.read_bytes())  # a's file copied over b
    card.write_bytes(card.read_bytes()[:-4])  # a PNG without its end
    again = static_render.render(jobs)
    assert sorted(painter.drawn[3:]) == ["a-en", "b-en", "card-en"]
    assert again == first


def test_a_file_stored_under_another_key_is_not_trusted(painter, tmp_path):
    """R47 exactly: a whole, valid entry of chart a copied over chart b's key."""
    jobs = _jobs()[:2]
    static_render.render(jobs)
    cache = tmp_path / "cache"
    (cache / f"{jobs[1].key()}.svg").write_bytes((cache / f"{jobs[0].key()}.svg").read_bytes())
    out = static_render.render(jobs)
    assert painter.drawn[2:] == ["b-en"] and b"<text>b-en</text>" in out["b-en"]


def test_a_cache_that_cannot_be_written_is_skipped_with_one_line(painter, tmp_path, monkeypatch, caplog):
    """R49 (read-only), R50 (disk full, and the partial .tmp file left behind)."""
    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv("CBEC_CHART_CACHE", str(tmp_path / "file" / "cache"))
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.static_render"):
        out = static_render.render(_jobs())
    assert set(out) == {"a-en", "b-en", "card-en"}
    assert [r.getMessage() for r in caplog.records if "not updated" in r.getMessage()], caplog.text

    monkeypatch.setenv("CBEC_CHART_CACHE", str(tmp_path / "full"))
    real = Path.write_bytes

    def disk_full(self, data):
        real(self, data[:10])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", disk_full)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.static_render"):
        out = static_render.render(_jobs())
    assert set(out) == {"a-en", "b-en", "card-en"} and "No space left on device" in caplog.text
    assert not list((tmp_path / "full").iterdir()), "no partial cache file may stay behind"


def _no_fonts(tmp_path: Path) -> str:
    (tmp_path / "nofonts").mkdir(exist_ok=True)
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        f'<?xml version="1.0"?><fontconfig><dir>{tmp_path / "nofonts"}</dir>'
        f"<cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>"
    )
    return str(conf)


def test_the_cache_key_follows_the_installed_fonts(tmp_path, monkeypatch):
    """R48: a Chinese image drawn without CJK fonts stayed tofu after the fonts were installed."""
    job = _jobs()[0]
    static_render._environment.cache_clear()
    static_render._fonts.cache_clear()
    with_fonts = job.key()
    monkeypatch.setenv("FONTCONFIG_FILE", _no_fonts(tmp_path))
    static_render._environment.cache_clear()
    static_render._fonts.cache_clear()
    try:
        assert job.key() != with_fonts
    finally:
        monkeypatch.delenv("FONTCONFIG_FILE")
        static_render._environment.cache_clear()
        static_render._fonts.cache_clear()
    assert job.key() == with_fonts


def test_missing_cjk_fonts_stop_the_build_naming_the_package(painter, tmp_path, monkeypatch):
    """R48: the Chinese charts were drawn as boxes, silently."""
    monkeypatch.setenv("FONTCONFIG_FILE", _no_fonts(tmp_path))
    zh = Job("a-zh", {"data": [], "layout": {"title": {"text": "跨境电商"}}}, "svg", 100, 100)
    with pytest.raises(static_render.StaticRenderError, match="install the Debian package fonts-noto-cjk"):
        static_render.render([zh])
    assert painter.drawn == []


def _fake_browser(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "fake-chrome.sh"
    script.write_text(f"#!/bin/sh\necho $$ > {tmp_path / 'browser.pid'}\n{body}\n")
    script.chmod(0o755)
    return script


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"


def _gone(pid: int, within: float = 10.0) -> bool:
    """The process has died: a SIGKILL is delivered when the process is next scheduled, which on a
    busy machine is not at once, so wait for that state (bounded) rather than read it mid-way."""
    stop = time.monotonic() + within
    while _alive(pid):
        if time.monotonic() > stop:
            return False
        time.sleep(0.05)
    return True


def test_a_chromium_that_hangs_at_start_is_stopped_within_the_limit(tmp_path, monkeypatch):
    """R45: the build hung for ever; the wrapper, the browser and its profile folder outlived a kill."""
    browser = _fake_browser(tmp_path, "exec sleep 100000")
    monkeypatch.setenv("CBEC_CHROMIUM_START_TIMEOUT", "5")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    started = time.monotonic()
    with pytest.raises(chromium_session.DrawError) as e:
        chromium_session.draw(
            [("k", "claims-en", {"data": []}, {"format": "svg", "width": 10, "height": 10})], str(browser)
        )
    assert time.monotonic() - started < 30
    assert str(e.value).startswith("Chromium did not start within 5 s") and "\n" not in str(e.value)
    pid = int((tmp_path / "browser.pid").read_text())
    assert _gone(pid), "the hanging browser must be killed"
    assert not list((tmp_path / "tmp").iterdir()), (
        "the worker's temporary folder (browser profile) must be gone"
    )


def test_a_browser_that_dies_at_start_is_one_line(tmp_path):
    """R44: /bin/false as the browser gave 106 lines and 3 tracebacks, and advice to download Chrome."""
    with pytest.raises(chromium_session.DrawError) as e:
        chromium_session.draw(
            [("k", "claims-en", {"data": []}, {"format": "svg", "width": 10, "height": 10})], "/bin/false"
        )
    message = str(e.value)
    assert message.startswith("Chromium (/bin/false) failed while starting: ") and "\n" not in message
    assert "Traceback" not in message and "choreo_get_chrome" not in message


def test_sigterm_while_chromium_starts_kills_it_and_removes_its_profile(tmp_path):
    """R45: after `timeout` killed the build, choreographer's wrapper (which ignores SIGTERM) stayed."""
    browser = _fake_browser(tmp_path, "exec sleep 100000")
    (tmp_path / "tmp").mkdir()
    code = (
        "from cbec import chromium_session as c\n"
        f"c.draw([('k', 'x', {{'data': []}}, {{'format': 'svg', 'width': 10, 'height': 10}})], {str(browser)!r})"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(tmp_path / "tmp"), "CBEC_CHROMIUM_START_TIMEOUT": "120"},
    )
    deadline = time.monotonic() + 60
    while not (tmp_path / "browser.pid").exists():
        assert proc.poll() is None and time.monotonic() < deadline, "the fake browser never started"
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert "Chromium stopped and its temporary profile removed" in err
    assert _gone(int((tmp_path / "browser.pid").read_text()))
    assert not list((tmp_path / "tmp").iterdir())
