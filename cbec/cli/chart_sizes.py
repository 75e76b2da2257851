"""Measure what a reader sees of every chart at every box width, static and live: the smallest and
largest rendered text (CSS px), overlapping text boxes, the axis tick labels; and how tall an
embedded chart page is in an iframe of a given width, with the embed snippet's script.

Shared by `make bench` (prints the table) and tests/test_chart_sizes.py (asserts on it). One
browser page per chart and language: the box width is set by styling the figure (its CSS cap,
max-width 800px, still applies, as it does for a reader) in a viewport 48 px wider (Material's
margins), the scheme by Material's attribute;
the page's own CSS and charts.js then pick the image and the live variant.

Usage: python -m cbec.cli.chart_sizes [--site site]
"""

from __future__ import annotations

import argparse
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # playwright is imported where it runs (tests, bench)
    from playwright.sync_api import BrowserContext, Page

BOX_WIDTHS = (280, 300, 360, 480, 600, 700, 768, 1024, 1280)
SCHEMES = ("default", "slate")
SUBPATH = "/cbec-explainer/"

# Text of one drawn chart (an <svg> tree): rendered font sizes, boxes, overlaps, text that runs
# past the image's edge (cut off), tick labels.
# ``scale``: CSS px per SVG px (the image's or the live chart's scaling).
_MEASURE = """
function measureSvg(root, scale) {
  const texts = [...root.querySelectorAll('text')].filter(t => t.textContent.trim()
      && !t.closest('.hoverlayer') && getComputedStyle(t).visibility !== 'hidden'
      && getComputedStyle(t).display !== 'none' && t.getBoundingClientRect().width > 0);
  const sizes = texts.map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
  const rects = texts.map(t => t.getBoundingClientRect());
  const overlaps = [];
  for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) {
    const a = rects[i], b = rects[j];
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    if (w > 1 && h > 1) overlaps.push([texts[i].textContent, texts[j].textContent]);
  }
  const svg = root.tagName.toLowerCase() === 'svg' ? root : root.querySelector('svg');
  const f = svg.getBoundingClientRect();
  const clipped = texts.filter((t, i) => rects[i].left < f.left - 1 || rects[i].right > f.right + 1
      || rects[i].top < f.top - 1 || rects[i].bottom > f.bottom + 1).map(t => t.textContent);
  const ticks = [...root.querySelectorAll('.xtick text, .ytick text, [class*="tick"] > text')]
      .map(t => t.textContent).filter(Boolean);
  return {min: Math.min(...sizes), max: Math.max(...sizes), overlaps, clipped, ticks: [...new Set(ticks)].sort()};
}
"""

STATIC = (
    """
async () => {"""
    + _MEASURE
    + """
  const box = document.querySelector('.chart__plot');
  const img = [...box.querySelectorAll('.chart__static img')].find(i => i.offsetWidth > 0);
  const svgText = await (await fetch(img.currentSrc || img.src)).text();
  const holder = document.createElement('div');
  holder.innerHTML = svgText;
  const svg = holder.querySelector('svg');
  const w = parseFloat(svg.getAttribute('width'));
  const scale = img.getBoundingClientRect().width / w;
  holder.style.cssText = `position:absolute;left:0;top:0;width:${w}px;transform:scale(${scale});` +
      'transform-origin:0 0;opacity:0;pointer-events:none';
  document.body.appendChild(holder);
  const out = measureSvg(svg, scale);
  holder.remove();
  return {...out, box: box.getBoundingClientRect().width, src: (img.currentSrc || img.src).split('/').pop()};
}
"""
)

LIVE = (
    """
() => {"""
    + _MEASURE
    + """
  const el = document.querySelector('.chart__plot .chart__live');
  const scale = el.getBoundingClientRect().width / el.offsetWidth;
  const out = measureSvg(el, scale);
  return {...out, box: document.querySelector('.chart__plot').getBoundingClientRect().width};
}
"""
)

# The live chart has caught up with the box: drawn from the variant the image shows (this
# site's charts.js marks it in data-drawn) and as wide as the image.
LIVE_READY = """() => {
  const box = document.querySelector('.chart__plot');
  const el = box.querySelector('.chart__live .main-svg');
  const img = [...box.querySelectorAll('.chart__static img')].find(i => i.offsetWidth > 0);
  if (!el || box.dataset.state !== 'live' || !img) return false;
  if ('drawn' in box.dataset && box.dataset.drawn !== img.dataset.variant) return false;
  return Math.abs(el.getBoundingClientRect().width - img.getBoundingClientRect().width) < 2;
}"""


def set_box(page: Page, width: int, scheme: str) -> None:
    """A viewport just wider than the box (Material's page margins), so media queries see a screen
    of about that size too, and the figure styled to ``width`` (its max-width still applies)."""
    page.set_viewport_size({"width": width + 48, "height": 900})
    page.evaluate(
        """([w, scheme]) => {
        let s = document.getElementById('box-width');
        if (!s) { s = document.createElement('style'); s.id = 'box-width'; document.head.appendChild(s); }
        s.textContent = `.md-typeset figure.chart { width: ${w}px; }`;
        document.body.setAttribute('data-md-color-scheme', scheme);
        window.dispatchEvent(new Event('resize'));
    }""",
        [width, scheme],
    )


def measure_chart(
    page: Page,
    url: str,
    widths: tuple[int, ...] = BOX_WIDTHS,
    schemes: tuple[str, ...] = SCHEMES,
    live: bool = True,
) -> list[dict[str, Any]]:
    """One chart page: a row per scheme and box width with the static (and live) measurements."""
    page.goto(url, wait_until="load")
    rows = []
    for scheme in schemes:
        for w in widths:
            set_box(page, w, scheme)
            page.wait_for_function("""() => {
                const i = [...document.querySelectorAll('.chart__plot .chart__static img')]
                    .find(i => i.offsetWidth > 0);
                return i && i.complete && i.naturalWidth > 0; }""")
            row = dict(scheme=scheme, width=w, static=page.evaluate(STATIC))
            if live:
                if not page.evaluate("document.querySelector('.chart__plot').dataset.state"):
                    page.locator(".chart__plot").focus()
                page.wait_for_function(LIVE_READY)
                row["live"] = page.evaluate(LIVE)
            rows.append(row)
    return rows


EMBED_HOST = """<!doctype html><html><body style="margin:0">
<div style="width:{w}px">{snippet}</div></body></html>"""


def measure_embed(page: Page, snippet: str, width: int) -> dict[str, Any]:
    """The embed snippet in a host page ``width`` px wide: the iframe's height once the chart page
    has reported its own, and whether the page in it still scrolls."""
    page.set_content(EMBED_HOST.format(w=width, snippet=snippet))
    frame_el = page.locator("iframe")
    frame_el.scroll_into_view_if_needed()
    frame = frame_el.element_handle().content_frame()
    assert frame is not None, "the embed snippet made no iframe"
    frame.wait_for_load_state("load")
    frame.wait_for_function("""() => [...document.querySelectorAll('.chart__static img')]
        .filter(i => i.offsetWidth > 0).every(i => i.complete && i.naturalWidth > 0)""")
    # The height the page reports is the iframe's height (the snippet's script has applied it).
    if "<script" in snippet:  # (older snippets had none: their iframe keeps its height)
        page.wait_for_function("document.querySelector('iframe').style.height !== ''")
        frame.wait_for_function("""() => { const c = document.querySelector('.md-content');
            return Math.abs(innerHeight - Math.ceil(c.getBoundingClientRect().bottom + scrollY)) <= 1; }""")
    result: dict[str, Any] = frame.evaluate("""() => {
        const d = document.documentElement, vis = s => { const e = document.querySelector(s);
            if (!e) return false; const r = e.getBoundingClientRect();
            return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight + 1; };
        return {height: innerHeight, scroll: d.scrollHeight, scrolls: d.scrollHeight > d.clientHeight + 1,
                headline: vis('.chart__title'), chart: vis('.chart__plot'),
                downloads: vis('.chart__embed-foot a[download]')};
    }""")
    return result


def local_snippet(site: Path, chart_id: str, lang: str, base: str) -> str:
    """The embed code printed on a chart's page, pointed at the local server instead of the site's URL."""
    prefix = "" if lang == "en" else f"{lang}/"
    from html import unescape

    pages = [site / f"{prefix}charts/{chart_id}/index.html"] + sorted((site / prefix).glob("*/index.html"))
    codes = (
        unescape(m)
        for p in pages
        for m in re.findall(r"<textarea[^>]*>(.*?)</textarea>", p.read_text("utf-8"), re.S)
    )
    code = next(c for c in codes if f"charts/{chart_id}/" in c)  # builds before chart pages had their own
    return re.sub(r'src="[^"]*?(charts/[^"]*)"', lambda m: f'src="{base}{prefix}{m.group(1)}"', code)


def chart_ids(site: Path) -> list[str]:
    return sorted(p.parent.name for p in (site / "charts").glob("*/index.html"))


def run(
    site: Path,
    browser_context: BrowserContext,
    base: str,
    *,
    widths: tuple[int, ...] = BOX_WIDTHS,
    embeds: tuple[int, ...] = (300, 600),
) -> dict[str, Any]:
    page = browser_context.new_page()
    charts = {}
    for cid in chart_ids(site):
        for lang in ("en", "zh"):
            url = f"{base}{'' if lang == 'en' else 'zh/'}charts/{cid}/"
            charts[(cid, lang)] = measure_chart(page, url, widths)
    iframes = {}
    if embeds:
        for cid in chart_ids(site):
            for lang in ("en", "zh"):
                snippet = local_snippet(site, cid, lang, base)
                for w in embeds:
                    iframes[(cid, lang, w)] = measure_embed(page, snippet, w)
    page.close()
    return dict(charts=charts, iframes=iframes)


def summary(result: dict[str, Any]) -> str:
    rows = [r for rs in result["charts"].values() for r in rs]
    lives = [r for r in rows if r.get("live")]
    small = sum(r["static"]["min"] < 11 or r["static"]["max"] > 16 for r in rows)
    off = sum(not 0.9 <= r["live"][k] / r["static"][k] <= 1.1 for r in lives for k in ("min", "max")) // 1
    return (
        f"{len(rows)} chart/lang/scheme/box views: static text {min(r['static']['min'] for r in rows):.1f}-"
        f"{max(r['static']['max'] for r in rows):.1f} px, {small} views outside 11-16 px; "
        f"live/static size off by >10% in {off} measures; ticks differ in "
        f"{sum(r['static']['ticks'] != r['live']['ticks'] for r in lives)}; overlapping text pairs "
        f"{sum(len(r['static']['overlaps']) for r in rows)} static, "
        f"{sum(len(r['live']['overlaps']) for r in lives)} live; "
        f"text cut by the image's edge {sum(len(r['static']['clipped']) for r in rows)} static, "
        f"{sum(len(r['live']['clipped']) for r in lives)} live"
    )


def report(result: dict[str, Any]) -> None:
    print(
        f"{'chart':<16} {'lang':<4} {'scheme':<8} {'box':>5} {'static px':>11} {'live px':>11} {'ratio':>11} "
        f"{'overlaps s/l':>12} {'ticks same':>10}  image"
    )
    for (cid, lang), rows in result["charts"].items():
        for r in rows:
            s, lv = r["static"], r.get("live") or {}
            ratio = f"{lv['min'] / s['min']:.2f}/{lv['max'] / s['max']:.2f}" if lv else "-"
            live_px = f"{round(lv['min'], 1)}-{round(lv['max'], 1)}" if lv else "-"
            print(
                f"{cid:<16} {lang:<4} {r['scheme']:<8} {s['box']:>5.0f} {s['min']:>5.1f}-{s['max']:<5.1f} "
                f"{live_px:>11} {ratio:>11} {len(s['overlaps']):>5}/{len(lv.get('overlaps', [])):<6} "
                f"{str(s['ticks'] == lv.get('ticks')):>10}  {s['src']}"
            )
    print(summary(result))
    for (cid, lang, w), r in result["iframes"].items():
        print(
            f"embed {cid:<16} {lang:<3} {w:>4} px wide: iframe {r['height']} px, page {r['scroll']} px, "
            f"inner scrollbar {'yes' if r['scrolls'] else 'no'}, headline/chart/downloads shown "
            f"{r['headline']}/{r['chart']}/{r['downloads']}"
        )


def bench(site: Path, embeds: tuple[int, ...] = (300, 600)) -> None:
    """Measure and print (``make bench`` calls this)."""
    from playwright.sync_api import sync_playwright

    from cbec.cli.browser import ARGS, CHROMIUM
    from cbec.cli.static_server import StaticServer

    with (
        StaticServer(site, SUBPATH) as base,
        sync_playwright() as p,
        tempfile.TemporaryDirectory() as profile,
    ):
        ctx = p.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            args=ARGS,
            headless=True,
            viewport={"width": 1400, "height": 900},
        )
        report(run(site, ctx, base, embeds=embeds))
        ctx.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--site", default="site")
    ap.add_argument("--no-embeds", action="store_true")
    args = ap.parse_args()
    bench(Path(args.site), embeds=() if args.no_embeds else (300, 600))


if __name__ == "__main__":
    main()
