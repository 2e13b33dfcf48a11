"""Charts drawn with Pillow for Word (HTML draws the same chart as inline SVG)."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

BLUE = (0, 94, 184)
INK = (33, 43, 50)
LINE = (216, 221, 224)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _fit(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> str:
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "\u2026", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "\u2026"


def bar_chart_png(bars: list[tuple[str, int]], *, large: bool = False) -> bytes:
    """A horizontal bar chart as PNG bytes (labels left, values at the bar ends)."""
    size = 44 if large else 36
    font = _font(size)
    width, label_width, row = 1600, 640, size * 2 + 10
    height = max(1, len(bars)) * row + 30
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    top = max((v for _, v in bars), default=0) or 1
    bar_space = width - label_width - 150
    for i, (label, value) in enumerate(bars):
        y = 15 + i * row
        text = _fit(draw, label, font, label_width - 30)
        draw.text((label_width - 20, y + row / 2), text, font=font, fill=INK, anchor="rm")
        length = max(3, round(bar_space * value / top))
        draw.rectangle((label_width, y + 8, label_width + length, y + row - 8), fill=BLUE)
        draw.text(
            (label_width + length + 14, y + row / 2), f"{value:,}", font=font, fill=INK, anchor="lm"
        )
    draw.line((label_width, 8, label_width, height - 8), fill=LINE, width=3)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
