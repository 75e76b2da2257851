"""The share-preview card (cbec/social_card.py) lays out any number of years, a gap where one is missing."""

from __future__ import annotations

import dataclasses
import io

from PIL import Image

from cbec import social_card
from cbec.data import load
from cbec.values import flag_weak


def _years(n: int, missing: set[int]) -> list:
    """n first releases from the real table's first row on (invented values), leaving out the years
    ``missing`` (counted from the first: 3 is the fourth year)."""
    ds = flag_weak(load())
    first = social_card.card_rows(ds)[0]
    return [
        dataclasses.replace(first, year=first.year + i, total_tn_cny=1.5 + 0.17 * i)
        for i in range(n)
        if i not in missing
    ]


def test_every_year_has_its_place_and_a_missing_year_leaves_a_gap():
    rows = _years(6, missing={4})  # like 2024 -> 2026 with 2025 left off as weak
    slots = social_card.slots(rows)
    assert [s.year for s in slots] == list(range(rows[0].year, rows[-1].year + 1))
    gap = slots[4]
    assert gap.height == 0 and gap.value == ""
    assert all(s.height > 0 and s.value for s in slots if s is not gap)
    steps = {b.x - a.x for a, b in zip(slots, slots[1:])}
    assert len(steps) == 1, steps  # placed by year: the gap is as wide as a year


def test_the_card_holds_any_number_of_years_inside_its_edges_without_overlap():
    for n in (1, 5, 8, 9, 12, 20, 30):
        slots = social_card.slots(_years(n, missing={2} if n > 3 else set()))
        for s in slots:
            font = social_card._font(s.font)
            for text in (s.value, str(s.year)):
                half = font.getlength(text) / 2
                middle = s.x + s.bar / 2
                assert middle - half >= 0 and middle + half <= social_card.WIDTH, (n, s)
        for a, b in zip(slots, slots[1:]):  # neighbouring labels do not touch
            font = social_card._font(a.font)
            right = a.x + a.bar / 2 + max(font.getlength(a.value), font.getlength(str(a.year))) / 2
            left = b.x + b.bar / 2 - max(font.getlength(b.value), font.getlength(str(b.year))) / 2
            assert right < left, (n, a, b)


def test_the_card_draws_with_a_gap_and_more_years():
    ds = flag_weak(load())
    ds = dataclasses.replace(ds, cbec=[r for r in ds.cbec if r.scope != "broad" or r.vintage != "prelim"])
    ds = dataclasses.replace(ds, cbec=ds.cbec + _years(10, missing={3}))
    png = social_card.social_card(ds, "Title", "Subtitle")
    assert Image.open(io.BytesIO(png)).size == (social_card.WIDTH, social_card.HEIGHT)
