"""Number formatting shared by prose, tables and charts, so every place shows a value alike.

English pages say "1.69 trillion yuan"; Chinese pages use the units Chinese sources use
(万亿元, 亿元). ``lang`` is "en" or "zh".
"""

from __future__ import annotations

import math

MINUS = "\u2212"  # a true minus sign reads better than a hyphen in running text


def num(value: float, digits: int | None = None) -> str:
    """1234.5 -> '1,234.5'; 2.10 -> '2.1'; with ``digits`` rounds to that many decimals."""
    if digits is not None:
        text = f"{abs(value):,.{digits}f}"
    elif float(value).is_integer():
        text = f"{int(abs(value)):,}"
    else:
        text = f"{abs(value):,.6f}".rstrip("0").rstrip(".")
    return (MINUS if value < 0 else "") + text


def pct(value: float, digits: int | None = None, signed: bool = True) -> str:
    """Growth rates: 31.1 -> '+31.1%', -0.8 -> '−0.8%'."""
    sign = "+" if signed and value > 0 else ""
    return f"{sign}{num(value, digits)}%"


def tn(value: float, digits: int | None = None, lang: str = "en") -> str:
    return f"{num(value, digits)}万亿元" if lang == "zh" else f"{num(value, digits)} trillion yuan"


def _zh(text: str) -> str:
    return text.replace(",", "")  # Chinese sources write 1862.1亿元, without thousands separators


def bn(value_tn: float, digits: int | None = None, lang: str = "en") -> str:
    """Values under a trillion: 0.18621 -> '186.21 billion yuan' / '1,862.1亿元'."""
    if lang == "zh":
        return _zh(f"{num(round(value_tn * 10000, 6), digits)}亿元")
    return f"{num(round(value_tn * 1000, 6), digits)} billion yuan"


def sig(value: float, figures: int = 2) -> float:
    """A computed estimate rounded to the precision its inputs allow: 0.49966777 -> 0.05 (2 figures), so
    a back-computed level reads "about 50 billion yuan", never "49.966777" (review #8). A weak value
    stays weak."""
    if not value:
        return value
    rounded = round(float(value), figures - 1 - math.floor(math.log10(abs(value))))
    return value - value + rounded  # arithmetic on a Weak value keeps its flag (values.py)


def times(value: float, digits: int = 1, lang: str = "en") -> str:
    return f"{num(value, digits)}倍" if lang == "zh" else f"{num(value, digits)}\u00d7"


# The visible flag every formatter's caller adds to a number from a weakly sourced row (see values.py).
WEAK_MARK = {"en": " (weak source)", "zh": "（来源较弱）"}
WEAK_LABEL = "*"  # on chart bars and points, where space is short; the chart's notes explain it


def mark(value: object, text: str, lang: str = "en") -> str:
    """``text`` (the formatted ``value``) followed by the weak-source flag when the value is weak."""
    from .values import is_weak

    return text + WEAK_MARK[lang] if is_weak(value) else text


def label(value: float, digits: int | None = None) -> str:
    """A bar or point label: the number, with an asterisk when it rests on a weak source."""
    from .values import is_weak

    return num(value, digits) + (WEAK_LABEL if is_weak(value) else "")


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def date(d: str, lang: str = "en") -> str:
    """'2021-09-08' -> '8 Sep 2021' / '2021年9月8日'; '2022-11' -> 'Nov 2022'; 'n.d.' -> 'undated'."""
    if d == "n.d.":
        return "日期不详" if lang == "zh" else "undated"
    parts = [int(p) for p in d.split("-")]
    if lang == "zh":
        return "".join(f"{v}{u}" for v, u in zip(parts, "年月日"))
    if len(parts) == 1:
        return str(parts[0])
    month = MONTHS[parts[1] - 1]
    return f"{parts[2]} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"
