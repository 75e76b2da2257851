"""What every macro needs to know about the page it runs on: its language, the way to the site
root, and how a weakly sourced number is flagged there. Shared by the macro modules
(macros_data.py, macros_charts.py, macros_package.py) that cbec/mkdocs/macros.py wires up."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from cbec import chart_html, fmt, package_html
from cbec.latest import freshness
from cbec.site import Site
from cbec.text_out import Markup, html_text
from cbec.values import is_weak

from .page_errors import PageError
from .page_urls import relative_root

F = TypeVar("F", bound=Callable[..., Any])


class PageContext:
    """The mkdocs-macros ``env`` and the built Site, seen from the page being rendered (``env.page``)."""

    def __init__(self, env: Any, site: Site) -> None:
        self.env, self.site, self.ds = env, site, site.ds
        self.names: list[str] = []  # the macros registered, for error messages (page_errors.install)

    def macro(self, f: F) -> F:
        """Register ``f`` as a macro pages may call, under its own name."""
        self.env.macro(f)
        self.names.append(f.__name__)
        return f

    def lang(self) -> str:
        """The page's language: Chinese pages are index.zh.md etc. (mkdocs-static-i18n, suffix layout)."""
        page = self.env.page
        if page is None:
            return "en"
        return "zh" if page.file.src_uri.endswith(".zh.md") or page.url.startswith("zh/") else "en"

    def to_root(self) -> str:
        return relative_root(self.env.page.url if self.env.page else "")

    def flagged(self, value: object, text: str) -> str:
        """A weakly sourced number always carries a visible flag linked to what 'weak' means."""
        if not is_weak(value):
            return text
        zh = self.lang() == "zh"
        title = (
            "来源可信度弱：单一低质量或无法追溯的来源"
            if zh
            else "Rated weak: one low-quality or untraceable source"
        )
        word = fmt.WEAK_MARK[self.lang()].strip(" （）()")
        link = (
            f'<a href="{self.to_root()}{"zh/" if zh else ""}sources/#confidence" title="{title}">{word}</a>'
        )
        return Markup(
            html_text(text)
            + (
                f'<span class="weak-flag">（{link}）</span>'
                if zh
                else f' <span class="weak-flag">({link})</span>'
            )
        )

    def update_note(self, version: str = "") -> str:
        """'Data last updated: … Next expected update: …', in the page's language; with the data's
        version beside the date where given (a chart page's foot, its one statement of the date)."""
        text = freshness(self.ds).text(self.lang(), version)
        return Markup(f'<p class="data-freshness">{chart_html.escape(text)}</p>')

    def citation(self, version: str) -> dict[str, Any]:
        """CITATION.cff (beside mkdocs.yml), checked against the data package's ``version``: a mistake in it
        stops the page that cites, naming the file and line."""
        try:
            return package_html.read_citation(
                Path(self.env.conf.config_file_path).parent / "CITATION.cff", version
            )
        except ValueError as e:
            raise PageError(str(e)) from None
