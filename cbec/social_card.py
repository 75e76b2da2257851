"""The 1200x630 share-preview image, drawn at build time from the data with Pillow.

Material's social plugin downloads its font from Google at build time, which fails offline and
would tie the build to a third party; Pillow's built-in scalable font needs nothing from outside.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from .data import Dataset
from .fmt import num
from .values import is_weak

WIDTH, HEIGHT = 1200, 630
RED, WHITE, PALE = (127, 26, 20), (255, 255, 255), (255, 214, 208)


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def card_rows(ds: Dataset) -> list:
    """Customs' first-release totals (broad scope), from the same table as the site. The card has no
    room for a flag, so weakly sourced years are left off rather than shown unflagged."""
    return [
        r for r in ds.cbec if r.scope == "broad" and r.vintage == "prelim" and not is_weak(r.total_tn_cny)
    ]


def social_card(ds: Dataset, title: str, subtitle: str) -> bytes:
    img = Image.new("RGB", (WIDTH, HEIGHT), RED)
    d = ImageDraw.Draw(img)
    d.text((64, 56), title, font=_font(54), fill=WHITE)
    d.text((64, 130), subtitle, font=_font(30), fill=PALE)

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
        "trillion yuan, first releases, broad customs scope",
        font=_font(22),
        fill=PALE,
        anchor="rs",
    )
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()
