"""Right without JavaScript (issue 28): no sideways scroll on a phone, and every page's language links
lead to that same page in the other language, as written at build time."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
from conftest import SUBPATH, page_file, pages

from cbec.mkdocs.page_languages import counterparts


def test_every_page_links_its_counterpart_in_each_language(site):
    """The header's language menu of every page, as built, leads to that page in each language; the head
    carries no hreflang tag (they named the two Home pages; per-page pairs are in sitemap.xml, test_i18n)."""
    checked = 0
    for url in pages(site):
        html = page_file(site, url).read_text("utf-8")
        base = "https://x.test" + SUBPATH + url
        want = {lang: "https://x.test" + SUBPATH + u for lang, u in counterparts(url).items()}
        menu = re.findall(r'<a href="([^"]*)" hreflang="([a-z-]+)" class="md-select__link">', html)
        assert {lang: urljoin(base, href) for href, lang in menu} == want, (url, menu)
        assert not re.search(r'<link rel="alternate" href="[^"]*" hreflang=', html.split("</head>")[0]), url
        checked += 1
    assert checked == len(pages(site)) and checked > 20


@pytest.fixture
def no_js(new_context):
    return new_context(
        java_script_enabled=False,
        viewport={"width": 360, "height": 800},
        is_mobile=True,
        has_touch=True,
    )


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_without_javascript_a_phone_page_does_not_scroll_sideways(server, no_js, scheme):
    page = no_js.new_page()
    page.emulate_media(color_scheme=scheme)
    for url in ["", "numbers/", "charts/cbec-vintages/", "zh/", "zh/charts/", "zh/sources/"]:
        page.goto(server + url)
        assert page.evaluate("document.documentElement.classList.contains('no-js')"), url
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, (url, scheme, width)


@pytest.mark.browser
def test_without_javascript_the_language_menu_leads_to_the_same_page(server, no_js):
    page = no_js.new_page()
    for start, lang, lands in [
        ("numbers/", "zh", "zh/numbers/"),
        ("zh/charts/claims/", "en", "charts/claims/"),
    ]:
        page.goto(server + start)
        page.locator(f'a.md-select__link[hreflang="{lang}"]').dispatch_event("click")
        page.wait_for_url(server + lands)
