"""Print on A4 (issue 28), from the PDFs Chromium makes: a chart's title on the page of its chart, no
page left more than half empty before a chart, whole words in the claims table, and on paper from dark
mode dark links and verdict badges inside their cells. EN and ZH, light and dark."""

from __future__ import annotations

import re
import unicodedata

import pytest
from conftest import images_loaded
from pdf_text import pdf_pages
from test_quality import in_pdf

LUMINANCE = """c => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(x => x / 255)
    .map(x => x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; }"""


def printed(page, path) -> list[tuple[str, float, float]]:
    """Each page of the printed PDF: its text, the lowest text's height from the foot, the page height."""
    page.pdf(path=str(path), format="A4", print_background=True)
    return [(p.text, min((c.bottom for c in p.chars), default=p.height), p.height) for p in pdf_pages(path)]


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_home_prints_each_chart_with_its_title_and_no_half_empty_page_before_it(
    server, browser, tmp_path, lang, scheme
):
    page = browser.new_page()
    page.emulate_media(color_scheme=scheme)
    page.goto(server + ("zh/" if lang == "zh" else ""))
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # tables open, light images eager
    images_loaded(page)
    # each chart's title, and the last words its printed image (the light desktop SVG) draws
    figures = page.evaluate("""Promise.all([...document.querySelectorAll('figure.chart')].map(async f => {
        const svg = await (await fetch(f.querySelector('.chart__static--light .chart__img--desktop').src)).text();
        const texts = [...new DOMParser().parseFromString(svg, 'image/svg+xml').querySelectorAll('text')]
            .map(t => t.textContent.trim()).filter(t => t.length > 3);
        return [f.querySelector('.chart__title').textContent, texts[texts.length - 1]]; }))""")
    page.emulate_media(media="print", color_scheme=scheme)
    images_loaded(page)
    printed_pages = printed(page, tmp_path / "home.pdf")
    squashed = [re.sub(r"\s+", "", unicodedata.normalize("NFKC", t)) for t, _, _ in printed_pages]
    assert figures
    for title, after in figures:
        where = [i for i, s in enumerate(squashed) if in_pdf(title[:24], s)]
        assert where, (lang, scheme, title)
        i = where[0]
        assert in_pdf(after[:12], squashed[i]), f"{title!r}: its chart ({after!r}) is not on page {i + 1}"
        if i:
            _, lowest, height = printed_pages[i - 1]
            assert lowest <= height / 2, f"page {i} is more than half empty before {title!r}"


@pytest.mark.browser
@pytest.mark.slow
def test_the_claims_table_prints_whole_words(server, browser, tmp_path):
    """The claims chart's data table (on its own page: story pages link to it) prints its English words
    whole (Chinese breaks between any two characters)."""
    page = browser.new_page()
    page.goto(server + "charts/claims/")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # tables open, light images eager
    images_loaded(page)
    page.emulate_media(media="print")
    claims = page.evaluate(  # the cells that print
        """[...document.querySelectorAll('#fig-claims .chart__data td')]
        .filter(td => getComputedStyle(td).display !== 'none').map(td => td.textContent)"""
    )
    text = (
        "\n".join(t for t, _, _ in printed(page, tmp_path / "claims.pdf"))
        .replace("-\n", "")
        .replace("\x02\n", "")
    )
    words = {w for cell in claims for w in re.findall(r"[A-Za-z]{7,}", cell)}
    assert len(words) > 10, words
    broken = [w for w in sorted(words) if not re.search(rf"{w}", text)]
    assert not broken, broken


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_on_paper_links_are_dark_and_badges_stay_in_their_cells(server, browser, lang, scheme):
    page = browser.new_page()
    page.emulate_media(color_scheme=scheme)
    page.goto(server + ("zh/" if lang == "zh" else "") + "numbers/")
    page.emulate_media(media="print", color_scheme=scheme)
    page.wait_for_function(
        "document.getAnimations().every(a => a.playState !== 'running')"
    )  # colour transitions
    links = page.evaluate(f"""[...document.querySelectorAll('.md-content a')].filter(a => a.offsetWidth)
        .map(a => ({LUMINANCE})(getComputedStyle(a).color))""")
    assert links and max(links) < 0.2, (lang, scheme, max(links))
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), background
    spill = page.evaluate("""[...document.querySelectorAll('td .verdict')].filter(b => b.offsetWidth)
        .filter(b => b.getBoundingClientRect().right > b.closest('td').getBoundingClientRect().right + 1)
        .map(b => b.textContent)""")
    assert page.locator("td .verdict").count() and not spill, (lang, scheme, spill)
