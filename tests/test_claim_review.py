"""ClaimReview that fact-check aggregators accept (issue 26): every review carries what Google's fact-check
documentation requires and recommends for ClaimReview, Claim and Rating (schema.org types), alternateName
is the badge's short verdict word, dates come from the corrections table, and the author is the site's
publisher as mkdocs.yml and CITATION.cff name it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from cbec import corrections, data, package_html, verdicts

ROOT = Path(__file__).resolve().parent.parent

# Google Search Central, "Fact check (ClaimReview) structured data", structured data type definitions.
REQUIRED = {"ClaimReview": {"claimReviewed", "reviewRating", "url"}, "Rating": {"alternateName"}}
RECOMMENDED = {
    "ClaimReview": {"author", "datePublished", "itemReviewed"},
    "Claim": {"appearance", "author", "datePublished", "firstAppearance"},
    "Rating": {"bestRating", "name", "ratingValue", "worstRating"},
}


def _config() -> dict:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)  # !ENV, !!python/name
    return yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=Loader)


def _reviews(lang: str):
    ds = data.load()
    first = str(package_html.read_package(ds.data_dir)["created"])[:10]
    dates = {c.id: corrections.review_dates(ds, c, first) for c in ds.claims}
    publisher = {"name": _config()["site_author"], "url": "https://example.org/site/"}
    text = verdicts.claim_reviews(
        ds.claims, ds.sources, "https://example.org/site/numbers/", publisher, lang, dates
    )
    return ds, json.loads(text)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_review_has_what_google_requires_and_recommends(lang):
    ds, reviews = _reviews(lang)
    assert len(reviews) == len(ds.claims)
    for r in reviews:
        assert r["@context"] == "https://schema.org" and r["@type"] == "ClaimReview"
        assert REQUIRED["ClaimReview"] | RECOMMENDED["ClaimReview"] <= set(r), set(r)
        assert r["itemReviewed"]["@type"] == "Claim"
        assert RECOMMENDED["Claim"] <= set(r["itemReviewed"])
        rating = r["reviewRating"]
        assert rating["@type"] == "Rating"
        assert REQUIRED["Rating"] | RECOMMENDED["Rating"] <= set(rating)
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        assert r["author"]["@type"] == "Organization" and r["author"]["url"].startswith("https://")
        # the claim is summarised, not rated, in claimReviewed (the rating is in reviewRating)
        assert rating["alternateName"] not in r["claimReviewed"]
        assert len(r["claimReviewed"]) <= 100
        assert r["url"].startswith("https://example.org/site/numbers/#")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_alternate_name_is_the_badge_word_not_a_paragraph(lang):
    ds, reviews = _reviews(lang)
    for c, r in zip(ds.claims, reviews):
        v = verdicts.VERDICTS[c.verdict_code]
        assert r["reviewRating"]["alternateName"] == (v.zh if lang == "zh" else v.en)
        assert r["reviewRating"]["name"] == (c.verdict_zh if lang == "zh" else c.verdict)
        assert len(r["reviewRating"]["alternateName"]) <= 30


def test_dates_come_from_the_corrections_table():
    ds, reviews = _reviews("en")
    for c, r in zip(ds.claims, reviews):
        dt.date.fromisoformat(r["datePublished"])
        rows = corrections.for_claim(ds, c.id)
        if rows and rows[-1].date > r["datePublished"]:
            assert r["dateModified"] == rows[-1].date
        else:
            assert "dateModified" not in r
    assert any("dateModified" in r for r in reviews), "this round changed verdicts"


def test_the_author_is_the_publisher_the_site_names_elsewhere():
    _, reviews = _reviews("en")
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text("utf-8"))
    names = {a.get("name") for a in cff["authors"]}
    for r in reviews:
        assert r["author"]["name"] == _config()["site_author"]
        assert r["author"]["name"] in names
