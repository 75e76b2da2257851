"""Chart images are drawn several at a time (a tab each, CBEC_CHART_TABS, default 2) with the same bytes
as one at a time; a wrong setting is one line."""

from __future__ import annotations

import pytest
from conftest import ROOT

from cbec import chart_images, chromium_session, static_render
from cbec.charts import build_all
from cbec.data import load
from cbec.values import flag_weak


@pytest.mark.parametrize("bad", ["0", "9", "two", "1.5", "-1"])
def test_a_wrong_number_of_tabs_is_one_line(monkeypatch, bad):
    monkeypatch.setenv("CBEC_CHART_TABS", bad)
    with pytest.raises(chromium_session.DrawError) as e:
        chromium_session.tabs()
    assert str(e.value) == f"CBEC_CHART_TABS is {bad!r}: it must be a whole number from 1 to 8, e.g. 2"


@pytest.mark.slow
def test_two_tabs_draw_the_same_bytes_as_one(monkeypatch, tmp_path):
    """The images of two charts (SVG and PNG, both languages), drawn from an empty cache in one tab and in
    two: the files the build publishes are byte for byte the same, each under its own name whatever order
    the tabs finish in."""
    ds = flag_weak(load(ROOT / "data"))
    jobs = []
    for lang in ("en", "zh"):
        spec = next(iter(build_all(ds, lang).values()))
        jobs += chart_images.image_jobs(spec, ds, chart_images.variants(spec))[:6]
    drawn = {}
    for n in ("1", "2"):
        monkeypatch.setenv("CBEC_CHART_TABS", n)
        monkeypatch.setenv("CBEC_CHART_CACHE", str(tmp_path / f"cache-{n}"))  # empty: every image is drawn
        drawn[n] = static_render.render(jobs)
    assert drawn["1"] == drawn["2"] and sorted(drawn["1"]) == sorted(j.name for j in jobs)
