"""Verdict categories (data/claims.csv verdict_code) as readers see them: one short word, a symbol and
a colour per category, so a verdict looks the same on every page, in every table and in the charts.

The words live in one place, cbec/verdicts.yaml (read and checked here, errors as ``file:line: key: reason``):
the badge word and its counted form, which the claims chart's title and Home's headline use, so a new word
reaches the badges, the title and the ClaimReview data together (tests/test_framing.py changes one).

The colours are text colours: each meets 4.5:1 on Material's light page (#ffffff) and on its dark
(slate) page (#1e2029); tests/test_chart_content.py checks that. The symbol and the word carry the meaning,
so the badge does not rely on colour alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import NoReturn

from . import records
from .words import LANGS, WordsError, at_import, placeholders, read

FILE = Path(__file__).with_name("verdicts.yaml")
FIELDS = ("symbol", "word", "counted", "light", "dark", "rating")
COLOUR = re.compile(r"#[0-9a-f]{6}\Z")


@dataclass(frozen=True)
class Verdict:
    symbol: str
    en: str  # the badge's short word
    zh: str
    light: str  # text colour on the light page
    dark: str  # text colour on the dark page
    rating: int  # ClaimReview ratingValue, 1 (false) .. 5 (true)
    counted_en: str = "{n}"  # the word counted, "{n} not reproducible": the claims headline's phrase
    counted_zh: str = "{n}"

    def word(self, lang: str = "en") -> str:
        return self.zh if lang == "zh" else self.en

    def counted(self, n: int, lang: str = "en") -> str:
        return (self.counted_zh if lang == "zh" else self.counted_en).format(n=n)


def _lcfirst(text: str) -> str:
    return text[:1].lower() + text[1:]


def load(path: Path = FILE) -> dict[str, Verdict]:
    """The categories of ``path`` (cbec/verdicts.yaml), checked: the rules are at the top of that file."""
    doc = read(path)

    def fail(key: str, reason: str) -> NoReturn:
        raise WordsError(f"{doc.where(key)}: {key}: {reason}")

    if list(doc) != list(records.VERDICTS):
        extra = [k for k in doc if k not in records.VERDICTS]
        key = extra[0] if extra else next((k for k, v in zip(doc, records.VERDICTS) if k != v), "")
        missing = [k for k in records.VERDICTS if k not in doc]
        fail(
            str(key or next(iter(doc), "")),
            "the categories are data/datapackage.json's verdict_code values, in this order: "
            f"{', '.join(records.VERDICTS)}"
            + (f" (missing: {', '.join(missing)})" if missing else "")
            + (f" (unknown: {', '.join(map(str, extra))})" if extra else ""),
        )
    out: dict[str, Verdict] = {}
    for code, entry in doc.items():
        if not isinstance(entry, dict) or set(entry) != set(FIELDS):
            fail(code, f"must have exactly {', '.join(FIELDS)}")
        texts: dict[str, dict[str, str]] = {}
        for field in ("word", "counted"):
            value = entry[field]
            if not isinstance(value, dict) or set(value) != set(LANGS):
                fail(f"{code}.{field}", "must be {en: ..., zh: ...}")
            for lang in LANGS:
                if not isinstance(value[lang], str) or not value[lang].strip():
                    fail(f"{code}.{field}.{lang}", "must be text")
            texts[field] = value
        for lang in LANGS:
            counted, word = texts["counted"][lang], texts["word"][lang]
            try:
                names = placeholders(counted)
            except ValueError as e:
                fail(f"{code}.counted.{lang}", str(e))
            if names != ["n"]:
                fail(
                    f"{code}.counted.{lang}",
                    "must hold {n} (the number of claims), once, and no other placeholder",
                )
            shown = _lcfirst(word) if lang == "en" else word
            if shown not in counted:
                fail(
                    f"{code}.counted.{lang}",
                    f"{counted!r} does not hold the badge word {shown!r} (word.{lang}): the title would say "
                    "something else than the badges",
                )
        if not isinstance(entry["symbol"], str) or not entry["symbol"].strip():
            fail(f"{code}.symbol", "must be a character")
        if any(v.symbol == entry["symbol"] for v in out.values()):
            fail(f"{code}.symbol", f"{entry['symbol']!r} is another category's symbol")
        for scheme in ("light", "dark"):
            if not isinstance(entry[scheme], str) or not COLOUR.match(entry[scheme]):
                fail(f"{code}.{scheme}", f"must be a colour #rrggbb (lower case), not {entry[scheme]!r}")
        rating = entry["rating"]
        if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
            fail(f"{code}.rating", f"must be a whole number from 1 (false) to 5 (true), not {rating!r}")
        out[code] = Verdict(
            entry["symbol"],
            texts["word"]["en"],
            texts["word"]["zh"],
            entry["light"],
            entry["dark"],
            rating,
            texts["counted"]["en"],
            texts["counted"]["zh"],
        )
    return out


VERDICTS = at_import(load)
# The light and dark page backgrounds the colours are held against (Material 9: white; slate hsl(232,15%,14%)).
PAGE_BACKGROUNDS = {"light": "#ffffff", "dark": "#1e2029"}
RATING_SCALE = (1, 5)
RATING_WORDS = {1: "False", 5: "True"}


def headline_phrases(claims: Sequence[records.Claim], lang: str = "en") -> list[str]:
    """Each category that has claims, counted ("2 right then, revised"), in the categories' order."""
    counts = {code: sum(1 for c in claims if c.verdict_code == code) for code in VERDICTS}
    return [VERDICTS[code].counted(n, lang) for code, n in counts.items() if n]


def badge_text(code: str, lang: str = "en") -> str:
    """The badge as plain text (symbol and short word), where no HTML can go: the charts."""
    v = VERDICTS[code]
    return f"{v.symbol} {v.word(lang)}"


def badge(code: str, lang: str = "en", claim_id: str = "") -> str:
    """The badge HTML: symbol + short word, coloured from VERDICTS through CSS custom properties
    (site.css picks the light or dark one), with the category in data-verdict for tests and styles."""
    v = VERDICTS[code]
    word = v.word(lang)
    claim = f' data-claim="{escape(claim_id)}"' if claim_id else ""
    return (
        f'<span class="verdict" data-verdict="{code}"{claim} '
        f'style="--verdict-light:{v.light};--verdict-dark:{v.dark}">'
        f'<span class="verdict__symbol" aria-hidden="true">{v.symbol}</span>{escape(word)}</span>'
    )


def claim_reviews(
    claims: Sequence[records.Claim],
    sources: dict[str, records.Source],
    page_url: str,
    publisher: dict[str, str | None],
    lang: str = "en",
    dates: dict[str, tuple[str, str | None]] | None = None,
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
        made: dict[str, object] = {"@type": "CreativeWork", "url": report.url, "headline": report.title}
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
                "alternateName": v.word(lang),
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
