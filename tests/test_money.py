"""Dollars in page text come only from the in_usd() macro, at the one rate the charts use (fx_annual.csv).

A page once converted 1.69 trillion yuan at two rates (the NBS average in prose, the Fed's in the chart tables).
The check reads every page's template code: arithmetic with a yuan-per-dollar rate (a rate fact, ds.fx,
cny_per_usd) is a conversion, and only in_usd() may do it.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from cbec import data, fmt
from cbec.mkdocs import macros_events
from cbec.mkdocs.page_context import PageContext
from cbec.mkdocs.page_errors import PageError
from cbec.site import Site

ROOT = Path(__file__).resolve().parent.parent
CODE = re.compile(r"\{\{(.*?)\}\}|\{%-?\s*set\s+(\w+)\s*=(.*?)-?%\}", re.S)
FACT = re.compile(r"""fact\(\s*["']([a-z0-9_-]+)["']\s*\)""")


def rate_keys() -> set[str]:
    """Facts that are exchange rates, known by their unit (yuan per dollar, or the other way round)."""
    ds = data.load(ROOT / "data")
    return {k for k, f in ds.facts.items() if re.search(r"per (US )?dollar|yuan per", f.unit, re.I)}


def conversions(text: str, rates: set[str]) -> list[str]:
    """Template expressions in ``text`` that do arithmetic with an exchange rate outside in_usd()."""
    rate_vars: set[str] = set()
    found = []
    for m in CODE.finditer(text):
        expr = m.group(1) if m.group(1) is not None else m.group(3)
        if m.group(2) and any(k in rates for k in FACT.findall(expr)):
            rate_vars.add(m.group(2))  # {% set fx20 = fact("cny_per_usd_2020_avg") %}
        bare = re.sub(r"in_usd\([^()]*(\([^()]*\)[^()]*)*\)", "in_usd()", expr)
        uses_rate = (
            "cny_per_usd" in bare
            or "ds.fx" in bare
            or any(k in rates for k in FACT.findall(bare))
            or any(re.search(rf"\b{v}\b", bare) for v in rate_vars)
        )
        if uses_rate and re.search(r"[*/]", bare):
            found.append(expr.strip())
    return found


def test_no_page_converts_yuan_to_dollars_without_the_macro():
    rates = rate_keys()
    assert rates, "facts.csv has no exchange-rate fact: the check below would look for nothing"
    problems = [
        f"{md.relative_to(ROOT)}: {expr}"
        for md in sorted((ROOT / "docs").rglob("*.md"))
        for expr in conversions(md.read_text("utf-8"), rates)
    ]
    assert not problems, "convert with {{ in_usd(value, year) }}, not by hand:\n" + "\n".join(problems)


def test_the_check_catches_a_conversion_by_hand():
    rates = rate_keys()
    key = sorted(rates)[0]
    by_hand = (
        f'{{% set fx = fact("{key}") %}}'
        "{{ (p20.total_tn_cny * 1000 / fx.value) | num(0) }} billion US dollars"
    )
    assert conversions(by_hand, rates)
    assert conversions("{{ p.total_tn_cny * 1000 / ds.fx[3].cny_per_usd }}", rates)
    assert conversions(f'{{{{ 1.69 / fact("{key}").value }}}}', rates)
    # The macro, and arithmetic that involves no rate, pass.
    assert not conversions("{{ in_usd(p24.total_tn_cny, p24.year) }}", rates)
    assert not conversions("{{ (100 * (fc.value - p24.total_tn_cny) / fc.value) | num(0) }}", rates)


def test_pages_that_give_dollars_for_yuan_use_the_macro():
    """The pages that gave a dollar amount for a yuan total still do, through in_usd()."""
    for page in ("numbers.md", "numbers.zh.md", "since-2021.md", "since-2021.zh.md"):
        assert "in_usd(" in (ROOT / "docs" / page).read_text("utf-8"), page


def _in_usd():
    """The page macro in_usd(), registered on a stand-in for mkdocs-macros' env (an English page)."""
    macros = {}
    env = SimpleNamespace(page=None, macro=lambda f: macros.setdefault(f.__name__, f))
    ds = data.load(ROOT / "data")
    macros_events.register(PageContext(env, Site(ds=ds, charts={}, files={}, plotly_path="")))
    return macros["in_usd"], ds


def test_in_usd_names_an_amount_that_is_not_a_number():
    """A total the table leaves empty reaches the macro as None: the page is told so, not a TypeError."""
    in_usd, ds = _in_usd()
    year = ds.fx[-1].year
    for amount, kind in ((None, "NoneType"), ("1.69", "str"), (True, "bool")):
        with pytest.raises(PageError) as told:
            in_usd(amount, year)
        assert str(told.value) == (
            f"in_usd({amount!r}, {year}): the amount must be a number (trillions of yuan), not {kind}"
        )
    # a number still converts, at that year's rate, as the charts' dollar columns do
    out = in_usd(1, year)
    assert "billion US dollars" in out and fmt.num(ds.fx[-1].cny_per_usd) in out
