"""Draw chart images in a Chromium that cannot hang the build or outlive it.

kaleido drives Chromium through choreographer, which starts the browser in a session of its own
and gives browser start-up no time limit: a browser that hangs at start hung the build for ever,
and after a kill the browser wrapper and its profile folder stayed behind. So the drawing runs in a
worker process (``python -m cbec.chromium_session``) that reports each step on stdout, and this
module:

* gives Chromium 60 seconds to start and 90 seconds per image (``CBEC_CHROMIUM_START_TIMEOUT`` /
  ``CBEC_CHROMIUM_IMAGE_TIMEOUT`` set others);
* on a timeout, an error, Ctrl-C or SIGTERM kills the worker and every process it started (the
  browser included), removes the worker's temporary folder (the browser profile is made there,
  through TMPDIR), and says what happened in one line (``StaticRenderError``).
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any, NoReturn

import plotly

from cbec import build_progress, child_life, settings

# plotly.py's own plotly.js bundle, loaded from disk: drawing needs no network
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"

ROOT = Path(__file__).resolve().parent.parent


def _seconds(name: str, default: float) -> float:
    try:
        return settings.seconds(name, default)
    except ValueError as e:
        raise DrawError(str(e)) from None


def start_timeout() -> float:
    return _seconds("CBEC_CHROMIUM_START_TIMEOUT", 60)


def image_timeout() -> float:
    return _seconds("CBEC_CHROMIUM_IMAGE_TIMEOUT", 90)


def tabs() -> int:
    """How many images are drawn at once, each in a tab of its own (its own renderer process, so two
    cores draw two images): ``CBEC_CHART_TABS``, 1 to 8, default 2. A tab draws its images one after
    the other in one page, each as in a new page (cbec/kaleido_tabs.py), so the bytes depend neither on
    the number nor on which images a tab drew before."""
    text = os.environ.get("CBEC_CHART_TABS") or "2"
    if not (text.isascii() and text.isdigit() and 1 <= int(text) <= 8):
        raise DrawError(f"CBEC_CHART_TABS is {text!r}: it must be a whole number from 1 to 8, e.g. 2")
    return int(text)


def reload_pages() -> bool:
    """``CBEC_CHART_RELOAD=1``: reload the tab after every image, as kaleido does (several times slower;
    the reference the tests compare cbec/kaleido_tabs.py with, and a way round its version check)."""
    text = os.environ.get("CBEC_CHART_RELOAD") or "0"
    if text not in ("0", "1"):
        raise DrawError(f"CBEC_CHART_RELOAD is {text!r}: it must be 1 (reload after every image) or 0")
    return text == "1"


class DrawError(RuntimeError):
    """One line for the author: what failed, and what to do."""


def _children(pid: int) -> list[int]:
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            kids.append(int(stat.parent.name))
    return kids


def _kill_tree(pid: int) -> None:
    """SIGKILL a process and all its descendants (collected first: orphans are re-parented)."""
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo += _children(p)
    for p in tree:
        with contextlib.suppress(ProcessLookupError):
            os.kill(p, signal.SIGKILL)


class _Terminated(BaseException):
    pass


def _on_sigterm(signum: int, frame: object) -> NoReturn:
    raise _Terminated()


def draw(jobs: list[tuple[str, str, dict[str, Any], dict[str, Any]]], browser: str) -> dict[str, bytes]:
    """``jobs``: (key, name, figure, options). Returns key -> image bytes, or raises DrawError."""
    limits = start_timeout(), image_timeout()  # a bad setting stops the build before Chromium starts
    if not reload_pages():
        from cbec import kaleido_tabs  # imports kaleido (0.15 s): only when images are drawn

        if why := kaleido_tabs.check_versions(PLOTLY_JS):
            raise DrawError(why)
    n = min(tabs(), max(1, len(jobs)))
    work = Path(tempfile.mkdtemp(prefix="cbec-chromium-"))
    proc = None
    handler = None
    if threading.current_thread() is threading.main_thread():  # SIGTERM must run our clean-up too
        handler = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        (work / "jobs.json").write_text(json.dumps([[f, o] for _, _, f, o in jobs]))
        env = {
            **os.environ,
            "TMPDIR": str(work),
            "BROWSER_PATH": browser,
            "CBEC_PARENT_PID": str(os.getpid()),
            "CBEC_CHART_TABS": str(n),
        }
        proc = subprocess.Popen(
            [sys.executable, "-m", "cbec.chromium_session", str(work)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        lines: queue.Queue[str | None] = queue.Queue()
        stdout, stderr = proc.stdout, proc.stderr
        assert stdout is not None and stderr is not None  # both are pipes

        def read() -> None:
            for x in stdout:
                lines.put(x)
            lines.put(None)

        threading.Thread(target=read, daemon=True).start()

        def next_line(timeout: float, what: str, stage: str) -> str:
            try:
                line = lines.get(timeout=timeout)
            except queue.Empty:
                raise DrawError(
                    f"{what} within {timeout:g} s (BROWSER_PATH={browser}); Chromium was stopped. "
                    "Check that it runs (`chromium --headless --version`), or raise "
                    "CBEC_CHROMIUM_START_TIMEOUT / CBEC_CHROMIUM_IMAGE_TIMEOUT"
                ) from None
            if line is None or line.startswith("error "):
                try:  # it is exiting, and its last line on stderr says why
                    proc.wait(timeout=60)  # 10 s ran out on a loaded machine (a test run on 2 cores)
                except subprocess.TimeoutExpired:
                    _kill_tree(proc.pid)
                    proc.wait()
                reason = line[6:].strip() if line else (stderr.read().strip().splitlines() or ["exited"])[-1]
                raise DrawError(f"Chromium ({browser}) failed while {stage}: {reason}")
            return line.strip()

        next_line(limits[0], "Chromium did not start", "starting")
        out = {}
        done: set[int] = set()
        for _ in build_progress.drawing(jobs):  # images finish in any order: "done <index>"
            # the tabs take the jobs in order: the ones being drawn are the first n not done yet
            drawing = [i for i in range(min(len(jobs), len(done) + n)) if i not in done]
            names = ", ".join(jobs[i][1] for i in drawing)
            line = next_line(
                limits[1], f"Chart image {names} was not drawn", f"drawing the chart image {names}"
            )
            i = int(line.split()[1])
            done.add(i)
            out[jobs[i][0]] = (work / f"{i}.out").read_bytes()
        return out
    except (KeyboardInterrupt, _Terminated):
        print("Interrupted: Chromium stopped and its temporary profile removed.", file=sys.stderr)
        raise KeyboardInterrupt from None
    finally:
        if proc is not None:
            _kill_tree(proc.pid)
            proc.wait()
        shutil.rmtree(work, ignore_errors=True)
        if handler is not None:
            signal.signal(signal.SIGTERM, handler)


async def _worker(work: Path) -> None:
    import asyncio
    import logging

    import kaleido

    from cbec import kaleido_tabs

    # choreographer logs (and ignores) a malformed DevTools message now and then, with a traceback
    # that reads like a failure; real errors still raise.
    logging.getLogger("choreographer").setLevel(logging.CRITICAL)
    jobs = json.loads((work / "jobs.json").read_text())
    n = tabs()
    # kaleido_tabs.Kaleido keeps each tab's page from one image to the next; kaleido's own reloads it
    kind = kaleido.Kaleido if reload_pages() else kaleido_tabs.Kaleido
    async with kind(n=n, mathjax=False, plotlyjs=PLOTLY_JS.as_uri(), timeout=image_timeout()) as k:
        print("ready", flush=True)
        todo = iter(enumerate(jobs))

        async def tab() -> None:  # one image at a time per tab
            for i, (figure, opts) in todo:
                (work / f"{i}.out").write_bytes(await k.calc_fig(figure, opts=opts))
                print(f"done {i}", flush=True)

        await asyncio.gather(*(tab() for _ in range(n)))


def _stop_everything(signum: int, frame: object) -> None:
    """The worker's parent (MkDocs) died or stopped it: kill the browser it started, then exit."""
    mine = os.getpid()
    for kid in _children(mine):
        _kill_tree(kid)
    os._exit(128 + signum)


if __name__ == "__main__":
    import asyncio

    signal.signal(signal.SIGTERM, _stop_everything)
    child_life.die_with_parent(signal.SIGTERM, int(os.environ.get("CBEC_PARENT_PID") or os.getppid()))
    try:
        asyncio.run(_worker(Path(sys.argv[1])))
    except Exception as e:  # noqa: BLE001 - reported to the build as one line
        first = (
            e.args[0] if e.args and isinstance(e.args[0], str) else str(e)
        )  # not choreographer's download advice
        text = " ".join(first.split())[:300] or type(e).__name__
        print(f"error {type(e).__name__}: {text}", flush=True)
        sys.exit(1)
