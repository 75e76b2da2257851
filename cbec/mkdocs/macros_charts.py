"""The macros that show charts: a chart on an explainer page, a chart's own page (made to be embedded),
the gallery and the colour key of the Charts page."""

from __future__ import annotations

from pathlib import Path

from cbec import chart_html, chart_paths, package_html
from cbec.chart_key import colour_key
from cbec.charts.common import ChartSpec
from cbec.text_out import Markup

from .page_context import PageContext
from .page_errors import PageError
from .page_urls import chart_homes
from .site_config import charts_on


def register(page: PageContext) -> None:
    env, site, ds, lang, to_root, macro = page.env, page.site, page.ds, page.lang, page.to_root, page.macro
    with_charts = charts_on(env.conf)
    site_url = env.conf.site_url or ""

    def spec(chart_id: str) -> ChartSpec:
        specs = site.charts[lang()]
        if chart_id not in specs:
            raise PageError(f"no chart '{chart_id}'; charts: {', '.join(specs)}")
        return specs[chart_id]

    pages_with_a_chart: set[str] = set()  # a page's first chart is not lazy (its largest paint, often)
    shown: set[tuple[str, str]] = set()

    @macro
    def chart(chart_id: str) -> str:
        if not with_charts:  # the benchmark's baseline build: same pages, no charts
            return ""
        src = env.page.file.src_uri if env.page else ""
        first = src not in pages_with_a_chart
        pages_with_a_chart.add(src)
        if (src, chart_id) in shown:  # its ids (fig-<id>, the summary aria-labelledby points at) would repeat
            raise PageError(f"chart '{chart_id}' is already shown on this page; a page shows each chart once")
        shown.add((src, chart_id))
        return Markup(
            chart_html.figure_html(
                spec(chart_id), ds, to_root(), site.plotly_path, site_url=site_url, first=first
            )
        )

    @macro
    def chart_page(chart_id: str) -> str:
        """The page of one chart (charts/<id>/), made to be embedded: the figure and a link back."""
        if not with_charts:
            return ""
        home = chart_homes(Path(env.conf.docs_dir)).get(chart_id)
        if home is None:
            raise PageError(f"no explainer page shows chart '{chart_id}'")
        sp = spec(chart_id)
        url = site_url + chart_paths.chart_page_url(chart_id, lang())
        package = package_html.read_package(ds.data_dir)
        version = str(package.get("version", ""))
        cff = page.citation(version)
        meta = chart_html.page_extras(sp, url, package_html.citation_line(cff, url))
        # The page's H1 is ours, a small kicker over the chart's headline (site.css .chart-kicker), so
        # Material adds none and no :has() selector is needed to find it (each costs style time at load).
        kicker = Markup(f'<h1 class="chart-kicker">{chart_html.escape(env.page.title or sp.title)}</h1>\n\n')
        return (
            kicker
            + Markup(
                chart_html.figure_html(
                    sp,
                    ds,
                    to_root(),
                    site.plotly_path,
                    site_url=site_url,
                    first=True,
                    home=to_root() + ("zh/" if lang() == "zh" else "") + home,
                    page_meta=meta,
                )
            )
            + Markup("\n\n")
            + page.update_note(version=version)  # the date and version of the data, once, at the foot
        )

    @macro
    def chart_gallery() -> str:
        """Every chart as a static thumbnail linking to its page (the Charts page)."""
        if not with_charts:
            return ""
        return Markup(chart_html.gallery(list(site.charts[lang()].values()), to_root()))

    @macro
    def chart_key() -> str:
        """What each colour and pattern means in every chart (the Charts page)."""
        return Markup(colour_key(lang()))
