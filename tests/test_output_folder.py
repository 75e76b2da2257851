"""Adversarial review 2026-12-07, §2.1 and the browser probe: the output folder is never lost and never
loses files, and a stopped build leaves no process behind.

S03 (SIGKILL left MkDocs, kaleido and Chromium running and a .site-* folder nothing removed), S04 (an
interrupt between the swap's two renames left no site/, and the next build deleted the parked one), S07
(site/.git and notes deleted by every build), E07/E09 (a broken BROWSER_PATH: a decoding error, and the
version probe's child left running), E10-E12 (time limits of nan, inf, text or below zero).
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from conftest import EPOCH, ROOT, SITE_URL, previous_build

from cbec import chromium_session, output_dir, static_render


def _built(folder: Path, text: str) -> Path:
    previous_build(folder)
    (folder / "index.html").write_text(text)
    return folder


def test_the_swap_exchanges_the_folders_and_keeps_what_no_build_wrote(tmp_path):
    """S07: a gh-pages checkout's .git, a CNAME and notes survive; files the last build wrote do not."""
    site = _built(tmp_path / "site", "old")
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    (site / "CNAME").write_text("charts.example.org\n")
    (site / "assets").mkdir()
    (site / "assets" / "notes.txt").write_text("mine")
    (site / "old-page.html").write_text("a page the last build wrote, gone from this one")
    written = ["404.html", "index.html", "old-page.html", "previous.txt", "sitemap.xml.gz"]
    new = _built(Path(tempfile.mkdtemp(prefix=output_dir.temp_prefix(site), dir=tmp_path)), "new")
    kept = output_dir.swap(new, site, output_dir.not_built(site, written))
    assert sorted(kept) == [".git", "CNAME", "assets/notes.txt"]
    assert (site / "index.html").read_text() == "new" and not (site / "old-page.html").exists()
    assert (site / ".git" / "HEAD").read_text().startswith("ref:") and (site / "CNAME").is_file()
    assert (site / "assets" / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # the previous build is gone, only it
    # With no record of what the last build wrote, dot-entries are kept, as `mkdocs build` keeps them.
    assert output_dir.not_built(site, None) == [".git"]


def test_the_lock_file_records_what_the_build_wrote(tmp_path):
    site = tmp_path / "site"
    with output_dir.Lock(site) as lock:
        assert lock.written() is None
        lock.record(["a.html", "b/c.html"])
    with output_dir.Lock(site) as lock:
        assert lock.written() == ["a.html", "b/c.html"]


def test_an_interrupt_during_the_swap_waits_until_the_new_site_is_in_place(tmp_path, monkeypatch):
    """S04, where the system has no atomic exchange: SIGINT between the two renames is held until both
    are done, so site/ is never missing."""
    site = _built(tmp_path / "site", "old")
    new = _built(tmp_path / ".site-abcdefgh", "new")
    monkeypatch.setattr(output_dir, "_exchange", lambda a, b: False)
    renames = []
    real_rename = Path.rename

    def rename_then_interrupt(self, target):
        out = real_rename(self, target)
        renames.append(target)
        if len(renames) == 1:  # between site -> site.old and tmp -> site
            # To this (the main) thread, as the kernel does in the build's single-threaded process: sent to
            # the process, a pytest-xdist worker's other thread could take it, and when Python ran its
            # handler was a matter of scheduling (a 50 ms sleep lost the race on one loaded core).
            signal.pthread_kill(threading.get_ident(), signal.SIGINT)
        return out

    monkeypatch.setattr(Path, "rename", rename_then_interrupt)
    # Ctrl-C as the build's own process has it: Python's handler, SIGINT not blocked. A test run's worker
    # can differ (once, late in a full run, the interrupt never arrived: "DID NOT RAISE").
    handler = signal.signal(signal.SIGINT, signal.default_int_handler)
    mask = signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    try:
        with pytest.raises(KeyboardInterrupt):
            output_dir.swap(new, site)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        signal.signal(signal.SIGINT, handler)
    assert len(renames) == 2 and (site / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_parked_previous_build_is_put_back_not_deleted(tmp_path):
    """S04, second half: the next (failing) build deleted site.old, leaving no site at all."""
    site = tmp_path / "site"
    _built(tmp_path / "site.old", "parked")
    said = output_dir.check_leftover(site)
    assert (site / "index.html").read_text() == "parked" and not (tmp_path / "site.old").exists()
    assert said == [f"{site} was missing (a build stopped while swapping): the previous build put back"]
    # both present: the parked one is the stale copy
    _built(tmp_path / "site.old", "stale")
    assert output_dir.check_leftover(site) == [] and not (tmp_path / "site.old").exists()


def test_stale_temporary_folders_are_removed_unless_they_hold_what_no_build_wrote(tmp_path):
    site = _built(tmp_path / "site", "current")
    (tmp_path / ".site-k1lled00").mkdir()
    (tmp_path / ".site-k1lled00" / "index.html").write_text("half")
    (tmp_path / ".site-carried").mkdir()  # 7 characters: not a temporary name, someone's
    (tmp_path / ".site-w1thgit0" / ".git").mkdir(parents=True)
    (tmp_path / ".site2-abcdefgh").mkdir()  # another site's temporary folder
    said = output_dir.check_leftover(site)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [".site-carried", ".site-w1thgit0", ".site2-abcdefgh", "site"]
    assert len(said) == 1 and ".site-w1thgit0 is left from a stopped build and holds .git" in said[0]


# --- a killed build leaves no process and the previous site ------------------------------------------


def _stat(pid: int) -> tuple[str, str] | None:
    """(state, start time) of a process, or None if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields[0], fields[19]


def _descendants(root: int) -> dict[int, str]:
    """pid -> start time of every live descendant of ``root``."""
    parents = {}
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = entry.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        parents[int(entry.parent.name)] = (int(fields[1]), fields[19])
    out, todo = {}, [root]
    while todo:
        p = todo.pop()
        for kid, (ppid, start) in parents.items():
            if ppid == p and kid not in out:
                out[kid] = start
                todo.append(kid)
    return out


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip().lower()
    except OSError:
        return ""


def _alive(seen: dict[int, str]) -> list[int]:
    return [p for p, start in seen.items() if (s := _stat(p)) and s[1] == start and s[0] not in "ZX"]


def _env(cache: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "CBEC_DATA_DIR"}
    return {
        **env,
        "NO_MKDOCS_2_WARNING": "1",
        "SITE_URL": SITE_URL,
        "SOURCE_DATE_EPOCH": EPOCH,
        "CBEC_CHART_CACHE": str(cache),
        **extra,
    }


MOMENTS = [  # (signal, the state the build is in when it arrives); SIGKILLs last: each build cleans up
    (signal.SIGINT, "chromium"),
    (signal.SIGKILL, "mkdocs"),
    (signal.SIGKILL, "chromium"),
]


@pytest.mark.slow
def test_a_killed_or_interrupted_build_leaves_the_previous_site_and_no_process(tmp_path):
    """S03: each build draws images (an empty image cache), so Chromium really runs. Signals go to the
    build's own process, as a CI runner's or the OOM killer's do; afterwards every process the build
    started must be gone (waited for, up to a limit), the previous site unchanged, and the next build
    removes the temporary folder a SIGKILL leaves."""
    site = tmp_path / "site"
    previous = previous_build(site)
    before = {p.name: p.read_bytes() for p in site.iterdir()}
    for sig, moment in MOMENTS:
        proc = subprocess.Popen(
            [sys.executable, "-m", "cbec.cli.build_site", str(site)],
            cwd=ROOT,
            env=_env(tmp_path / f"cache-{sig.name}-{moment}"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        seen: dict[int, str] = {}
        deadline = time.monotonic() + 240
        while True:
            now = _descendants(proc.pid)
            seen.update(now)
            names = {_comm(p) for p in now}
            if (moment == "chromium" and any("chrom" in n for n in names)) or (
                moment == "mkdocs" and list(tmp_path.glob(".site-*/*"))
            ):
                break
            assert proc.poll() is None, f"the build ended before {moment}: {proc.communicate()}"
            assert time.monotonic() < deadline, f"no {moment} within 240 s"
            time.sleep(0.05)
        seen.update(_descendants(proc.pid))
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=120)
        stop = time.monotonic() + 60
        while _alive(seen) and time.monotonic() < stop:
            time.sleep(0.1)
        left = {p: _comm(p) for p in _alive(seen)}
        assert not left, f"{sig.name} at {moment}: still running: {left}"
        assert {p.name: p.read_bytes() for p in site.iterdir()} == before, f"{sig.name} at {moment}"
        if sig == signal.SIGINT:
            assert proc.returncode == 130 and "Traceback" not in err, err
            assert err.strip().splitlines()[-1] == f"Build interrupted (SIGINT); {site} left as it was."
            assert not list(tmp_path.glob(".site-*"))
    assert list(tmp_path.glob(".site-*")), "the SIGKILLed builds left their temporary folders"
    # The next build (here one that fails at once, on a missing data folder) removes them first.
    result = subprocess.run(
        [sys.executable, "-m", "cbec.cli.build_site", str(site)],
        cwd=ROOT,
        env=_env(tmp_path / "cache-next", CBEC_DATA_DIR=str(tmp_path / "nodata")),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and not list(tmp_path.glob(".site-*"))
    assert sorted(p.name for p in site.iterdir()) == previous


# --- the browser probe and the time limits ------------------------------------------------------------


def _script(path: Path, body: str) -> str:
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def test_a_browser_that_is_not_chromium_is_named_and_its_probe_leaves_nothing(tmp_path, monkeypatch):
    """E07: 2 MB of random bytes for --version gave a bare decoding error; E09: a probe that never answers
    was stopped, but the wrapper's own child (sleep) kept running."""
    noisy = _script(tmp_path / "noisy", "head -c 2000000 /dev/urandom\n")
    with pytest.raises(
        static_render.BrokenBrowser, match=rf"^BROWSER_PATH={noisy} is not a working Chromium"
    ):
        static_render._browser_version(noisy)
    pidfile = tmp_path / "sleep.pid"
    sleepy = _script(tmp_path / "sleepy", f"sleep 300 & echo $! > {pidfile}\nwait\n")
    monkeypatch.setattr(static_render, "VERSION_TIMEOUT", 1)
    with pytest.raises(static_render.BrokenBrowser, match="gave no answer in 1 s"):
        static_render._browser_version(sleepy)
    pid = int(pidfile.read_text())
    stop = time.monotonic() + 10
    while (s := _stat(pid)) and s[0] not in "ZX" and time.monotonic() < stop:
        time.sleep(0.05)
    assert not ((s := _stat(pid)) and s[0] not in "ZX"), "the probe's child is still running"
    assert static_render._browser_version(_script(tmp_path / "ok", "echo 'Chromium 131.0.6778.85'\n"))


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "abc", "-5", "0", "1e9"])
@pytest.mark.parametrize("name", ["CBEC_CHROMIUM_START_TIMEOUT", "CBEC_CHROMIUM_IMAGE_TIMEOUT"])
def test_chromium_time_limits_are_finite_seconds_above_zero(monkeypatch, name, value):
    """E10 (inf: a traceback), E10b (nan: the start limit never fired, a silent hang), E11 (text: silently
    60 s), E12 (-5: "'timeout' must be a non-negative number", no variable named)."""
    monkeypatch.setenv(name, value)
    with pytest.raises(chromium_session.DrawError, match=rf"^{name} is '{value}': it must be a number"):
        chromium_session.draw([("k", "x", {}, {})], "/nonexistent/chromium")
    monkeypatch.setenv(name, "12.5")
    assert (chromium_session.start_timeout(), chromium_session.image_timeout()).count(12.5) == 1
