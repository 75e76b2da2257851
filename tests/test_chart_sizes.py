"""Charts read the same at every box width, static and live, and embed whole (issue 16, items 2-4).

One browser context for the module; the measurements are cbec/cli/chart_sizes.py's, the same
`make bench` prints. Box widths are set by styling the figure on each chart's page (its CSS cap
still applies), in a viewport 48 px wider, as a reader's screen would be.
"""

from __future__ import annotations

import re

import pytest

from cbec.charts import CHARTS
from cbec.cli import chart_sizes

pytestmark = pytest.mark.browser

# The widths, plus 420 (the only one of the four width classes the list misses).
WIDTHS = (280, 300, 360, 420, 480, 600, 700, 768, 1024, 1280)


@pytest.fixture(scope="module")
def context(chromium):
    ctx = chromium.new_context(viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture(scope="module")
def measured(site, server, context):
    return chart_sizes.run(site, context, server, widths=WIDTHS, embeds=(300, 600))


def test_measured_every_chart_language_scheme_and_width(site, measured):
    assert set(measured["charts"]) == {
        (c, lang) for c in chart_sizes.chart_ids(site) for lang in ("en", "zh")
    }
    assert len(chart_sizes.chart_ids(site)) >= 7
    for rows in measured["charts"].values():
        assert [(r["scheme"], r["width"]) for r in rows] == [
            (s, w) for s in chart_sizes.SCHEMES for w in WIDTHS
        ]
        # every class is seen: the box picks phone, narrow, medium and desktop images
        assert {r["static"]["src"].rsplit("-", 1)[1] for r in rows} == {
            "phone.svg",
            "narrow.svg",
            "medium.svg",
            "desktop.svg",
        }


def views(measured):
    """(where, static, live) for every chart, language, scheme and box width measured."""
    for (cid, lang), rows in measured["charts"].items():
        for r in rows:
            s = r["static"]
            yield f"{cid} {lang} {r['scheme']} box {s['box']:.0f}px ({s['src']})", s, r["live"]


def test_static_and_live_text_is_11_to_16px_and_the_same_size(measured):
    bad = []
    for where, s, lv in views(measured):
        if not (s["min"] >= 11 and s["max"] <= 16):
            bad.append(f"{where}: static text {s['min']:.1f}-{s['max']:.1f}px")
        if not (lv["min"] >= 11 and lv["max"] <= 16):
            bad.append(f"{where}: live text {lv['min']:.1f}-{lv['max']:.1f}px")
        for k in ("min", "max"):
            if not 0.9 <= lv[k] / s[k] <= 1.1:
                bad.append(f"{where}: live {k} {lv[k]:.1f}px vs static {s[k]:.1f}px")
    assert not bad, "\n".join(bad)


def test_live_chart_has_the_images_tick_labels_and_no_overlapping_text(measured):
    bad = []
    for where, s, lv in views(measured):
        if s["ticks"] != lv["ticks"]:
            bad.append(f"{where}: ticks static {s['ticks']} live {lv['ticks']}")
        bad += [f"{where}: static text overlaps: {o}" for o in s["overlaps"]]
        bad += [f"{where}: live text overlaps: {o}" for o in lv["overlaps"]]
    assert not bad, "\n".join(bad)
    with_ticks = {
        cid for (cid, _), rows in measured["charts"].items() if all(r["static"]["ticks"] for r in rows)
    }
    assert len(with_ticks) >= len(measured["charts"]) // 2 - 1, (
        with_ticks
    )  # the claims panels alone have no axis labels


def test_no_text_is_cut_off_at_the_edge_of_a_chart(measured):
    bad = [
        f"{where}: {form} text cut off at the edge: {t}"
        for where, s, lv in views(measured)
        for form, m in (("static", s), ("live", lv))
        for t in m["clipped"]
    ]
    assert not bad, "\n".join(bad)


def test_embed_snippet_sizes_its_iframe_to_the_chart_page(measured):
    assert len(measured["iframes"]) == len(CHARTS) * 2 * 2  # every chart, both languages, two widths
    for (cid, lang, width), r in measured["iframes"].items():
        assert not r["scrolls"], (
            f"{cid} {lang} in a {width}px iframe: page {r['scroll']}px in a {r['height']}px frame"
        )
        assert r["headline"] and r["chart"] and r["downloads"], (cid, lang, width, r)


def test_a_chart_page_downloads_only_its_first_charts_images_and_the_one_it_shows(server, context):
    """The first chart's light image of the size the viewport shows is preloaded (for an early largest
    paint, in either scheme: light is the default); of the lazy images, only the one the box shows is
    fetched, at any width and in either scheme, each once."""
    for scheme in ("light", "dark"):
        for width in (360, 1280):
            page = context.new_page()
            images = []
            page.on(
                "request",
                lambda req, images=images: (
                    images.append(req.url) if "/assets/charts/static/" in req.url else None
                ),
            )
            page.emulate_media(color_scheme=scheme)
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(server + "charts/pilot-zones/", wait_until="networkidle")
            shown = page.evaluate(
                "[...document.querySelectorAll('.chart__img')].filter(i => i.offsetParent).map(i => i.currentSrc)"
            )
            assert len(shown) == 1, (scheme, width, shown)
            size = shown[0].rsplit("-", 1)[1]  # phone.svg, ...
            light = f"cbec-explainer/assets/charts/static/en/pilot-zones-default-{size}"
            fetched = {u.split("/", 3)[3] for u in images}
            assert fetched == {light, shown[0].split("/", 3)[3]}, (scheme, width, sorted(fetched))
            assert len(images) == len(fetched), f"an image was fetched twice: {images}"
            page.close()


def test_the_chart_explains_itself_loading_first_tap_and_keys(server, context):
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    held = []
    page.route(
        "**/vendor/plotly-*.js", lambda route: held.append(route)
    )  # hold plotly.js back to see the loading state
    page.goto(server + "charts/cbec-vintages/")
    box = page.locator(".chart__plot")
    hint = box.locator(".chart__hint")
    assert hint.inner_text().strip() == "Hover or tap for values"
    box.scroll_into_view_if_needed()
    b = box.bounding_box()
    tap = {"clientX": b["x"] + b["width"] * 0.55, "clientY": b["y"] + b["height"] * 0.5}  # over the bars
    with page.expect_request("**/vendor/plotly-*.js"):
        box.dispatch_event("click", tap)  # a tap: loads the chart...
    page.wait_for_function("document.querySelector('.chart__hint-loading').offsetParent !== null")
    assert page.evaluate("document.querySelector('.chart__plot').dataset.state") == "loading"
    assert "Loading" in hint.inner_text()
    # the image dims while the chart loads: read its opacity once the fade has ended, not mid-transition
    page.wait_for_function("document.querySelector('.chart__static').getAnimations().length === 0")
    assert float(page.evaluate("getComputedStyle(document.querySelector('.chart__static')).opacity")) < 1
    assert held, "plotly.js was not requested"
    held[0].continue_()
    # ...and shows the value under the finger, without a second tap
    page.wait_for_function("document.querySelector('.chart__plot').dataset.state === 'live'")
    page.wait_for_function("document.querySelectorAll('.chart__live .hoverlayer .hovertext').length > 0")
    # keyboard: focus, then the arrow keys step through the values and read them out
    box.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.querySelector('.chart__hint-keys').textContent.match(/\\d/)")
    first = page.locator(".chart__hint-keys").inner_text()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("t => document.querySelector('.chart__hint-keys').textContent !== t", arg=first)
    assert page.locator(".chart__live .hoverlayer .hovertext").count() >= 1
    page.goto(server + "zh/charts/cbec-vintages/")
    assert page.locator(".chart__hint").inner_text().strip() == "悬停或轻触查看数值"
    page.close()


def test_chart_page_has_one_title_embed_copy_cite_and_data_date(site, server, context):
    page = context.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    for lang, prefix in (("en", ""), ("zh", "zh/")):
        page.goto(server + prefix + "charts/claims/")
        h1 = page.locator("h1")
        assert h1.count() == 1
        title = page.locator(".chart__title")
        # the chart's headline is the visual title; the H1 is a small kicker above it
        assert float(h1.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) < float(
            title.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        )
        for sel in ("a.chart__copy", ".chart__cite", ".data-freshness"):
            assert page.locator(sel).count() == 1, (lang, sel)
        # one embed block: the snippet with its auto-height script, and the script-free one
        assert page.locator(".chart__embed").count() == 1, lang
        assert page.locator(".chart__embed textarea:not(.chart__embed-static)").count() == 1, lang
        assert page.locator(".chart__embed textarea.chart__embed-static").count() == 1, lang
        assert (
            "data-cbec-chart"
            in page.locator(".chart__embed textarea:not(.chart__embed-static)").input_value()
        )
        assert re.search(r"\d{4}", page.locator(".data-freshness").inner_text())  # the date of the data
        # centred on the page
        fig = page.locator("figure.chart").bounding_box()
        assert abs((fig["x"] + fig["width"] / 2) - 640) < 40, fig
    page.close()
