"""Verdict categories (data/claims.csv verdict_code) as readers see them: one short word, a symbol and
a colour per category, so a verdict looks the same on every page, in every table and in the charts.

The colours are text colours: each meets 4.5:1 on Material's light page (#ffffff) and on its dark
(slate) page (#1e2029); tests/test_chart_content.py checks that. The symbol and the word carry the meaning,
so the badge does not rely on colour alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from typing import Any


@dataclass(frozen=True)
class Verdict:
    symbol: str
    en: str
    zh: str
    light: str  # text colour on the light page
    dark: str  # text colour on the dark page
    rating: int  # ClaimReview ratingValue, 1 (false) .. 5 (true)


VERDICTS = {
    "right_then_revised": Verdict(
        "\u2713", "Right then, revised", "当时准确，后被修正", "#1b6e36", "#7fd69a", 4
    ),
    "matches_one_source": Verdict("\u2248", "Matches one source", "与一个来源相符", "#8a4b00", "#f2b866", 3),
    "partly_true": Verdict("\u25d0", "Partly true", "部分属实", "#6a3d9a", "#cfb0ff", 3),
    "not_reproducible": Verdict("\u2717", "Not reproducible", "无法复现", "#b3261e", "#ff9a8f", 2),
    "no_source_found": Verdict("?", "No source found", "未找到出处", "#1f5b9e", "#94c4ff", 2),
}
# The light and dark page backgrounds the colours are held against (Material 9: white; slate hsl(232,15%,14%)).
PAGE_BACKGROUNDS = {"light": "#ffffff", "dark": "#1e2029"}
RATING_SCALE = (1, 5)
RATING_WORDS = {1: "False", 5: "True"}


def badge_text(code: str, lang: str = "en") -> str:
    """The badge as plain text (symbol and short word), where no HTML can go: the charts."""
    v = VERDICTS[code]
    return f"{v.symbol} {v.zh if lang == 'zh' else v.en}"


def badge(code: str, lang: str = "en", claim_id: str = "") -> str:
    """The badge HTML: symbol + short word, coloured from VERDICTS through CSS custom properties
    (site.css picks the light or dark one), with the category in data-verdict for tests and styles."""
    v = VERDICTS[code]
    word = v.zh if lang == "zh" else v.en
    claim = f' data-claim="{escape(claim_id)}"' if claim_id else ""
    return (
        f'<span class="verdict" data-verdict="{code}"{claim} '
        f'style="--verdict-light:{v.light};--verdict-dark:{v.dark}">'
        f'<span class="verdict__symbol" aria-hidden="true">{v.symbol}</span>{escape(word)}</span>'
    )


def claim_reviews(
    claims: list[Any],
    sources: dict[str, Any],
    page_url: str,
    publisher: dict[str, Any],
    lang: str = "en",
    dates: dict[str, Any] | None = None,
) -> str:
    """ClaimReview JSON-LD (schema.org) for every checked claim, escaped for a <script> element: what
    Google's fact-check documentation requires (claimReviewed, reviewRating with alternateName, url) and
    recommends (author, datePublished, itemReviewed: a Claim with author, datePublished, appearance and
    firstAppearance; Rating name, ratingValue, bestRating, worstRating). alternateName is the badge's short
    word, the verdict in full is the rating's name. ``publisher``: the site's publisher (name, url), as the
    site names it elsewhere; ``dates``: claim id -> (datePublished, dateModified or None), from
    data/corrections.csv (cbec/corrections.py). Where a claim was made is its first claim_source_ids entry
    (the report); ``page_url`` is the page that checks the claims, each claim's section its #id there.
    """
    items = []
    for c in claims:
        v = VERDICTS[c.verdict_code]
        report = sources[c.claim_source_ids[0]]
        made = {"@type": "CreativeWork", "url": report.url, "headline": report.title}
        made["publisher"] = {"@type": "Organization", "name": report.publisher}
        unit = (c.unit_zh if lang == "zh" else c.unit).split(" (")[0].split("（")[0]
        value = f"{c.claimed_value:g}"
        item = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": f"{page_url}#{c.id}",
            "claimReviewed": (
                f"{c.claim_zh}：{value}{unit}"
                if lang == "zh"
                else f"{c.claim}: {value}{'' if unit.startswith('%') else ' '}{unit}"
            ),
            "inLanguage": lang,
            "itemReviewed": {
                "@type": "Claim",
                "author": {"@type": "Organization", "name": report.publisher},
                "datePublished": report.date_published,
                "appearance": made,
                "firstAppearance": made,
            },
            "author": {"@type": "Organization", "name": publisher["name"], "url": publisher["url"]},
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": v.rating,
                "bestRating": RATING_SCALE[1],
                "worstRating": RATING_SCALE[0],
                "alternateName": v.zh if lang == "zh" else v.en,
                "name": c.verdict_zh if lang == "zh" else c.verdict,
            },
        }
        published, modified = (dates or {}).get(c.id, (None, None))
        if published:
            item["datePublished"] = published
        if modified:
            item["dateModified"] = modified
        items.append(item)
    text = json.dumps(items, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # Inside <script>, "</" could close the element and "<!--" open a comment: escape "<" as JSON allows.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
