"""Charts as a reader gets them, in Debian's headless Chromium against the built site served like GitHub Pages."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from conftest import page_file, pages, show_charts

pytestmark = pytest.mark.browser

ALL_RENDERED = ("() => { const c = [...document.querySelectorAll('.chart__plot')];"
                " return c.length > 0 && c.every(e => e.dataset.state === 'rendered'); }")


def chart_pages(site) -> list[str]:
    return [u for u in pages(site) if 'class="chart__plot"' in page_file(site, u).read_text("utf-8")]


def chart_ids(site, url) -> list[str]:
    return re.findall(r'data-chart="assets/charts/(?:zh/)?([a-z0-9-]+)\.json"', page_file(site, url).read_text("utf-8"))


def watch(page, server):
    """Record requests to any other origin, console errors and uncaught exceptions."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(server))
    problems: list[str] = []
    page.on("request", lambda r: None if r.url.startswith((origin, "data:", "blob:"))
            else problems.append(f"request to another host: {r.url}"))
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    return problems


def wait_rendered(page, ids: list[str] | None = None):
    """Wait until every chart on the page is drawn; with ``ids``, until those are the page's charts
    (after an instant navigation the old page's charts stay in the DOM for a moment)."""
    if ids is not None:
        page.wait_for_function("""ids => JSON.stringify([...document.querySelectorAll('.chart__plot')]
            .map(e => e.dataset.chart.split('/').pop().replace('.json', '')).sort()) === JSON.stringify(ids)""",
                               arg=sorted(ids), timeout=20_000)
    show_charts(page)


def drawn_ids(page) -> list[str]:
    """Chart ids whose plot holds a drawn SVG with at least one trace."""
    return page.evaluate("""() => [...document.querySelectorAll('.chart__plot')]
        .filter(e => e.querySelector('svg.main-svg .plot .trace, svg.main-svg .barlayer .point, svg.main-svg .scatterlayer .trace'))
        .map(e => e.dataset.chart.split('/').pop().replace('.json', ''))""")


def tick_fill(page) -> str:
    return page.evaluate("getComputedStyle(document.querySelector('.chart__plot .ytick text')).fill")


def test_every_chart_renders_on_full_load(site, server, browser):
    page = browser.new_page()
    problems = watch(page, server)
    seen = []
    for url in chart_pages(site):
        page.goto(server + url)
        wait_rendered(page)
        assert sorted(drawn_ids(page)) == sorted(chart_ids(site, url)), url
        seen += chart_ids(site, url)
    assert len(seen) >= 7
    assert not problems, problems


def test_charts_render_after_instant_navigation_and_back(site, server, browser):
    page = browser.new_page()
    problems = watch(page, server)
    page.goto(server)
    page.evaluate("window.__sameDocument = true")  # survives only if navigation is instant
    targets = [u for u in chart_pages(site) if not u.startswith("zh/")]
    assert len(targets) >= 2
    for url in targets:
        page.click(f'.md-sidebar--primary a.md-nav__link[href$="{url}"]')
        # navigation.tracking may add the heading in view as #hash: compare the page, not the hash
        page.wait_for_url(lambda u, url=url: u.split("#")[0] == server + url)
        wait_rendered(page, chart_ids(site, url))
        assert sorted(drawn_ids(page)) == sorted(chart_ids(site, url))
        assert page.evaluate("window.__sameDocument === true"), "navigation was a full page load"
    page.go_back()
    page.wait_for_url(lambda u: u.split("#")[0] == server + targets[-2])
    wait_rendered(page, chart_ids(site, targets[-2]))
    assert sorted(drawn_ids(page)) == sorted(chart_ids(site, targets[-2]))
    assert page.evaluate("window.__sameDocument === true")
    assert not problems, problems


def _toggle_until(page, scheme: str):
    for _ in range(3):
        if page.evaluate("document.body.dataset.mdColorScheme") == scheme:
            return
        checked = page.evaluate("document.querySelector('form[data-md-component=palette] input:checked')?.id ?? ''")
        page.locator("form[data-md-component=palette] label.md-header__button:visible").first.click()
        # the next palette is selected and applied to the page (Material copies its media query to <body>)
        page.wait_for_function("""id => {
            const input = document.querySelector('form[data-md-component=palette] input:checked');
            return input && input.id !== id && document.body.dataset.mdColorMedia === input.dataset.mdColorMedia;
        }""", arg=checked)
    assert page.evaluate("document.body.dataset.mdColorScheme") == scheme


def test_charts_follow_the_light_dark_toggle_at_once(site, server, browser):
    page = browser.new_page()
    problems = watch(page, server)
    url = chart_pages(site)[0]
    page.goto(server + url)
    page.evaluate("window.__sameDocument = true")
    _toggle_until(page, "default")
    wait_rendered(page)
    page.wait_for_function("[...document.querySelectorAll('.chart__plot')].every(e => e.dataset.scheme === 'default')")
    light = tick_fill(page)
    _toggle_until(page, "slate")
    page.wait_for_function("[...document.querySelectorAll('.chart__plot')].every(e => e.dataset.scheme === 'slate')",
                           timeout=5_000)
    dark = tick_fill(page)
    assert light != dark
    # dark text on a light page and light text on a dark page
    lum = lambda rgb: sum(int(v) for v in re.findall(r"\d+", rgb)[:3])  # noqa: E731
    assert lum(dark) > lum(light)
    assert page.evaluate("window.__sameDocument === true"), "toggling must not reload the page"
    assert not problems, problems


def test_stored_dark_preference_draws_dark_from_the_start(site, server, browser):
    page = browser.new_page()
    url = chart_pages(site)[0]
    page.goto(server + url)
    _toggle_until(page, "slate")
    page.reload()
    # Record every scheme each chart is drawn in: a dark start means no light frame first.
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    wait_rendered(page)
    assert page.evaluate("[...document.querySelectorAll('.chart__plot')].map(e => e.dataset.scheme)") == \
        ["slate"] * len(chart_ids(site, url))


def test_system_dark_mode_is_followed(site, server, playwright_instance, tmp_path):
    from conftest import CHROMIUM, CHROMIUM_ARGS
    context = playwright_instance.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, color_scheme="dark")
    page = context.new_page()
    page.goto(server + chart_pages(site)[0])
    wait_rendered(page)
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    assert set(page.evaluate("[...document.querySelectorAll('.chart__plot')].map(e => e.dataset.scheme)")) == {"slate"}
    context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_charts_fill_the_width_without_layout_shift(site, server, browser, width):
    page = browser.new_page()
    page.set_viewport_size({"width": width, "height": 800})
    # Heights of the reserved boxes before plotly.js has run.
    page.add_init_script("""document.addEventListener('DOMContentLoaded', () => {
        window.__before = [...document.querySelectorAll('.chart__plot')].map(e => e.getBoundingClientRect().height); });""")
    for url in chart_pages(site):
        page.goto(server + url)
        wait_rendered(page)
        boxes = page.evaluate("""() => [...document.querySelectorAll('.chart__plot')].map(e => {
            const svg = e.querySelector('svg.main-svg').getBoundingClientRect();
            const fig = e.closest('figure').getBoundingClientRect();
            return {box: e.getBoundingClientRect().height, svgW: svg.width, svgH: svg.height, figW: fig.width,
                    touch: getComputedStyle(e).touchAction}; })""")
        before = page.evaluate("window.__before")
        for b, h0 in zip(boxes, before, strict=True):
            assert abs(b["box"] - h0) < 1, f"{url}: chart box changed height {h0} -> {b['box']}"
            assert abs(b["svgW"] - b["figW"]) < 2, f"{url}: chart {b['svgW']}px wide in a {b['figW']}px figure"
            assert abs(b["svgH"] - b["box"]) < 2
            assert b["touch"] == "pan-y"
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at {width}px"


def test_modebar_has_png_with_title_and_source_and_nothing_else(site, server, browser):
    page = browser.new_page()
    url = chart_pages(site)[0]
    page.goto(server + url)
    wait_rendered(page)
    first = page.locator(".chart__plot").first
    assert first.locator(".modebar-btn--logo").count() == 0
    buttons = first.locator(".modebar-btn")
    assert buttons.count() == 1
    assert "PNG" in buttons.first.get_attribute("data-title")
    # Capture what would be exported instead of writing a file.
    page.evaluate("""() => { window.__exported = null;
        window.Plotly.downloadImage = (fig, opts) => { window.__exported = {layout: fig.layout, opts}; return Promise.resolve(); }; }""")
    first.hover()
    buttons.first.click()
    exported = page.evaluate("window.__exported")
    figure = first.locator("xpath=ancestor::figure")
    title = figure.locator(".chart__title").inner_text()
    assert title in exported["layout"]["title"]["text"]
    assert any(a["text"].startswith("Source: ") for a in exported["layout"]["annotations"])
    assert exported["opts"]["format"] == "png"
    assert exported["opts"]["filename"] == chart_ids(site, url)[0]


def test_chart_svg_has_accessible_name_and_description(site, server, browser):
    page = browser.new_page()
    for url in chart_pages(site):
        page.goto(server + url)
        wait_rendered(page)
        info = page.evaluate("""() => [...document.querySelectorAll('.chart__plot')].map(e => {
            const svg = e.querySelector('svg.main-svg');
            const name = document.getElementById(svg.getAttribute('aria-labelledby'));
            const desc = document.getElementById(svg.getAttribute('aria-describedby'));
            return {role: svg.getAttribute('role'), name: name && name.textContent, desc: desc && desc.textContent}; })""")
        for i in info:
            assert i["role"] == "img" and i["name"] and len(i["desc"]) > 40, (url, i)


def test_every_page_loads_without_foreign_requests_or_errors(site, server, browser):
    page = browser.new_page()
    problems = watch(page, server)
    for url in pages(site):
        page.goto(server + url)
        page.wait_for_load_state("networkidle")
        show_charts(page)
    page.goto(server + "no/such/page/")
    assert page.locator("h1").first.inner_text().strip() == "404 - Not found"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
    problems = [p for p in problems if "404 (Not Found)" not in p]  # the deliberate missing page
    assert not problems, problems


def test_plotly_loads_only_when_a_chart_nears_the_viewport(site, server, browser):
    """A phone reader at the top of a chart page has fetched no plotly.js yet; scrolling to a chart loads it once."""
    page = browser.new_page()
    page.set_viewport_size({"width": 360, "height": 560})
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url) if "plotly" in r.url else None)
    url = next(u for u in chart_pages(site) if not u.startswith("zh/"))
    page.goto(server + url, wait_until="networkidle")
    first_chart_top = page.evaluate("document.querySelector('.chart__plot').getBoundingClientRect().top")
    assert first_chart_top > 1.5 * 560, "this check needs a page whose first chart is below the fold"
    assert requested == []
    show_charts(page)
    assert len(requested) == 1, requested
