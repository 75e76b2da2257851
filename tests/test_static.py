"""Static-first charts, checked on the built files: every chart has its images, downloads, share
card and its own (generated) page in both languages; the theme lives in Python and feeds both forms; the
renderer is deterministic, offline and fails with one clear line without Chromium."""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path

import pytest
from conftest import ROOT, SITE_URL, page_file, pages

from cbec import chart_html, chart_images, chart_labels, chart_paths, chromium_session, static_render, theme
from cbec.charts import CHARTS, build_all, words
from cbec.data import load
from cbec.values import flag_weak

LANGS = ("en", "zh")


def test_chart_pages_are_built_listed_and_shared_with_their_own_card(site):
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    for lang in LANGS:
        prefix = "" if lang == "en" else "zh/"
        assert f"<loc>{SITE_URL}{prefix}charts/</loc>" in sitemap
        gallery = page_file(site, f"{prefix}charts/").read_text("utf-8")
        for cid in CHARTS:
            url = f"{prefix}charts/{cid}/"
            assert f"<loc>{SITE_URL}{url}</loc>" in sitemap
            html = page_file(site, url).read_text("utf-8")
            assert html.count('<figure class="chart') == 1 and 'target="_top"' in html
            # generated from the chart's folder (cbec/mkdocs/chart_pages.py): titled by its words.yaml
            assert f"<title>{chart_html.escape(words(cid)['page_title'][lang])} - " in html
            card = chart_paths.card_path(cid, lang)
            assert f'<meta property="og:image" content="{SITE_URL}{card}">' in html
            png = (site / card).read_bytes()
            assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (1200, 630)
            assert f'href="{cid}/"' in gallery, f"the {lang} Charts page does not link to {cid}"
    assert '<meta property="og:image" content="' + SITE_URL + 'assets/images/social-card.png">' in page_file(
        site, "numbers/"
    ).read_text("utf-8")


def test_every_figure_has_images_downloads_and_an_embed_snippet(site):
    """Story pages show each chart's images; its own page (charts/<id>/) has downloads and the embed code."""
    for lang in LANGS:
        prefix = "" if lang == "en" else "zh/"
        htmls = "".join(
            page_file(site, u).read_text("utf-8")
            for u in (prefix, f"{prefix}numbers/", f"{prefix}context/", f"{prefix}since-2021/")
        )
        for cid in CHARTS:
            for scheme in theme.SCHEMES:
                for width in theme.WIDTHS:
                    path = chart_paths.static_path(cid, lang, scheme, width)
                    assert (site / path).read_bytes().startswith(b"<svg"), path
                    assert path in htmls
            for fmt in ("svg", "png"):
                assert (site / chart_paths.download_path(cid, lang, fmt)).stat().st_size > 5000
            own = page_file(site, f"{prefix}charts/{cid}/").read_text("utf-8")
            assert f"&lt;iframe src=&quot;{SITE_URL}{prefix}charts/{cid}/&quot;" in own, (lang, cid)
            for fmt in ("svg", "png"):
                assert chart_paths.download_path(cid, lang, fmt) + '" download>' in own, (lang, cid, fmt)
            assert chart_paths.csv_path(cid) + '" download>' in own, (lang, cid)
    assert "plotly" not in re.sub(
        r'data-plotly="[^"]+"', "", page_file(site, "numbers/").read_text("utf-8")
    ), "no page may load plotly.js by itself"


FIGURE = re.compile(r'<figure class="chart[" ].*?</figure>', re.S)
TOOLKIT = (
    'class="chart__source"',
    'class="chart__data',
    'class="chart__actions"',
    'class="chart__embed"',
    " download>",
)


def test_story_pages_lead_to_the_chart_page_in_one_line_and_chart_pages_keep_the_toolkit(site):
    """Issue 28 (7): on a story page a chart ends with one line (its source line and a link to its own
    page, in the same language), with no sources list, data table, downloads or embed box; the chart's
    own page keeps them all."""
    ds = flag_weak(load(ROOT / "data"))  # as the build has it (values.py)
    specs = {lang: build_all(ds, lang) for lang in LANGS}
    story = 0
    for url in pages(site):
        html = page_file(site, url).read_text("utf-8")
        lang = "zh" if url.startswith("zh/") else "en"
        for fig in FIGURE.findall(html):
            cid = re.search(r'id="fig-([a-z0-9-]+)"', fig).group(1)
            if url.removeprefix("zh/").startswith("charts/") and "chart--page" in fig:
                assert all(t in fig for t in TOOLKIT), (url, [t for t in TOOLKIT if t not in fig])
                assert 'class="chart__more"' not in fig, url
                continue
            story += 1
            assert not [t for t in TOOLKIT if t in fig], (url, cid, [t for t in TOOLKIT if t in fig])
            more = re.findall(r'<p class="chart__more">(.*?)</p>', fig, re.S)
            assert len(more) == 1, (url, cid)
            assert chart_html.escape(chart_labels.source_line(specs[lang][cid])) in more[0], (url, cid)
            hrefs = re.findall(r'<a href="([^"]+)"', more[0])
            assert len(hrefs) == 1, (url, cid, hrefs)
            target = (page_file(site, url).parent / hrefs[0]).resolve()
            expect = (site / ("zh/" if lang == "zh" else "") / f"charts/{cid}").resolve()
            assert target == expect and (target / "index.html").is_file(), (url, cid, hrefs[0])
    assert story >= 2 * len(CHARTS), "every chart is shown on a story page in each language"


def test_chart_json_holds_the_themed_variants_the_images_are_drawn_from(site):
    ds = flag_weak(load(ROOT / "data"))  # the build flags weakly sourced numbers (values.py)
    for lang in LANGS:
        for cid, spec in build_all(ds, lang).items():
            fig = json.loads((site / chart_paths.json_path(cid, lang)).read_text("utf-8"))
            usd = {f"{s}-usd" for s in theme.SCHEMES} if spec.money else set()  # the unit switch's twin
            assert set(fig) == {"default", "slate", "image"} | usd
            assert fig["image"]["title"] == spec.title and fig["image"]["source"].startswith(
                ("Source: ", "资料来源：")
            )
            for key in ["default", "slate", *sorted(usd)]:
                t = theme.SCHEMES[key.removesuffix("-usd")]
                for width in theme.WIDTHS:
                    v = fig[key][width]
                    assert "template" not in v["layout"]
                    assert [t["uid"] for t in v["data"]] == [f"t{i}" for i in range(len(v["data"]))], (
                        "stable uids"
                    )
                    assert v["layout"]["font"]["color"] == t["fg"]
                    traced = [
                        tr.get("marker", {}).get("color") or tr.get("line", {}).get("color")
                        for tr in v["data"]
                    ]
                    # a trace has one colour, or one per bar (a computed bar among official ones)
                    colours = {json.dumps(c) for tc in traced for c in (tc if isinstance(tc, list) else [tc])}
                    assert colours <= {json.dumps(c) for c in t["palette"]}, (cid, key, colours)
                    # The static image is this very figure: its colours are in the SVG.
                    svg = (site / chart_paths.static_path(cid, lang, key, width)).read_text("utf-8")
                    first = traced[0][-1] if isinstance(traced[0], list) else traced[0]
                    r, g, b = (int(first[i : i + 2], 16) for i in (1, 3, 5))
                    assert f"rgb({r}, {g}, {b})" in svg, (cid, key, width)


def test_no_figure_sets_text_below_the_minimum_size():
    ds = flag_weak(load(ROOT / "data"))  # the build flags weakly sourced numbers (values.py)
    for lang in LANGS:
        for spec in build_all(ds, lang).values():
            for by_width in chart_images.variants(spec).values():
                for fig in by_width.values():
                    sizes = re.findall(r'"size":\s*([\d.]+)', json.dumps(fig["layout"]))
                    sizes += re.findall(
                        r'"size":\s*([\d.]+)', json.dumps([t.get("textfont", {}) for t in fig["data"]])
                    )
                    assert min(float(s) for s in sizes) >= theme.MIN_FONT, (spec.id, lang)


def test_width_classes_keep_chart_text_between_11_and_16px():
    """Each width class is shown from its min_box to the next class's (the last to MAX_BOX, the
    figure's CSS cap), scaled by box/drawn width: its smallest type (MIN_FONT, the tick size) must
    stay at 11 px or more at the narrowest box (280 px for the first) and its body type at 16 px or
    less at the widest; site.css's container queries must use the same min_box values."""
    classes = list(theme.WIDTHS.values())
    for c, nxt in zip(classes, classes[1:] + [None]):
        low = max(c.min_box, 280)
        high = nxt.min_box - 1 if nxt else theme.MAX_BOX
        assert min(c.tick, theme.MIN_FONT) * low / c.width >= 11, c
        assert max(c.font, c.tick) * high / c.width <= 16, c
    css = (ROOT / "docs/assets/stylesheets/site.css").read_text("utf-8")
    assert [int(w) for w in re.findall(r"@container \(min-width: (\d+)px\)", css)] == [
        c.min_box for c in classes[1:]
    ]
    for c, nxt in zip(classes, classes[1:]):  # each query shows its class and hides the one before
        rule = css[css.index(f"@container (min-width: {nxt.min_box}px)") :][:300]
        assert (
            f".chart__img--{c.name} {{ display: none; }}" in rule
            and f".chart__img--{nxt.name} {{ display: block; }}" in rule
        )
    assert f"max-width: min(100%, {theme.MAX_BOX}px)" in css


def test_svg_ids_are_stable_and_colours_untouched():
    svg = (
        b'<svg><defs id="defs-a1b2c3"><clipPath id="clipa1b2c3xyplot"/></defs>'
        b'<g clip-path="url(#clipa1b2c3xyplot)" style="fill: #a1b2c3"/><g id="legenda1b2c3"/></svg>'
    )
    out = static_render.stable_svg(svg, "claims-en-default-phone").decode()
    assert "a1b2c3" in out and out.count("a1b2c3") == 1, "only the colour keeps the old hex"
    assert out == static_render.stable_svg(svg, "claims-en-default-phone").decode()
    assert out != static_render.stable_svg(svg, "claims-zh-default-phone").decode()


def test_static_images_in_the_build_carry_no_random_ids(site):
    for f in (site / "assets/charts/static").rglob("*.svg"):
        uid = re.search(r'id="defs-([0-9a-f]{6})"', f.read_text("utf-8")).group(1)
        rel = f.relative_to(site).as_posix()
        assert uid == static_render.hashlib.sha256(rel.encode()).hexdigest()[:6], rel


def test_renderer_uses_plotly_py_bundle_and_no_mathjax(monkeypatch):
    """kaleido's page must load nothing from the network: plotly.js from plotly.py's own files, no MathJax."""
    from kaleido import PageGenerator

    assert chromium_session.PLOTLY_JS.is_file()
    html = PageGenerator(plotly=chromium_session.PLOTLY_JS.as_uri(), mathjax=False).generate_index()
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts and all(s.startswith("file://") for s in scripts), scripts
    assert "mathjax" not in html.lower()


def test_missing_chromium_stops_with_one_clear_line(monkeypatch, tmp_path):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-such-browser"))
    with pytest.raises(static_render.StaticRenderError) as e:
        static_render.browser_path()
    assert "\n" not in str(e.value) and "apt-get install chromium" in str(e.value)


def test_the_cache_is_keyed_on_content(tmp_path, monkeypatch):
    monkeypatch.setenv("CBEC_CHART_CACHE", str(tmp_path))
    a = static_render.Job("a", {"data": [], "layout": {"height": 100}}, "svg", 100, 100)
    b = static_render.Job("b", {"data": [], "layout": {"height": 100}}, "svg", 100, 100)
    c = static_render.Job("c", {"data": [], "layout": {"height": 101}}, "svg", 100, 100)
    assert a.key() == b.key() != c.key()
    assert static_render.cache_dir() == Path(tmp_path)


def test_a_chart_page_says_when_the_data_was_updated_once_at_its_foot(site):
    """UX review 8: the date of the data was on a chart page twice (beside Copy link, and at the foot).
    It is said once, at the foot, with the data's version and the next expected update."""
    package = json.loads((ROOT / "data/datapackage.json").read_text("utf-8"))
    version = package["version"]
    chart_pages = [u for u in pages(site) if re.fullmatch(r"(zh/)?charts/[^/]+/", u)]
    assert len(chart_pages) == 2 * len(CHARTS)
    for url in chart_pages:
        text = re.sub(r"<[^>]+>", " ", page_file(site, url).read_text("utf-8"))
        zh = url.startswith("zh/")
        said = re.findall(r"数据最近更新|数据更新于" if zh else r"Data last updated", text)
        assert len(said) == 1, (url, said)
        foot = re.findall(r'<p class="data-freshness">(.*?)</p>', page_file(site, url).read_text("utf-8"))
        assert len(foot) == 1 and said[0] in foot[0] and version in foot[0], (url, foot)
