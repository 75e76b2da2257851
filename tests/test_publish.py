"""What GitHub Pages and link previews need: meta tags, canonical links, sitemap, robots, preview image."""

from __future__ import annotations

import json
import re
import struct
from urllib.parse import urlsplit

import pytest
from conftest import SITE_URL, page_file, pages


def head(html: str) -> str:
    return html.split("</head>")[0]


def meta(html: str, attr: str, name: str) -> str | None:
    m = re.search(rf'<meta {attr}="{re.escape(name)}" content="([^"]*)"', head(html))
    return m.group(1) if m else None


def test_every_page_has_title_description_canonical_and_share_tags(site):
    titles = set()
    for url in pages(site):
        html = page_file(site, url).read_text("utf-8")
        canonical = SITE_URL + url
        assert re.search(rf'<html lang="{"zh-Hans" if url.startswith("zh/") else "en"}"', html), url
        title = re.search(r"<title>(.*?)</title>", html).group(1)
        assert len(title) > 10 and title not in titles, f"{url}: title {title!r} missing or repeated"
        titles.add(title)
        description = meta(html, "name", "description")
        assert description and 50 <= len(description) <= 300, f"{url}: meta description {description!r}"
        assert f'<link rel="canonical" href="{canonical}">' in html, url
        assert meta(html, "property", "og:url") == canonical
        assert meta(html, "property", "og:title") and meta(html, "property", "og:description") == description
        chart = re.fullmatch(r"(?:zh/)?charts/([a-z0-9-]+)/", url)  # a chart's page shares that chart
        card = (
            f"assets/charts/cards/{'zh' if url.startswith('zh/') else 'en'}/{chart[1]}.png"
            if chart
            else "assets/images/social-card-zh.png"
            if url.startswith("zh/")
            else "assets/images/social-card.png"
        )
        assert meta(html, "property", "og:image") == SITE_URL + card, url
        assert meta(html, "name", "twitter:card") == "summary_large_image"
        ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
        assert ld["@type"] in ("Article", "WebSite") and ld["url"] == canonical


@pytest.mark.parametrize("name", ["social-card.png", "social-card-zh.png"])
def test_preview_image_is_1200_by_630_png(site, name):
    png = (site / "assets/images" / name).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (1200, 630)


def test_sitemap_and_robots_use_the_public_address(site):
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    locs = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert locs and all(loc.startswith(SITE_URL) for loc in locs)
    robots = (site / "robots.txt").read_text("utf-8")
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots


def test_no_root_absolute_links_that_break_under_a_subpath(site):
    """Under https://OWNER.github.io/REPO/ a link to '/x' leaves the site; only '/REPO/x' (the 404 page) is right."""
    prefix = urlsplit(SITE_URL).path
    bad = []
    for html in site.rglob("*.html"):
        for m in re.finditer(r'(?:href|src)="(/[^/"][^"]*)"', html.read_text("utf-8")):
            if not m.group(1).startswith(prefix):
                bad.append(f"{html.relative_to(site)}: {m.group(1)}")
    assert not bad, bad


def test_cname_follows_a_custom_domain_in_site_url(site, domain_site):
    assert not (site / "CNAME").exists(), "a github.io project site needs no CNAME"
    assert (domain_site / "CNAME").read_text() == "cbec.example.org\n"
    assert "Sitemap: https://cbec.example.org/sitemap.xml" in (domain_site / "robots.txt").read_text()
