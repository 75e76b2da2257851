"""mkdocs-macros entry point: what page authors can write inside ``{{ }}``.

Pages never type a number; they ask the data for it, for example
``{{ cbec(2020, "prelim").total_tn_cny | tn }}`` or ``{{ chart("pilot-zones") }}``.
See docs/about.md ("Writing pages") for the full list.
"""
from __future__ import annotations

import posixpath
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

# mkdocs-macros loads this file by path, not as part of the package: make `scripts` importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts import chart_html, fmt  # noqa: E402
from scripts.data import DataError  # noqa: E402
from scripts.site import build  # noqa: E402


def data_dir(config) -> Path:
    return Path(config.config_file_path).parent / config.extra.get("data_dir", "data")


def load_site(config):
    try:
        return build(data_dir(config))
    except (DataError, FileNotFoundError, ValueError) as e:
        # PluginError makes MkDocs print one clear line and exit non-zero, before it writes anything.
        raise PluginError(f"Bad data, build stopped: {e}") from None


def define_env(env):
    site = load_site(env.conf)
    ds = site.ds

    for name in ("num", "pct", "tn", "bn", "times"):
        env.filter(getattr(fmt, name))
    env.variables["ds"] = ds

    def to_root() -> str:
        page_url = env.page.url if env.page else ""
        rel = posixpath.relpath(".", posixpath.dirname(page_url.rstrip("/") + "/x") or ".")
        return "" if rel == "." else rel + "/"

    @env.macro
    def cbec(year: int, vintage: str, scope: str = "broad"):
        return ds.cbec_row(year, vintage, scope)

    @env.macro
    def trade(year: int):
        return ds.trade_row(year)

    @env.macro
    def fact(key: str):
        return ds.facts[key]

    @env.macro
    def claim(claim_id: str):
        return ds.claim(claim_id)

    @env.macro
    def share(year: int, vintage: str = "prelim", digits: int = 1) -> str:
        """Cross-border e-commerce as % of goods trade (computed here, and labelled so on pages)."""
        return fmt.num(100 * ds.cbec_row(year, vintage).total_tn_cny / ds.trade_row(year).total_tn_cny, digits) + "%"

    @env.macro
    def ratio(a: float, b: float, digits: int = 1) -> str:
        return fmt.times(a / b, digits)

    @env.macro
    def cite(ids) -> str:
        """Inline citation: '(Publisher, date)' linked to the source; ids as 'a;b' or a record's source_ids."""
        ids = ids.split(";") if isinstance(ids, str) else ids
        return "<span class=\"cite\">(" + "; ".join(chart_html.source_link(ds.sources[i]) for i in ids) + ")</span>"

    charts_on = str(env.conf.extra.get("charts", True)).lower() not in ("false", "off", "0")

    @env.macro
    def chart(chart_id: str) -> str:
        if not charts_on:  # the benchmark's baseline build: same pages, no charts
            return ""
        if chart_id not in site.charts:
            raise PluginError(f"{env.page.file.src_path}: unknown chart '{chart_id}'; "
                              f"known: {', '.join(site.charts)}")
        return chart_html.figure_html(site.charts[chart_id], ds, to_root(), site.plotly_path)

    @env.macro
    def source_list() -> str:
        """Every source in the registry, as the Sources page shows it."""
        rows = []
        for s in sorted(ds.sources.values(), key=lambda s: (s.publisher.lower(), s.date_published)):
            rows.append(
                f'<li id="src-{s.id}"><a href="{s.url}">{chart_html.escape(s.title)}</a>. '
                f"{chart_html.escape(s.publisher)}, {chart_html._date(s.date_published)}. "
                f"Accessed {s.date_accessed:%-d %b %Y}. Confidence: {s.confidence}. "
                f"<em>Used for:</em> {chart_html.escape(s.used_for)}.</li>")
        return '<ol class="source-list">\n' + "\n".join(rows) + "\n</ol>"

    @env.macro
    def table_rows(name: str) -> int:
        return {"sources": len(ds.sources), "cbec": len(ds.cbec), "trade": len(ds.trade), "zones": len(ds.zones),
                "claims": len(ds.claims), "facts": len(ds.facts), "statements": len(ds.statements)}[name]
