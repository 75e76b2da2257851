"""A copy always says it is a copy (issue 26, review M3), in every citation a reader sees: inline, the
chart's source list, and both languages ('Cover News via zszhan.com', «封面新闻（zszhan.com转载）»);
and each chart's short source line names the authority first, never an aggregator."""

from __future__ import annotations

import re

import pytest

from cbec import chart_html, chart_images, chart_labels, chart_paths, data
from cbec.charts import CHARTS, words
from cbec.site import build

DATA = data.DATA_DIR


def says_copy(name: str, lang: str) -> bool:
    if lang == "zh":
        return "转载" in name
    return " via " in name or re.search(r"\((copy|mirror)\b", name) is not None


def _copies(ds):
    copies = [s for s in ds.sources.values() if s.origin == "copy"]
    assert copies, "the registry has copies"
    return copies


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_copy_names_itself_a_copy_in_its_short_name(lang):
    ds = data.load(DATA)
    for s in _copies(ds):
        name = chart_labels.short_publisher(s, lang)
        assert says_copy(name, lang), (s.id, name)


def test_the_reviews_examples():
    ds = data.load(DATA)
    zs = ds.sources["zszhan-2025-03"]
    assert chart_labels.short_publisher(zs, "en") == "Cover News via zszhan.com"
    assert chart_labels.short_publisher(zs, "zh") == "封面新闻（zszhan.com转载）"
    un = ds.sources["unctad-note18-2021-05-03"]
    assert chart_labels.short_publisher(un, "zh") != chart_labels.short_publisher(
        ds.sources["unctad-2021-05-03"], "zh"
    )


def test_an_original_is_not_called_a_copy():
    ds = data.load(DATA)
    for s in ds.sources.values():
        if s.origin == "own":
            assert not says_copy(chart_labels.short_publisher(s, "zh"), "zh"), s.id


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_chart_source_lists_name_copies_and_flag_weak_sources(lang):
    site = build(DATA, static=False)
    for spec in site.charts[lang].values():
        # the chart's own page lists its sources (a story page links to it)
        html = chart_html.figure_html(spec, site.ds, "", site.plotly_path, home="../../")
        listed = html[html.index('class="chart__source"') :]
        listed = listed[: listed.index("</details>")]
        for sid in spec.source_ids:
            s = site.ds.sources[sid]
            link = re.search(
                rf'<a href="{re.escape(chart_html.escape(s.url))}"[^>]*>([^<]*)</a>([^;；<]*)', listed
            )
            assert link, (spec.id, sid)
            if s.origin == "copy":
                assert says_copy(link.group(1), lang), (spec.id, sid, link.group(1))
            flag = "来源较弱" if lang == "zh" else "weak source"
            assert (flag in link.group(2)) == (s.confidence == "weak"), (spec.id, sid, link.group(2))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_chart_has_a_source_line_that_leads_with_an_authority(lang):
    """OWID's practice: the short line names the authority first; it is the sources summary and the
    image credit, which also carries the chart page's address and the licence."""
    site = build(DATA, static=False)
    aggregators = {
        chart_labels.short_publisher(s, lang).lower()
        for s in site.ds.sources.values()
        if s.confidence == "weak"
    }
    for chart_id in CHARTS:
        spec = site.charts[lang][chart_id]
        line = words(chart_id)["source_line"][lang]
        assert not any(line.lower().startswith(a) for a in aggregators), (chart_id, line)
        assert chart_labels.source_line(spec).startswith(line)
        assert str(len(spec.source_ids)) in chart_labels.source_line(spec)
        line_html = chart_html.escape(chart_labels.source_line(spec))
        page = chart_html.figure_html(spec, site.ds, "", site.plotly_path, home="../../")
        assert f"</strong> {line_html}</summary>" in page, "the chart page's sources summary"
        story = chart_html.figure_html(spec, site.ds, "", site.plotly_path)
        assert f'<p class="chart__more">{"资料来源：" if lang == "zh" else "Source: "}{line_html}' in story
        credit = chart_images.image_meta(spec, site.ds)["source"]
        assert line in credit and chart_paths.chart_page_url(chart_id, lang) in credit
        assert chart_labels.LICENCE in credit


def test_inline_citations_of_copies_say_so(site):
    """Every inline citation on every built page: a copy's link text says it is a copy."""
    ds = data.load(DATA)
    cite = re.compile(r'<a href="[^"]*sources/#src-([a-z0-9-]+)"[^>]*data-confidence[^>]*>([^<]*)</a>')
    seen = 0
    for index in site.rglob("index.html"):
        zh = index.relative_to(site).as_posix().startswith("zh/")
        for sid, text in cite.findall(index.read_text("utf-8")):
            if ds.sources[sid].origin == "copy":
                assert says_copy(text, "zh" if zh else "en"), (index, sid, text)
                seen += 1
    assert seen
