"""What a reader on a phone gets from the first screen (issue 28): the claims chart with its title in
one screen, each verdict stated once, the long description kept for screen readers."""

from __future__ import annotations

import json

import pytest

from cbec import data
from cbec.verdicts import badge_text

LANGS = {"en": "", "zh": "zh/"}


def phone(browser):
    page = browser.new_page()
    page.set_viewport_size({"width": 360, "height": 800})
    return page


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_the_claims_chart_and_its_title_fit_one_phone_screen(server, browser, lang):
    page = phone(browser)
    page.goto(server + LANGS[lang] + "charts/claims/")
    page.wait_for_function("document.querySelector('.chart__plot img.chart__img--phone').complete")
    top, bottom = page.evaluate(
        """[document.querySelector('.chart__title').getBoundingClientRect().top,
            document.querySelector('.chart__plot').getBoundingClientRect().bottom]"""
    )
    assert bottom - top <= 800, (lang, top, bottom)
    # the description that restates every panel is the image's, collapsed on the page
    img = page.locator(".chart__plot img:visible").first
    described = page.locator("#" + img.get_attribute("aria-describedby"))
    assert len(described.text_content()) > 200 and not described.is_visible()
    assert page.locator("details.chart__describe").count() == 1


@pytest.mark.parametrize("lang", LANGS)
def test_the_claims_chart_states_each_verdict_once(site, lang):
    """Each panel carries its verdict as one badge; the verdict in full is not repeated in the chart."""
    ds = data.load()
    figs = json.loads((site / f"assets/charts/{LANGS[lang]}claims.json").read_text("utf-8"))
    for scheme, by_width in figs.items():
        if scheme == "image":
            continue
        for width, fig in by_width.items():
            texts = [a.get("text", "") for a in fig["layout"]["annotations"]]
            for c in ds.claims:
                full = c.verdict if lang == "en" else c.verdict_zh
                assert not any(full[:30] in t.replace("<br>", " ") for t in texts), (width, full)
            badges = [t for t in texts if any(badge_text(c.verdict_code, lang) in t for c in ds.claims)]
            assert len(badges) == len(ds.claims), (scheme, width, badges)
