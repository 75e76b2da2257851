"""Children that cannot outlive the build.

A killed build (SIGKILL: the OOM killer, a CI runner stopping a job) runs no clean-up of its own, so its
children are told by the kernel: ``PR_SET_PDEATHSIG`` sends them a signal when their parent dies, and
each passes it on down (MkDocs stops its Chromium worker, the worker kills the browser it started).
"""

from __future__ import annotations

import ctypes
import os
import signal
from collections.abc import Callable

_PR_SET_PDEATHSIG = 1


def die_with_parent(sig: int = signal.SIGTERM, parent: int | None = None) -> None:
    """Ask the kernel for ``sig`` when this process's parent dies. ``parent``: the pid the parent had
    when it started us; if it is already gone (we were re-parented before asking), stop now."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the clean-up handlers still run on SIGINT/SIGTERM
        return
    if parent is not None and os.getppid() != parent:
        os.kill(os.getpid(), sig)


def preexec(sig: int = signal.SIGTERM) -> Callable[[], None]:
    """For ``subprocess.Popen(preexec_fn=...)`` in a single-threaded parent (the build's own process)."""
    parent = os.getpid()
    return lambda: die_with_parent(sig, parent)
