"""A label says what its source is (issue 26): 'first release', 'revised' and 'restated' only where a
source rated medium or better gives the figure as that release; any other figure is labelled by what it
is, from its row, in the chart legend and hover, the table, the CSV and both languages."""

from __future__ import annotations

import csv
import io

import pytest

from cbec import chart_csv, chart_labels, data, labels, words
from cbec.charts import build_all
from cbec.data import DataError
from cbec.records import CONFIDENCE, VINTAGES
from cbec.site import build

DATA = data.DATA_DIR


def _line(path, start: str) -> int:
    return next(n for n, t in enumerate(path.read_text("utf-8").split("\n"), 1) if t.startswith(start))


def _set_cells(path, line: int, **cells) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8"))))
    head = rows[0]
    for k, v in cells.items():
        rows[line - 1][head.index(k)] = v
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), "utf-8")


def test_every_release_in_the_data_rests_on_a_source_that_gives_it_so():
    ds = data.load(DATA)
    for r in ds.cbec:
        if labels.is_release(r):
            assert labels.release_sources(r, ds), (r.year, r.scope, r.vintage)
            assert not r.label and not r.label_zh, (r.year, r.vintage)


def test_a_value_labelled_first_release_without_such_a_source_stops_the_build(data_copy):
    """The 2025 figure the Minister of Commerce stated, relabelled as customs' first release: refused."""
    p = data_copy / "cbec_annual.csv"
    n = _line(p, "2025,broad,published,")
    _set_cells(p, n, vintage="prelim", label="", label_zh="")
    with pytest.raises(DataError) as e:
        data.load(data_copy)
    assert (e.value.line, e.value.column) == (n, "vintage")
    assert "no source rated medium or strong" in str(e.value) and "'published'" in str(e.value)


def test_a_weak_source_cannot_carry_a_release_label(data_copy):
    """A source that names the release but is rated weak does not support it: China.com.cn's 2024 figure,
    probably customs' revision, stays labelled by who reported it."""
    p = data_copy / "cbec_annual.csv"
    n = _line(p, "2024,broad,published,")
    _set_cells(p, n, vintage="revised", label="", label_zh="")
    s = data_copy / "sources.csv"
    _set_cells(s, _line(s, "chinacomcn-2025-11-25,"), used_for="Revised 2024 figure")
    with pytest.raises(DataError) as e:
        data.load(data_copy)
    assert (e.value.line, e.value.column) == (n, "vintage")


def test_a_release_with_a_label_of_its_own_is_refused(data_copy):
    p = data_copy / "cbec_annual.csv"
    n = _line(p, "2020,broad,prelim,")
    _set_cells(p, n, label="stated by someone", label_zh="某人所述")
    with pytest.raises(DataError) as e:
        data.load(data_copy)
    assert (e.value.line, e.value.column) == (n, "label")


def _rows_by_key(ds):
    return {(r.year, r.scope, r.vintage): r for r in ds.cbec}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_charts_say_what_each_figure_is_in_table_csv_and_hover(lang):
    """Every chart row with a 'release' column: the CSV's code and label, the page table's words and the
    hover all come from the row; a release code only where the row's sources give it so."""
    ds = build(DATA, static=False).ds
    by_key = _rows_by_key(ds)
    specs = build_all(ds, lang)
    checked = 0
    for spec in specs.values():
        if "release" not in spec.columns:
            continue
        present = []
        i = spec.columns.index("release")
        scope_i = spec.columns.index("series") if "series" in spec.columns else None
        for k, row in enumerate(spec.rows):
            scope = row[scope_i] if scope_i is not None else "broad"
            r = by_key[(row[0], scope, row[i])]
            present.append(r)
            if row[i] in labels.RELEASES:
                assert labels.release_sources(r, ds), (spec.id, row)
            assert row[spec.columns.index("label")] == labels.what(r, "en")
            shown = spec.display_rows[k][spec.display_columns.index("release")]
            assert shown == labels.what(r, lang), (spec.id, shown)
            checked += 1
        hovers = " ".join(
            str(c) for tr in spec.figure.data for c in (tr.customdata if tr.customdata is not None else [])
        ) + " ".join(tr.hovertemplate or "" for tr in spec.figure.data)
        for r in present:
            if not labels.is_release(r) and r.label:
                assert labels.what(r, lang) in hovers, (spec.id, r.year)
        written = list(csv.reader(io.StringIO(chart_csv.figure_csv(spec))))
        assert [row[written[0].index("label")] for row in written[1:]] == [
            row[spec.columns.index("label")] for row in spec.rows
        ]
    assert checked


def test_nothing_says_first_release_of_a_figure_customs_did_not_release():
    """The chart words (notes, legend, hover) never call a non-release figure a first release or revised."""
    ds = build(DATA, static=False).ds
    others = [r for r in ds.cbec if not labels.is_release(r) and r.label]
    assert others, "the data has figures stated or reported by others (2024 China.com.cn, 2025 minister)"
    for lang, wrong in (("en", ("first release", "revised")), ("zh", ("初值", "修正值"))):
        for spec in build_all(ds, lang).values():
            texts = [*spec.notes, spec.summary]
            for tr in spec.figure.data:
                for c in tr.customdata if tr.customdata is not None else []:
                    texts.append(str(c))
            for r in others:
                for t in texts:
                    if str(r.year) in t and labels.what(r, lang) in t:
                        assert not any(f"{r.year} {w}" in t or f"{r.year}年{w}" in t for w in wrong), (
                            spec.id,
                            t,
                        )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_hover_carries_the_weak_flag_twice(lang):
    """Review m3: '134.7 billion yuan (weak source)</b> (weak source)'."""
    from cbec.fmt import WEAK_MARK

    ds = build(DATA, static=False).ds
    flag = WEAK_MARK[lang].strip()
    seen = 0
    for spec in build_all(ds, lang).values():
        for tr in spec.figure.data:
            for c in tr.customdata if tr.customdata is not None else []:
                text = " ".join(map(str, c)) if isinstance(c, (list, tuple)) else str(c)
                assert text.count(flag) <= 1, (spec.id, text)
                seen += text.count(flag)
    assert seen, "some hover carries the flag"


def test_a_failed_search_is_said_as_one_in_every_chart_and_listed_plainly():
    """Fresh review #4 and #17: for a figure by others the charts say 'no customs release found' (our search
    failed; that is not proof that customs published nothing), never 'not a customs release'; the English
    note lists each figure as 'year (what it is)', separated by semicolons, since the labels have commas."""
    ds = build(DATA, static=False).ds
    others = [r for r in ds.cbec if not labels.is_release(r) and r.label]
    assert others
    seen = {"en": 0, "zh": 0}
    for lang, wrong, found in (
        ("en", "not a customs release", "no customs release found"),
        ("zh", "非海关发布", "未找到海关发布"),
    ):
        for spec in build_all(ds, lang).values():
            texts = [*spec.notes, spec.summary, *(tr.name or "" for tr in spec.figure.data)]
            assert not any(wrong in t.lower() for t in texts), (spec.id, lang)
            for note in spec.notes:
                if found in note.lower():
                    seen[lang] += 1
                    for r in others:
                        if lang == "en" and str(r.year) in note:
                            assert f"{r.year} ({labels.what(r, 'en')})" in note, note
    assert all(seen.values()), seen


def test_vintage_and_rating_words_are_the_charts_shared_words(tmp_path, monkeypatch):
    """Tables, CSVs and pages name a vintage or a rating with the words the charts use
    (cbec/charts/words.yaml), and a code the shared words leave out stops the build naming their line."""
    shared = words.SHARED_WORDS
    for lang in ("en", "zh"):
        for vintage in VINTAGES:
            said = shared["vintages"][vintage][lang]
            assert labels.WORDS[lang][vintage] == said and chart_labels.CODES[lang][vintage] == said
    assert all(chart_labels.CODES["zh"][c] == shared["confidence"][c]["zh"] for c in CONFIDENCE)
    text = (words.ROOT / shared.path).read_text("utf-8")
    without = text.replace("  published:", "  # published:", 1)
    assert without != text
    copy = tmp_path / "words.yaml"
    copy.write_text(without, "utf-8")
    monkeypatch.setattr(words, "SHARED_WORDS", words.read(copy))
    with pytest.raises(words.WordsError) as stopped:
        words.shared_codes("vintages", VINTAGES)
    line = _line(copy, "vintages:")
    assert str(stopped.value).endswith(
        f"words.yaml:{line}: vintages: no {{en, zh}} words for published "
        "(each code the tables use is named in both languages)"
    )
