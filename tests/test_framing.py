"""A fact-checking site's own framing: figures attributed as the report does, headlines that agree
with the verdicts, weak sources flagged everywhere, and the two languages saying the same things."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from collections import Counter
from html import unescape
from pathlib import Path

import pytest
from conftest import ROOT, build_site, page_file

from cbec import data, fmt, verdicts
from cbec.charts.claims import figure as claims_chart
from cbec.values import Weak, WeakHeadline, flag_weak, headline
from cbec.words import WordsError, at_import

PAGES = ["", "workshop/", "numbers/", "context/", "since-2021/", "glossary/", "sources/", "about/"]


def text_of(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def copy_data(tmp_path: Path) -> Path:
    dest = tmp_path / "data"
    shutil.copytree(ROOT / "data", dest)
    return dest


def set_cell(path: Path, startswith: str, column: str, value: str) -> int:
    """Set one cell of the row whose line starts with ``startswith``; returns the line number."""
    lines = path.read_text("utf-8").split("\n")
    header = lines[0].split(",")
    for n, line in enumerate(lines, start=1):
        if line.startswith(startswith):
            import csv
            import io

            row = next(csv.reader([line]))
            row[header.index(column)] = value
            out = io.StringIO()
            csv.writer(out, lineterminator="").writerow(row)
            lines[n - 1] = out.getvalue()
            path.write_text("\n".join(lines), "utf-8")
            return n
    raise AssertionError(f"no row starting {startswith!r} in {path}")


# --- attribution and verdicts come from the data -------------------------------------------


def test_claims_headline_counts_the_verdict_categories():
    ds = data.load()
    for lang in ("en", "zh"):
        title = claims_chart.build(ds, lang).title
        counts = Counter(c.verdict_code for c in ds.claims)
        for code, n in counts.items():
            phrase = verdicts.VERDICTS[code].counted(n, lang)
            assert phrase in title and verdicts.VERDICTS[code].word(lang).lower() in phrase.lower(), (
                lang,
                title,
            )
        assert str(len(ds.claims)) in title


def test_headline_follows_a_changed_verdict():
    """Recategorise every claim: the headline must change with the data, never contradict it."""
    ds = data.load()
    changed = [dataclasses.replace(c, verdict_code="no_source_found") for c in ds.claims]
    title = claims_chart.verdict_headline(changed, "en")
    assert verdicts.VERDICTS["no_source_found"].counted(len(changed)) in title
    assert verdicts.VERDICTS["right_then_revised"].en.lower() not in title.lower()


NEW_WORD = {"en": "Cannot be rebuilt", "zh": "无法重建"}  # a badge word no file holds


def _reworded(tmp_path: Path, counted: bool = True) -> Path:
    """A copy of cbec/verdicts.yaml with not_reproducible's badge word replaced (and its counted form)."""
    old = verdicts.VERDICTS["not_reproducible"]
    text = verdicts.FILE.read_text("utf-8")
    edits = [
        (
            f'word: {{en: "{old.en}", zh: "{old.zh}"}}',
            f'word: {{en: "{NEW_WORD["en"]}", zh: "{NEW_WORD["zh"]}"}}',
        )
    ]
    if counted:
        edits.append(
            (
                f'counted: {{en: "{old.counted_en}", zh: "{old.counted_zh}"}}',
                'counted: {en: "{n} cannot be rebuilt", zh: "{n}个无法重建"}',
            )
        )
    for before, after in edits:
        assert text.count(before) == 1, before
        text = text.replace(before, after)
    path = tmp_path / "verdicts.yaml"
    path.write_text(text, "utf-8")
    return path


def test_a_new_badge_word_reaches_the_badges_the_title_and_the_claim_reviews(tmp_path, monkeypatch):
    """Maintainer review F6: the badge word lived in cbec/verdicts.py and its counted form in the claims chart's
    words, so a new badge word left the title saying the old one. Now both are in cbec/verdicts.yaml: reword
    one category there and every place that shows it follows, in both languages."""
    ds = data.load()
    old = verdicts.VERDICTS["not_reproducible"]
    n = sum(c.verdict_code == "not_reproducible" for c in ds.claims)
    assert n, "a claim with this verdict, so that the title names it"
    monkeypatch.setattr(verdicts, "VERDICTS", verdicts.load(_reworded(tmp_path)))
    reviews = json.loads(
        verdicts.claim_reviews(ds.claims, ds.sources, "https://x/numbers/", {"name": "x", "url": "x"})
    )
    for lang in ("en", "zh"):
        new_word, old_word = NEW_WORD[lang], old.word(lang)
        shown = {
            "badge": verdicts.badge("not_reproducible", lang),
            "title": claims_chart.verdict_headline(ds.claims, lang),
            "chart": json.dumps(
                json.loads(claims_chart.build(ds, lang).figure.to_json()), ensure_ascii=False
            ),
        }
        for where, text in shown.items():
            assert new_word.lower() in text.lower(), (lang, where)
            assert old_word.lower() not in text.lower(), (lang, where, old_word)
    assert verdicts.VERDICTS["not_reproducible"].counted(n) in claims_chart.verdict_headline(ds.claims, "en")
    rated = {r["reviewRating"]["alternateName"] for r in reviews}
    assert NEW_WORD["en"] in rated and old.en not in rated


def test_a_badge_word_its_counted_form_does_not_hold_stops_with_file_line_and_key(tmp_path):
    path = _reworded(tmp_path, counted=False)
    with pytest.raises(WordsError) as e:
        verdicts.load(path)
    line = next(
        i for i, t in enumerate(path.read_text("utf-8").split("\n"), 1) if "{n} not reproducible" in t
    )
    assert str(e.value).startswith(f"{path}:{line}: not_reproducible.counted.en: "), str(e.value)
    assert "does not hold the badge word 'cannot be rebuilt'" in str(e.value)
    with pytest.raises(SystemExit) as stop:  # as the build meets it, importing cbec/verdicts.py: one line
        at_import(lambda: verdicts.load(path))
    assert str(stop.value) == f"Build stopped: {e.value}"
    text = verdicts.FILE.read_text("utf-8")
    path.write_text(text.replace("partly_true:", "mostly_true:"), "utf-8")
    with pytest.raises(
        WordsError, match=r"verdicts.yaml:\d+: mostly_true: the categories are data/datapackage"
    ):
        verdicts.load(path)


def test_verdict_table_and_headline_agree_on_the_built_page(site):
    ds = data.load()
    for lang, prefix in (("en", ""), ("zh", "zh/")):
        html = unescape(page_file(site, prefix + "numbers/").read_text("utf-8"))
        home = unescape(page_file(site, prefix).read_text("utf-8"))
        headline = claims_chart.verdict_headline(ds.claims, lang)
        assert headline in home, "Home states the headline the chart carries"
        chart = json.loads((site / f"assets/charts/{prefix}claims.json").read_text("utf-8"))
        assert chart["image"]["title"] == headline, "the chart's own headline"
        verdicts = [c.verdict if lang == "en" else c.verdict_zh for c in ds.claims]
        for v in verdicts:  # each section opens with its verdict ("Verdict: right when published; ...")
            assert v in html or v[0].lower() + v[1:] in html, f"{lang}: verdict {v!r} missing from numbers/"


def test_attribution_is_worded_from_the_data(tmp_path):
    """Say the report put the APEC figure in Yu Benlin's mouth: the pages must say so, from the table alone."""
    d = copy_data(tmp_path)
    p = d / "claims.csv"
    set_cell(p, "apec-sme-97,", "attribution", "speaker")
    set_cell(p, "apec-sme-97,", "attributed_name", "Yu Benlin")
    set_cell(p, "apec-sme-97,", "attributed_name_zh", "余本林")
    # The verdicts are the table's words too: a new wording reaches both languages' tables.
    set_cell(p, "ten-times,", "verdict", "A verdict worded only in the test data")
    set_cell(p, "ten-times,", "verdict_zh", "仅见于测试数据的结论")
    # a changed verdict is what its latest corrections row says it now is (cbec/corrections.py)
    c = d / "corrections.csv"
    set_cell(c, "ten-times-2026-12-07,", "now", "A verdict worded only in the test data")
    set_cell(c, "ten-times-2026-12-07,", "now_zh", "仅见于测试数据的结论")
    result = build_site(tmp_path / "site", data_dir=d)
    assert result.returncode == 0, result.stderr
    # the verdict table on Numbers and the claims chart's data table (its own page; Home links to it)
    for url in ("numbers/", "charts/claims/"):
        assert "said by Yu Benlin" in text_of(page_file(tmp_path / "site", url).read_text("utf-8")), url
        assert "余本林所说" in text_of(page_file(tmp_path / "site", "zh/" + url).read_text("utf-8")), url
    for prefix, words in (("", "A verdict worded only in the test data"), ("zh/", "仅见于测试数据的结论")):
        for url in ("numbers/", "charts/claims/"):  # Home gives the badges and links to both
            assert words in text_of(page_file(tmp_path / "site", prefix + url).read_text("utf-8")), (
                prefix + url
            )


def test_no_page_says_a_figure_was_quoted_or_said_at_the_workshop(site):
    """Only Yu Benlin's words are 'said at the workshop'; the figures are the report's."""
    banned = [
        "quoted at the workshop",
        "said at the workshop",
        "the workshop used",
        "at the workshop, ",
        "研讨会引用",
        "研讨会称",
        "研讨会上引用",
        "研讨会上的数字",
        "研讨会上的说法",
    ]
    for prefix in ("", "zh/"):
        for url in PAGES:
            html = text_of(page_file(site, prefix + url).read_text("utf-8"))
            for phrase in banned:
                assert phrase not in html, f"{prefix}{url}: {phrase!r}"
    for lang in ("", "zh/"):
        for chart in (site / "assets/charts" / lang).glob("*.json"):
            text = chart.read_text("utf-8")
            assert "Said at the workshop" not in text and "研讨会上的说法" not in text, chart


# --- weak sources -----------------------------------------------------------------------------


def test_weak_values_stay_weak_through_arithmetic():
    w = Weak(2.75, "data/x.csv:3")
    for v in (w + 1, 1 + w, w * 2, 2 * w, w / 2, 100 / w, w - 1, 1 - w, -w, round(w, 1)):
        assert isinstance(v, Weak) and v.where == "data/x.csv:3"
    assert fmt.mark(w, fmt.tn(w), "en").endswith("(weak source)")
    assert fmt.mark(2.63, fmt.tn(2.63), "en") == fmt.tn(2.63)
    with pytest.raises(WeakHeadline, match="data/x.csv:3"):
        headline(2.63, w, what="a test title")
    headline(2.63, 1.69, what="a title with strong values")  # no error


def weak_cells(ds: data.Dataset):
    """(where, value, unit) for every number in every row rated weak, in every table whose schema has ratings."""
    package = json.loads((ROOT / "data/datapackage.json").read_text("utf-8"))
    tables = {t.resource: name for name, t in data.TABLES.items()}
    for res in package["resources"]:
        names = {f["name"] for f in res["schema"]["fields"]}
        if res["name"] == "sources" or "confidence" not in names:
            continue
        rows = getattr(ds, tables[res["name"]])
        keys = set(res["schema"].get("primaryKey", []))
        numbers = [
            f for f in res["schema"]["fields"] if f["type"] in ("number", "integer") and f["name"] not in keys
        ]
        for r in rows.values() if isinstance(rows, dict) else rows:
            for f in numbers:
                v = getattr(r, f["name"])
                firm = (getattr(r, "firm_fields", "") or "").split(";")  # confirmed by a better source
                if r.confidence == "weak" and v is not None and f["name"] not in firm:
                    yield f"{res['path']}:{r.line} {f['name']}", v, f.get("unit", "")


def printed_forms(v: float, unit: str, lang: str) -> list[str]:
    """How pages print a value; forms of fewer than three digits ('3', '16') match too much unrelated text."""
    forms = [fmt.num(v) + "%"] if "%" in unit else [fmt.num(v)]
    if unit == "trillion yuan":
        forms = [fmt.tn(v, lang=lang)] + ([fmt.bn(v, lang=lang)] if v < 1 else [])
    return [f for f in forms if len(re.sub(r"\D", "", f)) >= 3]


def test_every_weak_value_on_every_page_carries_its_flag(site):
    """Every number of every weak row (cross-border e-commerce, pilot zones, facts, exchange rates), on every
    page in both languages (prose, cards and chart tables): each time it prints, the flag follows."""
    ds = data.load()
    cells = list(weak_cells(ds))
    assert {w.split(":")[0] for w, _, _ in cells} >= {"cbec_annual.csv", "pilot_zones.csv"}, (
        "the real data's weak rows"
    )
    checked = 0
    for prefix, lang, flag in (("", "en", "weak source"), ("zh/", "zh", "来源较弱")):
        for url in PAGES:
            text = text_of(page_file(site, prefix + url).read_text("utf-8"))
            text = re.sub(r"\{\{.*?\}\}", " ", text)  # macro examples shown as code on About
            for where, v, unit in cells:
                for shown in printed_forms(v, unit, lang):
                    for m in re.finditer(r"(?<![\d.,])" + re.escape(shown) + r"(?![\d.,]\d)", text):
                        checked += 1
                        after = text[m.end() : m.end() + 25]
                        assert flag in after, (
                            f"{prefix}{url}: {shown!r} ({where}) without its flag: "
                            f"…{text[max(0, m.start() - 40) : m.end() + 40]}…"
                        )
    assert checked, "no weak value is printed anywhere: the test would prove nothing"


def test_marking_a_row_weak_flags_it_in_prose_charts_and_tables(tmp_path):
    ds = data.load()
    r21 = ds.cbec_row(2021, "revised")
    d = copy_data(tmp_path)
    set_cell(d / "cbec_annual.csv", "2021,broad,revised,", "confidence", "weak")
    result = build_site(tmp_path / "site", data_dir=d)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    numbers = text_of(page_file(site, "numbers/").read_text("utf-8"))
    shown = fmt.tn(r21.total_tn_cny)
    hits = [m.end() for m in re.finditer(re.escape(shown), numbers)]
    assert hits and all("weak source" in numbers[e : e + 20] for e in hits), "prose"
    zh = text_of(page_file(site, "zh/numbers/").read_text("utf-8"))
    assert re.search(re.escape(fmt.tn(r21.total_tn_cny, lang="zh")) + r"\s*（\s*来源较弱", zh), (
        "Chinese prose"
    )
    fig = json.loads((site / "assets/charts/cbec-vintages.json").read_text("utf-8"))
    labels = [t for trace in fig["default"]["desktop"]["data"] for t in (trace.get("text") or [])]
    assert f"{fmt.num(r21.total_tn_cny)}*" in labels, "bar label"

    def block(url: str) -> str:
        return re.search(
            r'<figure class="chart[^"]*" id="fig-cbec-vintages".*?</figure>',
            page_file(site, url).read_text("utf-8"),
            re.S,
        ).group(0)

    own = block("charts/cbec-vintages/")  # the data table is on the chart's own page
    assert f"{fmt.num(r21.total_tn_cny)} (weak source)</td>" in own, "data table"
    for url in ("numbers/", "charts/cbec-vintages/"):  # "*" is escaped for Markdown
        assert "* Weak source" in unescape(block(url)), f"{url}: the chart's notes explain the asterisk"
    # A computed share from the weak figure is flagged too.
    context = text_of(page_file(site, "context/").read_text("utf-8"))
    share = fmt.num(100 * r21.total_tn_cny / ds.trade_row(2021).total_tn_cny, 1) + "%"
    assert re.search(re.escape(share) + r"\s*\(\s*weak source", context), "computed share"


def test_the_share_card_leaves_weak_years_off(tmp_path):
    """A first release rated weak (here 2023's, on a copy) is left off the card, which has no room for a flag."""
    from cbec.social_card import card_rows

    d = copy_data(tmp_path)
    set_cell(d / "cbec_annual.csv", "2023,broad,prelim,", "confidence", "weak")
    ds = flag_weak(data.load(d))
    years = [r.year for r in card_rows(ds)]
    weak = [
        r.year for r in ds.cbec if r.scope == "broad" and r.vintage == "prelim" and r.confidence == "weak"
    ]
    assert weak == [2023] and 2023 not in years and years


def test_a_weak_value_may_not_lead_a_headline(tmp_path):
    d = copy_data(tmp_path)
    line = set_cell(d / "cbec_annual.csv", "2020,broad,prelim,", "confidence", "weak")
    result = build_site(tmp_path / "site", data_dir=d)
    assert result.returncode != 0
    out = result.stdout + result.stderr
    assert f"cbec_annual.csv:{line}" in out and "weak source" in out and "headline" in out, out[-2000:]


# --- the two languages say the same things -----------------------------------------------------


@pytest.mark.parametrize("url", PAGES)
def test_english_and_chinese_pages_have_the_same_sections_and_figures(site, url):
    def shape(html: str) -> dict:
        return {
            "sections": re.findall(r'<h2 id="([^"]+)"', html),
            "charts": sorted(re.findall(r'id="fig-([a-z0-9-]+)"', html)),
            "cards": sorted(re.findall(r'data-figure="([^"]+)"', html)),
            "tabs": len(re.findall(r'class="tabbed-set', html)),
            "flags": len(re.findall(r'class="weak-flag"', html)),
        }

    en = shape(page_file(site, url).read_text("utf-8"))
    zh = shape(page_file(site, "zh/" + url).read_text("utf-8"))
    assert en == zh
