"""mkdocs-macros entry point: what page authors can write inside ``{{ }}``.

Pages never type a number; they ask the data for it, for example
``{{ cbec(2020, "prelim").total_tn_cny | tn }}`` or ``{{ chart("pilot-zones") }}``.
See CONTRIBUTING.md ("Writing pages") for the full list.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from jinja2.compiler import CodeGenerator, optimizeconst
from jinja2.filters import do_format, do_int
from markupsafe import soft_str  # Jinja's own "string" filter
from mkdocs.exceptions import PluginError

# mkdocs-macros loads this file by path: the imports are absolute (the cbec package is installed).
from cbec import chart_html, fmt, package_html
from cbec import verdicts as verdict_words
from cbec.chart_key import colour_key
from cbec.charts.claims.figure import attribution, verdict_headline
from cbec.charts.common import lower_first
from cbec.data import TABLES, DataError
from cbec.latest import freshness as data_freshness
from cbec.latest import latest_cbec
from cbec.latest import weak_rows as weak_rows_text
from cbec.mkdocs.page_errors import PageError, closest, install, year_ranges
from cbec.site import build
from cbec.static_render import StaticRenderError
from cbec.text_out import Markup, html_text, web_url
from cbec.values import Weak, headline, is_weak

log = logging.getLogger("mkdocs.plugins.macros_site")


# {{ chart("x") }}, also with single quotes, other spacing or more on the line (review R28); not in
# {% raw %} examples, which print the call instead of running it.
CHART_CALL = re.compile(r"""\{\{-?\s*chart\(\s*["']([a-z0-9-]+)["']\s*\)\s*-?\}\}""")
RAW = re.compile(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.S)


def chart_homes(docs_dir: Path) -> dict[str, str]:
    """chart id -> URL of the explainer page that shows it (the chart's own page links back there)."""
    homes = {}
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


def data_dir(config) -> Path:
    return Path(config.config_file_path).parent / config.extra.get("data_dir", "data")


def charts_on(config) -> bool:
    return str(config.extra.get("charts", True)).lower() not in ("false", "off", "0")


def load_site(config):
    # PluginError makes MkDocs print one clear line and exit non-zero, before it writes anything.
    folder = data_dir(config)
    if not folder.is_dir():
        raise PluginError(
            f"Data folder {folder} does not exist (set by extra.data_dir in mkdocs.yml, "
            "or CBEC_DATA_DIR); build stopped"
        )
    try:
        return build(folder, static=charts_on(config))
    except StaticRenderError as e:
        raise PluginError(str(e)) from None
    except DataError as e:
        raise PluginError(f"Bad data, build stopped: {e}") from None
    except (FileNotFoundError, ValueError) as e:  # the plotly.js bundle: missing or the wrong version
        raise PluginError(f"Build stopped: {e}") from None
    except (OSError, TypeError, KeyError, AttributeError, RuntimeError) as e:
        # A disk, a permission, or a schema edit the code did not expect: one line; `-v` shows the traceback.
        log.debug("Traceback of the error below:", exc_info=True)
        raise PluginError(f"Build stopped: {type(e).__name__}: {e}") from None


def keep_weak(convert):
    """A Jinja number filter (int) that keeps a weakly sourced value weak, so it still prints its flag."""

    def filter_(value, *args, **kwargs):
        out = convert(value, *args, **kwargs)
        return Weak(out, value.where) if is_weak(value) else out

    return filter_


def keep_weak_text(flag):
    """Jinja's text filters (string, format) for page code: a weakly sourced number among the inputs puts
    its flag after the text (review R30), through ``flag(value, text)``."""

    def string(value):
        return flag(value, soft_str(value)) if is_weak(value) else soft_str(value)

    def format_(text, *args, **kwargs):
        out = do_format(text, *args, **kwargs)
        weak = [v for v in (*args, *kwargs.values()) if is_weak(v)]
        return flag(weak[0], out) if weak else out

    return string, format_


class KeepWeakJoins(CodeGenerator):
    """Page code's ``~`` joins its parts with str(), which would print a weakly sourced number without its
    flag (review R30). The join goes through ``environment.weak_join`` instead, with the parts and the
    join Jinja would have used."""

    @optimizeconst
    def visit_Concat(self, node, frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        else:
            join = "markup_join" if frame.eval_ctx.autoescape else "str_join"
        self.write(f"environment.weak_join({join}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


def weak_join(flag):
    """``environment.weak_join`` for KeepWeakJoins: Jinja's own join, unless a part is weak; then each
    weak part is printed with its flag and the rest escaped as a printed value would be."""

    def join(jinja_join, parts):
        if not any(is_weak(p) for p in parts):
            return jinja_join(parts)
        return Markup(
            "".join(
                flag(p, fmt.num(p)) if is_weak(p) else p if isinstance(p, Markup) else html_text(str(p))
                for p in parts
            )
        )

    return join


def _year(macro: str, year, *rest) -> int:
    """Years are numbers in page code: cbec(2020, ...), not cbec("2020", ...)."""
    if isinstance(year, bool) or not isinstance(year, int):
        shown = ", ".join(repr(a) for a in (year, *rest))
        raise PageError(
            f"{macro}({shown}): the year must be a number, not {'text' if isinstance(year, str) else type(year).__name__}"
            f"; write {macro}({year.strip() if isinstance(year, str) else year}, ...) without quotes"
        )
    return year


def _text(macro: str, what: str, value) -> str:
    if not isinstance(value, str):
        raise PageError(f"{macro}(...): the {what} must be text in quotes, not {value!r}")
    return value


def define_env(env):
    site = load_site(env.conf)
    ds = site.ds

    if not charts_on(env.conf):  # CBEC_CHARTS=false left in a shell would publish a site without charts
        log.info("Charts are off (CBEC_CHARTS=false / extra.charts): the pages are built without charts")

    def lang() -> str:
        """The page's language: Chinese pages are index.zh.md etc. (mkdocs-static-i18n, suffix layout)."""
        page = env.page
        if page is None:
            return "en"
        return "zh" if page.file.src_uri.endswith(".zh.md") or page.url.startswith("zh/") else "en"

    def flagged(value, text: str) -> str:
        """A weakly sourced number always carries a visible flag linked to what 'weak' means."""
        if not is_weak(value):
            return text
        title = (
            "来源可信度弱：单一低质量或无法追溯的来源"
            if lang() == "zh"
            else "Rated weak: one low-quality or untraceable source"
        )
        word = fmt.WEAK_MARK[lang()].strip(" （）()")
        link = f'<a href="{to_root()}{"zh/" if lang() == "zh" else ""}sources/#confidence" title="{title}">{word}</a>'
        return Markup(
            html_text(text)
            + (
                f'<span class="weak-flag">（{link}）</span>'
                if lang() == "zh"
                else f' <span class="weak-flag">({link})</span>'
            )
        )

    env.filter(lambda v, digits=None: flagged(v, fmt.num(v, digits)), "num")
    env.filter(lambda v, digits=None, signed=True: flagged(v, fmt.pct(v, digits, signed)), "pct")
    env.filter(lambda v, digits=None: flagged(v, fmt.tn(v, digits, lang())), "tn")
    env.filter(lambda v, digits=None: flagged(v, fmt.bn(v, digits, lang())), "bn")
    env.filter(lambda v, digits=1: flagged(v, fmt.times(v, digits, lang())), "times")

    def lead(value, digits=None) -> str:
        """A headline figure (Home cards): weakly sourced numbers may not lead."""
        headline(value, what=f"a headline figure on {env.page.file.src_path if env.page else 'a page'}")
        text = fmt.num(value, digits)
        return text.replace(",", "") if lang() == "zh" else text  # Chinese writes 4400, not 4,400

    env.filter(lead, "lead")
    env.filter(keep_weak(do_int), "int")  # Jinja's '| int' used to drop the flag (review R30)
    to_string, format_ = keep_weak_text(flagged)  # and so did '| string', '| format' and '~'
    env.filter(to_string, "string")
    env.filter(format_, "format")
    env.variables["_weak_join"] = weak_join(flagged)  # for '~' (KeepWeakJoins, set with finalize below)

    # Jinja's finalize sees every {{ }} output; it is installed before each page (on_pre_page_macros,
    # below). A weak number printed raw ({{ row.value }}) gets its flag; text is escaped unless a macro
    # marked it as HTML it wrote itself (Markup): data text is text (cbec/text_out.py).
    env.variables["_finalize"] = lambda v: (
        flagged(v, fmt.num(v)) if is_weak(v) else html_text(v) if isinstance(v, str) else v
    )
    env.filter(lower_first, "lcfirst")
    env.filter(lambda d: fmt.date(d, lang()), "date")
    env.variables["ds"] = ds

    def to_root() -> str:
        return relative_root(env.page.url if env.page else "")

    def cbec_row(year, vintage: str, scope: str = "broad"):
        year = _year("cbec", year, vintage, scope)
        vintage, scope = _text("cbec", "vintage", vintage), _text("cbec", "scope", scope)
        for r in ds.cbec:
            if (r.year, r.vintage, r.scope) == (year, vintage, scope):
                return r
        same = [r.year for r in ds.cbec if (r.vintage, r.scope) == (vintage, scope)]
        if same:
            exists = f"years with that scope and vintage: {year_ranges(same)}"
        else:
            kinds = sorted({(r.scope, r.vintage) for r in ds.cbec})
            exists = "scope and vintage pairs: " + ", ".join(f"{s} {v}" for s, v in kinds)
        raise PageError(f"no cbec row for {year} {scope} {vintage}; {exists}")

    def trade_row(year):
        year = _year("trade", year)
        for r in ds.trade:
            if r.year == year:
                return r
        raise PageError(
            f"no goods-trade row for {year}; years in goods_trade.csv: {year_ranges(r.year for r in ds.trade)}"
        )

    @env.macro
    def cbec(year: int, vintage: str, scope: str = "broad"):
        return cbec_row(year, vintage, scope)

    @env.macro
    def trade(year: int):
        return trade_row(year)

    @env.macro
    def fact(key: str):
        key = _text("fact", "key", key)
        if key not in ds.facts:
            raise PageError(f"no fact '{key}' in facts.csv; {closest(key, ds.facts, 'fact keys')}")
        return ds.facts[key]

    @env.macro
    def claim(claim_id: str):
        claim_id = _text("claim", "id", claim_id)
        ids = [c.id for c in ds.claims]
        if claim_id not in ids:
            raise PageError(f"no claim '{claim_id}' in claims.csv; {closest(claim_id, ids, 'claim ids')}")
        return ds.claim(claim_id)

    @env.macro
    def attributed(c) -> str:
        """Who the Global Times report attributes a claim to, worded from data/claims.csv."""
        return attribution(c, lang())

    @env.macro
    def verdicts() -> str:
        """The claims headline, counted from the verdict categories (the same words the chart uses)."""
        return verdict_headline(ds.claims, lang())

    @env.macro
    def as_of(d: str) -> str:
        """How fresh a 'current' figure is, from its source: 'as of May 2024' / '截至2024年5月'."""
        return f"截至{fmt.date(d, 'zh')}" if lang() == "zh" else f"as of {fmt.date(d)}"

    @env.macro
    def share(year: int, vintage: str = "prelim", digits: int = 1) -> str:
        """Cross-border e-commerce as % of goods trade (computed here, and labelled so on pages)."""
        value = 100 * cbec_row(year, vintage).total_tn_cny / trade_row(year).total_tn_cny
        return flagged(value, fmt.num(value, digits) + "%")

    @env.macro
    def latest(vintage: str = "prelim", scope: str = "broad"):
        """The newest non-weak row (cbec/latest.py): what every page and chart calls the latest year."""
        try:
            return latest_cbec(ds, _text("latest", "vintage", vintage), _text("latest", "scope", scope))
        except KeyError as e:
            raise PageError(f"latest({vintage!r}, {scope!r}): {e.args[0]}") from None

    @env.macro
    def freshness():
        """When the data was updated, its newest source, the next expected update (cbec/latest.py)."""
        return data_freshness(ds)

    @env.macro
    def weak_rows() -> str:
        """What is weakly sourced today, in running text (cbec/latest.py)."""
        return weak_rows_text(ds, lang())

    @env.macro
    def update_note() -> str:
        """'Data last updated: … Next expected update: …', in the page's language."""
        return Markup(f'<p class="data-freshness">{chart_html.escape(data_freshness(ds).text(lang()))}</p>')

    @env.macro
    def ratio(a: float, b: float, digits: int = 1) -> str:
        if not b:
            raise PageError(f"ratio({a!r}, {b!r}): the second number is zero")
        return flagged(a / b, fmt.times(a / b, digits, lang()))

    def cite_link(s) -> str:
        """A citation leads to the source's entry on the Sources page, where its confidence is shown; the
        title (Material's tooltip on hover and focus) gives the title and the confidence at once."""
        zh = lang() == "zh"
        rating = chart_html.CODES["zh"][s.confidence] if zh else s.confidence
        tip = f"{s.title}。可信度：{rating}" if zh else f"{s.title}. Confidence: {rating}"
        sep = "，" if zh else ", "
        return (
            f'<a href="{to_root()}{"zh/" if zh else ""}sources/#src-{s.id}" title="{chart_html.escape(tip)}" '
            f'data-confidence="{s.confidence}">{chart_html.escape(chart_html.short_publisher(s, lang()))}{sep}'
            f"{fmt.date(s.date_published, lang())}</a>"
        )

    @env.macro
    def verdict(c) -> str:
        """A claim's verdict badge (symbol, short word, colour) from its verdict_code; the same everywhere.
        A page may pass a category code for a verdict that has no claims.csv row."""
        if isinstance(c, str):
            if c not in verdict_words.VERDICTS:
                raise PageError(
                    f"verdict({c!r}): no such verdict category; {closest(c, verdict_words.VERDICTS, 'categories')}"
                )
            return Markup(verdict_words.badge(c, lang()))
        return Markup(verdict_words.badge(c.verdict_code, lang(), c.id))

    @env.macro
    def claim_reviews() -> str:
        """ClaimReview JSON-LD for every claim in data/claims.csv, for the page that checks them."""
        url = (env.conf.site_url or "") + (env.page.url if env.page else "")
        data = verdict_words.claim_reviews(ds.claims, ds.sources, url, env.conf.site_name, lang())
        return Markup(f'<script type="application/ld+json">{data}</script>')

    @env.macro
    def cite(ids) -> str:
        """Inline citation: '(Publisher, date)' linked to the source; ids as 'a;b' or a record's source_ids."""
        ids = ids.split(";") if isinstance(ids, str) else ids
        ids = list(dict.fromkeys(ids))  # a source cited twice in one place is linked once
        for i in ids:
            if i not in ds.sources:
                raise PageError(f"no source '{i}' in sources.csv; {closest(i, ds.sources, 'source ids')}")
        links = [cite_link(ds.sources[i]) for i in ids]
        if lang() == "zh":
            return Markup('<span class="cite">（' + "；".join(links) + "）</span>")
        return Markup('<span class="cite">(' + "; ".join(links) + ")</span>")

    with_charts = charts_on(env.conf)
    site_url = env.conf.site_url or ""

    def spec(chart_id: str):
        specs = site.charts[lang()]
        if chart_id not in specs:
            raise PageError(f"no chart '{chart_id}'; charts: {', '.join(specs)}")
        return specs[chart_id]

    pages_with_a_chart: set[str] = set()  # a page's first chart is not lazy (its largest paint, often)

    @env.macro
    def chart(chart_id: str) -> str:
        if not with_charts:  # the benchmark's baseline build: same pages, no charts
            return ""
        page = env.page.file.src_uri if env.page else ""
        first = page not in pages_with_a_chart
        pages_with_a_chart.add(page)
        return Markup(
            chart_html.figure_html(
                spec(chart_id), ds, to_root(), site.plotly_path, site_url=site_url, first=first
            )
        )

    @env.macro
    def chart_page(chart_id: str) -> str:
        """The page of one chart (charts/<id>/), made to be embedded: the figure and a link back."""
        if not with_charts:
            return ""
        home = chart_homes(Path(env.conf.docs_dir)).get(chart_id)
        if home is None:
            raise PageError(f"no explainer page shows chart '{chart_id}'")
        sp = spec(chart_id)
        url = site_url + chart_html.chart_page_url(chart_id, lang())
        package = package_html.read_package(ds.data_dir)
        version = str(package.get("version", ""))
        try:
            cff = package_html.read_citation(Path(env.conf.config_file_path).parent / "CITATION.cff", version)
        except ValueError as e:
            raise PageError(str(e)) from None
        meta = chart_html.page_extras(
            sp, url, package_html.citation_line(cff, url), str(package.get("created", ""))[:10], version
        )
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
            + update_note()
        )

    @env.macro
    def chart_gallery() -> str:
        """Every chart as a static thumbnail linking to its page (the Charts page)."""
        if not with_charts:
            return ""
        return Markup(chart_html.gallery(list(site.charts[lang()].values()), to_root()))

    @env.macro
    def chart_key() -> str:
        """What each colour and pattern means in every chart (the Charts page)."""
        return Markup(colour_key(lang()))

    @env.macro
    def source_list() -> str:
        """Every source in the registry, as the Sources page shows it."""
        rows = []
        for s in sorted(ds.sources.values(), key=lambda s: (s.publisher.lower(), s.date_published)):
            e = chart_html.escape
            if lang() == "zh":
                rows.append(
                    f'<li id="src-{s.id}"><a href="{e(web_url(s.url))}">{e(s.title)}</a>。{e(s.publisher_zh)}，'
                    f"{fmt.date(s.date_published, 'zh')}。访问日期：{fmt.date(s.date_accessed.isoformat(), 'zh')}。"
                    f"可信度：{chart_html.CODES['zh'][s.confidence]}。<em>用途：</em>{e(s.used_for_zh)}</li>"
                )
            else:
                rows.append(
                    f'<li id="src-{s.id}"><a href="{e(web_url(s.url))}">{e(s.title)}</a>. '
                    f"{e(s.publisher)}, {fmt.date(s.date_published)}. "
                    f"Accessed {fmt.date(s.date_accessed.isoformat())}. Confidence: {s.confidence}. "
                    f"<em>Used for:</em> {e(s.used_for)}.</li>"
                )
        return Markup('<ol class="source-list">\n' + "\n".join(rows) + "\n</ol>")

    @env.macro
    def csv_columns() -> str:
        """The columns of the chart CSV downloads, explained in the page's language."""
        return Markup(chart_html.column_table(lang()))

    @env.macro
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
        }
        if name not in counts:
            raise PageError(f"no table '{name}'; tables: {', '.join(counts)}")
        return counts[name]

    @env.macro
    def data_package_tables() -> str:
        """Every table and its columns (types, units, meanings, rules), generated from data/datapackage.json."""
        counts = {t.resource: table_rows(name) for name, t in TABLES.items()}
        return (
            update_note()
            + Markup("\n\n")
            + Markup(
                package_html.tables_html(package_html.read_package(ds.data_dir), counts, lang(), to_root())
            )
        )

    @env.macro
    def how_to_cite() -> str:
        """The "How to cite" section, generated from CITATION.cff, with the version of the data."""
        version = package_html.read_package(ds.data_dir).get("version", "")
        try:
            cff = package_html.read_citation(Path(env.conf.config_file_path).parent / "CITATION.cff", version)
        except ValueError as e:
            raise PageError(str(e)) from None
        url = (env.conf.site_url or "") + ("zh/" if lang() == "zh" else "")
        return Markup(package_html.citation_markdown(cff, lang(), url, version))

    # Errors in page code: "docs/<page>.md:<line>: reason", no traceback (cbec/mkdocs/page_errors.py).
    ours = [
        "cbec",
        "trade",
        "fact",
        "claim",
        "attributed",
        "verdicts",
        "verdict",
        "claim_reviews",
        "as_of",
        "share",
        "ratio",
        "cite",
        "chart",
        "latest",
        "freshness",
        "update_note",
        "source_list",
        "csv_columns",
        "table_rows",
        "data_package_tables",
        "how_to_cite",
        "chart_page",
        "chart_gallery",
        "ds",
    ]
    install(
        Path(env.conf.config_file_path).parent,
        ours,
        ["num", "pct", "tn", "bn", "times", "date", "lead", "lcfirst"],
    )


def on_pre_page_macros(env):
    """Before each page is compiled: route every printed value, and every `~` join, through the weak-number flag."""
    env.env.finalize = env.variables["_finalize"]
    env.env.code_generator_class = KeepWeakJoins
    env.env.weak_join = env.variables["_weak_join"]
