"""Yuan or dollars (the unit switch on every money chart): the dollar twin is the yuan figure converted at the
Fed's rate of each year (the CSV's usd column), drawn at build time; the switch works with JavaScript off (CSS
only) and on (the live chart follows, and the choice is kept across pages)."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from cbec import chart_images, theme
from cbec.charts import build_all
from cbec.charts.common import SHARED_WORDS, with_usd
from cbec.charts.money import to_usd, year_of
from cbec.data import load
from cbec.fmt import WEAK_LABEL
from cbec.values import flag_weak, is_weak

DS = flag_weak(load(ROOT / "data"))
SPECS = {lang: build_all(DS, lang) for lang in ("en", "zh")}


def unit_line(fig) -> str:
    return " ".join(a.text or "" for a in fig.layout.annotations or () if a.yref == "paper")


def test_every_chart_in_yuan_is_a_money_chart_with_a_dollar_twin():
    money = set()
    for lang, specs in SPECS.items():
        yuan = SHARED_WORDS["unit_tn"][lang]
        for cid, spec in specs.items():
            if yuan in unit_line(spec.figure):
                assert spec.money, f"{cid} ({lang}) plots {yuan} but offers no dollars"
                money.add(cid)
            if spec.money:
                assert set(chart_images.usd_variants(spec, DS)) == {f"{s}-usd" for s in theme.SCHEMES}
    assert len(money) >= 3, money


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_dollar_values_are_the_tables_yuan_at_the_feds_rate_of_their_year(lang):
    """Every money point of every money chart, in each of its layouts: its dollar twin is with_usd() (the CSV's
    usd_bn_computed column), in billions (English) or 亿 (Chinese); a weak value keeps its asterisk."""
    checked = 0
    scale = 1 if lang == "en" else 10
    for cid, spec in SPECS[lang].items():
        if not spec.money:
            continue
        for fig in filter(None, (spec.figure, spec.phone_figure, spec.medium_figure)):
            usd = to_usd(fig, DS, lang)
            assert "yuan" not in unit_line(usd) and "万亿元" not in unit_line(usd), cid
            for tr, tu in zip(fig.data, usd.data):
                if (tr.meta or {}).get("money", True) is False or tr.y is None:
                    continue
                for i, (x, v, u) in enumerate(zip(tr.x, tr.y, tu.y)):
                    if v is None:
                        continue
                    assert u == pytest.approx(with_usd(v, year_of(x), DS) * scale, abs=0.51), (cid, x)
                    assert is_weak(u) == is_weak(v), (cid, x)
                    if is_weak(v) and tr.text is not None and WEAK_LABEL in tr.text[i]:
                        assert WEAK_LABEL in tu.text[i], (cid, x)
                    checked += 1
    assert checked >= 20


def visible(page, selector: str) -> bool:
    return page.locator(selector).evaluate_all("els => els.some(e => e.offsetWidth > 0)")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_switch_works_without_javascript(site, server, new_context, lang):
    from playwright.sync_api import expect

    context = new_context(
        java_script_enabled=False,
        viewport={"width": 360, "height": 800},
    )
    page = context.new_page()
    page.goto(server + ("zh/" if lang == "zh" else "") + "since-2021/", wait_until="load")
    fig = "#fig-timeline"
    cny = page.locator(f"{fig} .chart__unit--cny img.chart__img--phone").first
    usd = page.locator(f"{fig} .chart__unit--usd img.chart__img--phone").first
    expect(cny).to_be_visible()
    expect(usd).to_be_hidden()
    page.locator('label[for="fig-timeline-usd"]').click()
    expect(usd).to_be_visible()
    expect(cny).to_be_hidden()
    expect(page.locator(f"{fig} .unit-switch__note")).to_be_visible()
    assert "-usd-phone.svg" in usd.get_attribute("src")
    page.locator('label[for="fig-timeline-cny"]').click()
    expect(cny).to_be_visible()
    context.close()


def test_the_live_chart_follows_the_switch_and_the_choice_is_kept_across_pages(site, server, browser):
    page = browser.new_page()
    page.goto(server + "numbers/")
    box = page.locator("#fig-cbec-vintages .chart__plot")
    box.focus()
    page.wait_for_function(
        "document.querySelector('#fig-cbec-vintages .chart__plot').dataset.drawn === 'default/desktop'"
    )
    page.locator('label[for="fig-cbec-vintages-usd"]').click()
    page.wait_for_function(
        "document.querySelector('#fig-cbec-vintages .chart__plot').dataset.drawn === 'default-usd/desktop'"
    )
    live_text = page.locator("#fig-cbec-vintages .chart__live").inner_text()
    assert re.search(r"billion US dollars", live_text), live_text
    # Every money chart on the page follows the one choice, and the next page opens in it.
    assert page.locator(".unit-switch__input--usd").evaluate_all("els => els.every(e => e.checked)")
    assert page.evaluate("localStorage.getItem('cbec-unit')") == "usd"
    page.goto(server + "since-2021/")
    page.wait_for_function("document.querySelector('#fig-timeline-usd').checked")
    assert visible(page, "#fig-timeline .chart__unit--usd img")
    assert not visible(page, "#fig-timeline .chart__unit--cny img")
    page.locator('label[for="fig-timeline-cny"]').click()
    page.wait_for_function("localStorage.getItem('cbec-unit') === 'cny'")
    assert visible(page, "#fig-timeline .chart__unit--cny img")
    page.close()
