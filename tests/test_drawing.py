"""Chart images are drawn several at a time (a tab each, CBEC_CHART_TABS, default 2), each tab drawing image
after image in one page (cbec/kaleido_tabs.py), with the same bytes as kaleido's new page per image
(CBEC_CHART_RELOAD=1) whatever the order and the number of tabs; a wrong setting is one line."""

from __future__ import annotations

import asyncio
import concurrent.futures
import importlib.metadata

import pytest
from conftest import ROOT

from cbec import chart_images, chromium_session, kaleido_tabs, static_render
from cbec.charts import build_all
from cbec.data import load
from cbec.values import flag_weak


@pytest.mark.parametrize("bad", ["0", "9", "two", "1.5", "-1"])
def test_a_wrong_number_of_tabs_is_one_line(monkeypatch, bad):
    monkeypatch.setenv("CBEC_CHART_TABS", bad)
    with pytest.raises(chromium_session.DrawError) as e:
        chromium_session.tabs()
    assert str(e.value) == f"CBEC_CHART_TABS is {bad!r}: it must be a whole number from 1 to 8, e.g. 2"


@pytest.mark.parametrize("bad", ["2", "yes", " 1"])
def test_a_wrong_reload_setting_is_one_line(monkeypatch, bad):
    monkeypatch.setenv("CBEC_CHART_RELOAD", bad)
    with pytest.raises(chromium_session.DrawError) as e:
        chromium_session.draw([("k", "x", {}, {})], "/nonexistent/chromium")
    assert str(e.value) == f"CBEC_CHART_RELOAD is {bad!r}: it must be 1 (reload after every image) or 0"


def test_the_tab_is_kept_only_with_the_kaleido_and_plotly_js_it_was_checked_with(monkeypatch):
    """The installed versions are the checked ones; another kaleido stops the drawing before Chromium starts,
    with what to do, unless each image gets a new page (kaleido's own way, no internals used)."""
    assert kaleido_tabs.check_versions(chromium_session.PLOTLY_JS) is None
    monkeypatch.setattr(kaleido_tabs, "KALEIDO", "0.9.9")
    with pytest.raises(chromium_session.DrawError) as e:
        chromium_session.draw([("k", "x", {}, {})], "/nonexistent/chromium")
    installed = importlib.metadata.version("kaleido")
    assert f"kaleido 0.9.9's internals and plotly.js {kaleido_tabs.PLOTLY_JS}'s" in str(e.value)
    assert f"but kaleido {installed} and plotly.js {kaleido_tabs.PLOTLY_JS} are installed" in str(e.value)
    assert "CBEC_CHART_RELOAD=1" in str(e.value)
    monkeypatch.setenv("CBEC_CHART_RELOAD", "1")
    with pytest.raises(
        chromium_session.DrawError, match=r"^Chromium \(/nonexistent/chromium\) failed while starting"
    ):
        chromium_session.draw([("k", "x", {}, {})], "/nonexistent/chromium")


@pytest.fixture(scope="module")
def jobs():
    """16 images: the light page images (four widths) of two charts in both languages, so a tab has drawn
    the same chart at another width before most of them."""
    ds = flag_weak(load(ROOT / "data"))
    out = []
    for lang in ("en", "zh"):
        for spec in list(build_all(ds, lang).values())[:2]:
            out += chart_images.image_jobs(spec, ds, chart_images.variants(spec))[:4]
    return out


@pytest.fixture(scope="module")
def new_page_each(jobs, tmp_path_factory):
    """The reference: every image drawn in a new page (kaleido reloads its tab after each), one tab."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CBEC_CHART_RELOAD", "1")
        mp.setenv("CBEC_CHART_TABS", "1")
        mp.setenv("CBEC_CHART_CACHE", str(tmp_path_factory.mktemp("cache-reload")))  # empty: all drawn
        return static_render.render(jobs)


@pytest.mark.slow
def test_a_kept_tab_draws_the_same_bytes_in_any_order_and_number_of_tabs(
    monkeypatch, tmp_path, jobs, new_page_each
):
    """From an empty cache: one tab in the build's order, and two tabs in the reverse order, each keeping
    its page: the files the build publishes are byte for byte those of a new page per image."""
    for n, order in (("1", jobs), ("2", jobs[::-1])):
        monkeypatch.setenv("CBEC_CHART_TABS", n)
        monkeypatch.setenv("CBEC_CHART_CACHE", str(tmp_path / f"cache-{n}"))
        drawn = static_render.render(order)
        assert sorted(drawn) == sorted(j.name for j in jobs)
        assert [name for name in drawn if drawn[name] != new_page_each[name]] == []


def _draw_in_this_process(kind, jobs) -> dict[str, bytes]:
    static_render.browser_path()  # sets BROWSER_PATH for kaleido

    async def draw():
        uri = chromium_session.PLOTLY_JS.as_uri()
        async with kind(n=1, mathjax=False, plotlyjs=uri, timeout=chromium_session.image_timeout()) as k:
            return [
                await k.calc_fig(j.figure, opts=dict(format=j.format, width=j.width, height=j.height))
                for j in jobs
            ]

    # A thread of its own: in a worker that ran a browser test first, Playwright's sync API keeps an event
    # loop running in this thread, where asyncio.run() refuses to start (both tests failed so on one core).
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        images = pool.submit(asyncio.run, draw()).result()
    return {
        j.name: static_render.stable_svg(b, j.name) if j.format == "svg" else b for j, b in zip(jobs, images)
    }


@pytest.mark.slow
def test_without_emptying_plotlys_text_cache_a_kept_tab_changes_the_bytes(jobs, new_page_each):
    """What the cache reset is for, and proof that the comparison above can fail: a tab kept as it is
    (no reload, the cache left warm) draws some SVGs with their attributes in another order."""

    class KeptAsItIs(kaleido_tabs.Kaleido):
        async def _return_kaleido_tab(self, tab):
            await self.tabs_ready.put(tab)

    drawn = _draw_in_this_process(KeptAsItIs, jobs)
    changed = [name for name in drawn if drawn[name] != new_page_each[name]]
    assert changed and all(name.endswith(".svg") for name in changed)


@pytest.mark.slow
def test_an_image_during_which_plotly_emptied_its_cache_is_drawn_again_in_a_new_page(
    monkeypatch, jobs, new_page_each
):
    """Plotly empties its cache by itself after 10 000 measurements in a page (``savedBBoxes = {}``); done
    here after the third image, that image is drawn again after a reload, with the reference's bytes."""
    from kaleido._kaleido_tab import _KaleidoTab

    returns, reloads = [], []
    reload = _KaleidoTab.reload

    async def counted_reload(self):
        reloads.append(self)
        await reload(self)

    monkeypatch.setattr(_KaleidoTab, "reload", counted_reload)

    class FlushesOnce(kaleido_tabs.Kaleido):
        async def _return_kaleido_tab(self, tab):
            returns.append(tab)
            if len(returns) == 3:
                await kaleido_tabs._evaluate(tab, "window.__cbecDrawing.savedBBoxes = {}; 0")
            await super()._return_kaleido_tab(tab)

    assert _draw_in_this_process(FlushesOnce, jobs) == {j.name: new_page_each[j.name] for j in jobs}
    assert (len(returns), len(reloads)) == (len(jobs) + 1, 1)
