"""The Corrections and updates page: data/corrections.csv as a table, newest first (cbec/corrections.py)."""

from __future__ import annotations

import re
from pathlib import Path

from cbec import fmt
from cbec.charts import CHARTS
from cbec.charts import words as chart_words
from cbec.text_out import Markup, html_text

from .page_context import PageContext
from .page_errors import PageError


def register(page: PageContext) -> None:
    ds, lang, to_root, macro = page.ds, page.lang, page.to_root, page.macro

    def page_link(path: str, zh: bool) -> str:
        """A row's page, linked by its title in the reader's language; a page the site lacks stops the build."""
        doc = path.split("#")[0].strip("/") or "index"
        if doc.startswith("charts/") and doc[len("charts/") :] in CHARTS:
            title = chart_words(doc[len("charts/") :])["page_title"]["zh" if zh else "en"]
        else:
            md = Path(page.env.conf.docs_dir) / f"{doc}{'.zh' if zh else ''}.md"
            if not md.is_file():
                raise PageError(f"corrections.csv: page '{path}' is not a page of the site")
            h1 = re.search(r"^# (.+?)(\s*\{[^}]*\})?\s*$", md.read_text("utf-8"), re.M)  # its heading
            title = h1.group(1) if h1 else doc
        href = f"{to_root()}{'zh/' if zh else ''}{path}"
        return f'<a href="{html_text(href)}">{html_text(title)}</a>'

    @macro
    def corrections_table() -> str:
        """Every correction and update, newest first: date, page, what was said, what it says now, why, sources."""
        zh = lang() == "zh"
        cite = page.env.macros["cite"]
        head = (
            ("日期", "页面", "原来的说法", "现在的说法", "原因", "来源")
            if zh
            else ("Date", "Page", "What it said", "What it says now", "Why", "Sources")
        )
        claims = {c.id: (c.claim_zh if zh else c.claim) for c in ds.claims}
        rows = []
        for c in sorted(ds.corrections, key=lambda c: (c.date, c.line), reverse=True):
            # two rows on one page with the same words differ by the claim they are about (review #18)
            about = f"<br>{html_text(claims[c.claim_id])}" if c.claim_id in claims else ""
            cells = (
                fmt.date(c.date, lang()),
                page_link(c.page, zh) + about,
                html_text(c.was_zh if zh else c.was),
                html_text(c.now_zh if zh else c.now),
                html_text(c.why_zh if zh else c.why),
                cite(c.source_ids),
            )
            # data-label: on a phone each row becomes a card that names its columns (site.css .table-cards)
            tds = "".join(f'<td data-label="{h}">{v}</td>' for h, v in zip(head, cells))
            rows.append(f'<tr id="correction-{c.key}">{tds}</tr>')
        header = "".join(f'<th scope="col">{h}</th>' for h in head)
        return Markup(
            f'<div class="table-cards"><table><thead><tr>{header}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )
