"""Lighthouse (mobile preset) per page: score, TBT, LCP, long tasks by script, main-thread time by category.

Issue 20's performance budget lives here, as figures to read, not as a test: scores move with machine
load, so the bench reports medians of several runs and, with ``--baseline``, runs another build of the
site interleaved with this one (before, after, before, after ...) so both see the same load.

Usage: python -m cbec.cli.bench_lighthouse SITE [--baseline OTHER_SITE] [--also LABEL=DIR ...] [--runs 3]
       [--pages "" numbers/ ...]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from cbec.cli.browser import ARGS, CHROMIUM
from cbec.cli.static_server import StaticServer

ROOT = Path(__file__).resolve().parents[2]  # the checkout: node_modules/ is there
SUBPATH = "/cbec-explainer/"
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"  # mkdocs.yml's site_url when SITE_URL is unset
# The pages of issue 20 and its "before" (Lighthouse 12.2.3, mobile, 3 runs, quiet 2-core machine, commit b4f515b):
# page -> (scores, TBT range ms, LCP range ms).
ISSUE_PAGES = ["", "numbers/", "context/", "zh/numbers/", "about/", "charts/cbec-vintages/"]
ISSUE_BEFORE = {
    "": ("94, 97, 94", "179-278", "1559-2223"),
    "numbers/": ("94, 94, 92", "277-322", "1768-1822"),
    "context/": ("96, 91, 84", "217-487", "1761-2606"),
    "zh/numbers/": ("98, 87, 81", "141-582", "1353-2702"),
    "about/": ("85, 88, 93", "317-488", "1577-2447"),
    "charts/cbec-vintages/": ("95, 93, 98", "126-257", "2128-2374"),
}


def run(url: str, out: Path, attempts: int = 3, desktop: bool = False) -> dict[str, Any]:
    """One Lighthouse run (performance only; mobile preset, or desktop); returns the JSON report. A run
    that ends without a score (Lighthouse's "NO_LCP" on a starved machine) is repeated, up to
    ``attempts`` in all."""
    for _ in range(attempts):
        subprocess.run(
            [
                str(ROOT / "node_modules/.bin/lighthouse"),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={out}",
                "--chrome-flags=" + " ".join(ARGS),
                "--only-categories=performance",
                *(["--preset=desktop"] if desktop else []),
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            check=True,
            timeout=300,
        )
        report: dict[str, Any] = json.loads(out.read_text())
        if report["categories"]["performance"]["score"] is not None:
            return report
        print(f"  no score for {url} ({report.get('runtimeError', {}).get('code', '?')}); again", flush=True)
    raise RuntimeError(f"Lighthouse gave no score for {url} in {attempts} runs")


def _script(url: str, base: str) -> str:
    """A long task's script as a short name: ours by path, Material's bundle, or the page itself."""
    if not url or url == "Unattributable":
        return "unattributed"
    if url.startswith(base):
        rel = url[len(base) :]
        if "assets/javascripts/bundle." in rel:
            return "material bundle"
        if rel.endswith(".js"):
            return rel.rsplit("/", 1)[-1]
        return "page (HTML, style, layout)"
    return url


def facts(report: dict[str, Any], base: str) -> dict[str, Any]:
    """What one report says: score, TBT, LCP, CLS, long-task ms by script, main-thread ms by category,
    and whether plotly.js was fetched."""
    audits = report["audits"]
    tasks: dict[str, float] = defaultdict(float)
    for item in (audits.get("long-tasks", {}).get("details") or {}).get("items", []):
        tasks[_script(item.get("url", ""), base)] += item.get("duration", 0)
    work = {
        i["groupLabel"]: i["duration"]
        for i in (audits.get("mainthread-work-breakdown", {}).get("details") or {}).get("items", [])
    }
    requests = (audits.get("network-requests", {}).get("details") or {}).get("items", [])
    return dict(
        perf=round(100 * report["categories"]["performance"]["score"]),
        tbt=audits["total-blocking-time"]["numericValue"],
        lcp=audits["largest-contentful-paint"]["numericValue"],
        cls=audits["cumulative-layout-shift"]["numericValue"],
        tasks=dict(tasks),
        work=work,
        plotly=any("plotly" in r.get("url", "") for r in requests),
    )


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians over runs (a script or category absent from a run counts 0 there); all scores kept."""

    def med(key: str, by_name: bool = False) -> Any:  # by_name: a median per script or category
        if not by_name:
            return statistics.median(r[key] for r in runs)
        names = sorted({n for r in runs for n in r[key]})
        return {n: statistics.median(r[key].get(n, 0) for r in runs) for n in names}

    return dict(
        perfs=[r["perf"] for r in runs],
        perf=med("perf"),
        tbt=med("tbt"),
        lcp=med("lcp"),
        cls=med("cls"),
        tasks=med("tasks", True),
        work=med("work", True),
        plotly=any(r["plotly"] for r in runs),
    )


def measure(
    sites: dict[str, Path],
    pages: list[str],
    runs: int,
    site_url: str = DEFAULT_SITE_URL,
    desktop: bool = False,
) -> dict[str, dict[str, dict[str, Any]]]:
    """label -> page -> medians; the sites take turns run by run so load drift hits them alike."""
    raw: dict[str, dict[str, list[Any]]] = {label: defaultdict(list) for label in sites}
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        # Served as deployed: the sitemap (which instant navigation fetches) names this server.
        bases = {
            label: stack.enter_context(StaticServer(site, SUBPATH, public_url=site_url))
            for label, site in sites.items()
        }
        for i in range(runs):
            for page in pages:
                for label in sites:
                    raw[label][page].append(
                        facts(run(bases[label] + page, Path(tmp) / "lh.json", desktop=desktop), bases[label])
                    )
                    print(
                        f"  run {i + 1}/{runs} {label:>6} /{page}: {raw[label][page][-1]['perf']}", flush=True
                    )
    return {label: {p: median_of(r) for p, r in by_page.items()} for label, by_page in raw.items()}


def table(
    results: dict[str, dict[str, dict[str, Any]]], pages: list[str], runs: int, desktop: bool = False
) -> str:
    """The per-page table (every label), then long tasks by script and main-thread time by category."""
    preset = "desktop" if desktop else "mobile"
    lines = [
        f"Lighthouse {_version()}, {preset} preset, median of {runs} runs (scores of every run in brackets)",
        f"{'page':<24} {'build':<8} {'perf':>4} {'runs':<14} {'TBT ms':>7} {'LCP ms':>7} {'CLS':>6} {'plotly':>6}",
    ]
    for page in pages:
        if page in ISSUE_BEFORE and not desktop:
            scores, tbt, lcp = ISSUE_BEFORE[page]
            lines.append(
                f"{'/' + page:<24} {'issue':<8} {'':>4} {scores:<14} {tbt:>7} {lcp:>7}   (issue 20, quiet machine)"
            )
        for label, by_page in results.items():
            m = by_page[page]
            lines.append(
                f"{'/' + page:<24} {label:<8} {m['perf']:>4.0f} {', '.join(map(str, m['perfs'])):<14} "
                f"{m['tbt']:>7.0f} {m['lcp']:>7.0f} {m['cls']:>6.3f} {'yes' if m['plotly'] else 'no':>6}"
            )
    lines += ["", "Long tasks by script, ms (median of the per-run sums)"]
    for page in pages:
        for label, by_page in results.items():
            tasks = ", ".join(
                f"{k} {v:.0f}" for k, v in sorted(by_page[page]["tasks"].items(), key=lambda kv: -kv[1]) if v
            )
            lines.append(f"{'/' + page:<24} {label:<8} {tasks or 'none'}")
    lines += ["", "Main-thread time by category, ms (median)"]
    for page in pages:
        for label, by_page in results.items():
            work = ", ".join(
                f"{k} {v:.0f}" for k, v in sorted(by_page[page]["work"].items(), key=lambda kv: -kv[1])
            )
            lines.append(f"{'/' + page:<24} {label:<8} {work}")
    return "\n".join(lines)


def _version() -> str:
    pkg = ROOT / "node_modules/lighthouse/package.json"
    return json.loads(pkg.read_text())["version"] if pkg.exists() else "?"


def load_note() -> str:
    """How busy the machine was: load averages and core count, to print beside the figures."""
    one, five, fifteen = os.getloadavg()
    return (
        f"machine load average {one:.1f} / {five:.1f} / {fifteen:.1f} (1/5/15 min) on {os.cpu_count()} cores"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("site", nargs="?", default="site")
    ap.add_argument(
        "--baseline", help="another built site to measure in the same session (e.g. a build of main)"
    )
    ap.add_argument(
        "--also",
        action="append",
        default=[],
        metavar="LABEL=DIR",
        help="more builds to measure alongside (e.g. one per Material feature turned off)",
    )
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--site-url", default=DEFAULT_SITE_URL, help="the SITE_URL the sites were built with")
    ap.add_argument(
        "--pages", nargs="*", default=ISSUE_PAGES, help="site-relative URLs ('' is the home page)"
    )
    ap.add_argument("--desktop", action="store_true", help="Lighthouse's desktop preset instead of mobile")
    args = ap.parse_args()
    sites = (
        {"before": Path(args.baseline), "after": Path(args.site)}
        if args.baseline
        else {"this": Path(args.site)}
    )
    sites.update((label, Path(folder)) for label, folder in (a.split("=", 1) for a in args.also))
    print(load_note() + " at start")
    results = measure(sites, args.pages, args.runs, args.site_url, args.desktop)
    print(load_note() + " at end")
    print(table(results, args.pages, args.runs, args.desktop))


if __name__ == "__main__":
    main()
