"""Numeric settings from the environment, checked where they are read: a time limit of ``nan`` or
``inf`` turned the limit off, and text was silently replaced by the default (review 2026-12-07 E10-E12)."""

from __future__ import annotations

import math
import os


def seconds(name: str, default: float, most: float = 86400) -> float:
    """``$name`` as a finite number of seconds above 0 and at most ``most`` (``default`` when unset);
    else ValueError naming the variable."""
    text = os.environ.get(name)
    if text is None or text == "":
        return default
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 0 < value <= most):
        raise ValueError(
            f"{name} is {text!r}: it must be a number of seconds above 0 (at most {most:g}), e.g. {default:g}"
        )
    return value
