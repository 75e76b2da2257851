"""The Simplified Chinese edition: page parity, language switcher, localised charts, Chinese search."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT, SITE_URL, open_for_instant_navigation, page_file, pages, show_charts, wait_for_page

from cbec.charts import CHARTS

CJK = re.compile(r"[\u4e00-\u9fff]")
# Latin words a Chinese page may keep: acronyms and names used as such in Chinese writing.
KEEP = {
    "APEC",
    "UNCTAD",
    "B2B",
    "B2C",
    "SME",
    "MSME",
    "CSV",
    "SVG",
    "GDP",
    "PNG",
    "DHgate",
    "Temu",  # the platform has no Chinese name in use
    "GMV",
    "MOFCOM",
    "GACC",
    "ABAC",
    "CBET",
    "CTI",
    "CBEC",
    "URL",
}
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")


def english_words(text: str) -> list[str]:
    return [w for w in ENGLISH_WORD.findall(text) if w not in KEEP and w.upper() not in KEEP]


def test_every_page_exists_in_both_languages():
    docs = ROOT / "docs"
    en = {p.name for p in docs.glob("*.md") if not p.name.endswith(".zh.md")}
    zh = {p.name.replace(".zh.md", ".md") for p in docs.glob("*.zh.md")}
    assert en == zh, f"only in English: {sorted(en - zh)}; only in Chinese: {sorted(zh - en)}"


def test_built_pages_have_counterparts_lang_and_hreflang(site):
    urls = pages(site)
    english = [u for u in urls if not u.startswith(("zh/", "search"))]
    assert english
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    entries = dict(re.findall(r"<loc>(.*?)</loc>(.*?)</url>", sitemap, re.S))
    for url in english:
        zh_url = "zh/" + url
        assert zh_url in urls, f"{url} has no Chinese page"
        en_html, zh_html = page_file(site, url).read_text("utf-8"), page_file(site, zh_url).read_text("utf-8")
        assert '<html lang="en"' in en_html and '<html lang="zh-Hans"' in zh_html
        # Per-page hreflang pairs live in the sitemap, for both pages of a pair.
        for own in (url, zh_url):
            pairs = dict(
                (lang, href)
                for lang, href in re.findall(r'hreflang="([a-z]+)" href="([^"]+)"', entries[SITE_URL + own])
            )
            assert pairs == {"en": SITE_URL + url, "zh": SITE_URL + zh_url}, (own, pairs)
        # The head names no alternates: Material fetches sitemap.xml relative to each (cbec/mkdocs/page_languages.py).
        for html in (en_html, zh_html):
            assert 'hreflang="zh"' not in html.split("</head>")[0], url
    assert (site / "zh/sitemap.xml").read_bytes() == (site / "sitemap.xml").read_bytes()


def _strings(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


def chart_texts(fig: dict) -> list[str]:
    """Every string a reader sees in a chart: names, hover text, axis titles, annotations, image title."""
    out = []
    for t in fig["data"]:
        out += [t.get("name", ""), t.get("hovertemplate", "")]
        out += [s for s in _strings(t.get("customdata", [])) if ENGLISH_WORD.search(s)]
        if t.get("orientation") != "h":
            out += [x for x in t.get("x", []) if isinstance(x, str)]
    layout = fig["layout"]
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            out.append(axis.get("title", {}).get("text", ""))
    out += [a.get("text", "") for a in layout.get("annotations", [])]
    out += [fig["image"]["title"], fig["image"]["subtitle"]]
    return [s for s in out if s]


def test_chinese_charts_have_no_untranslated_text(site):
    for cid in CHARTS:
        zh_all = json.loads((site / f"assets/charts/zh/{cid}.json").read_text("utf-8"))
        en_all = json.loads((site / f"assets/charts/{cid}.json").read_text("utf-8"))
        # Every scheme x width class variant of the figure (the same figures the static images show).
        for zh, en in (
            (zh_all[s][w] | {"image": zh_all["image"]}, en_all[s][w])
            for s in ("default", "slate")
            for w in ("phone", "desktop")
        ):
            _no_english(cid, zh, en)


def _no_english(cid: str, zh: dict, en: dict):
    if True:
        assert [t.get("y") for t in zh["data"]] == [t.get("y") for t in en["data"]] or cid in (
            "claims",
            "pilot-zones",
        ), f"{cid}: the Chinese chart must plot the same values"
        for text in chart_texts(zh):
            plain = re.sub(r"%\{[^}]*\}|<[^>]+>", "", text)  # placeholders and tags are not words
            assert not english_words(plain), f"{cid}: untranslated text on a Chinese chart: {text!r}"
            if re.search(r"[A-Za-z]", plain):
                assert CJK.search(plain), f"{cid}: {text!r} has no Chinese"


def test_chinese_pages_show_chinese_chart_blocks(site):
    found = 0
    for url in pages(site):
        if not url.startswith("zh/") or url.startswith("zh/charts/"):  # the chart pages repeat these blocks
            continue
        html = page_file(site, url).read_text("utf-8")
        for block in re.findall(r'<figure class="chart".*?</figure>', html, re.S):
            found += 1
            assert 'data-chart="assets/charts/zh/' in block
            visible = re.sub(
                r'<details class="chart__source">.*?</details>', "", block, flags=re.S
            )  # publisher names stay as published
            visible = re.sub(r"<textarea.*?</textarea>", "", visible, flags=re.S)  # the embed code is HTML
            visible = re.sub(r"<[^>]+>", " ", visible)
            assert not english_words(visible), f"{url}: untranslated words {english_words(visible)[:8]}"
    assert found == len(CHARTS)


def test_one_csv_per_chart_with_documented_columns(site):
    sources_en = page_file(site, "sources/").read_text("utf-8")
    sources_zh = page_file(site, "zh/sources/").read_text("utf-8")
    for cid in CHARTS:
        header = (site / f"downloads/{cid}.csv").read_text("utf-8").split("\n")[0].split(",")
        assert (
            not (site / f"zh/downloads/{cid}.csv").exists()
            or (site / f"zh/downloads/{cid}.csv").read_bytes() == (site / f"downloads/{cid}.csv").read_bytes()
        )
        for column in header:
            assert f"<code>{column}</code>" in sources_en and f"<code>{column}</code>" in sources_zh, (
                f"column {column} of {cid}.csv is not documented on both Sources pages"
            )


@pytest.mark.browser
def test_switcher_keeps_the_page_after_instant_navigation(site, server, browser):
    page = browser.new_page()
    open_for_instant_navigation(page, server, "numbers/")
    page.evaluate("window.__sameDocument = true")
    page.click('.md-sidebar--primary a.md-nav__link[href$="context/"]')
    wait_for_page(page, server + "context/")
    assert page.evaluate("window.__sameDocument === true")
    page.locator(".md-header .md-select").first.hover()
    page.click('a.md-select__link[hreflang="zh"]')
    wait_for_page(page, server + "zh/context/")
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    assert page.evaluate("window.__sameDocument") is None, "switching language must load the page afresh"
    assert "核对数字" in page.locator(".md-sidebar--primary").inner_text(), "navigation must be in Chinese"
    page.locator(".md-header .md-select").first.hover()
    page.click('a.md-select__link[hreflang="en"]')
    wait_for_page(page, server + "context/")


@pytest.mark.browser
@pytest.mark.parametrize("query, expected", [("试验区", "zh/context/"), ("海关", "zh/numbers/")])
def test_chinese_search_finds_the_right_page(server, browser, query, expected):
    page = browser.new_page()
    page.goto(server + "zh/")
    page.click("label.md-header__button[for=__search]") if page.locator(
        "label.md-header__button[for=__search]"
    ).is_visible() else page.locator(".md-search__input").click()
    # Wait for the state, not for time: until the search worker has built the two-language index the
    # result line reads "正在初始化搜索引擎" (initialising); Material replaces it with "键入以开始搜索"
    # (type to start searching) when the worker reports ready. The cap only bounds a failure.
    page.wait_for_function(
        "document.querySelector('.md-search-result__meta').textContent.trim() === '键入以开始搜索'",
        timeout=120_000,
    )
    page.fill(".md-search__input", query)
    # Material reads the query on keyup (a reader's IME ends with one); fill() inserts text without keys.
    page.press(".md-search__input", "End")
    page.wait_for_selector(".md-search-result__item")
    hrefs = page.evaluate("[...document.querySelectorAll('.md-search-result__item > a')].map(a => a.href)")
    assert any(h.split("#")[0].split("?")[0] == server + expected for h in hrefs), hrefs


@pytest.mark.browser
def test_chinese_charts_render_in_chinese(site, server, browser):
    page = browser.new_page()
    url = next(
        u
        for u in pages(site)
        if u.startswith("zh/") and 'class="chart__plot"' in page_file(site, u).read_text("utf-8")
    )
    page.goto(server + url)
    show_charts(page)
    legend = page.evaluate(
        "[...document.querySelectorAll('.chart__plot .legendtext, .chart__plot .g-ytitle text')]"
        ".map(t => t.textContent).join(' ')"
    )
    assert CJK.search(legend), legend
