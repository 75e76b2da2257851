"""The Corrections and updates page: data/corrections.csv as a table, newest first (cbec/corrections.py)."""

from __future__ import annotations

from pathlib import Path

from cbec import fmt
from cbec.text_out import Markup, html_text

from .page_context import PageContext
from .page_errors import PageError


def register(page: PageContext) -> None:
    ds, lang, to_root, macro = page.ds, page.lang, page.to_root, page.macro

    def page_link(path: str, zh: bool) -> str:
        """A row's page, linked in the reader's language; a page the site does not have stops the build."""
        doc = path.split("#")[0].strip("/") or "index"
        docs = Path(page.env.conf.docs_dir)
        chart = (
            doc.startswith("charts/")
            and (Path(__file__).parents[1] / "charts" / doc[7:].replace("-", "_")).is_dir()
        )
        if not chart and not (docs / f"{doc}.md").is_file():
            raise PageError(f"corrections.csv: page '{path}' is not a page of the site")
        return f"{to_root()}{'zh/' if zh else ''}{path}"

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
        rows = []
        for c in sorted(ds.corrections, key=lambda c: (c.date, c.line), reverse=True):
            href = page_link(c.page, zh)
            cells = (
                fmt.date(c.date, lang()),
                f'<a href="{html_text(href)}">{html_text(c.page)}</a>',
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
            f'<div class="table-cards"><table class="corrections-table"><thead><tr>{header}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )
