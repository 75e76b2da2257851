"""Benchmark the built site: bytes per page (first and repeat visit), chart JavaScript, time until
charts are drawn, and build time with charts against the same site without them (one run, ratios).

Figures only; nothing here asserts. Usage: python -m scripts.bench [--site site] [--runs 3]
"""
from __future__ import annotations

import argparse
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scripts.static_server import StaticServer

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def timed_build(dest: Path, charts: bool) -> float:
    env = {**os.environ, "CBEC_CHARTS": "true" if charts else "false", "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-d", str(dest)], cwd=ROOT, env=env,
                   check=True)
    return time.perf_counter() - start


def build_times(runs: int) -> tuple[float, float]:
    with_charts, without = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):  # alternate, so drift in machine load hits both alike
            with_charts.append(timed_build(Path(tmp) / f"a{i}", True))
            without.append(timed_build(Path(tmp) / f"b{i}", False))
    return statistics.median(with_charts), statistics.median(without)


class Meter:
    """Counts bytes on the wire (gzip as served) for one page load through the DevTools protocol."""

    def __init__(self, page):
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.bytes: dict[str, int] = {}
        self.urls: dict[str, str] = {}
        self.cdp.on("Network.requestWillBeSent", lambda e: self.urls.__setitem__(e["requestId"], e["request"]["url"]))
        self.cdp.on("Network.loadingFinished",
                    lambda e: self.bytes.__setitem__(e["requestId"], self.bytes.get(e["requestId"], 0) + int(e["encodedDataLength"])))

    def reset(self):
        self.bytes.clear()
        self.urls.clear()

    def total(self, contains: str = "") -> int:
        return sum(n for rid, n in self.bytes.items() if contains in self.urls.get(rid, ""))


def scroll_to_charts(page) -> None:
    for i in range(page.locator(".chart__plot").count()):
        page.locator(".chart__plot").nth(i).scroll_into_view_if_needed()
    page.wait_for_function("[...document.querySelectorAll('.chart__plot')].every(e => e.dataset.state === 'rendered')")


def measure_pages(site: Path, runs: int) -> list[dict]:
    from playwright.sync_api import sync_playwright

    pages = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    pages = ["" if p == "." else p + "/" for p in pages if not p.startswith(("search", "assets"))]
    rows = []
    with StaticServer(site, "/cbec-explainer/") as url, sync_playwright() as p:
        for path in pages:
            times, first, repeat, chart_js, charts = [], 0, 0, 0, 0
            for _ in range(runs):
                with tempfile.TemporaryDirectory() as profile:
                    ctx = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=ARGS, headless=True)
                    page = ctx.new_page()
                    meter = Meter(page)
                    page.goto(url + path, wait_until="load")
                    charts = page.locator(".chart__plot").count()
                    if charts:  # charts draw as they near the viewport: scroll like a reader
                        scroll_to_charts(page)
                        times.append(page.evaluate("performance.now()"))
                    page.wait_for_load_state("networkidle")
                    first, chart_js = meter.total(), meter.total("plotly") + meter.total("charts.js")
                    # Repeat visit: another page first, then this one again, as a reader would.
                    page.goto(url + ("about/" if path != "about/" else ""), wait_until="networkidle")
                    meter.reset()
                    page.goto(url + path, wait_until="networkidle")
                    if charts:
                        scroll_to_charts(page)
                    repeat = meter.total()
                    ctx.close()
            rows.append(dict(page=path or "(home)", charts=charts, first_kb=first / 1024, repeat_kb=repeat / 1024,
                             chart_js_kb=chart_js / 1024, render_ms=statistics.median(times) if times else None))
    return rows


def lighthouse_scores(site: Path) -> list[tuple[str, dict]]:
    """Lighthouse (mobile preset, the default) per page; scores vary with machine load, so report only."""
    import json
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}/cbec-explainer/"
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp) / "site"
        env = {**os.environ, "SITE_URL": base, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run([sys.executable, "-m", "scripts.build_site", str(dest)], cwd=ROOT, env=env, check=True)
        with StaticServer(dest, "/cbec-explainer/", port=port):
            for index in sorted(dest.rglob("index.html")):
                rel = index.parent.relative_to(dest).as_posix()
                if rel.startswith(("search", "assets")):
                    continue
                path = "" if rel == "." else rel + "/"
                out = Path(tmp) / "lh.json"
                subprocess.run([str(ROOT / "node_modules/.bin/lighthouse"), base + path, "--quiet", "--output=json",
                                f"--output-path={out}", "--chrome-flags=" + " ".join(ARGS),
                                "--only-categories=performance,accessibility,best-practices,seo"],
                               env={**os.environ, "CHROME_PATH": CHROMIUM}, check=True, timeout=300)
                cats = json.loads(out.read_text())["categories"]
                rows.append((path or "(home)", {k: round(100 * v["score"]) for k, v in cats.items()}))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--site", default="site")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-lighthouse", action="store_true")
    args = ap.parse_args()
    site = Path(args.site)
    bundle = next((site / "assets/javascripts/vendor").glob("plotly-*.js"))
    raw = bundle.read_bytes()
    loader = (site / "assets/javascripts/charts.js").read_bytes()
    print(f"plotly.js bundle {bundle.name}: {len(raw) / 1024:.0f} KB raw, {len(gzip.compress(raw, 6)) / 1024:.0f} KB gzip")
    print(f"charts.js: {len(loader) / 1024:.1f} KB raw, {len(gzip.compress(loader, 6)) / 1024:.1f} KB gzip")
    print()
    print(f"{'page':<12} {'charts':>6} {'first visit KB':>15} {'repeat KB':>10} {'chart JS KB':>12} {'all charts drawn ms':>20}")
    print("(first visit: load, then scroll through every chart; 'drawn' = ms from navigation start)")
    for r in measure_pages(site, args.runs):
        ms = f"{r['render_ms']:.0f}" if r["render_ms"] is not None else "-"
        print(f"{r['page']:<12} {r['charts']:>6} {r['first_kb']:>15.1f} {r['repeat_kb']:>10.1f} {r['chart_js_kb']:>12.1f} {ms:>20}")
    print("(bytes as transferred, gzip; a repeat visit follows a visit to another page in the same browser)")
    print()
    if not args.no_lighthouse:
        print(f"{'page':<12} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5}   (Lighthouse, mobile preset)")
        for path, sc in lighthouse_scores(site):
            print(f"{path:<12} {sc['performance']:>5} {sc['accessibility']:>5} {sc['best-practices']:>5} {sc['seo']:>5}")
        print()
    with_c, without = build_times(args.runs)
    print(f"build time, median of {args.runs}: with charts {with_c:.2f} s, without charts {without:.2f} s, "
          f"ratio {with_c / without:.2f}")


if __name__ == "__main__":
    main()
