"""Number formatting shared by prose, tables and charts, so every place shows a value alike."""
from __future__ import annotations

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


def tn(value: float, digits: int | None = None) -> str:
    return f"{num(value, digits)} trillion yuan"


def bn(value_tn: float, digits: int | None = None) -> str:
    """Trillion-yuan values under 1 read better in billions: 0.18621 -> '186.21 billion yuan'."""
    return f"{num(round(value_tn * 1000, 6), digits)} billion yuan"


def times(value: float, digits: int = 1) -> str:
    return f"{num(value, digits)}\u00d7"
