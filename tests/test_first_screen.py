"""What a reader on a phone gets from the first screen (issue 28): the claims chart with its title in
one screen, each verdict stated once, the long description kept for screen readers."""

from __future__ import annotations

import json

import pytest

from cbec import data, fmt
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


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_the_first_phone_screen_says_what_is_true(server, browser, lang):
    """Home's verdict strip on a phone: each report figure with the value that stands beside it (from
    data/claims.csv), its verdict, and one short link; all on the first screen."""
    ds = data.load()
    page = phone(browser)
    page.goto(server + LANGS[lang])
    rows = page.evaluate("""() => [...document.querySelectorAll('.verdict-strip li')].map(li => ({
        text: li.innerText, bottom: li.getBoundingClientRect().bottom,
        links: [...li.querySelectorAll('a')].map(a => a.innerText.trim()),
        claim: li.querySelector('.verdict').dataset.claim}))""")
    assert [r["claim"] for r in rows] == [c.id for c in ds.claims]
    for c, row in zip(ds.claims, rows):
        assert row["bottom"] <= 800, (lang, c.id, row)
        assert row["links"] == ["details" if lang == "en" else "详情"], row  # one short link, not the row
        shown = [
            v for v in (c.sourced_value, c.alt_value) if v is not None and c.sourced_kind != "other_measure"
        ]
        for v in shown:  # what is true, from the table (growth rates with their sign)
            assert fmt.num(v) in row["text"], (lang, c.id, v, row["text"])
        if c.sourced_kind == "source" and c.sourced_value != c.claimed_value:
            assert f"{fmt.num(c.claimed_value)}" in row["text"] and "→" in row["text"], row["text"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_pilot_zone_card_gives_the_latest_count(site, lang):
    """The card leads with the last count from a source that is not weak (a headline may not be weak)
    and gives the latest count, flagged, right under it."""
    ds = data.load()
    home = (site / LANGS[lang] / "index.html").read_text("utf-8")
    card = home.split('data-figure="zones:')[1].split("</li>")[0]
    latest = ds.zones[-1]
    assert f"<strong>{fmt.num(latest.cumulative)}" in card, card[:400]
    if latest.confidence == "weak":
        assert "weak-flag" in card.split(fmt.num(latest.cumulative), 1)[1][:200]


@pytest.mark.parametrize("lang", LANGS)
def test_the_claims_chart_phone_labels_leave_out_the_units_asides(site, lang):
    """At 300-390 px the report's bar label with its aside ('10 times (“nearly”, the report says)') ran off
    the image; the phone layouts label the bar with the unit alone (the panel's heading gives the aside)."""
    figs = json.loads((site / f"assets/charts/{LANGS[lang]}claims.json").read_text("utf-8"))
    for scheme in ("default", "slate"):
        for width in ("phone", "narrow", "medium", "desktop"):
            labels = [t["text"][0] for t in figs[scheme][width]["data"] if t["meta"]["kind"] == "report"]
            asides = [x for x in labels if "(" in x or "（" in x]
            assert (not asides) if width != "desktop" else asides, (width, labels)
