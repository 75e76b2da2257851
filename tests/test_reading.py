"""A page as a reader gets it (issue 15): the verdict first, nothing clipped on a phone, sources in one
line, machine-readable verdicts, print on A4, and pages that agree with their charts without JavaScript."""

from __future__ import annotations

import html
import json
import re
import unicodedata

import pytest
from conftest import page_file, pages
from pdf_text import pdf_pages
from test_quality import in_pdf

from cbec import data
from cbec.verdicts import PAGE_BACKGROUNDS, RATING_SCALE, VERDICTS

BADGE = re.compile(r'<span class="verdict" data-verdict="([a-z_]+)"(?: data-claim="([a-z0-9-]+)")?')
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def claims():
    return {c.id: c for c in data.load().claims}


# --- built HTML ---------------------------------------------------------------------------------


def test_every_verdict_badge_shows_its_claims_category(site):
    """Wherever a badge names a claim, its category is that claim's verdict_code in data/claims.csv;
    Home lists every claim's badge, and each claim's heading on numbers/ carries it."""
    by_id, seen = claims(), 0
    for url in pages(site):
        for code, claim_id in BADGE.findall(page_file(site, url).read_text("utf-8")):
            assert code in VERDICTS, (url, code)
            if claim_id:
                assert code == by_id[claim_id].verdict_code, (url, claim_id, code)
                seen += 1
    assert seen
    for lang in ("", "zh/"):
        home = page_file(site, lang).read_text("utf-8")
        strip = home.split('class="verdict-strip"', 1)[1].split("</div>", 1)[0]
        assert [cid for _, cid in BADGE.findall(strip)] == list(by_id), "Home: one badge per claim, in order"
        numbers = page_file(site, lang + "numbers/").read_text("utf-8")
        for cid, c in by_id.items():
            heading = re.search(rf'<h2 id="{cid}">(.*?)</h2>', numbers, re.S).group(1)
            assert f'data-verdict="{c.verdict_code}" data-claim="{cid}"' in heading, (lang, cid)


def test_verdict_colours_meet_4_5_to_1_on_both_page_backgrounds():
    def luminance(hex_colour: str) -> float:
        c = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    def contrast(a: str, b: str) -> float:
        hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
        return (hi + 0.05) / (lo + 0.05)

    for code, v in VERDICTS.items():
        assert contrast(v.light, PAGE_BACKGROUNDS["light"]) >= 4.5, code
        assert contrast(v.dark, PAGE_BACKGROUNDS["dark"]) >= 4.5, code
    assert len({v.symbol for v in VERDICTS.values()}) == len(VERDICTS), (
        "a symbol per category, not colour alone"
    )


@pytest.mark.parametrize("lang", ["", "zh/"])
def test_claim_review_json_ld_has_one_entry_per_claim_with_the_verdict_from_the_data(site, lang):
    by_id = claims()
    ds = data.load()
    text = page_file(site, lang + "numbers/").read_text("utf-8")
    reviews = [
        r
        for block in LD_JSON.findall(text)
        for r in (json.loads(block) if block.lstrip().startswith("[") else [json.loads(block)])
        if r.get("@type") == "ClaimReview"
    ]
    assert len(reviews) == len(by_id)
    for r in reviews:
        assert r["@context"] == "https://schema.org"
        cid = r["url"].rsplit("#", 1)[1]
        c = by_id[cid]
        assert r["url"].startswith("https://example.github.io/cbec-explainer/" + lang + "numbers/")
        rating = r["reviewRating"]
        v = VERDICTS[c.verdict_code]
        assert rating["alternateName"] == (v.zh if lang else v.en)  # the badge's short word
        assert rating["name"] == (c.verdict_zh if lang else c.verdict)
        assert rating["ratingValue"] == VERDICTS[c.verdict_code].rating
        assert (rating["worstRating"], rating["bestRating"]) == RATING_SCALE
        assert RATING_SCALE[0] <= rating["ratingValue"] <= RATING_SCALE[1]
        report = ds.sources[c.claim_source_ids[0]]
        assert r["itemReviewed"]["@type"] == "Claim"
        assert r["itemReviewed"]["appearance"]["url"] == report.url
        assert r["itemReviewed"]["author"]["name"] == report.publisher
        assert r["claimReviewed"] and r["author"]["name"]
    for block in LD_JSON.findall(text):
        assert "</" not in block and "<!--" not in block


def test_each_chart_lists_its_sources_in_one_line_that_opens(site):
    for url in pages(site):  # a chart's own page lists them (a story page's figure links to it)
        text = page_file(site, url).read_text("utf-8")
        for fig in re.findall(r'<figure class="chart chart--page".*?</figure>', text, re.S):
            source = re.search(
                r'<details class="chart__source"><summary>(.*?)</summary>(.*?)</details>', fig, re.S
            )
            assert source, url
            links = re.findall(r"<a ", source.group(2))
            summary = html.unescape(re.sub(r"<[^>]+>", "", source.group(1)))
            if len(links) > 1:
                # the chart's source line (authority first), then the count of the sources it opens to
                assert re.search(rf"(· {len(links)} sources|·共{len(links)}个来源)$", summary), (
                    url,
                    summary,
                )


def test_every_citation_leads_to_its_entry_on_the_sources_page_with_its_confidence(site):
    ds = data.load()
    sources_en = page_file(site, "sources/").read_text("utf-8")
    found = 0
    for url in pages(site):
        text = page_file(site, url).read_text("utf-8")
        for cite in re.findall(r'<span class="cite">(.*?)</span>', text, re.S):
            for href, title, conf in re.findall(
                r'<a href="([^"]+)" title="([^"]+)" data-confidence="(\w+)"', cite
            ):
                sid = href.rsplit("#src-", 1)[1]
                assert href.split("#")[0].endswith("zh/sources/" if url.startswith("zh/") else "sources/"), (
                    url,
                    href,
                )
                assert conf == ds.sources[sid].confidence
                word = {"strong": "强", "medium": "中", "weak": "弱"}[conf] if url.startswith("zh/") else conf
                assert html.unescape(title).endswith(word), (url, title)
                assert f'id="src-{sid}"' in sources_en
                found += 1
    assert found > 50


# --- in the browser -----------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_page_scrolls_sideways_and_every_table_fits_at_360px(site, server, new_context, scheme):
    context = new_context(
        color_scheme=scheme,
        viewport={"width": 360, "height": 800},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    problems = []
    for url in pages(site):
        page.goto(server + url, wait_until="load")
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")  # tables inside too
        wide = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if wide > 0:
            problems.append(f"{url}: page scrolls {wide}px sideways")
        clipped = page.evaluate("""() => [...document.querySelectorAll('.md-content table')].filter(t => t.offsetParent)
            .map(t => [t, t.closest('.md-typeset__scrollwrap') || t.parentElement])
            .filter(([t, box]) => t.scrollWidth > box.clientWidth + 1 || box.scrollWidth > box.clientWidth + 1)
            .map(([t]) => (t.closest('[id]') || {}).id + ': ' + t.textContent.slice(0, 40))""")
        problems += [f"{url}: table wider than the screen: {c}" for c in clipped]
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
def test_home_shows_all_five_verdicts_on_the_first_screen(site, server, new_context, width):
    context = new_context(
        viewport={"width": width, "height": 800},
    )
    page = context.new_page()
    by_id = claims()
    for lang in ("", "zh/"):
        page.goto(server + lang, wait_until="load")
        page.evaluate("document.fonts.ready")
        shown = page.evaluate("""() => [...document.querySelectorAll('.verdict-strip li')].map(li => {
            const b = li.querySelector('.verdict'), a = li.querySelector('a'), r = li.getBoundingClientRect();
            return {claim: b.dataset.claim, code: b.dataset.verdict, bottom: r.bottom, href: a.href}; })""")
        assert [s["claim"] for s in shown] == list(by_id), lang
        for s in shown:
            assert s["bottom"] <= 800, f"{lang or 'en'} at {width}: {s['claim']} ends at y={s['bottom']:.0f}"
            assert s["code"] == by_id[s["claim"]].verdict_code
            assert s["href"] == f"{server}{lang}numbers/#{s['claim']}"
        # the claims chart is on Home, static: plotly.js waits for a reader
        # the chart's image is there, one of the width classes shown by CSS (light or dark, by scheme)
        assert (
            page.evaluate(
                "[...document.querySelectorAll('#fig-claims .chart__static img')]"
                ".filter(i => i.offsetWidth > 0).length"
            )
            == 1
        )
        assert not page.evaluate(
            "[...performance.getEntriesByType('resource')].some(r => /plotly/.test(r.name))"
        )
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_badge_colours_meet_4_5_to_1_as_drawn(site, server, browser, scheme):
    """The badges as the browser paints them, on the page's own background, in each scheme."""
    page = browser.new_page()
    page.emulate_media(color_scheme=scheme)
    page.goto(server + "numbers/", wait_until="load")
    want = "slate" if scheme == "dark" else "default"
    page.wait_for_function(f"document.body.dataset.mdColorScheme === '{want}'")
    ratios = page.evaluate("""() => {
        const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
        const lum = c => { const l = c.map(v => {
                               v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                           return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2]; };
        const bg = lum(rgb(getComputedStyle(document.body).backgroundColor));
        return [...document.querySelectorAll('.verdict')].map(b => {
            const f = lum(rgb(getComputedStyle(b).color)); const [hi, lo] = f > bg ? [f, bg] : [bg, f];
            return [b.dataset.verdict, (hi + 0.05) / (lo + 0.05)]; }); }""")
    assert ratios
    low = [(code, round(r, 2)) for code, r in ratios if r < 4.5]
    assert not low, low


@pytest.mark.browser
def test_without_javascript_a_dark_system_gets_no_dark_chart_on_a_light_page(site, server, new_context):
    context = new_context(
        java_script_enabled=False,
        color_scheme="dark",
        viewport={"width": 1280, "height": 900},
    )
    page = context.new_page()
    for url in ("", "numbers/", "zh/", "charts/claims/"):
        page.goto(server + url, wait_until="load")
        state = page.evaluate("""() => {
            const rgb = getComputedStyle(document.body).backgroundColor.match(/[\\d.]+/g).slice(0, 3).map(Number);
            const darkPage = rgb.reduce((a, b) => a + b, 0) < 3 * 128;
            const shown = [...document.querySelectorAll('.chart__static')].filter(p => p.offsetParent !== null);
            return {darkPage, shown: shown.map(p => p.classList.contains('chart__static--dark'))}; }""")
        assert state["shown"], url
        assert all(dark == state["darkPage"] for dark in state["shown"]), (url, state)
    context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_numbers_prints_on_a4_with_every_column_inside_and_titles_with_their_charts(
    site, server, new_context, tmp_path
):
    """Printed from dark mode (the harder case): every character inside the right margin, every table header
    in the text, and each chart title on the page where its chart (and the summary under it) starts."""
    context = new_context(
        color_scheme="dark",
        viewport={"width": 1280, "height": 900},
    )
    page = context.new_page()
    for lang in ("", "zh/"):
        page.goto(server + lang + "numbers/", wait_until="load")
        page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
        headers = page.evaluate(
            "[...document.querySelectorAll('.md-content th')].map(th => th.textContent.trim())"
        )
        charts = page.evaluate("""() => [...document.querySelectorAll('figure.chart')].map(f => ({
            title: f.querySelector('.chart__title').textContent,
            summary: f.querySelector('.chart__summary').textContent}))""")
        pdf = tmp_path / "numbers.pdf"
        margin = 15 / 25.4 * 72  # 15 mm in points
        page.pdf(path=str(pdf), format="A4", margin={k: "15mm" for k in ("top", "bottom", "left", "right")})
        printed = pdf_pages(pdf)
        chars = [(n, c.right, c.bottom, c.text) for n, p in enumerate(printed) for c in p.chars]
        width = printed[0].width
        beyond = [t for _, x, _, t in chars if x > width - margin + 0.5]  # half a point: rounding
        assert not beyond, f"text ends beyond the right margin: {''.join(beyond)[:80]!r}"
        squashed = unicodedata.normalize("NFKC", re.sub(r"\s+", "", "".join(t for *_, t in chars)))
        for h in headers:
            assert in_pdf(h, squashed), f"{lang}numbers/: column {h!r} missing from the print"

        def find(text: str, start: int = 0, chars=chars) -> tuple[int, int, float]:
            """(character index, page, y) where ``text`` (its first 12 characters) first ends, from character
            ``start`` on."""
            key = re.sub(r"\s+", "", text)[:12]
            run = ""
            for i in range(start, len(chars)):
                n, _, y, t = chars[i]
                run += unicodedata.normalize("NFKC", re.sub(r"\s+", "", t))
                if in_pdf(key, run):
                    return i, n, y
            raise AssertionError(f"{text[:40]!r} not in the print")

        top = printed[0].height - margin
        for c in charts:
            at, title_page, _ = find(c["title"])
            _, summary_page, y = find(c["summary"], at)
            assert summary_page == title_page or (summary_page == title_page + 1 and y > top - 40), (
                f"{lang}numbers/: chart {c['title'][:40]!r} is not on the page of its title"
            )
    context.close()
