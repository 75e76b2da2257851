"""mkdocs-macros entry point: what page authors can write inside ``{{ }}``.

Pages never type a number; they ask the data for it, for example
``{{ cbec(2020, "prelim").total_tn_cny | tn }}`` or ``{{ chart("pilot-zones") }}``.
See CONTRIBUTING.md ("Writing pages") for the full list. The data is loaded once (site_config.py);
the macros live by what they show: macros_data.py (rows, facts, claims, citations), macros_charts.py
(charts) and macros_package.py (sources, tables, citation); the filters are here.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from jinja2.filters import do_int

# mkdocs-macros loads this file by path: the imports are absolute (the cbec package is installed).
from cbec import fmt
from cbec.charts.common import lower_first
from cbec.mkdocs import (
    macros_charts,
    macros_corrections,
    macros_data,
    macros_events,
    macros_package,
    page_sandbox,
)
from cbec.mkdocs.page_context import PageContext
from cbec.mkdocs.page_errors import install
from cbec.mkdocs.site_config import charts_on, load_site
from cbec.mkdocs.weak_jinja import KeepWeakJoins, keep_weak, keep_weak_text, weak_join
from cbec.text_out import html_text
from cbec.values import headline, is_weak

log = logging.getLogger("mkdocs.plugins.macros_site")

FILTERS = ["num", "pct", "tn", "bn", "times", "sig", "date", "lead", "lcfirst"]


def define_env(env: Any) -> None:
    page = PageContext(env, load_site(env.conf))
    lang, flagged = page.lang, page.flagged

    if not charts_on(env.conf):  # CBEC_CHARTS=false left in a shell would publish a site without charts
        log.info("Charts are off (CBEC_CHARTS=false / extra.charts): the pages are built without charts")

    env.filter(lambda v, digits=None: flagged(v, fmt.num(v, digits)), "num")
    env.filter(lambda v, digits=None, signed=True: flagged(v, fmt.pct(v, digits, signed)), "pct")
    env.filter(lambda v, digits=None: flagged(v, fmt.tn(v, digits, lang())), "tn")
    env.filter(lambda v, digits=None: flagged(v, fmt.bn(v, digits, lang())), "bn")
    env.filter(lambda v, digits=1: flagged(v, fmt.times(v, digits, lang())), "times")
    env.filter(fmt.sig, "sig")  # '{{ estimate | sig | bn }}': a computed estimate to 2 significant figures

    def lead(value: float, digits: int | None = None) -> str:
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
    env.variables["ds"] = page.ds

    macros_data.register(page)
    macros_charts.register(page)
    macros_package.register(page)
    macros_events.register(page)  # after macros_data: events_table() cites
    macros_corrections.register(page)  # after macros_data: corrections_table() cites

    # Errors in page code: "docs/<page>.md:<line>: reason", no traceback (cbec/mkdocs/page_errors.py).
    install(Path(env.conf.config_file_path).parent, [*page.names, "ds"], FILTERS)
    # Page code is text plus these macros: a sandbox, and nothing of the machine (cbec/mkdocs/page_sandbox.py).
    page_sandbox.install(env, page.names)


def on_pre_page_macros(env: Any) -> None:
    """Before each page is compiled: route every printed value, and every `~` join, through the weak-number flag."""
    page_sandbox.sandbox(env)
    env.env.finalize = env.variables["_finalize"]
    env.env.code_generator_class = KeepWeakJoins
