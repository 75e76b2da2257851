"""What README.md and CONTRIBUTING.md quote is true: every path they name exists (or is one the build
publishes), every module of cbec/ is in the README's map, and the sample build output matches what a
build of today's charts and pages prints."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT

from cbec import chart_images, site
from cbec.charts import CHARTS, build_all
from cbec.data import load
from cbec.values import flag_weak

DOCS = ("README.md", "CONTRIBUTING.md", "data/datapackage.json")
PATH = re.compile(
    r"(?<![\w./-])((?:cbec|tests|docs|data|overrides|includes|scripts|\.ci|\.github)/[\w./-]*\w)"
)
# Named on purpose though not in the checkout: the worked example's chart (CONTRIBUTING "Adding a
# chart"), and the file a reader adds for a custom domain.
NOT_IN_THE_CHECKOUT = {"docs/CNAME"}
EXAMPLE = re.compile(r"goods[_-]trade")
SUMMARY = re.compile(
    r"Built (\d+) pages \((\d+) English, (\d+) Chinese\), (\d+) charts \((\d+) images: (\d+) drawn, (\d+) cached\)"
)
PROGRESS = re.compile(r"Drawing chart images: \d+/(\d+)")


def _quoted_paths(text: str) -> set[str]:
    return {p for p in PATH.findall(text) if not EXAMPLE.search(p)}


def test_every_path_the_docs_name_exists_or_is_published():
    published = {site.PACKAGE_ZIP, site.SOCIAL_CARD}
    modules = [str(p.relative_to(ROOT)) for p in sorted((ROOT / "cbec").rglob("*.py"))]  # their docstrings
    missing = [
        f"{doc}: {p}"
        for doc in (*DOCS, *modules)
        for p in sorted(_quoted_paths((ROOT / doc).read_text("utf-8")))
        if not (ROOT / p).exists() and p not in NOT_IN_THE_CHECKOUT and p not in published
    ]
    assert not missing, "paths named in the docs that do not exist:\n" + "\n".join(missing)


def test_every_module_is_in_the_readme_map():
    readme = (ROOT / "README.md").read_text("utf-8")
    modules = [
        p
        for p in sorted((ROOT / "cbec").rglob("*.py"))
        if p.name != "__init__.py" and not (p.parent.parent.name == "charts" and p.name == "figure.py")
    ]

    def named(p: Path) -> bool:  # as a file (data.py) or as a module to run (python -m cbec.cli.bench)
        dotted = ".".join(p.relative_to(ROOT).with_suffix("").parts)
        return bool(re.search(rf"\b{re.escape(p.name)}\b|\b{re.escape(dotted)}\b", readme))

    unnamed = [str(p.relative_to(ROOT)) for p in modules if not named(p)]
    assert not unnamed, "modules the README's map does not name: " + ", ".join(unnamed)


def _expected() -> dict[str, int]:
    docs = ROOT / "docs"
    written = [p for p in docs.rglob("*.md") if not p.name.endswith(".zh.md")]
    generated = [c for c in CHARTS if not (docs / "charts" / f"{c}.md").exists()]
    ds = flag_weak(load(ROOT / "data"))
    images = sum(  # as cbec/site.py draws them: a money chart's dollar twin too
        len(
            chart_images.image_jobs(
                spec, ds, chart_images.variants(spec) | chart_images.usd_variants(spec, ds)
            )
        )
        for lang in ("en", "zh")
        for spec in build_all(ds, lang).values()
    )
    return {"pages": 2 * (len(written) + len(generated)), "charts": len(CHARTS), "images": images}


def test_the_sample_build_output_matches_a_build_of_today():
    want = _expected()
    texts = {doc: (ROOT / doc).read_text("utf-8") for doc in ("README.md", "CONTRIBUTING.md")}
    texts["cbec/mkdocs/build_output.py"] = (ROOT / "cbec/mkdocs/build_output.py").read_text("utf-8")
    texts["cbec/build_progress.py"] = (ROOT / "cbec/build_progress.py").read_text("utf-8")
    found = 0
    for doc, text in texts.items():
        for m in SUMMARY.finditer(text):
            pages, en, zh, charts, images, drawn, cached = map(int, m.groups())
            got = {"pages": pages, "charts": charts, "images": images}
            assert got == want and en == zh == pages // 2 and drawn + cached == images, (doc, m[0], want)
            found += 1
        for m in PROGRESS.finditer(text):
            assert int(m[1]) == want["images"], (doc, m[0], want)
    assert found, "the README shows a sample build summary"
