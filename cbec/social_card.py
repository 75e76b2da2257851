"""The 1200x630 share-preview image, drawn at build time from the data with Pillow, one per language.

Material's social plugin downloads its font from Google at build time, which fails offline and
would tie the build to a third party; Pillow's built-in scalable font needs nothing from outside. It has
no Chinese glyphs, so the Chinese card uses the system's Noto Sans CJK (Debian's fonts-noto-cjk, which the
chart images need too: `make system` installs it).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from .data import Dataset
from .fmt import num
from .values import is_weak

WIDTH, HEIGHT = 1200, 630
MARGIN = 64  # px left and right of the bars, as of the title
RED, WHITE, PALE = (127, 26, 20), (255, 255, 255), (255, 214, 208)


CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
CJK_SC = 2  # the collection's Simplified Chinese face (JP, KR, SC, TC, HK)
FOOTER = {"en": "trillion yuan, first releases, broad customs scope", "zh": "万亿元，海关全口径，初值"}


def _font(size: int, lang: str = "en") -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if lang != "zh":
        return ImageFont.load_default(size=size)
    if not CJK_FONT.is_file():
        raise FileNotFoundError(
            f"{CJK_FONT} is missing (the Chinese share card): apt-get install fonts-noto-cjk"
        )
    return ImageFont.truetype(str(CJK_FONT), size, index=CJK_SC)


def card_rows(ds: Dataset) -> list[Any]:
    """Customs' first-release totals (broad scope), from the same table as the site. The card has no
    room for a flag, so weakly sourced years are left off rather than shown unflagged."""
    return [
        r for r in ds.cbec if r.scope == "broad" and r.vintage == "prelim" and not is_weak(r.total_tn_cny)
    ]


@dataclass(frozen=True)
class Slot:
    """One year's place on the card: a bar of ``height`` px (0: no first release we may show, a gap)."""

    year: int
    x: int  # left edge of the bar
    bar: int  # bar width, px
    height: int
    value: str  # the label over the bar ('' in a gap)
    font: int  # px, for the value and the year


def slots(rows: list[Any]) -> list[Slot]:
    """Every year from the first row's to the last's, placed by year across the card's width: a year
    without a row (left off as weak, or never published) keeps its place as a gap, so 2024 -> 2026 never
    reads as one year's growth. The step, bar and type shrink to fit any number of years."""
    by_year = {r.year: r for r in rows}
    years = list(range(min(by_year), max(by_year) + 1))
    step = min(150, (WIDTH - 2 * MARGIN) // len(years))
    bar = round(step * 0.64)
    font = max(12, min(28, round(step * 0.19)))
    left = (WIDTH - (len(years) - 1) * step - bar) // 2  # centre the years
    top = max(r.total_tn_cny for r in rows)
    out = []
    for i, year in enumerate(years):
        r = by_year.get(year)
        height = round(270 * r.total_tn_cny / top) if r else 0
        out.append(Slot(year, left + i * step, bar, height, num(r.total_tn_cny) if r else "", font))
    return out


def social_card(ds: Dataset, title: str, subtitle: str, lang: str = "en") -> bytes:
    img = Image.new("RGB", (WIDTH, HEIGHT), RED)
    d = ImageDraw.Draw(img)
    d.text((MARGIN, 56), title, font=_font(54, lang), fill=WHITE)
    d.text((MARGIN, 130), subtitle, font=_font(30, lang), fill=PALE)

    base_y = 530
    for s in slots(card_rows(ds)):
        middle = s.x + s.bar // 2
        if s.height:
            d.rectangle((s.x, base_y - s.height, s.x + s.bar, base_y), fill=WHITE)
            d.text((middle, base_y - s.height - 12), s.value, font=_font(s.font), fill=WHITE, anchor="ms")
        else:  # a gap: the baseline only, so the missing year shows as missing
            d.line((s.x, base_y, s.x + s.bar, base_y), fill=PALE, width=2)
        d.text((middle, base_y + 36), str(s.year), font=_font(s.font - 2), fill=PALE, anchor="ms")
    d.text(
        (WIDTH - MARGIN, HEIGHT - 24),
        FOOTER[lang],
        font=_font(22, lang),
        fill=PALE,
        anchor="rs",
    )
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()
