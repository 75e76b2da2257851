"""What the charts draw and say: computed values never pass as a source's, every weak value keeps its
flag (points, labels, hover, CSV rows), headline numbers are drawn in the static SVG and the
live figure at both widths, in-bar text is readable, one visual language, Chinese typography."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re

import pytest
from conftest import ROOT

from cbec import chart_csv, chart_images, chart_key, chart_paths, theme
from cbec.charts import build_all
from cbec.charts.claims import figure as claims_figure
from cbec.charts.common import COMPUTED, COMPUTED_HATCH, OFFICIAL, REPORT, SHARED_WORDS
from cbec.data import DataError, load
from cbec.fmt import WEAK_LABEL, WEAK_MARK
from cbec.values import flag_weak, is_weak
from cbec.verdicts import VERDICTS, badge_text

LANGS = ("en", "zh")
DS = flag_weak(load(ROOT / "data"))  # as the build reads it: weak rows' numbers are Weak floats
SPECS = {lang: build_all(DS, lang) for lang in LANGS}
WEAK_WORDS = ("*", WEAK_MARK["en"].strip(" ()"), WEAK_MARK["zh"].strip("（）"), "weak", "弱")


def figures(spec):
    """The figures a chart draws: desktop, and the phone and medium layouts where it has its own."""
    phone = spec.phone_figure or spec.figure
    return {"desktop": spec.figure, "phone": phone, "medium": spec.medium_figure or phone}


def point_values(trace) -> list:
    values = trace.x if getattr(trace, "orientation", None) == "h" else trace.y
    return list(values or [])


# -- computed is never shown as sourced ------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_claims_chart_draws_each_value_in_the_look_of_its_kind(lang):
    """Every bar sits under the legend entry of what it is (data/claims.csv sourced_kind/alt_kind):
    a computed value only under 'Our computation', in the computed look; a source's figure never
    there; an other_measure value draws no bar at all. Checked at both widths."""
    legend = {k: v[lang] for k, v in SHARED_WORDS["legend"].items()}
    for width, fig in figures(SPECS[lang]["claims"]).items():
        panels = {}
        for tr in fig.data:
            panels.setdefault(tr.xaxis, []).append(tr)
        assert len(panels) == len(DS.claims), width
        for c, (axis, traces) in zip(DS.claims, sorted(panels.items(), key=lambda kv: int(kv[0][1:] or 1))):
            drawn = {(tr.meta["kind"], float(tr.x[0])) for tr in traces}
            expected = {("report", c.claimed_value)}
            for side in ("sourced", "alt"):
                kind, value = getattr(c, f"{side}_kind"), getattr(c, f"{side}_value")
                if value is None or kind == "other_measure":
                    continue
                key = "computed" if kind == "computed" else ("comparison" if side == "alt" else "official")
                expected.add((key, value))
            assert drawn == expected, (c.id, width, drawn)
            for tr in traces:
                assert tr.name == legend[tr.meta["kind"]], (c.id, tr.name)
                assert (tr.meta["c"] == COMPUTED) == (tr.meta["kind"] == "computed"), (c.id, tr.name)
                if tr.meta["kind"] == "computed":
                    assert tr.marker.pattern.shape, "a computed bar is dotted"
            if c.sourced_kind == "other_measure":
                texts = [a.text for a in fig.layout.annotations if a.xref == axis]
                assert SHARED_WORDS and texts == [claims_figure.WORDS["no_match"][lang]], (c.id, texts)


def test_claims_table_and_csv_name_the_kind_of_every_compared_value():
    spec = SPECS["en"]["claims"]
    assert "sourced" not in spec.columns and "other_source" not in spec.columns, (
        "no column calls every value a source's"
    )
    rows = list(csv.DictReader(io.StringIO(chart_csv.figure_csv(spec))))
    for c, row in zip(DS.claims, rows):
        assert (row["compared_kind"], row["second_kind"]) == (c.sourced_kind, c.alt_kind), c.id
    for lang in LANGS:
        kinds = {v[lang] for v in claims_figure.WORDS["kinds"].values()}
        for c, row in zip(DS.claims, SPECS[lang]["claims"].display_rows):
            assert row[5] == claims_figure.WORDS["kinds"][c.sourced_kind][lang] and row[5] in kinds


def test_a_typed_computation_that_disagrees_with_the_tables_stops_the_build():
    tt = DS.claim("ten-times")
    for bad in (dict(sourced_value=21.9), dict(alt_kind="source"), dict(sourced_kind="source")):
        claims = [dataclasses.replace(c, **bad) if c.id == tt.id else c for c in DS.claims]
        with pytest.raises(DataError, match=r"claims\.csv:\d+: column '(sourced|alt)_value'"):
            claims_figure.computed_windows(dataclasses.replace(DS, claims=claims))


def test_the_ten_times_windows_are_recomputed_from_the_cbec_table():
    win = claims_figure.computed_windows(DS)
    for (cid, side), w in win.items():
        assert round(w["end"].total_tn_cny / w["start"].total_tn_cny, 1) == getattr(
            DS.claim(cid), f"{side}_value"
        )
        assert w["end"].scope == w["start"].scope == "broad", "never across the series break"


# -- the weak flag, mechanically ------------------------------------------------------------------


def test_every_weak_point_carries_its_flag_in_label_hover_and_marker():
    """Every trace point of every chart (both widths, both languages) whose value rests on a weak
    row: an asterisk in its label, a flag in its hover data, an open marker on lines."""
    checked = 0
    for lang in LANGS:
        for cid, spec in SPECS[lang].items():
            for width, fig in figures(spec).items():
                for tr in fig.data:
                    for i, v in enumerate(point_values(tr)):
                        if not is_weak(v):
                            continue
                        checked += 1
                        where = (cid, lang, width, tr.name, i)
                        assert tr.text is not None and WEAK_LABEL in tr.text[i], where
                        hover = " ".join(map(str, tr.customdata[i])) if tr.customdata is not None else ""
                        assert any(word in hover for word in WEAK_WORDS), where
                        symbols = getattr(tr.marker, "symbol", None)
                        if tr.type == "scatter":
                            assert isinstance(symbols, (list, tuple)) and "open" in symbols[i], where
    assert checked >= 10, "the data has weak rows in several charts; the walk found too few"


def test_every_chart_csv_has_a_confidence_column_that_flags_weak_rows():
    for cid, spec in SPECS["en"].items():
        assert "confidence" in spec.columns, cid
        k = spec.columns.index("confidence")
        for row in spec.rows:
            if any(is_weak(v) for v in row if isinstance(v, float)):
                assert row[k] == "weak", (cid, row)  # computed from a weak row (a share, dollars) included
            assert row[k] in ("strong", "medium", "weak"), (cid, row)


def test_built_figures_keep_every_weak_label(site):
    """The built figure JSON (the live chart, and what the static SVG is drawn from) has the same
    asterisks at the same points, in every scheme and width."""
    for lang in LANGS:
        for cid, spec in SPECS[lang].items():
            built = json.loads((site / chart_paths.json_path(cid, lang)).read_text("utf-8"))
            for width, fig in figures(spec).items():
                for scheme in theme.SCHEMES:
                    data = built[scheme][width]["data"]
                    for t, tr in enumerate(fig.data):
                        for i, v in enumerate(point_values(tr)):
                            if is_weak(v):
                                assert WEAK_LABEL in data[t]["text"][i], (cid, lang, width, scheme, t, i)
                csv_rows = (
                    list(csv.DictReader(io.StringIO((site / chart_paths.csv_path(cid)).read_text("utf-8"))))
                    if lang == "en"
                    else []
                )
                for row in csv_rows:
                    assert row["confidence"] in ("strong", "medium", "weak"), (cid, row)
                    assert not re.search(r"(^|,)\d+\.0(,|$)", ",".join(row.values())), f"16.0 in {cid}.csv"


def test_lines_are_not_drawn_through_years_without_a_value():
    for cid, spec in SPECS["en"].items():
        for tr in spec.figure.data:
            if tr.type == "scatter" and "lines" in (tr.mode or ""):
                assert tr.connectgaps is False, (cid, tr.name)
                xs = [x for x, y in zip(tr.x, tr.y)]
                assert xs == sorted(xs) and all(b - a == 1 for a, b in zip(xs, xs[1:])), (
                    f"{cid} {tr.name}: a year without a value must be a None point, not skipped"
                )


def test_subtitles_give_the_period_the_chart_plots():
    for cid in ("share-of-trade", "cbec-vintages"):
        spec = SPECS["en"][cid]
        years = [int(x) for tr in spec.figure.data for x, y in zip(tr.x, tr.y) if y is not None]
        assert f"{min(years)}–{max(years)}" in spec.subtitle, (cid, spec.subtitle)


# -- headline numbers drawn, readable labels, one language ------------------------------------------


def headline_numbers(spec) -> set[str]:
    return set(re.findall(r"\d+(?:\.\d+)?", spec.title))


def svg_text(svg: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", t) for t in re.findall(r"<text[^>]*>.*?</text>", svg, flags=re.S))


@pytest.mark.parametrize("lang", LANGS)
def test_headline_numbers_are_drawn_in_the_static_svg_and_the_live_figure(site, lang):
    """Each number in a chart's title is written on the chart (label, annotation or tick) in the
    static image and in the figure JSON the live chart draws, at phone and desktop width. The
    claims title counts verdicts, drawn as one badge per panel, checked by counting badges."""
    for cid, spec in SPECS[lang].items():
        built = json.loads((site / chart_paths.json_path(cid, lang)).read_text("utf-8"))
        for width in theme.WIDTHS:
            for scheme in theme.SCHEMES:
                svg = svg_text((site / chart_paths.static_path(cid, lang, scheme, width)).read_text("utf-8"))
                fig = built[scheme][width]
                live = json.dumps(
                    [tr.get("text") for tr in fig["data"]]
                    + [a["text"] for a in fig["layout"].get("annotations", [])]
                    + [
                        ax.get("ticktext") or ""
                        for k, ax in fig["layout"].items()
                        if k.startswith(("xaxis", "yaxis"))
                    ],
                    ensure_ascii=False,
                )
                live += json.dumps(
                    [tr.get("x") for tr in fig["data"]] + [tr.get("y") for tr in fig["data"]],
                    ensure_ascii=False,
                )  # category ticks are the x (or y) values
                if cid == "claims":
                    for code in VERDICTS:
                        n = sum(c.verdict_code == code for c in DS.claims)
                        assert svg.count(badge_text(code, lang).replace("&", "&amp;")) == n, (
                            lang,
                            width,
                            code,
                        )
                    continue
                for number in headline_numbers(spec):
                    assert re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", svg), (
                        cid,
                        lang,
                        width,
                        scheme,
                        number,
                    )
                    assert re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", live), (
                        cid,
                        lang,
                        width,
                        number,
                    )


def test_text_inside_bars_reads_at_4_5_to_1_in_both_schemes():
    checked = 0
    for lang in LANGS:
        for spec in SPECS[lang].values():
            for scheme, by_width in chart_images.variants(spec).items():
                for fig in by_width.values():
                    for tr in fig["data"]:
                        if tr.get("type") == "bar" and tr.get("text") and tr.get("textposition") != "outside":
                            ratio = theme.contrast(tr["textfont"]["color"], tr["marker"]["color"])
                            assert ratio >= 4.5, (spec.id, scheme, tr["name"], round(ratio, 2))
                            checked += 1
    assert checked, "no in-bar labels found"


def test_verdict_badges_read_at_4_5_to_1_on_their_background():
    for scheme, colours in theme.VERDICT_COLOURS.items():
        for code, colour in colours.items():
            assert theme.contrast(colour, theme.SCHEMES[scheme]["bg"]) >= 4.5, (scheme, code)


def test_one_visual_language_across_the_charts():
    """The computed colour is worn only by values we computed (the trace says so), the report's
    colour only by the report's figures, and hatching (first release) only in the official colour."""
    for lang in LANGS:
        said = {"en": ("computed", "computation"), "zh": ("本站计算",)}[lang]
        for cid, spec in SPECS[lang].items():
            for tr in spec.figure.data:
                if tr.x is not None and all(x is None for x in tr.x):
                    continue  # a legend key with no values (the weak-source circle) is no one's figure
                slot = (tr.meta or {}).get("c")
                first_point = " ".join(map(str, tr.customdata[0])) if tr.customdata is not None else ""
                text = f"{tr.name} {tr.hovertemplate or ''} {first_point}"
                if isinstance(slot, list):  # a slot per bar: a computed bar is dotted and its hover says so
                    shapes = tr.marker.pattern.shape
                    for i, point_slot in enumerate(slot):
                        assert (point_slot == COMPUTED) == (shapes[i] == COMPUTED_HATCH), (cid, lang, i)
                        assert (point_slot == COMPUTED) == any(
                            s in str(tr.customdata[i][-1]) for s in said
                        ), (cid, lang, i)
                    continue
                if slot == COMPUTED or cid == "share-of-trade":
                    assert any(s in text for s in said), (cid, lang, tr.name)
                if slot == REPORT:
                    assert (tr.meta or {}).get("kind") == "report", (cid, tr.name)
                shape = (
                    getattr(getattr(tr.marker, "pattern", None), "shape", None) if tr.type == "bar" else None
                )
                if shape == "/":
                    assert slot == OFFICIAL, (cid, tr.name)


def test_the_gallery_key_explains_every_colour_and_pattern_the_charts_use():
    keyed = {(slot, pattern) for _, slot, pattern in chart_key.ITEMS if slot is not None}
    look = {"/": "hatch", COMPUTED_HATCH: "dots", "": "solid", None: "solid"}
    used = set()
    for lang in LANGS:
        for cid, spec in SPECS[lang].items():
            for fig in figures(spec).values():
                for tr in fig.data:
                    slot = (tr.meta or {}).get("c")
                    if slot is None:
                        continue  # the claims chart's verdict badges: symbol and word, keyed on the page itself
                    if tr.type != "bar":
                        used.add((cid, slot, None))
                        continue
                    shapes = getattr(getattr(tr.marker, "pattern", None), "shape", None)
                    slots = slot if isinstance(slot, list) else [slot] * len(point_values(tr))
                    shapes = shapes if isinstance(shapes, (list, tuple)) else [shapes] * len(slots)
                    used |= {(cid, s, look[p]) for s, p in zip(slots, shapes)}
    # bars show the pattern; a line or point shows the colour only (its words say "computed")
    missing = sorted(
        (cid, s, p)
        for cid, s, p in used
        if (s, p) not in keyed and not (p is None and any(s == k for k, _ in keyed))
    )
    assert not missing, f"a chart uses a look the key on the Charts page does not explain: {missing}"
    for lang in LANGS:
        html = chart_key.colour_key(lang)
        assert html.count("<li>") == len(chart_key.ITEMS)
        assert all(
            theme.SCHEMES[scheme]["palette"][slot] in html
            for _, slot, _ in chart_key.ITEMS
            if slot is not None
            for scheme in ("default", "slate")
        )


def test_chinese_charts_use_no_italic_no_rotated_unit_and_full_width_credit_lines():
    for cid, spec in SPECS["zh"].items():
        for fig in figures(spec).values():
            layout = fig.layout.to_plotly_json()
            assert "<i>" not in json.dumps(layout, ensure_ascii=False), cid
            for key, ax in layout.items():
                if key.startswith("yaxis"):
                    assert not (ax.get("title") or {}).get("text"), f"{cid}: a rotated unit title on {key}"
        source = chart_images.image_meta(spec, DS)["source"]
        assert not re.search(r"[\u4e00-\u9fff][,.]|[,.] ?[\u4e00-\u9fff]", source), source


def test_no_chinese_chart_line_starts_with_closing_punctuation():
    """Chinese typesetting keeps ，。；） with the line before: wrapping the Chinese verdicts at any width
    never starts a line with one (the claims chart wraps them to its panel width)."""
    from cbec.charts.common import NO_LINE_START, wrap

    lines = [
        line for c in DS.claims for width in range(6, 40) for line in wrap(c.verdict_zh, width).split("<br>")
    ]
    assert not [line for line in lines if line[:1] in NO_LINE_START]
    assert "".join(wrap(c.verdict_zh, 9).replace("<br>", "") for c in DS.claims) == "".join(
        c.verdict_zh for c in DS.claims
    )
