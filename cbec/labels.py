"""What a customs-series figure is, in words, from its row: one rule for every chart, table, CSV and page.

A row's vintage says which of customs' releases it is. "First release", "revised" and "restated" are
printed only where a source rated medium or better gives the figure as that release (its ``used_for``
in sources.csv names it: "preliminary"/"first release", "revised", "restated"); a figure no such source
gives as a release has the vintage ``published`` and is labelled by what it is, from the row's ``label``
and ``label_zh`` ("stated by the Minister of Commerce, March 2026"), or "as published" (customs' old
series, whose sources do not say the vintage). ``check_releases`` stops the build otherwise.
"""

from __future__ import annotations

from .data_error import DataError
from .records import TABLES, VINTAGES, CbecYear, Dataset
from .words import at_import, shared_codes

RELEASES = ("prelim", "revised", "restated")
# The words in a source's used_for (sources.csv) that say it gives a figure as that release.
RELEASE_WORDS = {
    "prelim": ("preliminary", "first release"),
    "revised": ("revised",),
    "restated": ("restated",),
}
# Each vintage in each language ("first release", "初值"), as the charts say it (cbec/charts/words.yaml).
WORDS = at_import(lambda: shared_codes("vintages", VINTAGES))


def is_release(r: CbecYear) -> bool:
    """Customs' own release (first release, revised or restated), as opposed to a figure stated or reported."""
    return r.vintage in RELEASES


def release_sources(r: CbecYear, ds: Dataset) -> list[str]:
    """The row's sources, rated medium or better, that give the figure as the release its vintage names."""
    words = RELEASE_WORDS.get(r.vintage, ())
    return [
        s
        for s in r.source_ids
        if ds.sources[s].confidence != "weak" and any(w in ds.sources[s].used_for.lower() for w in words)
    ]


def what(r: CbecYear, lang: str = "en") -> str:
    """'first release', 'revised', 'stated by the Minister of Commerce, March 2026', 'as published'."""
    if not is_release(r):
        own = r.label_zh if lang == "zh" else r.label
        if own:
            return own
    return WORDS[lang][r.vintage]


def year_what(r: CbecYear, lang: str = "en") -> str:
    """The year and what the figure is: '2020 first release', '2025, stated by the Minister of Commerce,
    March 2026' / '2020年初值', '2025年（商务部部长2026年3月所述）'."""
    if is_release(r) or not (r.label_zh if lang == "zh" else r.label):
        return f"{r.year}年{what(r, lang)}" if lang == "zh" else f"{r.year} {what(r, lang)}"
    return f"{r.year}年（{what(r, lang)}）" if lang == "zh" else f"{r.year}, {what(r, lang)}"


def check_releases(ds: Dataset) -> None:
    """A release label its sources do not support, or a row labelled twice, stops the build."""
    path = ds.data_dir / TABLES["cbec"].file
    for r in ds.cbec:
        if is_release(r):
            if r.label or r.label_zh:
                raise DataError(
                    path,
                    r.line,
                    f"a {WORDS['en'][r.vintage]} is labelled by its vintage; leave 'label' empty, "
                    "or set vintage 'published' if customs did not give the figure as that release",
                    "label",
                )
            if not release_sources(r, ds):
                words = " or ".join(f"'{w}'" for w in RELEASE_WORDS[r.vintage])
                raise DataError(
                    path,
                    r.line,
                    f"'{r.vintage}' ({WORDS['en'][r.vintage]}) but no source rated medium or strong among "
                    f"{';'.join(r.source_ids)} gives it as one (its used_for in sources.csv names {words}); "
                    "cite one, or set vintage 'published' and say in 'label' who stated or reported it",
                    "vintage",
                )
        elif bool(r.label) != bool(r.label_zh):
            raise DataError(
                path, r.line, "'label' and 'label_zh' go together: give both or neither", "label_zh"
            )
