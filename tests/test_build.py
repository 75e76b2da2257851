"""The built site: strict build, navigation, numbers from the tables, no third-party hosts, determinism."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import plotly.offline
import pytest
from conftest import ROOT, SITE_URL, build_site, page_file, pages, previous_build
from test_framing import text_of

from cbec import data, fmt, theme
from cbec.charts import CHARTS, build_all
from cbec.cli import new_year
from cbec.latest import latest_cbec
from cbec.values import flag_weak


class Tags(HTMLParser):
    """Collects (tag, attrs) pairs and text of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, d):
        self.text.append(d)


def parse(path: Path) -> Tags:
    t = Tags()
    t.feed(path.read_text(encoding="utf-8"))
    return t


# --- build and failure behaviour -----------------------------------------------------------


def test_strict_build_writes_every_page(site):
    assert {"", "workshop/", "numbers/", "context/", "glossary/", "sources/", "about/"} <= set(pages(site))
    assert (site / "404.html").exists() and (site / "sitemap.xml").exists()


def test_bad_data_stops_the_build_and_keeps_the_previous_site(tmp_path):
    bad = tmp_path / "data"
    shutil.copytree(ROOT / "data", bad)
    p = bad / "goods_trade.csv"
    lines = p.read_text(encoding="utf-8").split("\n")
    n = next(i for i, line in enumerate(lines, start=1) if line.startswith("2018,"))
    lines[n - 1] = lines[n - 1].replace("2018,30.51,", "2018,thirty,")
    p.write_text("\n".join(lines), encoding="utf-8")
    dest = tmp_path / "site"
    previous = previous_build(dest)
    result = build_site(dest, data_dir=bad)
    assert result.returncode != 0
    assert f"goods_trade.csv:{n}: column 'total_tn_cny': 'thirty' is not a number" in result.stderr
    assert sorted(x.name for x in dest.iterdir()) == previous, "the old site must stay untouched"
    assert not list(tmp_path.glob(".site-*")), "no half-built folder may be left behind"


# --- navigation --------------------------------------------------------------------------------


def test_every_page_is_in_the_nav_and_reachable(site):
    built = {urljoin(SITE_URL, u) for u in pages(site)}
    for home, prefix in (("", ""), ("zh/", "zh/")):
        tree = parse(page_file(site, home))
        nav = {
            urljoin(SITE_URL + home, a["href"])
            for tag, a in tree.tags
            if tag == "a" and "md-nav__link" in a.get("class", "") and "href" in a
        }
        language = {u for u in built if u[len(SITE_URL) :].startswith("zh/") == bool(prefix)}
        assert language <= nav, f"pages missing from the {prefix or 'English'} nav: {sorted(language - nav)}"
        for url in nav:
            rel = url[len(SITE_URL) :].split("#")[0]
            assert page_file(site, rel).exists(), f"nav link {url} has no page"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert {u for u in re.findall(r"<loc>(.*?)</loc>", sitemap)} == built


# --- numbers come from the tables ----------------------------------------------------------


def _value(ds, key: str) -> float:
    kind, *rest = key.split(":")
    if kind == "cbec":
        year, vintage, field = rest
        return getattr(ds.cbec_row(int(year), vintage), field)
    if kind == "trade":
        year, field = rest
        return getattr(ds.trade_row(int(year)), field)
    if kind == "zones":
        batch, field = rest
        return getattr(next(z for z in ds.zones if z.batch == int(batch)), field)
    if kind == "fact":
        return ds.facts[rest[0]].value
    raise AssertionError(f"unknown headline key {key}")


@pytest.mark.parametrize("home", ["", "zh/"])
def test_home_headline_figures_equal_the_tables(site, home):
    ds = data.load()
    html = page_file(site, home).read_text(encoding="utf-8")
    cards = re.findall(
        r'<span class="headline-figure" data-figure="([^"]+)"(?: data-scale="(\d+)")?>([^<]+)</span>', html
    )
    assert len(cards) == 5, cards
    for key, scale, shown in cards:
        expected = fmt.num(_value(ds, key) * int(scale or 1))
        assert shown.strip() == (expected.replace(",", "") if home else expected), key


def add_fictional_year(data_dir: Path, citation: Path) -> tuple[int, float]:
    """The yearly routine on a copy: ``cbec.cli.new_year`` raises the version, then one more year of
    clearly fictional rows (a TEST source) in every yearly table. Returns the year and its total."""
    ds = data.load(data_dir)
    year = max(r.year for r in ds.trade) + 1  # whatever year the data runs to today
    assert new_year.missing(data_dir, year) == ["cbec_annual.csv", "goods_trade.csv", "fx_annual.csv"]
    release = dt.date(year + 1, 1, 20)  # customs' January release of the fictional year, played as today
    argv = [str(year), "--data", str(data_dir), "--citation", str(citation), "--date", release.isoformat()]
    assert new_year.main(argv, today=release) == 0
    src = f"test-fictional-{year}"
    # dated today: a real release of the next year would be dated next January, which the loader
    # refuses as a date in the future (cbec/data_package.py)
    today = dt.date.today().isoformat()
    rows = {
        "sources.csv": f"{src},TEST SOURCE (fictional),测试来源（虚构）,A fictional yearly release for a test,"
        f"{today},"
        f"https://example.org/fictional,{today},medium,Fictional first release,虚构初值,own,test\n",
        "cbec_annual.csv": f"{year},broad,prelim,3.33,,,11.1,,,medium,{src},TEST: fictional row,,\n",
        "goods_trade.csv": f"{year},55.55,11.1,33.33,11.1,22.22,11.1,{src}\n",
        "fx_annual.csv": f"{year},7.7777,medium,{src}\n",
    }
    for name, row in rows.items():
        with (data_dir / name).open("a", encoding="utf-8") as f:
            f.write(row)
    assert new_year.missing(data_dir, year) == []
    return year, 3.33


def test_prose_numbers_and_the_latest_year_follow_the_data(tmp_path, monkeypatch):
    """One build of a changed copy of the data: a changed value, and a new (fictional) year.

    The pages show the new value, not the old one; and with nothing edited but the tables (and the
    version the yearly routine raises), Home, Context and the chart pages call the new year the latest."""
    ds = data.load()
    row = ds.cbec_row(2020, "prelim")
    old, exports = row.total_tn_cny, row.exports_tn_cny
    new = round(old + 0.07, 2)
    # a copy of the project: the routine raises the version in its data/datapackage.json and CITATION.cff
    project = _clean_copy(tmp_path / "project")
    changed = project / "data"
    p = changed / "cbec_annual.csv"
    text = p.read_text(encoding="utf-8")
    assert f"2020,broad,prelim,{old},{exports}," in text
    # exports change with the total, so that exports + imports still add up (cbec/consistency.py)
    p.write_text(
        text.replace(
            f"2020,broad,prelim,{old},{exports},", f"2020,broad,prelim,{new},{round(exports + 0.07, 2)},"
        ),
        encoding="utf-8",
    )
    # and the claims table's computed multiple over 2018 follows (cbec/charts/claims checks it against the tables)
    tt, base = ds.claim("ten-times"), ds.cbec_row(2018, "restated").total_tn_cny
    claims = changed / "claims.csv"
    typed = f",{fmt.num(tt.claimed_value)},{fmt.num(tt.sourced_value)},{fmt.num(tt.alt_value)},"
    assert typed in claims.read_text(encoding="utf-8")
    claims.write_text(
        claims.read_text(encoding="utf-8").replace(
            typed, f",{fmt.num(tt.claimed_value)},{fmt.num(round(new / base, 1))},{fmt.num(tt.alt_value)},"
        ),
        encoding="utf-8",
    )
    year, total = add_fictional_year(changed, project / "CITATION.cff")
    before = latest_cbec(ds).year
    result = build_site(tmp_path / "site", cwd=project)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    numbers = (site / "numbers/index.html").read_text(encoding="utf-8")
    # the ClaimReview JSON-LD quotes the report's figures from data/claims.csv, another table
    numbers = re.sub(r'<script type="application/ld\+json">.*?</script>', "", numbers, flags=re.S)
    assert fmt.tn(new) in numbers and fmt.tn(old) not in numbers
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'data-figure="cbec:2020:prelim:total_tn_cny">{fmt.num(new)}<' in home
    chart = json.loads((site / "assets/charts/cbec-vintages.json").read_text())
    values = chart["default"]["desktop"]["data"][0]["y"]
    assert new in values and old not in values
    # the new year is the latest everywhere, in both languages
    text = {
        url: text_of(page_file(site, url).read_text("utf-8"))
        for url in (
            "",
            "zh/",
            "context/",
            "zh/context/",
            "charts/share-of-trade/",
            "zh/charts/share-of-trade/",
        )
    }
    text.update(
        {url: t.replace(" ", "") for url, t in text.items() if url.startswith("zh/")}
    )  # Chinese: no spaces
    assert f'data-figure="cbec:{year}:prelim:total_tn_cny">{fmt.num(total)}<' in home
    assert f"{fmt.num(total)} trillion yuan in {year}" in text[""]
    assert f"trillion yuan in {before}" not in text[""]
    assert f"{fmt.num(total)}万亿元：{year}年跨境电商进出口" in text["zh/"]
    assert (
        f"reached {fmt.tn(total)} in {year}" in text["context/"]
        and f"in {before} (first release" not in text["context/"]
    )
    assert f"{year}年跨境电商进出口达到{fmt.tn(total, lang='zh')}" in text["zh/context/"]
    share = fmt.num(100 * total / 55.55, 1)
    assert (
        f"to {share}% of China's goods trade" in text["charts/share-of-trade/"]
        and f"–{year})" in text["charts/share-of-trade/"]
    )
    assert f"升至{share}%" in text["zh/charts/share-of-trade/"]
    # the routine's version and date reach the data package and every chart page, where the date is
    # shown once, beside the version and the next expected update, at the foot (UX review 8)
    en, zh = text["charts/share-of-trade/"], text["zh/charts/share-of-trade/"]
    assert (
        f"Data last updated: 20 Jan {year + 1} (version {year + 1}.01.20). Next expected update: Jan {year + 2}"
        in en
    )
    assert en.count(f"20 Jan {year + 1}") == 1, en
    assert f"数据最近更新：{year + 1}年1月20日（版本{year + 1}.01.20）。" in zh
    assert zh.count(f"{year + 1}年1月20日") == 1, zh
    assert f"预计下次更新：{year + 2}年1月" in zh
    assert f"Data last updated: 20 Jan {year + 1}." in text_of(page_file(site, "sources/").read_text("utf-8"))
    assert json.loads((site / "data/datapackage.json").read_text())["version"] == f"{year + 1}.01.20"


def test_each_chart_is_embedded_exactly_once_per_language(site):
    """On the explainer pages; each chart also has its own page (charts/<id>/, tests/test_static.py)."""
    found: dict[tuple[str, str], int] = {}
    for url in (u for u in pages(site) if not u.removeprefix("zh/").startswith("charts/")):
        html = page_file(site, url).read_text("utf-8")
        for lang, cid in re.findall(r'data-chart="assets/charts/(zh/)?([a-z0-9-]+)\.json"', html):
            key = (lang.strip("/") or "en", cid)
            found[key] = found.get(key, 0) + 1
    assert found == {(lang, cid): 1 for lang in ("en", "zh") for cid in CHARTS}


# --- nothing is fetched from another host --------------------------------------------------

FETCHED_LINK_RELS = {
    "stylesheet",
    "icon",
    "preload",
    "modulepreload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "manifest",
    "apple-touch-icon",
    "shortcut",
}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")


def _is_remote(url: str) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme in ("http", "https")


def test_no_page_fetches_from_another_host(site):
    offenders = []
    for html in site.rglob("*.html"):
        for tag, attrs in parse(html).tags:
            urls = [attrs.get(a) for a in ("src", "srcset", "poster", "data") if attrs.get(a)]
            if tag == "link" and FETCHED_LINK_RELS & set((attrs.get("rel") or "").lower().split()):
                urls.append(attrs.get("href", ""))
            urls += [m[0] or m[1] for m in CSS_URL.findall(attrs.get("style", ""))]
            offenders += [f"{html.relative_to(site)}: <{tag}> {u}" for u in urls if _is_remote(u)]
        for css in re.findall(r"<style[^>]*>(.*?)</style>", html.read_text("utf-8"), re.S):
            offenders += [
                f"{html.relative_to(site)}: <style> {m[0] or m[1]}"
                for m in CSS_URL.findall(css)
                if _is_remote(m[0] or m[1])
            ]
    for css in site.rglob("*.css"):
        offenders += [
            f"{css.relative_to(site)}: {m[0] or m[1]}"
            for m in CSS_URL.findall(css.read_text("utf-8"))
            if _is_remote(m[0] or m[1])
        ]
    # Our own scripts must not name any host; the theme's and plotly's bundles are checked in
    # the browser instead (test_browser: no request leaves the site), since they carry URLs
    # for features we do not switch on.
    for js in (ROOT / "docs/assets/javascripts").rglob("*.js"):
        offenders += [f"{js.name}: {u}" for u in re.findall(r"https?://[^\s'\"]+", js.read_text("utf-8"))]
    assert not offenders, "\n".join(offenders)


def test_no_google_fonts_and_no_repo_api(site):
    html = page_file(site, "").read_text("utf-8")
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    assert "md-source" not in html, "repo_url would make every browser call GitHub's API"


# --- plotly.js -------------------------------------------------------------------------------------


def test_no_page_loads_plotly_before_a_reader_asks(site):
    """plotly.js (1 MB) is fetched by charts.js when a reader points at, taps or focuses a chart, never
    by a page's own markup: no <script> or preload names it (Lighthouse's render-blocking audit read this
    on every page; this reads it from the HTML)."""
    offenders = []
    for html in site.rglob("*.html"):
        for tag, attrs in parse(html).tags:
            if tag in ("script", "link") and "plotly" in (attrs.get("src") or attrs.get("href") or ""):
                offenders.append(f"{html.relative_to(site)}: <{tag}> {attrs.get('src') or attrs.get('href')}")
    assert not offenders, offenders


def test_plotly_bundle_matches_plotly_py(site):
    version = plotly.offline.get_plotlyjs_version()
    bundle = site / f"assets/javascripts/vendor/plotly-basic-{version}.min.js"
    assert bundle.exists(), list((site / "assets/javascripts/vendor").iterdir())
    assert f"plotly.js (basic - minified) v{version}" in bundle.read_text("utf-8")[:200]
    vendor = list((site / "assets/javascripts/vendor").iterdir())
    assert len(vendor) == 1, "exactly one plotly.js for all pages"


def test_chart_json_has_both_schemes_both_widths_and_image_metadata(site):
    """Colours are resolved at build time (cbec/theme.py), so the live chart matches the static
    image; the JSON holds scheme -> width class -> figure (tests/test_static.py checks the theme).
    A money chart also holds its US-dollar twin, 'default-usd' and 'slate-usd' (the unit switch)."""
    specs = build_all(flag_weak(data.load(ROOT / "data")), "en")
    assert sorted(specs) == sorted(CHARTS)
    for cid, spec in specs.items():
        fig = json.loads((site / f"assets/charts/{cid}.json").read_text())
        usd = [f"{s}-usd" for s in theme.SCHEMES] if spec.money else []
        assert sorted(fig) == sorted(["default", "image", "slate", *usd]), cid
        for key in ["default", "slate", *usd]:
            assert sorted(fig[key]) == sorted(theme.WIDTHS), (cid, key)
        for key in usd:  # the same chart in other numbers: the yuan values converted, not copied
            yuan = fig[key.removesuffix("-usd")]["desktop"]["data"]
            assert len(fig[key]["desktop"]["data"]) == len(yuan)
            assert fig[key]["desktop"]["data"] != yuan, (cid, key)
        text = json.dumps(fig)
        assert '"template"' not in text
        assert fig["image"]["title"] and fig["image"]["source"].startswith("Source: ")


# --- determinism -----------------------------------------------------------------------------------


def _clean_copy(dest: Path) -> Path:
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split("\n")
    for f in filter(None, files):
        if (ROOT / f).is_file():
            (dest / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / f, dest / f)
    os.symlink(ROOT / "node_modules", dest / "node_modules")
    return dest


# Digits a page may type: years, dates, customs codes, names with digits, list numbering.
_ALLOWED_DIGITS = [
    r"CTI 04 2019S",
    r"(?<!\d)(?:19|20)\d\d(?!\d)",
    r"(?<!\d)(?:9610|9710|9810|1210|1239)(?!\d)",
    r"B2[BC]",
    r"COVID-19",
    r"(?:CC BY|Attribution|署名) 4\.0",
    r"(?<!\d)\d{1,2}(?:[–-]\d{1,2})?(?: and \d{1,2})? (?:January|"
    r"February|March|April|May|June|July|August|September|October|November|December)",
    r"(?<!\d)\d{1,2}月(?:\d{1,2}日)?",
    r"^\s*\d+\.\s",
    r"\bbatch \d\b",
    r"\b\d{1,2}th Five-Year\s+Plan",  # a plan's name
    r"(?<!\d)\d{1,2}日",
]


def test_no_quantity_is_typed_into_a_page():
    """Numbers in prose come from the tables through macros; a typed 1.69 or 165 fails here."""
    offenders = []
    for md in sorted((ROOT / "docs").glob("*.md")):
        text = md.read_text("utf-8")
        text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)  # front matter
        text = re.sub(r"\{%\s*raw\s*%\}.*?\{%\s*endraw\s*%\}", "", text, flags=re.S)
        text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|```.*?```|`[^`]*`", "", text, flags=re.S)  # macros, code
        text = re.sub(r"\]\([^)]*\)|\{\s*[:#][^}]*\}|<[^>]+>", "", text)  # link targets, attributes, tags
        for pattern in _ALLOWED_DIGITS:
            text = re.sub(pattern, "", text, flags=re.M)
        offenders += [
            f"{md.name}: …{text[max(0, m.start() - 30) : m.end() + 10]!r}…" for m in re.finditer(r"\d", text)
        ]
    assert not offenders, "\n".join(offenders)


@pytest.mark.parametrize(
    "url, expected",
    [("", ""), ("numbers/", "../"), ("zh/", "../"), ("zh/numbers/", "../../"), ("a/b/page.html", "../../")],
)
def test_links_from_a_page_to_the_site_root(url, expected):
    from cbec.mkdocs.page_urls import relative_root

    assert relative_root(url) == expected
