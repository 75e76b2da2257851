"""Site-wide gates on every page: accessibility (axe), valid HTML (vnu), links at / and under a
subpath, deterministic Lighthouse audits, and print. Slow gates carry the `slow` mark; make test runs them."""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.request import urlopen

import pytest
from conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    SITE_URL,
    SUBPATH,
    StaticServer,
    pages,
    show_charts,
)
from pdf_text import pdf_pages

AXE = ROOT / "node_modules/axe-core/axe.min.js"
VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"
LIGHTHOUSE = ROOT / "node_modules/.bin/lighthouse"
ALLOWLIST = Path(__file__).with_name("vnu-allowlist.txt")
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


NO_MOTION = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def rendered(page):
    show_charts(page)


# --- 1. accessibility ----------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.slow
def test_axe_finds_no_wcag_a_or_aa_violation(site, server, browser):
    """Every page in both colour schemes: one page load per page, axe run in the light scheme, then
    again after switching to dark (the charts redrawn in it), as a reader's toggle does; each page was
    once loaded twice, once per scheme, for the same two axe runs."""
    page = browser.new_page()
    failures = []
    for url in pages(site) + ["no/such/page/"]:
        page.goto(server + url)
        # Measure the final colours, not a frame of Material's colour transition: no transitions or
        # animations, and none left running when axe starts.
        page.add_style_tag(content=NO_MOTION)
        page.add_script_tag(path=str(AXE))
        for scheme in ("default", "slate"):
            page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
            rendered(page)
            page.wait_for_function(
                "s => [...document.querySelectorAll('.chart__plot')].every(e => e.dataset.scheme === s)",
                arg=scheme,
            )
            page.wait_for_function("document.getAnimations().length === 0")
            # only violations are read: axe then skips listing the passes (0.15 s instead of 0.25 per run)
            result = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
                WCAG,
            )
            for v in result["violations"]:
                targets = [", ".join(n["target"]) for n in v["nodes"][:3]]
                failures.append(f"{url or '(home)'} [{scheme}] {v['id']}: {v['help']} at {targets}")
    assert not failures, "\n".join(failures)


@pytest.mark.browser
def test_keyboard_reaches_and_opens_a_chart_data_table(site, server, browser):
    page = browser.new_page()
    url = next(u for u in pages(site) if 'class="chart__data' in (site / u / "index.html").read_text("utf-8"))
    page.goto(server + url)
    rendered(page)
    for _ in range(400):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('details.chart__data > summary')"):
            break
    else:
        pytest.fail("Tab never reached a chart's data table")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.parentElement.open") is True
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused control must show a focus ring"


# --- 2. valid HTML ---------------------------------------------------------------------------------


def allowlist() -> dict[str, str]:
    """message -> reason; every allowed message is written out with the reason it is the theme's."""
    allowed = {}
    for line in ALLOWLIST.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            message, _, reason = line.partition("\t")
            assert reason.strip(), f"allow-list entry without a reason: {line!r}"
            allowed[message.strip()] = reason.strip()
    return allowed


@pytest.mark.slow
def test_vnu_finds_no_html_errors_in_markup_we_produce(site):
    files = sorted(str(p) for p in site.rglob("*.html"))
    out = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
    )
    messages = json.loads(out.stderr or out.stdout)["messages"]
    allowed = allowlist()
    errors = [
        f"{m['url'].split(str(site))[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error" and m["message"] not in allowed
    ]
    assert not errors, "\n".join(errors[:40])
    used = {m["message"] for m in messages}
    assert not set(allowed) - used, f"allow-list entries no longer needed: {set(allowed) - used}"


# --- 3. links, at / and under /REPO/ -----------------------------------------------------------


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        for key in ("href", "src"):
            if a.get(key) and not (
                tag == "link" and "canonical" in a.get("rel", "") or "alternate" in a.get("rel", "")
            ):
                self.urls.append(a[key])


def crawl(base: str) -> list[str]:
    """Fetch every page reachable from the home page; return broken links and anchors."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base))
    seen: dict[str, Links] = {}
    todo, broken, checked = [base], [], set()
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        with urlopen(url) as r:
            parser = Links()
            parser.feed(r.read().decode("utf-8"))
        seen[url] = parser
        for link in parser.urls:
            target = urljoin(url, link)
            if not target.startswith(origin + "/"):
                continue  # another host: a link for the reader to follow, not part of the site
            if not target.startswith(base):
                broken.append(f"{url}: {link} leaves the site's path")
                continue
            page, _ = urldefrag(target)
            if page.endswith("/") and page not in seen:
                todo.append(page)
            elif page not in checked:
                checked.add(page)
                try:
                    urlopen(page).close()
                except Exception as e:  # noqa: BLE001 - report every kind of failure
                    broken.append(f"{url}: {link} -> {e}")
    for url, parser in seen.items():
        for link in parser.urls:
            target = urljoin(url, link)
            page, frag = urldefrag(target)
            if frag and page in seen and frag not in seen[page].ids:
                broken.append(f"{url}: #{frag} not found on {page}")
    assert len(seen) >= 7, f"crawl found only {sorted(seen)}"
    return broken


@pytest.mark.slow
def test_links_resolve_under_the_repo_subpath(site, server):
    assert crawl(server) == []


@pytest.mark.slow
def test_links_resolve_at_the_domain_root(domain_site):
    with StaticServer(domain_site, "/") as url:
        assert crawl(url) == []
        with pytest.raises(Exception) as missing:
            urlopen(url + "deep/missing/path/")
        assert missing.value.code == 404
        assert 'class="md-header' in missing.value.read().decode("utf-8")


@pytest.mark.browser
def test_404_page_is_styled_at_a_deep_missing_path(server, browser):
    page = browser.new_page()
    response = page.goto(server + "a/b/c/missing/")
    assert response.status == 404
    assert page.locator("h1").first.inner_text().strip() == "404 - Not found"
    sheets = page.evaluate("[...document.styleSheets].filter(s => s.cssRules.length > 0).length")
    assert sheets >= 2, "theme and site CSS must load from the 404 page at any depth"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in (
        "sticky",
        "fixed",
    )


# --- 5. Lighthouse: deterministic audits only (scores go to the benchmark) ------------------------

DETERMINISTIC_AUDITS = [
    "document-title",
    "meta-description",
    "html-has-lang",
    "canonical",
    "is-crawlable",
    "http-status-code",
    "link-text",
    "crawlable-anchors",
    "image-aspect-ratio",
    "image-size-responsive",
    "viewport",
    "errors-in-console",
    "inspector-issues",
    "hreflang",
    "font-size",
]  # Lighthouse 12 has no "tap-targets" audit any more (the list named it, and nothing ran it)


LIGHTHOUSE_PAGES = Path(__file__).with_name("lighthouse_pages.mjs")
# Lighthouse runs only the audits this test reads (DETERMINISTIC_AUDITS): the rest of the four categories
# (scores, timings) is the benchmark's, and running them cost a fifth of the time per page.
# "third-party-summary" and "render-blocking-resources" were read here too; they need a performance trace
# (a tenth of each page's CPU time), and other tests check the same on every page without one: no request
# leaves the site (test_build, in the HTML; test_browser, in Chromium) and no page loads plotly.js before a
# reader asks for a chart (test_build).


def run_lighthouse(urls: list[str]) -> list[dict]:
    """Lighthouse on each URL, in one Chrome (tests/lighthouse_pages.mjs): the CLI started Node and a
    fresh Chrome for every page, which took about twice as long per page. Lighthouse still resets the
    origin's storage and the browser's cache before each page. One dict per URL: url, runtimeError,
    audits."""
    out = subprocess.run(
        [
            "node",
            str(LIGHTHOUSE_PAGES),
            json.dumps(
                {
                    "chromePath": CHROMIUM,
                    "chromeFlags": CHROMIUM_ARGS,
                    "onlyAudits": DETERMINISTIC_AUDITS,
                    "urls": urls,
                }
            ),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240 * max(1, len(urls)),
    )
    assert out.returncode == 0, out.stderr[-3000:]
    reports = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    assert [r["url"] for r in reports] == urls, out.stderr[-3000:]
    return reports


def test_the_bench_runs_the_lighthouse_the_tests_run():
    """make bench (cbec/cli/bench_lighthouse.py) once looked for Lighthouse under cbec/ and could not start.
    Whether Lighthouse is installed is the slow tier's question (make test installs it, make test-fast
    does not need it): test_lighthouse_deterministic_audits_pass_on_every_kind_of_page runs it."""
    from cbec.cli import bench_lighthouse

    assert bench_lighthouse.ROOT == ROOT
    assert bench_lighthouse.ROOT / "node_modules/.bin/lighthouse" == LIGHTHOUSE


def audited_pages(site: Path, lang: str) -> list[str]:
    """The pages of one language Lighthouse audits: every page, except that of the chart pages (one
    template, eight charts) only the first. What the audits read differs between chart pages only in
    words (title, description, notes, table): the template sets the head, links, fonts and viewport, and
    a chart's images are SVG, which the two image audits skip. Each chart page's words and head are
    checked on every page by the tests of the built pages (test_publish: title, description, canonical;
    test_i18n: lang, hreflang; test_browser: console errors, foreign requests)."""
    urls = [u for u in pages(site) if u.startswith("zh/") == (lang == "zh")]
    charts = [u for u in urls if re.fullmatch(r"(zh/)?charts/[^/]+/", u)]
    return [u for u in urls if u not in charts[1:]]


def lighthouse_failures(site: Path, lang: str) -> list[str]:
    """The deterministic audits on the pages of one language of the session's site (audited_pages).
    Lighthouse judges a canonical link against the address it visits (not the site's root, not another
    language's page), so the server writes its own address for SITE_URL in every page: the HTML is then
    byte for byte what a build for that address writes (compared on all 36 pages), without the build per
    language this test used to make."""
    assert LIGHTHOUSE.is_file(), f"{LIGHTHOUSE} is missing: make test installs it (npm ci)"
    failures = []
    with StaticServer(site, SUBPATH, public_url=SITE_URL, everywhere=True) as base:
        urls = audited_pages(site, lang)
        assert len(urls) >= 10 and any("charts/" in u for u in urls), urls
        for url, report in zip(urls, run_lighthouse([base + u for u in urls]), strict=True):
            if report["runtimeError"]:
                failures.append(f"{url or '(home)'}: Lighthouse: {report['runtimeError']}")
            assert set(DETERMINISTIC_AUDITS) <= set(report["audits"]), url  # each one ran
            for audit in DETERMINISTIC_AUDITS:
                a = report["audits"][audit]
                if a["scoreDisplayMode"] == "binary" and a["score"] != 1:
                    failures.append(f"{url or '(home)'}: {audit}: {a['title']}")
    return failures


# One class per language: pytest-xdist (--dist loadscope) gives each class to its own worker, so the
# two halves of the site are audited at the same time (one test over every page took ~16 min).
@pytest.mark.slow
class TestLighthouseEnglish:
    def test_lighthouse_deterministic_audits_pass_on_every_kind_of_page(self, site):
        failures = lighthouse_failures(site, "en")
        assert not failures, "\n".join(failures)


@pytest.mark.slow
class TestLighthouseChinese:
    def test_lighthouse_deterministic_audits_pass_on_every_kind_of_page(self, site):
        failures = lighthouse_failures(site, "zh")
        assert not failures, "\n".join(failures)


# --- 7. print ---------------------------------------------------------------------------------------


def in_pdf(expected: str, squashed: str) -> bool:
    """Is ``expected`` (spaces ignored) in the PDF's text? A CJK font's text map may return a shared
    glyph as a radical (⻚ for 页) that no normalisation undoes, so a radical matches any ideograph."""
    pattern = "".join(
        f"(?:{re.escape(ch)}|[\u2e80-\u2fdf])" if "\u4e00" <= ch <= "\u9fff" else re.escape(ch)
        for ch in unicodedata.normalize("NFKC", expected).replace(" ", "")
    )
    # case-insensitive: a heading the CSS sets in capitals (a chart page's kicker) prints as capitals
    return re.search(pattern, squashed, re.IGNORECASE) is not None


@pytest.mark.browser
@pytest.mark.slow
def test_every_page_prints_with_headings_and_table_values(site, server, browser, tmp_path):
    page = browser.new_page()
    for url in pages(site):
        page.goto(server + url)
        rendered(page)
        headings = page.evaluate(
            "[...document.querySelectorAll('.md-content h1, .md-content h2')]"
            ".map(h => h.textContent.replace('¶', '').trim())"
        )
        cells = page.evaluate(
            "[...document.querySelectorAll('.chart__data td')]"
            ".map(td => td.textContent.trim()).filter(t => /\\d/.test(t))"
        )
        page.emulate_media(media="print")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{url}: printed page is {overflow}px too wide"
        pdf = tmp_path / "page.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=False)
        page.emulate_media(media="screen")
        # NFKC: a PDF's CJK text can come back with radicals or full-width forms (⼀ for 一, ２ for 2).
        text = unicodedata.normalize("NFKC", " ".join(p.text for p in pdf_pages(pdf)))
        text = re.sub(r"\s+", " ", text)
        squashed = text.replace(" ", "")
        for h in headings:
            assert in_pdf(h, squashed), f"{url}: heading {h!r} missing from the PDF"
        for c in cells:  # rows never split across pages (print CSS), so each cell reads whole
            assert in_pdf(c, squashed), f"{url}: table value {c!r} missing from the PDF"
