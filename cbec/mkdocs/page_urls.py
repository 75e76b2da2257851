"""Where pages are: the way from a page to the site root, and the explainer page that shows each chart."""

from __future__ import annotations

import re
from pathlib import Path

# {{ chart("x") }}, also with single quotes, other spacing or more on the line (review R28); not in
# {% raw %} examples, which print the call instead of running it.
CHART_CALL = re.compile(r"""\{\{-?\s*chart\(\s*["']([a-z0-9-]+)["']\s*\)\s*-?\}\}""")
RAW = re.compile(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.S)


def chart_homes(docs_dir: Path) -> dict[str, str]:
    """chart id -> URL of the explainer page that shows it (the chart's own page links back there)."""
    homes: dict[str, str] = {}
    for md in sorted(docs_dir.glob("*.md")):
        if md.name.endswith(".zh.md"):
            continue
        for cid in CHART_CALL.findall(RAW.sub("", md.read_text("utf-8"))):
            homes.setdefault(cid, "" if md.stem == "index" else f"{md.stem}/")
    return homes


def relative_root(page_url: str) -> str:
    """From a page's URL to the site root: '' -> '', 'numbers/' -> '../', 'zh/numbers/' -> '../../'."""
    parts = page_url.split("/")
    return "../" * (len(parts) - 1)
