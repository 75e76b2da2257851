"""The Chromium the command-line measurements drive (bench, chart_sizes, bench_lighthouse), and its flags."""

from __future__ import annotations

from cbec.static_render import browser_env

CHROMIUM = browser_env() or "/usr/bin/chromium"  # the build's and the tests' browser (BROWSER_PATH)
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
