"""Everything the build needs, computed once per data state: records, chart specs, generated files.

Both MkDocs entry points (the hook that adds files, the macros that write pages) call ``build``;
it is cached on the data files' content, so ``mkdocs serve`` picks up an edited CSV.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import plotly.offline

from . import chart_csv, chart_images, chart_paths, consistency, static_render, theme
from .charts import LANGS, ChartSpec, build_all, check_columns
from .data import DATA_DIR, PACKAGE, TABLES, Dataset, load
from .social_card import social_card
from .values import flag_weak

SOCIAL_CARD = "assets/images/social-card.png"
SOCIAL_CARD_ZH = "assets/images/social-card-zh.png"  # the Chinese pages' card (review m11)
PACKAGE_DIR = "data"  # the site serves data/datapackage.json with the CSVs beside it (relative paths)
PACKAGE_ZIP = chart_paths.PACKAGE_ZIP

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
        raise ValueError(
            f"plotly.js bundle is v{bundled} but plotly.py {plotly.__version__} expects v{expected}; "
            "pin plotly.js-basic-dist-min to the same version in package.json"
        )
    return f"assets/javascripts/vendor/plotly-basic-{bundled}.min.js", content


_cache: dict[str, Site] = {}


def _fingerprint(data_dir: Path) -> str:
    h = hashlib.sha256(str(data_dir).encode())
    for name in [PACKAGE] + [t.file for t in TABLES.values()]:
        p = data_dir / name
        h.update(p.read_bytes() if p.exists() else b"<missing>")
    return h.hexdigest()


def package_files(data_dir: Path) -> dict[str, bytes]:
    """datapackage.json and every table it lists, byte for byte as in data/."""
    out = {PACKAGE: (data_dir / PACKAGE).read_bytes()}
    for t in TABLES.values():
        out[t.file] = (data_dir / t.file).read_bytes()
    return out


def package_zip(files: dict[str, bytes]) -> bytes:
    """One zip of the whole package; the same bytes on every build (fixed timestamps, sorted entries)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, files[name], compresslevel=9)
    return buf.getvalue()


def build(data_dir: Path | str = DATA_DIR, static: bool = True) -> Site:
    """``static=False`` skips drawing the images (the benchmark's baseline; pages then show none)."""
    data_dir = Path(data_dir)
    key = _fingerprint(data_dir) + str(static)
    if key not in _cache:
        theme.check()
        ds = load(data_dir)
        consistency.check(ds)  # cross-table and plausibility checks, before any chart divides by a cell
        ds = flag_weak(ds)  # numbers of weakly sourced rows carry their flag from here on (values.py)
        charts = {lang: build_all(ds, lang) for lang in LANGS}
        check_columns(charts)
        plotly_path, plotly_js = plotly_bundle()
        files = {plotly_path: plotly_js}
        jobs = []
        for lang, specs in charts.items():
            for cid, spec in specs.items():
                figs = chart_images.variants(spec)
                figs.update(chart_images.usd_variants(spec, ds))  # a money chart's dollar twin (unit switch)
                files[chart_paths.json_path(cid, lang)] = chart_images.figure_json(spec, ds, figs).encode()
                jobs += chart_images.image_jobs(spec, ds, figs)
        if static:
            files.update(static_render.render(jobs))
        for cid, spec in charts["en"].items():  # one CSV per chart, the same for both languages
            files[chart_paths.csv_path(cid)] = chart_csv.figure_csv(spec).encode()
        files[SOCIAL_CARD] = social_card(
            ds,
            "China's cross-border e-commerce boom",
            "The 2021 APEC workshop and the official figures behind it",
        )
        files[SOCIAL_CARD_ZH] = social_card(
            ds, "中国跨境电商热潮解读", "2021年APEC研讨会及其背后的官方数字", "zh"
        )
        package = package_files(
            data_dir
        )  # the full tables as a Data Package, for readers who want everything
        for name, content in package.items():
            files[f"{PACKAGE_DIR}/{name}"] = content
        files[PACKAGE_ZIP] = package_zip(package)
        _cache.clear()
        _cache[key] = Site(ds, charts, files, plotly_path)
    return _cache[key]
