"""The macros of the Sources and About pages: the source registry, the data package's tables and
columns, and how to cite, generated from data/ and CITATION.cff."""

from __future__ import annotations

from cbec import chart_csv, chart_html, chart_labels, fmt, package_html
from cbec.records import TABLES
from cbec.text_out import Markup, web_url

from .page_context import PageContext
from .page_errors import PageError


def register(page: PageContext) -> None:
    env, ds, lang, to_root, macro = page.env, page.ds, page.lang, page.to_root, page.macro

    @macro
    def source_list() -> str:
        """Every source in the registry, as the Sources page shows it."""
        rows = []
        for s in sorted(ds.sources.values(), key=lambda s: (s.publisher.lower(), s.date_published)):
            e = chart_html.escape
            if lang() == "zh":
                rows.append(
                    f'<li id="src-{s.id}"><a href="{e(web_url(s.url))}">{e(s.title)}</a>。{e(s.publisher_zh)}，'
                    f"{fmt.date(s.date_published, 'zh')}。访问日期：{fmt.date(s.date_accessed.isoformat(), 'zh')}。"
                    f"可信度：{chart_labels.CODES['zh'][s.confidence]}。<em>用途：</em>{e(s.used_for_zh)}</li>"
                )
            else:
                rows.append(
                    f'<li id="src-{s.id}"><a href="{e(web_url(s.url))}">{e(s.title)}</a>. '
                    f"{e(s.publisher)}, {fmt.date(s.date_published)}. "
                    f"Accessed {fmt.date(s.date_accessed.isoformat())}. Confidence: {s.confidence}. "
                    f"<em>Used for:</em> {e(s.used_for)}.</li>"
                )
        return Markup('<ol class="source-list">\n' + "\n".join(rows) + "\n</ol>")

    @macro
    def csv_columns() -> str:
        """The columns of the chart CSV downloads, explained in the page's language."""
        return Markup(chart_csv.column_table(lang()))

    @macro
    def table_rows(name: str) -> int:
        counts = {
            "sources": len(ds.sources),
            "cbec": len(ds.cbec),
            "trade": len(ds.trade),
            "fx": len(ds.fx),
            "zones": len(ds.zones),
            "claims": len(ds.claims),
            "facts": len(ds.facts),
            "statements": len(ds.statements),
            "events": len(ds.events),
            "corrections": len(ds.corrections),
        }
        if name not in counts:
            raise PageError(f"no table '{name}'; tables: {', '.join(counts)}")
        return counts[name]

    @macro
    def data_package_tables() -> str:
        """Every table and its columns (types, units, meanings, rules), generated from data/datapackage.json."""
        counts = {t.resource: table_rows(name) for name, t in TABLES.items()}
        return (
            page.update_note()
            + Markup("\n\n")
            + Markup(
                package_html.tables_html(package_html.read_package(ds.data_dir), counts, lang(), to_root())
            )
        )

    @macro
    def how_to_cite() -> str:
        """The "How to cite" section, generated from CITATION.cff, with the version of the data."""
        version = str(package_html.read_package(ds.data_dir).get("version", ""))
        cff = page.citation(version)
        url = (env.conf.site_url or "") + ("zh/" if lang() == "zh" else "")
        return Markup(package_html.citation_markdown(cff, lang(), url, version))
