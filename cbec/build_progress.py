"""What the build says while chart images are drawn, and how many it drew or took from the cache.

static_render counts every image here and draws the missing ones through ``drawing``; the build
summary (cbec/mkdocs/build_output.py) reads ``images``. On a terminal the progress is one line that
rewrites itself; in a log (CI, pytest) it is a plain line at the start, every few seconds and at
the end. Images from the cache print nothing.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")
EVERY = 3.0  # seconds between plain progress lines in a log


class Images:
    """Images counted since the build began: drawn now, or taken from the cache."""

    def __init__(self) -> None:
        self.drawn = self.cached = self.before = 0

    def new_build(self) -> None:
        if self.drawn + self.cached:
            self.before = self.drawn + self.cached
        self.drawn = self.cached = 0

    def count(self, total: int, to_draw: int) -> None:
        self.drawn += to_draw
        self.cached += total - to_draw

    def for_summary(self) -> tuple[int, int]:
        """(drawn, cached). A rebuild of unchanged data (mkdocs serve) reuses the images it holds: none drawn."""
        return (self.drawn, self.cached) if self.drawn + self.cached else (0, self.before)


images = Images()


def drawing(jobs: Iterable[T], stream: TextIO | None = None) -> Iterator[T]:
    """Yield each job to draw, reporting "Drawing chart images: done/total" as they finish."""
    cached = images.cached
    jobs = list(jobs)
    stream = stream or sys.stderr
    tty = stream.isatty()
    total, start = len(jobs), time.monotonic()
    others = f" ({cached} more from the cache)" if cached else ""
    last = start

    def show(done: int) -> None:
        line = f"Drawing chart images: {done}/{total}{others}, {time.monotonic() - start:.0f} s"
        stream.write(f"\r\033[K{line}" if tty else line + "\n")
        stream.flush()

    show(0)
    for done, job in enumerate(jobs, 1):
        yield job
        now = time.monotonic()
        if tty or done == total or now - last >= EVERY:
            show(done)
            last = now
    if tty:
        stream.write("\n")  # the line keeps its final count
        stream.flush()
