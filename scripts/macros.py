"""mkdocs-macros entry point: what page authors can write inside ``{{ }}``.

Pages never type a number; they ask the data for it, for example
``{{ cbec(2020, "prelim").total_tn_cny | tn }}`` or ``{{ chart("pilot-zones") }}``.
See docs/about.md ("Writing pages") for the full list.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

# mkdocs-macros loads this file by path, not as part of the package: make `scripts` importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts import chart_html, fmt  # noqa: E402
from scripts.data import DataError  # noqa: E402
from scripts.site import build  # noqa: E402
from scripts.static_render import StaticRenderError  # noqa: E402


def chart_homes(docs_dir: Path) -> dict[str, str]:
    """chart id -> URL of the explainer page that shows it (the chart's own page links back there)."""
    homes = {}
    for md in sorted(docs_dir.glob("*.md")):
        if md.name.endswith(".zh.md"):
            continue
        for cid in re.findall(r'^\{\{ chart\("([a-z0-9-]+)"\) \}\}$', md.read_text("utf-8"), re.M):
            homes.setdefault(cid, "" if md.stem == "index" else f"{md.stem}/")
    return homes



def relative_root(page_url: str) -> str:
    """From a page's URL to the site root: '' -> '', 'numbers/' -> '../', 'zh/numbers/' -> '../../'."""
    parts = page_url.split("/")
    return "../" * (len(parts) - 1)


def data_dir(config) -> Path:
    return Path(config.config_file_path).parent / config.extra.get("data_dir", "data")


def charts_on(config) -> bool:
    return str(config.extra.get("charts", True)).lower() not in ("false", "off", "0")


def load_site(config):
    try:
        return build(data_dir(config), static=charts_on(config))
    except StaticRenderError as e:
        raise PluginError(str(e)) from None
    except (DataError, FileNotFoundError, ValueError) as e:
        # PluginError makes MkDocs print one clear line and exit non-zero, before it writes anything.
        raise PluginError(f"Bad data, build stopped: {e}") from None


def define_env(env):
    site = load_site(env.conf)
    ds = site.ds

    def lang() -> str:
        """The page's language: Chinese pages are index.zh.md etc. (mkdocs-static-i18n, suffix layout)."""
        page = env.page
        if page is None:
            return "en"
        return "zh" if page.file.src_uri.endswith(".zh.md") or page.url.startswith("zh/") else "en"

    env.filter(fmt.num)
    env.filter(fmt.pct)
    env.filter(lambda v, digits=None: fmt.tn(v, digits, lang()), "tn")
    env.filter(lambda v, digits=None: fmt.bn(v, digits, lang()), "bn")
    env.filter(lambda v, digits=1: fmt.times(v, digits, lang()), "times")
    env.filter(lambda d: fmt.date(d, lang()), "date")
    env.variables["ds"] = ds

    def to_root() -> str:
        return relative_root(env.page.url if env.page else "")

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
        return fmt.times(a / b, digits, lang())

    @env.macro
    def cite(ids) -> str:
        """Inline citation: '(Publisher, date)' linked to the source; ids as 'a;b' or a record's source_ids."""
        ids = ids.split(";") if isinstance(ids, str) else ids
        links = [chart_html.source_link(ds.sources[i], lang()) for i in ids]
        if lang() == "zh":
            return '<span class="cite">（' + "；".join(links) + "）</span>"
        return '<span class="cite">(' + "; ".join(links) + ")</span>"

    with_charts = charts_on(env.conf)
    site_url = env.conf.site_url or ""

    def spec(chart_id: str):
        specs = site.charts[lang()]
        if chart_id not in specs:
            raise PluginError(f"{env.page.file.src_path}: unknown chart '{chart_id}'; known: {', '.join(specs)}")
        return specs[chart_id]

    @env.macro
    def chart(chart_id: str) -> str:
        if not with_charts:  # the benchmark's baseline build: same pages, no charts
            return ""
        return chart_html.figure_html(spec(chart_id), ds, to_root(), site.plotly_path, site_url=site_url)

    @env.macro
    def chart_page(chart_id: str) -> str:
        """The page of one chart (charts/<id>/), made to be embedded: the figure and a link back."""
        if not with_charts:
            return ""
        home = chart_homes(Path(env.conf.docs_dir)).get(chart_id)
        if home is None:
            raise PluginError(f"{env.page.file.src_path}: no explainer page shows chart '{chart_id}'")
        return chart_html.figure_html(spec(chart_id), ds, to_root(), site.plotly_path, site_url=site_url,
                                      home=to_root() + ("zh/" if lang() == "zh" else "") + home)

    @env.macro
    def chart_gallery() -> str:
        """Every chart as a static thumbnail linking to its page (the Charts page)."""
        if not with_charts:
            return ""
        return chart_html.gallery(list(site.charts[lang()].values()), to_root())

    @env.macro
    def source_list() -> str:
        """Every source in the registry, as the Sources page shows it."""
        rows = []
        for s in sorted(ds.sources.values(), key=lambda s: (s.publisher.lower(), s.date_published)):
            e = chart_html.escape
            if lang() == "zh":
                rows.append(
                    f'<li id="src-{s.id}"><a href="{s.url}">{e(s.title)}</a>。{e(s.publisher)}，'
                    f"{fmt.date(s.date_published, 'zh')}。访问日期：{fmt.date(s.date_accessed.isoformat(), 'zh')}。"
                    f"可信度：{chart_html.CODES['zh'][s.confidence]}。<em>用途（英文）：</em>{e(s.used_for)}</li>")
            else:
                rows.append(
                    f'<li id="src-{s.id}"><a href="{s.url}">{e(s.title)}</a>. '
                    f"{e(s.publisher)}, {fmt.date(s.date_published)}. "
                    f"Accessed {fmt.date(s.date_accessed.isoformat())}. Confidence: {s.confidence}. "
                    f"<em>Used for:</em> {e(s.used_for)}.</li>")
        return '<ol class="source-list">\n' + "\n".join(rows) + "\n</ol>"

    @env.macro
    def csv_columns() -> str:
        """The columns of the chart CSV downloads, explained in the page's language."""
        return chart_html.column_table(lang())

    @env.macro
    def table_rows(name: str) -> int:
        return {"sources": len(ds.sources), "cbec": len(ds.cbec), "trade": len(ds.trade), "zones": len(ds.zones),
                "claims": len(ds.claims), "facts": len(ds.facts), "statements": len(ds.statements)}[name]
