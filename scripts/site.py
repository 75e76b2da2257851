"""Everything the build needs, computed once per data state: records, chart specs, generated files.

Both MkDocs entry points (the hook that adds files, the macros that write pages) call ``build``;
it is cached on the data files' content, so ``mkdocs serve`` picks up an edited CSV.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import plotly.offline

from . import chart_html, static_render
from .data import DATA_DIR, TABLES, Dataset, load
from .figures import LANGS, ChartSpec, build_all
from .social_card import social_card

SOCIAL_CARD = "assets/images/social-card.png"

ROOT = Path(__file__).resolve().parent.parent
PLOTLY_NPM = ROOT / "node_modules" / "plotly.js-basic-dist-min" / "plotly-basic.min.js"


@dataclass(frozen=True)
class Site:
    ds: Dataset
    charts: dict[str, dict[str, ChartSpec]]  # lang -> chart id -> spec
    files: dict[str, bytes]  # site path -> content, added to the build by the hook
    plotly_path: str


def plotly_bundle() -> tuple[str, bytes]:
    """The partial plotly.js bundle, checked to be the version plotly.py writes figures for."""
    if not PLOTLY_NPM.exists():
        raise FileNotFoundError(f"{PLOTLY_NPM} is missing: run `npm ci` (make setup does)")
    content = PLOTLY_NPM.read_bytes()
    m = re.search(rb"plotly\.js \(basic - minified\) v(\d+\.\d+\.\d+)", content[:200])
    bundled, expected = (m.group(1).decode() if m else "?"), plotly.offline.get_plotlyjs_version()
    if bundled != expected:
        raise ValueError(f"plotly.js bundle is v{bundled} but plotly.py {plotly.__version__} expects v{expected}; "
                         "pin plotly.js-basic-dist-min to the same version in package.json")
    return f"assets/javascripts/vendor/plotly-basic-{bundled}.min.js", content


_cache: dict[str, Site] = {}


def _fingerprint(data_dir: Path) -> str:
    h = hashlib.sha256(str(data_dir).encode())
    for t in TABLES.values():
        p = data_dir / t.file
        h.update(p.read_bytes() if p.exists() else b"<missing>")
    return h.hexdigest()


def build(data_dir: Path | str = DATA_DIR, static: bool = True) -> Site:
    """``static=False`` skips drawing the images (the benchmark's baseline; pages then show none)."""
    data_dir = Path(data_dir)
    key = _fingerprint(data_dir) + str(static)
    if key not in _cache:
        ds = load(data_dir)
        charts = {lang: build_all(ds, lang) for lang in LANGS}
        plotly_path, plotly_js = plotly_bundle()
        files = {plotly_path: plotly_js}
        jobs = []
        for lang, specs in charts.items():
            for cid, spec in specs.items():
                figs = chart_html.variants(spec)
                files[chart_html.json_path(cid, lang)] = chart_html.figure_json(spec, ds, figs).encode()
                jobs += chart_html.image_jobs(spec, ds, figs)
        if static:
            files.update(static_render.render(jobs))
        for cid, spec in charts["en"].items():  # one CSV per chart, the same for both languages
            files[chart_html.csv_path(cid)] = chart_html.figure_csv(spec).encode()
        files[SOCIAL_CARD] = social_card(ds, "China's cross-border e-commerce boom",
                                         "The 2021 APEC workshop and the official figures behind it")
        for t in TABLES.values():  # the full tables, for readers who want everything
            files[f"{chart_html.DOWNLOAD_DIR}/tables/{t.file}"] = (data_dir / t.file).read_bytes()
        _cache.clear()
        _cache[key] = Site(ds, charts, files, plotly_path)
    return _cache[key]
