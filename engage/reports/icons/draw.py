"""A tiny drawing language for icons: one list of shapes renders to SVG and to PNG.

Every icon is drawn on a 100 x 100 canvas with plain shapes, so the same definition gives an
inline SVG for HTML and a Pillow-drawn PNG for Word. Nothing is downloaded or copied from an
icon set: the shapes are written in :mod:`engage.reports.icons.library`.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from html import escape

from PIL import Image, ImageDraw

Point = tuple[float, float]


@dataclass(frozen=True)
class Circle:
    """A circle (or ellipse when ``ry`` is given)."""

    cx: float
    cy: float
    r: float
    fill: str | None = None
    stroke: str | None = None
    width: float = 0
    ry: float | None = None


@dataclass(frozen=True)
class Rect:
    """A rectangle with optional rounded corners."""

    x: float
    y: float
    w: float
    h: float
    fill: str | None = None
    stroke: str | None = None
    width: float = 0
    radius: float = 0


@dataclass(frozen=True)
class Line:
    """An open polyline with round ends."""

    points: tuple[Point, ...]
    stroke: str
    width: float


@dataclass(frozen=True)
class Polygon:
    """A closed, filled shape."""

    points: tuple[Point, ...]
    fill: str | None = None
    stroke: str | None = None
    width: float = 0


@dataclass(frozen=True)
class Arc:
    """Part of a circle's outline; angles in degrees, 0 = 3 o'clock, clockwise."""

    cx: float
    cy: float
    r: float
    start: float
    end: float
    stroke: str
    width: float
    round_ends: bool = True


Shape = Circle | Rect | Line | Polygon | Arc


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _paint(fill: str | None, stroke: str | None, width: float) -> str:
    parts = [f'fill="{fill or "none"}"']
    if stroke and width:
        parts += [f'stroke="{stroke}"', f'stroke-width="{_num(width)}"']
    return " ".join(parts)


def _svg_shape(shape: Shape) -> str:
    if isinstance(shape, Circle):
        ry = shape.ry if shape.ry is not None else shape.r
        return (
            f'<ellipse cx="{_num(shape.cx)}" cy="{_num(shape.cy)}" rx="{_num(shape.r)}" '
            f'ry="{_num(ry)}" {_paint(shape.fill, shape.stroke, shape.width)}/>'
        )
    if isinstance(shape, Rect):
        return (
            f'<rect x="{_num(shape.x)}" y="{_num(shape.y)}" width="{_num(shape.w)}" '
            f'height="{_num(shape.h)}" rx="{_num(shape.radius)}" '
            f"{_paint(shape.fill, shape.stroke, shape.width)}/>"
        )
    if isinstance(shape, Line):
        points = " ".join(f"{_num(x)},{_num(y)}" for x, y in shape.points)
        return (
            f'<polyline points="{points}" fill="none" stroke="{shape.stroke}" '
            f'stroke-width="{_num(shape.width)}" stroke-linecap="round" stroke-linejoin="round"/>'
        )
    if isinstance(shape, Polygon):
        points = " ".join(f"{_num(x)},{_num(y)}" for x, y in shape.points)
        return (
            f'<polygon points="{points}" stroke-linejoin="round" '
            f"{_paint(shape.fill, shape.stroke, shape.width)}/>"
        )
    start = math.radians(shape.start)
    end = math.radians(shape.end)
    x0, y0 = shape.cx + shape.r * math.cos(start), shape.cy + shape.r * math.sin(start)
    x1, y1 = shape.cx + shape.r * math.cos(end), shape.cy + shape.r * math.sin(end)
    large = 1 if (shape.end - shape.start) % 360 > 180 else 0
    return (
        f'<path d="M{_num(x0)},{_num(y0)} A{_num(shape.r)},{_num(shape.r)} 0 {large} 1 '
        f'{_num(x1)},{_num(y1)}" fill="none" stroke="{shape.stroke}" '
        f'stroke-width="{_num(shape.width)}" '
        f'stroke-linecap="{"round" if shape.round_ends else "butt"}"/>'
    )


def to_svg(shapes: list[Shape], label: str, *, size: int = 64, standalone: bool = False) -> str:
    """An SVG element drawing ``shapes``; ``label`` becomes its accessible name.

    Inline SVG (the default) has no namespace attribute, so an HTML page that embeds it makes
    no reference to any URL; ``standalone=True`` adds the namespace for a separate ``.svg`` file.
    """
    namespace = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
    body = "".join(_svg_shape(s) for s in shapes)
    title = escape(label)
    return (
        f'<svg{namespace} viewBox="0 0 100 100" width="{size}" height="{size}" role="img" '
        f'aria-label="{title}" focusable="false"><title>{title}</title>{body}</svg>'
    )


def _pil_shape(draw: ImageDraw.ImageDraw, shape: Shape, k: float) -> None:
    def s(value: float) -> float:
        return value * k

    if isinstance(shape, Circle):
        ry = shape.ry if shape.ry is not None else shape.r
        grow = shape.width / 2 if shape.stroke else 0  # SVG strokes straddle the outline
        box = (
            s(shape.cx - shape.r - grow),
            s(shape.cy - ry - grow),
            s(shape.cx + shape.r + grow),
            s(shape.cy + ry + grow),
        )
        draw.ellipse(
            box,
            fill=shape.fill,
            outline=shape.stroke if shape.width else None,
            width=round(s(shape.width)),
        )
    elif isinstance(shape, Rect):
        grow = shape.width / 2 if shape.stroke else 0
        box = (
            s(shape.x - grow),
            s(shape.y - grow),
            s(shape.x + shape.w + grow),
            s(shape.y + shape.h + grow),
        )
        draw.rounded_rectangle(
            box,
            radius=s(shape.radius + grow),
            fill=shape.fill,
            outline=shape.stroke if shape.width else None,
            width=round(s(shape.width)),
        )
    elif isinstance(shape, Line):
        points = [(s(x), s(y)) for x, y in shape.points]
        draw.line(points, fill=shape.stroke, width=round(s(shape.width)), joint="curve")
        radius = s(shape.width) / 2
        for x, y in (points[0], points[-1]):
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=shape.stroke)
    elif isinstance(shape, Polygon):
        points = [(s(x), s(y)) for x, y in shape.points]
        draw.polygon(
            points,
            fill=shape.fill,
            outline=shape.stroke if shape.width else None,
            width=round(s(shape.width)) or 1,
        )
    else:
        outer = shape.r + shape.width / 2
        box = (s(shape.cx - outer), s(shape.cy - outer), s(shape.cx + outer), s(shape.cy + outer))
        draw.arc(box, shape.start, shape.end, fill=shape.stroke, width=round(s(shape.width)))
        radius = s(shape.width) / 2
        for angle in (shape.start, shape.end) if shape.round_ends else ():
            x = s(shape.cx) + s(shape.r) * math.cos(math.radians(angle))
            y = s(shape.cy) + s(shape.r) * math.sin(math.radians(angle))
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=shape.stroke)


def to_png(shapes: list[Shape], *, size: int = 192, supersample: int = 4) -> bytes:
    """PNG bytes of ``shapes`` at ``size`` pixels square (drawn large, then smoothed down)."""
    big = size * supersample
    image = Image.new("RGBA", (big, big), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    for shape in shapes:
        _pil_shape(draw, shape, big / 100)
    image = image.resize((size, size), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
