"""Small things a careful reader notices (issue 28, finding 8): a chart page's first Tab stop is a skip
link to its chart, also after instant navigation; a story page's chart leads to its chart page."""

from __future__ import annotations

import pytest
from conftest import open_for_instant_navigation, wait_for_page

LANGS = {"en": "", "zh": "zh/"}


def skip_to_the_chart(page, chart_id: str) -> None:
    """The first Tab focuses the skip link; following it puts focus on the chart's figure."""
    page.keyboard.press("Tab")
    link = page.evaluate("[document.activeElement.className, document.activeElement.getAttribute('href')]")
    assert "md-skip" in link[0] and link[1].endswith(f"#fig-{chart_id}"), link
    here = page.url.split("#")[0]
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if r.url.split("#")[0] == here else None)
    page.keyboard.press("Enter")
    page.wait_for_function("id => document.activeElement.id === id", arg=f"fig-{chart_id}")
    # within the page: Material's instant navigation took the click, fetched this page again and swapped
    # it in, replacing the focused figure (so on a loaded machine the next Tab went back to the top)
    assert not fetched, f"following the skip link fetched the page again: {fetched}"
    page.keyboard.press("Tab")  # and on from there: into the chart (its unit switch or the chart itself)
    assert page.evaluate("document.activeElement.closest('figure.chart').id") == f"fig-{chart_id}"


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_a_chart_page_starts_with_a_skip_link_to_its_chart(server, browser, lang):
    page = browser.new_page()
    prefix = LANGS[lang]
    page.goto(server + prefix + "charts/claims/")
    # Once the theme's scripts run (after the first paint), the skip link is theirs to follow too.
    page.wait_for_function("window.cbecScriptsLoaded === true")
    skip_to_the_chart(page, "claims")
    # A story page, then its chart's one line to the chart's own page, by instant navigation: Material
    # swaps its skip component with the new page's, so the link leads to the new page's chart.
    open_for_instant_navigation(page, server, prefix + "numbers/")
    page.evaluate("window.__sameDocument = true")  # survives only if navigation is instant
    page.locator("#fig-cbec-vintages .chart__more a").click()
    wait_for_page(page, server + prefix + "charts/cbec-vintages/")
    page.wait_for_function(  # the new content is in (the address changes first)
        """document.querySelector('figure.chart--page#fig-cbec-vintages')
        && /#fig-cbec-vintages$/.test(document.querySelector('.md-skip').getAttribute('href'))"""
    )
    assert page.evaluate("window.__sameDocument") is True, "the navigation was not instant"
    skip_to_the_chart(page, "cbec-vintages")


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 768])
@pytest.mark.parametrize("lang", LANGS)
def test_the_data_tables_file_names_stay_whole_on_a_phone_and_a_tablet(server, browser, lang, width):
    """'How the data is kept' lists each CSV file: its name is one line ('sources.csv', never 'sourc / es
    / .csv'), and the table still fits the column (no sideways scroll)."""
    page = browser.new_page()
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(server + LANGS[lang] + "sources/")
    names = page.locator("#data ~ * table").first.locator("tbody tr td:first-child code")
    assert names.count() >= 5
    lines = names.evaluate_all("els => els.map(e => [e.textContent, e.getClientRects().length])")
    broken = [name for name, rects in lines if rects != 1]
    assert not broken, f"file names broken over lines at {width} px: {broken}"
    wrap = names.first.evaluate(
        "e => { const w = e.closest('.md-typeset__scrollwrap') || e.closest('table');"
        " return [w.scrollWidth, w.clientWidth]; }"
    )
    assert wrap[0] <= wrap[1] + 1, f"the table scrolls sideways at {width} px: {wrap}"
