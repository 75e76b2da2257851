"""No main-thread work of ours at load that a reader does not need (issue 20), asserted without timing.

Lighthouse scores are in the bench (cbec/cli/bench_lighthouse.py), never here: they move with machine load.
What is asserted: our scripts write nothing document-wide on load when it already holds (an assignment
to <html lang>, even of the same value, restyles the whole document); the first chart's images of a page are
eager, ahead of other images; the search index waits until a reader opens search; plotly.js
waits for a reader (tests/test_browser.py).
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import PAINTED, SUBPATH, open_for_instant_navigation, page_file, pages, wait_for_page

# Records every write to <html>, <body> or the document's own state made from one of our scripts,
# found by the script's URL in the call stack (Material's own writes are the theme's business).
RECORD_WRITES = r"""(() => {
  window.__ourWrites = [];
  const OURS = /\/assets\/javascripts\/(language|charts)\.js/;
  const note = (what, target) => {
    if ((target === document.documentElement || target === document.body || target === document)
        && OURS.test(new Error().stack || "")) window.__ourWrites.push(what);
  };
  const setter = (proto, prop) => {
    const d = Object.getOwnPropertyDescriptor(proto, prop);
    Object.defineProperty(proto, prop, { ...d, set(v) { note(prop + "=" + v, this); d.set.call(this, v); } });
  };
  const getter = (proto, prop) => {  // classList, style, dataset: reading them on <html>/<body> is the start of a write
    const d = Object.getOwnPropertyDescriptor(proto, prop);
    Object.defineProperty(proto, prop, { ...d, get() { note(prop, this); return d.get.call(this); } });
  };
  ["lang", "dir", "title", "hidden"].forEach(p => setter(HTMLElement.prototype, p));
  ["className", "id"].forEach(p => setter(Element.prototype, p));
  ["title", "dir"].forEach(p => setter(Document.prototype, p));
  ["classList"].forEach(p => getter(Element.prototype, p));
  ["style", "dataset"].forEach(p => getter(HTMLElement.prototype, p));
  ["setAttribute", "removeAttribute", "toggleAttribute", "setAttributeNS"].forEach(m => {
    const f = Element.prototype[m];
    Element.prototype[m] = function (...a) { note(m + "(" + a[0] + ")", this); return f.apply(this, a); };
  });
})()"""


@pytest.mark.browser
def test_our_scripts_write_nothing_document_wide_on_load(site, server, browser):
    page = browser.new_page()
    page.add_init_script(RECORD_WRITES)
    checked = []
    for url in [
        "",
        "numbers/",
        "context/",
        "about/",
        "charts/cbec-vintages/",
        "charts/",
        "zh/",
        "zh/numbers/",
        "zh/charts/claims/",
    ]:
        page.goto(server + url, wait_until="load")
        page.evaluate(PAINTED)
        assert page.evaluate("window.__ourWrites") == [], url
        assert page.evaluate("document.documentElement.lang") == (
            "zh-Hans" if url.startswith("zh/") else "en"
        ), url
        checked.append(url)
    # Instant navigation within one language: nothing to put right either.
    open_for_instant_navigation(page, server, "numbers/")
    page.evaluate("window.__sameDocument = true")
    page.click('.md-sidebar--primary a.md-nav__link[href$="context/"]')
    wait_for_page(page, server + "context/")
    page.evaluate(PAINTED)
    assert page.evaluate("window.__sameDocument === true"), "instant navigation is off: this check needs it"
    assert page.evaluate("window.__ourWrites") == []


@pytest.mark.browser
def test_instant_navigation_into_the_other_language_sets_html_lang(server, browser):
    """The one write language.js still makes: after a link crosses languages without a page load."""
    page = browser.new_page()
    # Material's language-root handler sends a link under zh/ to a full page load when zh/sitemap.xml
    # arrives before the root sitemap, and leaves it to instant navigation otherwise: a race. Without
    # zh/sitemap.xml held back until the root one is in, the link crosses languages by instant
    # navigation, the case this test is about.
    held = []
    page.route("**/zh/sitemap.xml", lambda route: held.append(route))
    open_for_instant_navigation(page, server, "numbers/")
    # zh/sitemap.xml stays held: pages no longer carry <link rel=alternate hreflang> in their head (the
    # per-page pairs are in sitemap.xml), so Material may never ask for it; if it does, it never arrives
    page.evaluate("window.__sameDocument = true")
    page.evaluate("""() => { const a = document.createElement('a'); a.id = 'cross'; a.textContent = '中文';
        a.href = new URL('../zh/numbers/', location.href).href;
        document.querySelector('.md-content article').prepend(a); }""")
    page.click("#cross")
    wait_for_page(page, server + "zh/numbers/")
    page.wait_for_function("document.documentElement.lang === 'zh-Hans'")
    assert page.evaluate("window.__sameDocument === true"), "the link was not followed by instant navigation"


@pytest.mark.browser
def test_the_search_index_loads_when_search_is_first_opened(server, browser):
    """Material fetches search_index.json (both languages, 450 KB), parses it and posts it to its
    worker on every load; overrides/main.html holds that until a reader reaches for search."""
    page = browser.new_page()
    asked = []
    page.on("request", lambda r: asked.append(r.url) if r.url.endswith("search/search_index.json") else None)
    page.goto(server + "numbers/", wait_until="networkidle")  # everything the page loads by itself has loaded
    assert asked == [], "the search index was fetched before anyone searched"
    page.locator(".md-search__input").click()
    page.wait_for_function(
        "document.querySelector('.md-search-result__meta').textContent.trim() === 'Type to start searching'"
    )
    page.fill(".md-search__input", "customs")
    page.press(".md-search__input", "End")
    page.wait_for_selector(".md-search-result__item")
    assert len(asked) == 1
    # Arriving from a search result, the terms are highlighted at once (the index loads with the page).
    page.goto(server + "numbers/?h=customs", wait_until="load")
    page.wait_for_selector("mark[data-md-highlight]")


def _images(html: str) -> list[tuple[str, list[str]]]:
    """Each chart's image sets in page order: (scheme, its <img>s, one per width class)."""
    return [
        (scheme, re.findall(r"<img [^>]*>", imgs))
        for scheme, imgs in re.findall(
            r'<span class="chart__static chart__static--(light|dark)">(.*?)</span>', html
        )
    ]


def test_the_first_chart_image_of_a_page_comes_first(site):
    """The first chart's light images (the default scheme; often the page's largest paint) come with one
    preload per width class at high priority, each for the viewports that show it (media), so the browser
    asks for the one it will show before layout; every chart image is lazy (one <img> per width class sits
    in the box and CSS shows one: a hidden lazy image is never fetched), with no priority."""
    checked = 0
    for url in pages(site):
        html = page_file(site, url).read_text("utf-8")
        sets = _images(html)
        if not sets:
            continue
        (scheme, light), (dark_scheme, dark), *rest = sets
        assert (scheme, dark_scheme) == ("light", "dark"), url
        links = re.findall(
            r'<link rel="preload" as="image" href="([^"]+)" media="([^"]+)" fetchpriority="high">', html
        )
        srcs = [re.search(r'src="([^"]+)"', i)[1] for i in light]
        assert links and {h for h, _ in links} <= set(srcs), (url, links)
        assert len({m for _, m in links}) == len(links), (url, links)  # one size for each viewport
        assert html.count('rel="preload"') == len(links), url  # and only the first chart's
        imgs = light + dark + [i for _, imgs in rest for i in imgs]
        assert all('loading="lazy"' in i and "fetchpriority" not in i for i in imgs), url
        checked += 1
    chart_pages = [u for u in pages(site) if re.fullmatch(r"(zh/)?charts/[^/]+/", u)]
    assert chart_pages and checked >= len(chart_pages) + 2, (
        checked
    )  # every chart page, the galleries and more


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 412, 600, 768, 900, 1219, 1280])
def test_a_page_fetches_only_the_size_of_its_first_chart_that_it_shows(server, browser, width):
    """UX review 8: the first chart fetched all four light sizes (all eager, at high priority). Now the
    one it shows is the one fetched: on a story page, a chart page and the gallery, EN and ZH. At 900 and
    1219 px the gallery's grid shows narrow thumbnails between phone-sized ones (its preload guessed phone)."""
    for url in ["", "context/", "charts/cbec-vintages/", "zh/charts/", "zh/charts/claims/"]:
        page = browser.new_page()
        page.set_viewport_size({"width": width, "height": 800})
        asked: list[str] = []
        page.on("request", lambda r, asked=asked: asked.append(r.url.rsplit("/", 1)[-1]))
        page.goto(server + url)
        shown = page.locator(".chart__static--light").first.locator("img:visible")
        shown.wait_for()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=shown.element_handle())
        name = shown.get_attribute("src").rsplit("/", 1)[-1]
        chart = name.rsplit("-", 1)[0]  # e.g. claims-default
        sizes = sorted({a for a in asked if a.rsplit("-", 1)[0] == chart})
        assert sizes == [name], f"{url} at {width} px shows {name}, fetched {sizes}"
        page.close()


# The theme's scripts, in the order Material's template lists them: its bundle, then extra_javascript.
THEME_SCRIPTS = [
    r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js",
    r"assets/javascripts/charts\.js",
    r"assets/javascripts/language\.js",
]


def test_no_page_makes_its_first_paint_wait_for_a_script(site):
    """No page has a script tag with a src: the theme's scripts are a list that the page's loader fetches
    after the first paint, in Material's order, and each one it names is in the site."""
    checked = 0
    for f in sorted(site.rglob("*.html")):
        html = f.read_text("utf-8")
        if "<body" not in html or 'id="__config"' not in html:  # not a page of the theme
            continue
        assert not re.search(r"<script[^>]*\ssrc=", html), f.relative_to(site)
        srcs = json.loads(re.search(r"\}\)\((\[[^\]]*\])\)</script>\s*</body>", html).group(1))
        assert len(srcs) == len(THEME_SCRIPTS), (f.relative_to(site), srcs)
        for src, pattern in zip(srcs, THEME_SCRIPTS):
            target = (
                site / src.removeprefix(SUBPATH) if src.startswith("/") else f.parent / src
            ).resolve()  # 404.html: absolute
            assert re.search(pattern + "$", target.as_posix()) and target.is_file(), (
                f.relative_to(site),
                src,
            )
        checked += 1
    assert checked >= len(pages(site)), checked  # every page, and 404.html


@pytest.mark.browser
def test_the_theme_scripts_load_after_the_first_paint_and_the_theme_comes_alive(server, browser):
    """The text and the first chart paint before any script is asked for; then Material mounts once
    (its search button shows, which needs its script) and the charts answer a reader."""
    page = browser.new_page()
    for url in ["", "numbers/", "zh/numbers/", "charts/cbec-vintages/"]:
        page.goto(server + url)  # conftest: returns once the loader has run the last script
        fcp = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime")
        starts = page.evaluate("""() => performance.getEntriesByType('resource')
            .filter(r => /\\/assets\\/javascripts\\/[^/]+\\.js$/.test(r.name)).map(r => [r.name, r.startTime])""")
        names = [n for n, _ in starts]
        for pattern in THEME_SCRIPTS:
            assert any(re.search(pattern + "$", n) for n in names), (url, pattern, names)
        assert all(t >= fcp for _, t in starts), (url, fcp, starts)
        assert page.locator(".md-search").is_visible(), url  # .no-js hides it
        assert page.evaluate("document.querySelectorAll('.md-search__form').length") == 1, url
    page.locator(".chart__plot").first.focus()  # charts.js is live: focus asks for the live chart
    page.wait_for_function("document.querySelector('.chart__plot').dataset.state === 'live'")


@pytest.mark.browser
def test_a_browser_without_paint_timing_still_gets_the_theme(server, browser):
    """Where the browser reports no paint timing, the loader falls back to the end of parsing (the
    place the scripts had before), and instant navigation still works."""
    page = browser.new_page()
    page.add_init_script("Object.defineProperty(PerformanceObserver, 'supportedEntryTypes', {get: () => []})")
    open_for_instant_navigation(page, server, "numbers/")  # Material asks for its sitemap once it runs
    page.evaluate("window.__sameDocument = true")
    page.click('.md-sidebar--primary a.md-nav__link[href$="context/"]')
    wait_for_page(page, server + "context/")
    assert page.evaluate("window.__sameDocument === true"), (
        "the click was a full page load: Material is not live"
    )


# A browser that lists the "paint" entry type and never delivers an entry (headless Firefox; Firefox's
# resist-fingerprinting mode in Tor and Mullvad Browser hides such entries): the observer never fires.
NO_PAINT_ENTRY = """(() => {
  PerformanceObserver.prototype.observe = function () {};
  const byName = Performance.prototype.getEntriesByName, byType = Performance.prototype.getEntriesByType;
  Performance.prototype.getEntriesByName = function (n, t) {
    return n === 'first-contentful-paint' || t === 'paint' ? [] : byName.apply(this, arguments);
  };
  Performance.prototype.getEntriesByType = function (t) { return t === 'paint' ? [] : byType.apply(this, arguments); };
})()"""
THEME_LIVE = "window.cbecScriptsLoaded === true"


def _theme_is_live(page, url) -> None:
    """What a reader gets from Material's bundle: search and the light/dark toggle (both hidden before)."""
    assert page.locator(".md-search").is_visible(), url
    assert page.locator("form[data-md-component=palette] label:visible").count() == 1, url


def _scripts_fetched(page) -> list[str]:
    return page.evaluate("""() => performance.getEntriesByType('resource').map(r => r.name)
        .filter(n => /\\/assets\\/javascripts\\/[^/]+\\.js$/.test(n))""")


@pytest.mark.browser
@pytest.mark.parametrize("url", ["charts/cbec-vintages/", "zh/numbers/"])
def test_without_a_paint_entry_the_theme_starts_at_the_load_event(server, browser, url):
    """No paint entry ever: the loader starts at the load event (after its frame), once; the search
    button and the theme toggle arrive and a chart goes live."""
    page = browser.new_page()
    page.add_init_script(NO_PAINT_ENTRY)
    page.goto(server + url, wait_until="load", timeout=10_000)  # conftest: then waits for the loader
    page.wait_for_function(THEME_LIVE, timeout=3_000)
    assert page.evaluate("performance.getEntriesByType('paint').length") == 0  # the stub holds
    _theme_is_live(page, url)
    # Past the 1.5 s timer too: the scripts were fetched and run once, not again.
    page.wait_for_function(
        "performance.now() > performance.timing.domContentLoadedEventEnd - performance.timing.navigationStart + 1700"
    )
    fetched = _scripts_fetched(page)
    assert len(fetched) == len(THEME_SCRIPTS) == len(set(fetched)), fetched
    assert page.evaluate("document.querySelectorAll('script[src]').length") == len(THEME_SCRIPTS)
    page.locator(".chart__plot").first.focus()
    page.wait_for_function("document.querySelector('.chart__plot').dataset.state === 'live'", timeout=10_000)


@pytest.mark.browser
@pytest.mark.parametrize("url", ["charts/claims/", "zh/charts/claims/"])
def test_without_a_paint_entry_or_a_load_event_the_theme_starts_soon_after_parsing(server, browser, url):
    """No paint entry and a load event held open by an image that never arrives: the loader starts a
    moment after parsing ends (1.5 s), so the theme is live within a few seconds all the same."""
    page = browser.new_page()
    page.add_init_script(NO_PAINT_ENTRY)
    page.route("**/assets/charts/static/**", lambda route: None)  # never answered: load never fires
    page.goto(server + url, wait_until="domcontentloaded", timeout=10_000)
    page.wait_for_function(THEME_LIVE, timeout=4_000)
    assert page.evaluate("document.readyState") != "complete"  # the load event did not start them
    started = page.evaluate("""() => {const t = performance.timing;
        const parsed = t.domContentLoadedEventEnd - t.navigationStart;
        return performance.getEntriesByType('resource')
        .filter(r => /bundle\\.[^/]+\\.min\\.js$/.test(r.name)).map(r => r.startTime - parsed)}""")
    assert len(started) == 1 and 1_400 <= started[0] < 3_500, started
    assert len(_scripts_fetched(page)) == len(THEME_SCRIPTS)
    _theme_is_live(page, url)


@pytest.mark.browser
@pytest.mark.parametrize("fingerprinting", [False, True], ids=["firefox", "firefox-resist-fingerprinting"])
def test_in_firefox_search_and_the_theme_toggle_arrive(server, fingerprinting):
    """A second engine, headless Firefox (Debian's firefox-esr over Marionette, tests/firefox.py), also in
    the resist-fingerprinting mode Tor and Mullvad Browser use: the loader starts the theme, and the
    search box and the light/dark toggle show, in both languages."""
    import firefox

    assert firefox.FIREFOX, "no Firefox: apt-get install firefox-esr (make test installs it)"
    with firefox.Firefox(prefs={"privacy.resistFingerprinting": fingerprinting}) as ff:
        for url in ["charts/cbec-vintages/", "zh/"]:
            ff.get(server + url)
            ff.wait_for("window.cbecScriptsLoaded === true", timeout=10)
            shown = ff.script(
                "const v = e => !!e && e.getBoundingClientRect().width > 0;"
                "return [v(document.querySelector('.md-search')),"
                " [...document.querySelectorAll('form[data-md-component=palette] label')].filter(v).length]"
            )
            assert shown == [True, 1], (url, shown)


def test_only_plain_scripts_can_wait_for_the_first_paint():
    """The loader replays DOMContentLoaded for classic scripts run in order; a module, an async script
    or inline code would run differently, so the build stops and names it (mkdocs.yml extra_javascript)."""
    from mkdocs.exceptions import PluginError

    from cbec.mkdocs.after_paint import script_sources

    material = (
        '<script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>\n'
        '<script src="../assets/javascripts/charts.js" defer></script>'
    )
    assert script_sources(material) == [
        "../assets/javascripts/bundle.a5f9d56c.min.js",
        "../assets/javascripts/charts.js",
    ]
    for bad, says in [
        (material + '<script src="x.js" async></script>', "<script src='x.js' async>"),
        (material + '<script src="x.mjs" type="module"></script>', "type='module'"),
        (material + "<script>var a = 1</script>", "without src (inline code)"),
        ("\n  ", "no scripts found"),
    ]:
        with pytest.raises(PluginError) as e:
            script_sources(bad)
        assert says in str(e.value) and "\n" not in str(e.value), str(e.value)


def refuse_the_bundle(page) -> None:
    """Hold a page in its state before Material's bundle runs (what a reader sees before it arrives)."""
    page.route("**/assets/javascripts/bundle.*.min.js", lambda route: route.abort())


# Where each visible element of the header is: tag, class and for= name it, box rounded to the pixel.
HEADER_BOXES = """() => [...document.querySelectorAll('.md-header *')].filter(e => e.getClientRects().length)
  .map(e => { const r = e.getBoundingClientRect();
    return [e.tagName + '.' + (e.className.baseVal ?? e.className) + ':' + (e.getAttribute('for') || ''),
            Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height)] })"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
def test_the_header_does_not_move_when_the_theme_arrives(server, browser, width):
    """Before Material's bundle has run, the header keeps room for the palette toggle and search it then
    shows (site.css): every header element already shown stays where it is. The before state is held
    by refusing the bundle."""
    boxes = {}
    for state in ("before", "live"):
        page = browser.new_page()
        page.set_viewport_size({"width": width, "height": 800})
        if state == "before":
            refuse_the_bundle(page)
        for url in ["", "zh/numbers/"]:
            page.goto(server + url)
            assert page.evaluate("document.documentElement.classList.contains('no-js')") == (
                state == "before"
            )
            boxes[state, url] = {b[0]: b[1:] for b in page.evaluate(HEADER_BOXES)}
        page.close()
    for url in ["", "zh/numbers/"]:
        before, live = boxes["before", url], boxes["live", url]
        moved = {k: (before[k], live[k]) for k in before if k in live and before[k] != live[k]}
        assert moved == {}, (width, url, moved)
        assert len(before) >= 8, before  # the header was measured, not an empty page


@pytest.mark.browser
@pytest.mark.parametrize("system", ["light", "dark"])
def test_a_first_visit_paints_in_the_scheme_the_theme_will_choose(server, browser, system):
    """No palette stored yet: the page is drawn in the system's scheme from the first paint, the one
    Material's bundle then picks (overrides/main.html), so a dark-mode reader never sees it light first.
    The first paint is held in the state before the bundle by refusing it."""
    schemes = {}
    for state in ("before", "live"):
        page = browser.new_page()
        page.emulate_media(color_scheme=system)
        if state == "before":
            refuse_the_bundle(page)
        page.goto(server + "numbers/")
        assert page.evaluate("localStorage.length") == 0 or state == "live"  # a fresh profile: nothing stored
        schemes[state] = page.evaluate("""['scheme', 'primary', 'accent']
            .map(k => document.body.getAttribute('data-md-color-' + k))""")
        page.close()
    assert schemes["before"] == schemes["live"], schemes
    assert schemes["before"][0] == ("slate" if system == "dark" else "default"), schemes
