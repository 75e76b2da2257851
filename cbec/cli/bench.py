"""Benchmark the built site: bytes per page (first and repeat visit), chart JavaScript on first load
(0 expected: plotly.js waits for a reader to ask), bytes of the static chart images per page, the
time from a tap on a chart to the live chart, chart text sizes static and live at every box width
with overlaps and embed heights (cbec/cli/chart_sizes.py), Lighthouse mobile per page
(cbec/cli/bench_lighthouse.py: score, TBT, LCP, long tasks by script, main-thread time by category,
beside issue 20's "before"), and build time with static rendering (cold and cached) against the same
site without charts (one run, ratios).

Figures only; nothing here asserts. Usage: python -m cbec.cli.bench [--site site] [--runs 3] [--baseline DIR]
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # playwright is imported where it runs
    from playwright.sync_api import Page

from cbec.cli import bench_lighthouse, chart_sizes, engine
from cbec.cli.browser import ARGS, CHROMIUM
from cbec.cli.static_server import StaticServer

ROOT = Path(__file__).resolve().parents[2]


def timed_build(dest: Path, charts: bool, cache: Path | None = None) -> float:
    env = {**os.environ, "CBEC_CHARTS": "true" if charts else "false", "NO_MKDOCS_2_WARNING": "1"}
    if cache is not None:
        env["CBEC_CHART_CACHE"] = str(cache)
    start = time.perf_counter()
    subprocess.run(
        engine.command("build", "-q", "--strict", "-d", str(dest)),
        cwd=ROOT,
        env=env,
        check=True,
    )
    return time.perf_counter() - start


def build_times(runs: int) -> tuple[float, float, float]:
    """Median seconds: charts drawn from scratch (empty image cache), charts from the cache, no charts."""
    cold, warm, without = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):  # interleaved, so drift in machine load hits all alike
            cache = Path(tmp) / f"cache{i}"
            cold.append(timed_build(Path(tmp) / f"a{i}", True, cache))
            warm.append(timed_build(Path(tmp) / f"w{i}", True, cache))
            without.append(timed_build(Path(tmp) / f"b{i}", False))
    return statistics.median(cold), statistics.median(warm), statistics.median(without)


class Meter:
    """Counts bytes on the wire (gzip as served) for one page load through the DevTools protocol."""

    def __init__(self, page: Page) -> None:
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.bytes: dict[str, int] = {}
        self.urls: dict[str, str] = {}
        self.cdp.on(
            "Network.requestWillBeSent", lambda e: self.urls.__setitem__(e["requestId"], e["request"]["url"])
        )
        self.cdp.on(
            "Network.loadingFinished",
            lambda e: self.bytes.__setitem__(
                e["requestId"], self.bytes.get(e["requestId"], 0) + int(e["encodedDataLength"])
            ),
        )

    def reset(self) -> None:
        self.bytes.clear()
        self.urls.clear()

    def total(self, contains: str = "") -> int:
        return sum(n for rid, n in self.bytes.items() if contains in self.urls.get(rid, ""))


def scroll_through(page: Page) -> None:
    """Scroll past every chart, as a reader would (images are lazy), and wait for the images."""
    for i in range(page.locator(".chart__plot").count()):
        page.locator(".chart__plot").nth(i).scroll_into_view_if_needed()
    page.wait_for_function("""() => [...document.querySelectorAll('.chart__static img')]
        .filter(i => i.offsetParent !== null).every(i => i.complete)""")


TAP_TO_LIVE = """() => new Promise(resolve => {
    const box = document.querySelector('.chart__plot');
    const t0 = performance.now();
    new MutationObserver((m, obs) => { if (box.dataset.state === 'live') { obs.disconnect();
        resolve(performance.now() - t0); } }).observe(box, {attributes: true});
    box.dispatchEvent(new MouseEvent('click', {bubbles: true}));
})"""


def site_pages(site: Path) -> list[str]:
    pages = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    return ["" if p == "." else p + "/" for p in pages if not p.startswith(("search", "assets"))]


def measure_pages(site: Path, runs: int) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    pages = site_pages(site)
    rows = []
    with StaticServer(site, "/cbec-explainer/") as url, sync_playwright() as p:
        for path in pages:
            taps, first, repeat, chart_js, images, charts = [], 0, 0, 0, 0, 0
            for _ in range(runs):
                with tempfile.TemporaryDirectory() as profile:
                    ctx = p.chromium.launch_persistent_context(
                        profile, executable_path=CHROMIUM, args=ARGS, headless=True
                    )
                    page = ctx.new_page()
                    meter = Meter(page)
                    page.goto(url + path, wait_until="load")
                    charts = page.locator(".chart__plot").count()
                    if charts:
                        scroll_through(page)
                    page.wait_for_load_state("networkidle")
                    first, chart_js = meter.total(), meter.total("plotly")
                    images = meter.total("/assets/charts/static/")
                    if charts:  # a cold tap: plotly.js and the chart JSON are fetched now
                        page.evaluate("window.scrollTo(0, 0)")
                        taps.append(page.evaluate(TAP_TO_LIVE))
                    # Repeat visit: another page first, then this one again, as a reader would.
                    page.goto(url + ("about/" if path != "about/" else ""), wait_until="networkidle")
                    meter.reset()
                    page.goto(url + path, wait_until="networkidle")
                    if charts:
                        scroll_through(page)
                    repeat = meter.total()
                    ctx.close()
            rows.append(
                dict(
                    page=path or "(home)",
                    charts=charts,
                    first_kb=first / 1024,
                    repeat_kb=repeat / 1024,
                    chart_js_kb=chart_js / 1024,
                    images_kb=images / 1024,
                    tap_ms=statistics.median(taps) if taps else None,
                )
            )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--site", default="site")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-lighthouse", action="store_true")
    ap.add_argument(
        "--baseline", help="another build (e.g. of main) to run Lighthouse on in turn with this one"
    )
    ap.add_argument(
        "--pages",
        nargs="*",
        help="Lighthouse only these site-relative URLs ('' is the home page; default: every page)",
    )
    ap.add_argument("--no-build", action="store_true", help="skip the build-time comparison")
    args = ap.parse_args()
    site = Path(args.site)
    bundle = next((site / "assets/javascripts/vendor").glob("plotly-*.js"))
    raw = bundle.read_bytes()
    loader = (site / "assets/javascripts/charts.js").read_bytes()
    print(
        f"plotly.js bundle {bundle.name}: {len(raw) / 1024:.0f} KB raw, {len(gzip.compress(raw, 6)) / 1024:.0f} KB gzip"
    )
    print(f"charts.js: {len(loader) / 1024:.1f} KB raw, {len(gzip.compress(loader, 6)) / 1024:.1f} KB gzip")
    print()
    print(
        f"{'page':<26} {'charts':>6} {'first visit KB':>15} {'repeat KB':>10} {'chart JS KB':>12} "
        f"{'chart images KB':>16} {'tap to live ms':>15}"
    )
    print(
        "(first visit: load, then scroll through every chart, no interaction; chart JS = plotly.js fetched;"
        " tap to live: first chart, plotly.js not yet cached)"
    )
    pages = args.pages if args.pages is not None else site_pages(site)
    for r in measure_pages(site, args.runs):
        ms = f"{r['tap_ms']:.0f}" if r["tap_ms"] is not None else "-"
        print(
            f"{r['page']:<26} {r['charts']:>6} {r['first_kb']:>15.1f} {r['repeat_kb']:>10.1f} "
            f"{r['chart_js_kb']:>12.1f} {r['images_kb']:>16.1f} {ms:>15}"
        )
    print("(bytes as transferred, gzip; a repeat visit follows a visit to another page in the same browser)")
    print()
    chart_sizes.bench(site)  # text sizes static/live per chart, width, scheme; overlaps; embed heights
    print()
    if not args.no_lighthouse:
        # Issue 20's budget: per page, score, TBT, LCP, long tasks by script, main-thread time by category.
        sites = {"before": Path(args.baseline), "after": site} if args.baseline else {"this": site}
        print(bench_lighthouse.load_note() + " at start")
        results = bench_lighthouse.measure(sites, pages, args.runs)
        print(bench_lighthouse.load_note() + " at end")
        print(bench_lighthouse.table(results, pages, args.runs))
        print()
    if args.no_build:
        return
    cold, warm, without = build_times(args.runs)
    print(
        f"build time, median of {args.runs}: without charts {without:.2f} s; with charts, images drawn from "
        f"scratch {cold:.2f} s (ratio {cold / without:.2f}), images from the cache {warm:.2f} s "
        f"(ratio {warm / without:.2f})"
    )


if __name__ == "__main__":
    main()
