"""A chart in another site's page (issue 28): a compact embed like Datawrapper's, a snippet whose
fixed height is the embed's real height, a script-free snippet that keeps its proportions, and the
auto-height script that fits the frame to the content at any width."""

from __future__ import annotations

import html
import re

import pytest
from conftest import SITE_URL, page_file

from cbec.charts import CHARTS

LANGS = {"en": "", "zh": "zh/"}
HOST_WIDTHS = (300, 600, 900)


def snippets(site, lang: str, chart_id: str, server: str) -> tuple[str, str]:
    """The two snippets of a chart page's Embed box, pointing at the test server."""
    page = page_file(site, f"{LANGS[lang]}charts/{chart_id}/").read_text("utf-8")
    codes = re.findall(r"<textarea[^>]*>(.*?)</textarea>", page.split('class="chart__embed"')[1], re.S)
    assert len(codes) == 2, chart_id
    return tuple(html.unescape(c).replace(SITE_URL, server) for c in codes)


def host_page(page, server: str, body: str) -> None:
    """A page of another site holding ``body`` (its origin is the test server's: a route, no file)."""
    body = body.replace(' loading="lazy"', "")  # frames below the fold load too
    doc = f"<!doctype html><meta charset=utf-8><body style='margin:0'>{body}<p>After the chart.</p>"
    page.route("**/host.html", lambda route: route.fulfill(body=doc, content_type="text/html"))
    page.goto(server + "host.html")


def frames_drawn(page) -> None:
    """Every frame's theme scripts have run and its chart image has arrived. A chart's images are lazy
    (only its first, preloaded, is asked for at once), as on a real host page: each frame is brought
    into view in turn, as a reader scrolling the host page would, then the page goes back to its top."""
    frames = page.locator("iframe")
    for i in range(frames.count()):
        frames.nth(i).scroll_into_view_if_needed()
        page.wait_for_function(
            """f => f.contentWindow && f.contentWindow.cbecScriptsLoaded === true
               && [...f.contentDocument.querySelectorAll('.chart__static img')].filter(i => i.offsetParent)
                  .every(i => i.complete && i.naturalWidth > 0)""",
            arg=frames.nth(i).element_handle(),
            timeout=30_000,
        )
    page.evaluate("window.scrollTo(0, 0)")


CONTENT = """f => Math.ceil(f.contentDocument.querySelector('.md-content').getBoundingClientRect().bottom)"""


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_an_embed_is_the_chart_and_one_footer_line(site, server, browser, lang):
    """Inside a frame a chart page shows its kicker, headline, chart and one footer line (source, data,
    full page, licence); the summary stays for screen readers; the rest is on the full page."""
    page = browser.new_page()
    script, _ = snippets(site, lang, "cbec-vintages", server)
    host_page(page, server, f"<div style='width:600px'>{script}</div>")
    frames_drawn(page)
    frame = page.frame_locator("iframe")
    for shown in [
        ".chart-kicker",
        ".chart__title",
        ".chart__subtitle",
        ".chart__plot img",
        ".chart__embed-foot",
    ]:
        assert frame.locator(shown).locator("visible=true").count() >= 1, shown
    for hidden in [
        ".chart__source",
        ".chart__data",
        ".chart__actions",
        ".chart__meta",
        ".chart__cite",
        ".chart__embed",
        ".data-freshness",
        ".md-header",
        ".md-footer",
    ]:
        assert frame.locator(hidden).locator("visible=true").count() == 0, hidden
    notes = frame.locator(".chart__notes li").locator("visible=true").all_inner_texts()
    assert all(n.startswith("* ") for n in notes) and notes, notes  # only the weak-source note
    summary = frame.locator(".chart__summary")
    assert summary.evaluate("e => e.getBoundingClientRect().width") <= 1  # visually hidden, still read
    assert frame.locator(".chart__plot img").locator("visible=true").first.get_attribute(
        "aria-describedby"
    ) == summary.get_attribute("id")
    foot = frame.locator(".chart__embed-foot")
    assert (
        foot.evaluate("e => e.getBoundingClientRect().height") < 50
    )  # one paragraph, two lines at most at 600 px
    hrefs = foot.locator("a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert hrefs[0].endswith("downloads/cbec-vintages.csv"), hrefs
    assert hrefs[1].endswith(f"{LANGS[lang]}charts/cbec-vintages/"), hrefs
    assert "creativecommons.org/licenses/by/4.0" in hrefs[2], hrefs
    assert foot.inner_text().startswith("Source: " if lang == "en" else "资料来源："), foot.inner_text()


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_the_snippet_height_is_the_embed_height_and_the_script_fits_it_at_any_width(
    site, server, browser, lang
):
    """Every chart's snippet in a 300, 600 and 900 px column: the script fits each frame to its content,
    and the height the snippet writes is the real one at 600 px within 10%. At 600 px an embed is
    Datawrapper's size, at most 550 px (at least 400: the Chinese headlines take one line), every chart
    (the claims' panels in two columns, the timeline's legend beside its plot: their medium layouts)."""
    page = browser.new_page()
    page.set_viewport_size({"width": 1000, "height": 900})
    body, written = "", {}
    for chart_id in CHARTS:
        script, _ = snippets(site, lang, chart_id, server)
        written[chart_id] = int(re.search(r'height="(\d+)"', script)[1])
        for w in HOST_WIDTHS:
            frame = script.replace("data-cbec-chart", f"data-cbec-chart data-id='{chart_id}' data-w='{w}'", 1)
            body += f"<div style='width:{w}px'>{frame.split('<script>')[0]}</div>"
    host_page(page, server, body + "<script>" + script.split("<script>")[1])
    frames_drawn(page)
    page.wait_for_function(
        f"""[...document.querySelectorAll('iframe')]
            .every(f => Math.abs(f.getBoundingClientRect().height - ({CONTENT})(f)) <= 1)""",
        timeout=10_000,
    )
    real = page.evaluate(
        """[...document.querySelectorAll('iframe[data-w="600"]')]
            .map(f => [f.dataset.id, f.getBoundingClientRect().height])"""
    )
    assert sorted(c for c, _ in real) == sorted(CHARTS), real
    for chart_id, h in real:
        assert abs(written[chart_id] - h) <= 0.1 * h, (lang, chart_id, written[chart_id], h)
        assert 400 <= h <= 550, (lang, chart_id, h)


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_without_its_script_an_embed_keeps_its_proportions_and_nothing_is_cut_off(
    site, server, browser, lang
):
    """The script-free snippet (a host that strips scripts) at 300, 450, 600, 750 and 900 px: the frame is
    at least as tall as its content (nothing cut off, no inner scrollbar) and at most 35% taller."""
    page = browser.new_page()
    page.set_viewport_size({"width": 1000, "height": 900})
    body = ""
    for chart_id in CHARTS:
        _, static = snippets(site, lang, chart_id, server)
        assert "<script" not in static
        for w in (300, 450, 600, 750, 900):
            body += f"<div style='width:{w}px' data-id='{chart_id}' data-w='{w}'>{static}</div>"
    host_page(page, server, body)
    frames_drawn(page)
    sizes = page.evaluate(
        f"""[...document.querySelectorAll('iframe')].map(f => [f.parentElement.parentElement.parentElement.dataset.id,
            +f.parentElement.parentElement.parentElement.dataset.w, f.getBoundingClientRect().height, ({CONTENT})(f),
            f.contentDocument.documentElement.scrollHeight > f.contentDocument.documentElement.clientHeight])"""
    )
    for chart_id, w, frame, content, scrolls in sizes:
        assert content <= frame <= 1.35 * content and not scrolls, (lang, chart_id, w, frame, content)
