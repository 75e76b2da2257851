"""Fresh review #8: no spurious precision. A computed estimate is given to the precision of its inputs
("about 50 billion yuan"), never to eight digits ("49.966777 billion yuan")."""

from __future__ import annotations

import math
import re
from html import unescape

import pytest
from conftest import page_file, pages

from cbec import fmt
from cbec.values import Weak, is_weak

COMPUTED = re.compile(r"[(（](?:computed|our computation|计算值|本站计算)")
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
YEAR = re.compile(r"(?:19|20)\d\d")


def computed_numbers(text: str):
    """Each number in the clause before a '(computed)' / '（计算值）' mark, years left out."""
    for m in COMPUTED.finditer(text):
        clause = re.split(r"[.;:,]\s|[。；：，]", text[max(0, m.start() - 80) : m.start()])[-1]
        for n in NUMBER.finditer(clause):
            if not YEAR.fullmatch(n.group(0)):
                yield n.group(0), clause


def significant(number: str) -> int:
    digits = number.replace(",", "")
    whole, _, frac = digits.partition(".")
    if frac:
        return len((whole + frac).lstrip("0"))
    return len(whole.lstrip("0").rstrip("0")) or 1  # trailing zeros of a whole number are not precision


@pytest.mark.parametrize("value", [0.49966777, 0.0903, 1.0, 2.75, 49.966777, 1234.5678, -0.0187])
def test_sig_keeps_two_figures_and_stays_close(value):
    rounded = fmt.sig(value)
    assert significant(fmt.num(abs(rounded))) <= 2
    assert math.isclose(rounded, value, rel_tol=0.05)


def test_sig_keeps_the_weak_flag():
    assert is_weak(fmt.sig(Weak(0.49966777, "x.csv:2")))
    assert not is_weak(fmt.sig(0.49966777))


def test_no_computed_figure_on_any_page_has_more_than_three_significant_figures(site):
    checked = 0
    problems = []
    for url in pages(site):
        if url.endswith("corrections/"):
            continue  # its "what it said" column quotes the old wording verbatim, old precision included
        html = page_file(site, url).read_text("utf-8")
        text = unescape(re.sub(r"<[^>]+>", "", html))
        for number, clause in computed_numbers(text):
            checked += 1
            if significant(number) > 3:
                problems.append(f"{url}: {number} in {clause!r}")
    assert checked, "no '(computed)' figure found: the test would prove nothing"
    assert not problems, "\n".join(problems)
