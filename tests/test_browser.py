"""Charts as a reader gets them, in Debian's headless Chromium against the built site served like GitHub Pages.

Charts are static images drawn at build time; the live (plotly.js) chart replaces an image only
when a reader points at, taps or focuses it. Both forms are checked here.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import (
    images_loaded,
    open_for_instant_navigation,
    page_file,
    pages,
    show_charts,
    wait_for_page,
)

from cbec import theme
from cbec.charts import CHARTS

pytestmark = pytest.mark.browser

# every chart the registry finds (its folders), never a list kept by hand
CHART_IDS = list(CHARTS)


def chart_pages(site, lang: str | None = None) -> list[str]:
    """Pages with at least one chart: the explainer pages and each chart's own page."""
    out = [u for u in pages(site) if 'class="chart__plot"' in page_file(site, u).read_text("utf-8")]
    return [u for u in out if lang is None or u.startswith("zh/") == (lang == "zh")]


def explainer_pages(site, lang: str | None = None) -> list[str]:
    return [u for u in chart_pages(site, lang) if "charts/" not in u]


def chart_ids(site, url) -> list[str]:
    return re.findall(
        r'data-chart="assets/charts/(?:zh/)?([a-z0-9-]+)\.json"', page_file(site, url).read_text("utf-8")
    )


def watch(page, server):
    """Record requests to any other origin, console errors and uncaught exceptions."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(server))
    problems: list[str] = []
    page.on(
        "request",
        lambda r: (
            None
            if r.url.startswith((origin, "data:", "blob:"))
            else problems.append(f"request to another host: {r.url}")
        ),
    )
    page.on(
        "console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    return problems


def shown_images(page) -> list[dict]:
    """Per chart box: the <img> elements that are displayed (exactly one is expected)."""
    return page.evaluate("""() => [...document.querySelectorAll('.chart__plot')].map(box => ({
        id: box.dataset.chart.split('/').pop().replace('.json', ''),
        title: box.closest('figure').querySelector('.chart__title').textContent,
        imgs: [...box.querySelectorAll('.chart__static img')].filter(i => i.offsetParent !== null).map(i => ({
            src: i.currentSrc, ok: i.complete && i.naturalWidth > 0, alt: i.alt,
            described: i.getAttribute('aria-describedby'), h: i.getBoundingClientRect().height,
            w: i.getBoundingClientRect().width})) }))""")


def live_variants(page) -> list[str]:
    return page.evaluate("[...document.querySelectorAll('.chart__plot')].map(e => e.dataset.variant || '')")


def _toggle_until(page, scheme: str):
    for _ in range(3):
        if page.evaluate("document.body.dataset.mdColorScheme") == scheme:
            return
        checked = (
            "[...document.querySelectorAll('form[data-md-component=palette] label.md-header__button')]"
            ".find(l => l.offsetParent !== null).htmlFor"
        )
        before = page.evaluate(checked)
        page.locator("form[data-md-component=palette] label.md-header__button:visible").first.click()
        page.wait_for_function(f"b => {checked} !== b", arg=before)  # the palette moved on one state
    assert page.evaluate("document.body.dataset.mdColorScheme") == scheme


# --- the static form -------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_chart_shows_its_image_without_javascript(site, server, new_context, lang, scheme):
    context = new_context(
        java_script_enabled=False,
        color_scheme=scheme,
        viewport={"width": 1280, "height": 900},
    )
    page = context.new_page()
    seen = set()
    want = "default"  # without JavaScript the page stays light whatever the system says, and so do its charts
    for url in chart_pages(site, lang):
        page.goto(server + url, wait_until="load")
        assert page.evaluate("document.documentElement.classList.contains('no-js')")
        for chart in shown_images(page):
            assert len(chart["imgs"]) == 1, (url, chart)
            img = chart["imgs"][0]
            assert img["ok"], f"{url}: {chart['id']} image did not load: {img['src']}"
            assert f"/static/{lang}/{chart['id']}-{want}-desktop.svg" in img["src"], (url, img["src"])
            assert img["alt"] == chart["title"] and img["described"] == f"fig-{chart['id']}-summary"
            assert img["h"] > 150
            seen.add(chart["id"])
    assert seen == set(CHART_IDS)
    context.close()


def test_phone_image_text_is_at_least_11px_on_a_360px_screen(site, server, browser):
    """The phone SVGs are drawn 300 px wide; the smallest type in them, times the scale the page
    shows them at on a 360 px screen, must be 11 px or more (test_chart_sizes.py: every width)."""
    page = browser.new_page()
    page.set_viewport_size({"width": 360, "height": 800})
    checked = 0
    for url in explainer_pages(site):
        page.goto(server + url)
        images_loaded(page)
        for chart in shown_images(page):
            img = chart["imgs"][0]
            assert "-phone.svg" in img["src"], img["src"]
            svg = page.request.get(img["src"]).text()
            natural = float(re.search(r'<svg[^>]* width="([\d.]+)"', svg).group(1))
            sizes = [float(s) for s in re.findall(r"font-size:\s*([\d.]+)px", svg)]
            smallest = min(sizes) * img["w"] / natural
            assert smallest >= 11, f"{url} {chart['id']}: text renders at {smallest:.1f}px"
            checked += 1
    assert checked == 2 * len(CHART_IDS)


OVERLAPS = """() => {
  const texts = [...document.querySelectorAll('text')].filter(t => t.textContent.trim() !== ''
      && getComputedStyle(t).display !== 'none' && getComputedStyle(t).visibility !== 'hidden'
      && parseFloat(getComputedStyle(t).opacity || '1') > 0);
  const boxes = texts.map(t => [t, t.getBoundingClientRect()]).filter(([t, r]) => r.width > 0 && r.height > 0);
  const out = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const [a, r] = boxes[i], [b, s] = boxes[j];
    const dx = Math.min(r.right, s.right) - Math.max(r.left, s.left);
    const dy = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
    if (dx > 1 && dy > 1) out.push(a.textContent.slice(0, 40) + ' | ' + b.textContent.slice(0, 40));
  }
  return {count: boxes.length, overlaps: out};
}"""


def test_no_text_overlaps_in_any_static_image(site, server, browser):
    """Every page image (chart x language x scheme x width class): no two text boxes overlap.
    An image is drawn at one size for its width class and only scaled, so one check per file
    covers every screen width that shows it."""
    page = browser.new_page()
    files = sorted((site / "assets/charts/static").rglob("*.svg"))
    wanted = {
        f"{lang}/{chart}-{scheme}-{width}.svg"
        for chart in CHART_IDS
        for lang in ("en", "zh")
        for scheme in ("default", "slate")
        for width in theme.WIDTHS
    }
    assert wanted <= {f.relative_to(site / "assets/charts/static").as_posix() for f in files}
    failures = []
    for f in files:
        page.goto(server + f.relative_to(site).as_posix())
        result = page.evaluate(OVERLAPS)
        assert result["count"] >= 3, f
        failures += [f"{f.relative_to(site)}: {o}" for o in result["overlaps"]]
    assert not failures, "\n".join(failures)


# --- the live form ---------------------------------------------------------------------------------


def test_no_plotly_before_interaction_and_exactly_one_after(site, server, browser):
    page = browser.new_page()
    page.set_viewport_size({"width": 1280, "height": 800})
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url) if "plotly" in r.url else None)
    problems = watch(page, server)
    url = next(u for u in explainer_pages(site, "en") if len(chart_ids(site, u)) >= 3)
    page.goto(server + url, wait_until="networkidle")
    images_loaded(page)  # scrolls past every chart, as a reader would
    page.wait_for_load_state("networkidle")
    assert requested == [], "plotly.js must wait for a reader to ask"
    boxes = page.locator(".chart__plot")
    boxes.nth(0).focus()  # keyboard
    page.wait_for_function("document.querySelectorAll('.chart__plot')[0].dataset.state === 'live'")
    boxes.nth(1).hover()  # a mouse pointer
    page.wait_for_function("document.querySelectorAll('.chart__plot')[1].dataset.state === 'live'")
    boxes.nth(2).dispatch_event("click")  # a tap
    page.wait_for_function("document.querySelectorAll('.chart__plot')[2].dataset.state === 'live'")
    assert len(requested) == 1, requested
    assert not problems, problems


def test_a_tap_on_a_phone_draws_the_live_chart(site, server, new_context):
    context = new_context(
        viewport={"width": 360, "height": 740},
        has_touch=True,
        is_mobile=True,
    )
    page = context.new_page()
    page.goto(server + explainer_pages(site, "en")[0])
    box = page.locator(".chart__plot").first
    box.scroll_into_view_if_needed()
    box.tap()
    page.wait_for_function("document.querySelector('.chart__plot').dataset.state === 'live'")
    assert live_variants(page)[0] == "default/phone"
    context.close()


@pytest.mark.parametrize("width", [360, 768, 1280])
def test_live_chart_replaces_the_image_in_the_same_box_and_colours(site, server, browser, width):
    page = browser.new_page()
    page.set_viewport_size({"width": width, "height": 800})
    page.add_init_script("""window.__cls = 0; new PerformanceObserver(l => l.getEntries().forEach(e => {
        if (!e.hadRecentInput) window.__cls += e.value; })).observe({type: 'layout-shift', buffered: true});""")
    for url in explainer_pages(site, "en"):
        page.goto(server + url)
        images_loaded(page)
        before = page.evaluate("""() => [...document.querySelectorAll('.chart__plot')].map(b => {
            const i = [...b.querySelectorAll('.chart__static img')].find(i => i.offsetParent !== null);
            const r = i.getBoundingClientRect(); return {w: r.width, h: r.height, src: i.currentSrc}; })""")
        height = page.evaluate("document.documentElement.scrollHeight")
        cls = page.evaluate("window.__cls")
        show_charts(page)
        after = page.evaluate("""() => [...document.querySelectorAll('.chart__plot')].map(b => {
            const r = b.querySelector('.chart__live svg.main-svg').getBoundingClientRect();
            const colour = p => (p.style.fill && p.style.fill.startsWith('rgb')) ? p.style.fill : p.style.stroke;
            const bar = [...b.querySelectorAll(
                    '.chart__live .point path, .chart__live .scatterlayer .trace path.js-line')]
                .find(p => (colour(p) || '').startsWith('rgb'));
            return {w: r.width, h: r.height, fill: bar && colour(bar),
                    static: getComputedStyle(b.querySelector('.chart__static')).visibility,
                    touch: getComputedStyle(b).touchAction}; })""")
        for b, a in zip(before, after, strict=True):
            assert abs(a["w"] - b["w"]) < 2 and abs(a["h"] - b["h"]) < 2, (
                f"{url}: image {b} vs live chart {a}"
            )
            assert a["static"] == "hidden" and a["touch"] == "pan-y"
            svg = page.request.get(b["src"]).text()
            assert a["fill"] and a["fill"].replace(" ", "") in svg.replace(" ", ""), (
                f"{url}: live colour {a['fill']} not in the static image {b['src']}"
            )
        assert page.evaluate("document.documentElement.scrollHeight") == height
        assert page.evaluate("window.__cls") - cls < 0.001, "the live chart moved the page"
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at {width}px"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("width", [360, 768, 1280])
def test_no_text_overlaps_in_any_live_chart(site, server, browser, width, scheme, lang):
    page = browser.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    failures = []
    for url in explainer_pages(site, lang):
        page.goto(server + url)
        page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
        show_charts(page)
        assert set(v.split("/")[0] for v in live_variants(page)) == {scheme}
        result = page.evaluate(
            OVERLAPS.replace(
                "document.querySelectorAll('text')", "document.querySelectorAll('.chart__live text')"
            )
        )
        assert result["count"] > 20
        failures += [f"{url}: {o}" for o in result["overlaps"]]
    assert not failures, "\n".join(failures)


def test_chart_svg_has_accessible_name_and_description(site, server, browser):
    page = browser.new_page()
    for url in explainer_pages(site):
        page.goto(server + url)
        show_charts(page)
        info = page.evaluate("""() => [...document.querySelectorAll('.chart__plot')].map(e => {
            const svg = e.querySelector('.chart__live svg.main-svg');
            const name = document.getElementById(svg.getAttribute('aria-labelledby'));
            const desc = document.getElementById(svg.getAttribute('aria-describedby'));
            return {role: svg.getAttribute('role'), name: name && name.textContent, desc: desc && desc.textContent,
                    focusable: e.tabIndex === 0}; })""")
        for i in info:
            assert i["role"] == "img" and i["name"] and len(i["desc"]) > 40 and i["focusable"], (url, i)


def test_charts_follow_the_light_dark_toggle_in_both_forms(site, server, browser):
    page = browser.new_page()
    problems = watch(page, server)
    url = next(u for u in explainer_pages(site, "en") if len(chart_ids(site, u)) >= 2)
    page.goto(server + url)
    page.evaluate("window.__sameDocument = true")
    _toggle_until(page, "default")
    page.locator(".chart__plot").first.focus()  # the first chart live, the others static
    page.wait_for_function("document.querySelector('.chart__plot').dataset.variant === 'default/desktop'")
    light = page.evaluate("getComputedStyle(document.querySelector('.chart__live .ytick text')).fill")
    images_loaded(page)
    assert all("-default-" in c["imgs"][0]["src"] for c in shown_images(page)[1:])
    _toggle_until(page, "slate")
    page.wait_for_function(
        "document.querySelector('.chart__plot').dataset.variant === 'slate/desktop'", timeout=5_000
    )
    dark = page.evaluate("getComputedStyle(document.querySelector('.chart__live .ytick text')).fill")
    lum = lambda rgb: sum(int(v) for v in re.findall(r"\d+", rgb)[:3])  # noqa: E731
    assert lum(dark) > lum(light), "dark scheme: light text"
    images_loaded(page)
    assert all(len(c["imgs"]) == 1 and "-slate-" in c["imgs"][0]["src"] for c in shown_images(page)[1:])
    assert page.evaluate("window.__sameDocument === true"), "toggling must not reload the page"
    assert not problems, problems


def test_stored_and_system_dark_preference_draw_dark_from_the_start(site, server, new_context):
    context = new_context(
        color_scheme="dark",
    )
    page = context.new_page()
    url = explainer_pages(site, "en")[0]
    page.goto(server + url)
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    images_loaded(page)
    assert all("-slate-" in c["imgs"][0]["src"] for c in shown_images(page))
    show_charts(page)
    assert set(live_variants(page)) == {"slate/desktop"}
    context.close()


def test_instant_navigation_and_back_keep_both_forms(site, server, browser):
    page = browser.new_page()
    problems = watch(page, server)
    open_for_instant_navigation(page, server)
    page.evaluate("window.__sameDocument = true")  # survives only if navigation is instant
    targets = [u for u in explainer_pages(site, "en") if u]  # Home (with the claims chart) is where it starts
    assert len(targets) >= 2
    for url in targets:
        page.click(f'.md-sidebar--primary a.md-nav__link[href$="{url}"]')
        wait_for_page(page, server + url)
        page.wait_for_function(
            """ids => JSON.stringify([...document.querySelectorAll('.chart__plot')]
            .map(e => e.dataset.chart.split('/').pop().replace('.json', '')).sort()) === JSON.stringify(ids)""",
            arg=sorted(chart_ids(site, url)),
        )
        images_loaded(page)
        show_charts(page)
        assert page.evaluate("window.__sameDocument === true"), "navigation was a full page load"
    page.go_back()
    wait_for_page(page, server + targets[-2])
    page.wait_for_function(
        "ids => [...document.querySelectorAll('.chart__plot')].length === ids.length",
        arg=chart_ids(site, targets[-2]),
    )
    images_loaded(page)
    show_charts(page)
    assert page.evaluate("window.__sameDocument === true")
    assert not problems, problems


# --- downloads, embedding, print -------------------------------------------------------------------


def test_downloads_resolve_under_the_repo_subpath(site, server, browser):
    page = browser.new_page()
    kinds = {"svg": b"<svg", "png": b"\x89PNG", "csv": b"", "zip": b"PK"}
    found = {}
    for url in chart_pages(site):
        page.goto(server + url)
        found[url] = []
        for href in page.evaluate(
            "[...document.querySelectorAll('.chart__actions a[download]')].map(a => a.getAttribute('href'))"
        ):
            absolute = urljoin(server + url, href)
            assert absolute.startswith(server), (url, href)
            r = page.request.get(absolute)
            assert r.status == 200, (url, href, r.status)
            ext = href.rsplit(".", 1)[-1]
            assert r.body().startswith(kinds[ext]), (url, href)
            found[url].append(ext)
    # each chart's own page, in both languages, offers svg, png, its csv and all data (zip); a story page
    # leads to the chart page instead (issue 28, 7)
    own = {u: sorted(e) for u, e in found.items() if "charts/" in u}
    assert len(own) == 2 * len(CHART_IDS) and all(e == sorted(kinds) for e in own.values()), own
    assert not any(e for u, e in found.items() if u not in own), found


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_chart_page_works_inside_an_iframe_at_300px(site, server, browser, lang):
    page = browser.new_page()
    page.set_viewport_size({"width": 400, "height": 1000})
    page.goto(server + "404.html")  # any page of the site: the frame is what is tested
    src = server + ("zh/" if lang == "zh" else "") + "charts/claims/"
    page.set_content(f'<iframe src="{src}" title="chart" style="width:300px;height:900px;border:0"></iframe>')
    frame = page.frame_locator("iframe")
    frame.locator("figure.chart").wait_for()
    inner = next(f for f in page.frames if f.url == src)
    inner.wait_for_function("document.documentElement.classList.contains('embedded')")
    images_loaded(inner)
    info = inner.evaluate("""() => ({
        overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        header: document.querySelector('.md-header').offsetParent !== null,
        figure: document.querySelector('figure.chart').getBoundingClientRect().width,
        top: document.querySelector('.chart-kicker').getBoundingClientRect().top,
        img: [...document.querySelectorAll('.chart__static img')].find(i => i.offsetParent !== null).currentSrc})""")
    assert info["overflow"] <= 0 and not info["header"], info
    assert 260 <= info["figure"] <= 300 and info["top"] < 40, info  # the kicker first, the site's chrome gone
    assert "-phone.svg" in info["img"]
    inner.locator(".chart__plot").focus()
    inner.wait_for_function("document.querySelector('.chart__plot').dataset.state === 'live'")
    # the embed's footer line leads to the full page, in a new tab (issue 28: the embed is compact)
    full = inner.locator(".chart__embed-foot a[target=_blank]").locator("visible=true")
    assert full.count() == 2  # the full page and the licence


def test_print_shows_every_chart_as_the_light_image(site, server, browser):
    page = browser.new_page()
    page.set_viewport_size({"width": 600, "height": 900})
    for url in explainer_pages(site):
        page.goto(server + url)
        page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")  # the hardest case
        page.locator(".chart__plot").first.focus()  # one chart live
        page.wait_for_function("document.querySelector('.chart__plot').dataset.state === 'live'")
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        page.emulate_media(media="print")
        page.wait_for_function("""() => [...document.querySelectorAll('.chart__plot')].every(b => {
            const shown = [...b.querySelectorAll('.chart__static img')].filter(i => i.offsetParent !== null);
            return shown.length === 1 && shown[0].complete && shown[0].naturalWidth > 0
                && /-default-[a-z]+\\.svg$/.test(shown[0].currentSrc); })""")
        assert page.evaluate(
            "[...document.querySelectorAll('.chart__live')].every(l => l.offsetParent === null)"
        )
        page.emulate_media(media="screen")


def test_every_page_loads_without_foreign_requests_or_errors(site, server, browser):
    page = browser.new_page()
    problems = watch(page, server)
    for url in pages(site):
        page.goto(server + url)
        page.wait_for_load_state("networkidle")
        show_charts(page)
    page.goto(server + "no/such/page/")
    assert page.locator("h1").first.inner_text().strip() == "404 - Not found"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in (
        "sticky",
        "fixed",
    )
    problems = [p for p in problems if "404 (Not Found)" not in p]  # the deliberate missing page
    assert not problems, problems
