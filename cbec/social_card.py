"""The 1200x630 share-preview image, drawn at build time from the data with Pillow, one per language.

Material's social plugin downloads its font from Google at build time, which fails offline and
would tie the build to a third party; Pillow's built-in scalable font needs nothing from outside. It has
no Chinese glyphs, so the Chinese card uses the system's Noto Sans CJK (Debian's fonts-noto-cjk, which the
chart images need too: `make system` installs it).
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .data import Dataset
from .fmt import num
from .values import is_weak

WIDTH, HEIGHT = 1200, 630
RED, WHITE, PALE = (127, 26, 20), (255, 255, 255), (255, 214, 208)


CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
CJK_SC = 2  # the collection's Simplified Chinese face (JP, KR, SC, TC, HK)
FOOTER = {"en": "trillion yuan, first releases, broad customs scope", "zh": "万亿元，海关全口径，初值"}


def _font(size: int, lang: str = "en") -> ImageFont.FreeTypeFont:
    if lang != "zh":
        return ImageFont.load_default(size=size)
    if not CJK_FONT.is_file():
        raise FileNotFoundError(
            f"{CJK_FONT} is missing (the Chinese share card): apt-get install fonts-noto-cjk"
        )
    return ImageFont.truetype(str(CJK_FONT), size, index=CJK_SC)


def card_rows(ds: Dataset) -> list:
    """Customs' first-release totals (broad scope), from the same table as the site. The card has no
    room for a flag, so weakly sourced years are left off rather than shown unflagged."""
    return [
        r for r in ds.cbec if r.scope == "broad" and r.vintage == "prelim" and not is_weak(r.total_tn_cny)
    ]


def social_card(ds: Dataset, title: str, subtitle: str, lang: str = "en") -> bytes:
    img = Image.new("RGB", (WIDTH, HEIGHT), RED)
    d = ImageDraw.Draw(img)
    d.text((64, 56), title, font=_font(54, lang), fill=WHITE)
    d.text((64, 130), subtitle, font=_font(30, lang), fill=PALE)

    rows = card_rows(ds)
    top = max(r.total_tn_cny for r in rows)
    base_y, max_h, step, bar = 530, 270, 150, 96
    left = (WIDTH - (len(rows) - 1) * step - bar) // 2  # centre the bars
    for i, r in enumerate(rows):
        x = left + i * step
        h = round(max_h * r.total_tn_cny / top)
        d.rectangle((x, base_y - h, x + bar, base_y), fill=WHITE)
        d.text((x + 48, base_y - h - 12), num(r.total_tn_cny), font=_font(28), fill=WHITE, anchor="ms")
        d.text((x + 48, base_y + 36), str(r.year), font=_font(26), fill=PALE, anchor="ms")
    d.text(
        (WIDTH - 64, HEIGHT - 24),
        FOOTER[lang],
        font=_font(22, lang),
        fill=PALE,
        anchor="rs",
    )
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()
