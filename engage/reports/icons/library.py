"""The icons, drawn with plain shapes on a 100 x 100 canvas (our own work, free to reuse)."""

from __future__ import annotations

import math

from engage.reports.icons.draw import Arc, Circle, Line, Polygon, Rect, Shape

BLUE = "#005EB8"
DARK = "#003087"
YELLOW = "#FFB81C"
FACE = "#FFE27A"
INK = "#212B32"
GREEN = "#007F3B"
RED = "#D5281B"
GREY = "#768692"
PALE = "#E8EDEE"
WHITE = "#FFFFFF"


def _person(cx: float, top: float, scale: float, colour: str) -> list[Shape]:
    head = 9 * scale
    return [
        Circle(cx, top + head, head, fill=colour),
        Rect(
            cx - 14 * scale,
            top + 2 * head + 3 * scale,
            28 * scale,
            30 * scale,
            fill=colour,
            radius=12 * scale,
        ),
    ]


def _heart(cx: float, cy: float, size: float, colour: str) -> list[Shape]:
    r = size * 0.29
    return [
        Circle(cx - r * 0.95, cy - r * 0.4, r, fill=colour),
        Circle(cx + r * 0.95, cy - r * 0.4, r, fill=colour),
        Polygon(
            ((cx - 1.9 * r, cy - 0.1 * r), (cx + 1.9 * r, cy - 0.1 * r), (cx, cy + 2.1 * r)),
            fill=colour,
        ),
    ]


def _question(cx: float, cy: float, r: float, colour: str, width: float) -> list[Shape]:
    return [
        Arc(cx, cy - r * 0.9, r, 180, 450, colour, width),
        Line(((cx, cy + 0.1 * r), (cx, cy + 0.6 * r)), colour, width),
        Circle(cx, cy + 1.35 * r, width * 0.6, fill=colour),
    ]


def _bubble(x: float, y: float, w: float, h: float, fill: str, tail_left: bool) -> list[Shape]:
    if tail_left:
        tail = ((x + w * 0.2, y + h - 2), (x + w * 0.12, y + h + 18), (x + w * 0.45, y + h - 2))
    else:
        tail = ((x + w * 0.55, y + h - 2), (x + w * 0.88, y + h + 18), (x + w * 0.8, y + h - 2))
    return [Rect(x, y, w, h, fill=fill, radius=min(w, h) / 3), Polygon(tail, fill=fill)]


def _smile(cx: float, cy: float, r: float) -> tuple[tuple[float, float], ...]:
    return tuple(
        (cx + r * math.cos(math.radians(a)), cy + r * math.sin(math.radians(a)))
        for a in range(0, 181, 15)
    )


def _face(mood: int) -> list[Shape]:
    shapes: list[Shape] = [
        Circle(50, 50, 42, fill=FACE, stroke=INK, width=4),
        Circle(35, 40, 5.5, fill=INK),
        Circle(65, 40, 5.5, fill=INK),
    ]
    if mood == 5:
        shapes.append(Polygon(_smile(50, 58, 22), fill=INK))
    elif mood == 4:
        shapes.append(Arc(50, 50, 22, 35, 145, INK, 5))
    elif mood == 3:
        shapes.append(Line(((33, 67), (67, 67)), INK, 5))
    elif mood == 2:
        shapes.append(Arc(50, 88, 22, 235, 305, INK, 5))
    else:
        shapes.append(Arc(50, 92, 26, 225, 315, INK, 5))
        shapes.append(Polygon(((30, 48), (25, 60), (30, 64), (35, 60)), fill=BLUE))
    return shapes


def _people() -> list[Shape]:
    return [*_person(36, 18, 1.05, BLUE), *_person(64, 24, 1.0, DARK)]


def _form() -> list[Shape]:
    shapes: list[Shape] = [
        Rect(22, 14, 56, 78, fill=WHITE, stroke=DARK, width=5, radius=6),
        Rect(37, 7, 26, 13, fill=BLUE, radius=4),
    ]
    for y in (34, 52, 70):
        shapes.append(Rect(32, y - 5, 10, 10, fill=WHITE, stroke=BLUE, width=3, radius=2))
        shapes.append(Line(((49, y), (68, y)), GREY, 4))
    shapes.append(Line(((33, 34), (37, 38), (44, 28)), GREEN, 4))
    return shapes


def _easy_read() -> list[Shape]:
    return [
        Polygon(((8, 24), (50, 32), (50, 88), (8, 80)), fill=WHITE, stroke=DARK, width=4),
        Polygon(((92, 24), (50, 32), (50, 88), (92, 80)), fill=WHITE, stroke=DARK, width=4),
        Circle(29, 50, 11, fill=FACE, stroke=INK, width=2.5),
        Circle(25.5, 47, 1.8, fill=INK),
        Circle(32.5, 47, 1.8, fill=INK),
        Arc(29, 50, 6, 30, 150, INK, 2),
        Line(((58, 46), (84, 50)), BLUE, 5),
        Line(((58, 58), (84, 62)), BLUE, 5),
        Line(((58, 70), (76, 73)), BLUE, 5),
    ]


def _meeting() -> list[Shape]:
    return [
        *_person(22, 22, 0.75, BLUE),
        *_person(50, 14, 0.8, DARK),
        *_person(78, 22, 0.75, BLUE),
        Circle(50, 74, 42, fill=YELLOW, ry=13),
    ]


def _calendar() -> list[Shape]:
    shapes: list[Shape] = [
        Rect(14, 20, 72, 68, fill=WHITE, stroke=DARK, width=5, radius=6),
        Rect(14, 20, 72, 18, fill=BLUE, radius=6),
        Line(((32, 12), (32, 26)), DARK, 6),
        Line(((68, 12), (68, 26)), DARK, 6),
    ]
    for row in range(3):
        for col in range(4):
            shapes.append(Rect(23 + col * 15, 45 + row * 13, 8, 7, fill=GREY, radius=1.5))
    return shapes


def _speech() -> list[Shape]:
    return [
        *_bubble(8, 16, 84, 54, BLUE, tail_left=True),
        Circle(30, 43, 6, fill=WHITE),
        Circle(50, 43, 6, fill=WHITE),
        Circle(70, 43, 6, fill=WHITE),
    ]


def _quote() -> list[Shape]:
    shapes = _bubble(8, 14, 84, 58, YELLOW, tail_left=False)
    for x in (36, 60):
        shapes += [Circle(x, 38, 8, fill=DARK), Line(((x + 6, 40), (x - 3, 56)), DARK, 6)]
    return shapes


def _done() -> list[Shape]:
    return [Circle(50, 50, 42, fill=GREEN), Line(((29, 52), (44, 67), (72, 35)), WHITE, 10)]


def _in_progress() -> list[Shape]:
    return [
        Circle(50, 50, 38, fill=WHITE, stroke=BLUE, width=9),
        Line(((50, 50), (50, 26)), DARK, 7),
        Line(((50, 50), (67, 60)), DARK, 7),
        Circle(50, 50, 5, fill=DARK),
    ]


def _planned() -> list[Shape]:
    return [
        Line(((28, 90), (28, 12)), DARK, 7),
        Polygon(((31, 13), (82, 27), (31, 47)), fill=YELLOW, stroke=DARK, width=3),
        Circle(28, 90, 4, fill=DARK),
    ]


def _not_doing() -> list[Shape]:
    return [
        Circle(50, 50, 42, fill=GREY),
        Line(((33, 33), (67, 67)), WHITE, 10),
        Line(((67, 33), (33, 67)), WHITE, 10),
    ]


def _no_action() -> list[Shape]:
    return [
        Circle(50, 50, 38, fill=PALE, stroke=GREY, width=7),
        Line(((32, 50), (68, 50)), GREY, 9),
    ]


def _no() -> list[Shape]:
    return [
        Circle(50, 50, 42, fill=RED),
        Line(((33, 33), (67, 67)), WHITE, 10),
        Line(((67, 33), (33, 67)), WHITE, 10),
    ]


def _not_sure() -> list[Shape]:
    return [Circle(50, 50, 42, fill=YELLOW), *_question(50, 44, 12, DARK, 8)]


def _look() -> list[Shape]:
    return [
        Circle(42, 42, 25, fill=PALE, stroke=DARK, width=8),
        Line(((61, 61), (84, 84)), DARK, 13),
    ]


def _words() -> list[Shape]:
    return [
        Rect(20, 10, 60, 80, fill=BLUE, radius=6),
        Rect(28, 16, 46, 68, fill=WHITE, radius=3),
        *_question(51, 42, 11, DARK, 7),
    ]


def _access() -> list[Shape]:
    return [
        Rect(22, 10, 56, 82, fill=PALE, stroke=DARK, width=4, radius=3),
        Polygon(((26, 14), (62, 20), (62, 92), (26, 88)), fill=BLUE),
        Circle(55, 55, 4, fill=YELLOW),
    ]


def _integration() -> list[Shape]:
    return [
        Circle(36, 50, 21, stroke=BLUE, width=10),
        Circle(64, 50, 21, stroke=DARK, width=10),
        Arc(36, 50, 21, 300, 360, BLUE, 10),
    ]


def _crisis() -> list[Shape]:
    shapes: list[Shape] = [Circle(50, 50, 29, stroke=RED, width=22)]
    shapes += [Arc(50, 50, 29, a, a + 24, WHITE, 23, round_ends=False) for a in (33, 123, 213, 303)]
    return shapes


def _carers() -> list[Shape]:
    return [
        *_person(36, 26, 1.05, BLUE),
        *_person(68, 38, 0.8, DARK),
        *_heart(72, 14, 26, RED),
    ]


def _talk() -> list[Shape]:
    return [
        *_bubble(4, 12, 58, 40, BLUE, tail_left=True),
        *_bubble(38, 40, 58, 40, YELLOW, tail_left=False),
        *_heart(67, 60, 22, RED),
    ]


def _chart() -> list[Shape]:
    return [
        Rect(16, 56, 17, 30, fill=BLUE, radius=2),
        Rect(41, 36, 17, 50, fill=DARK, radius=2),
        Rect(66, 18, 17, 68, fill=YELLOW, radius=2),
        Line(((10, 88), (90, 88)), INK, 4),
    ]


def _place() -> list[Shape]:
    return [
        Circle(50, 38, 25, fill=RED),
        Polygon(((28, 50), (72, 50), (50, 92)), fill=RED),
        Circle(50, 38, 10, fill=WHITE),
    ]


def _write() -> list[Shape]:
    return [
        Polygon(((24, 66), (66, 24), (78, 36), (36, 78)), fill=YELLOW, stroke=DARK, width=3),
        Polygon(((66, 24), (74, 16), (86, 28), (78, 36)), fill=RED, stroke=DARK, width=3),
        Polygon(((24, 66), (36, 78), (14, 88)), fill=FACE, stroke=DARK, width=3),
        Line(((10, 92), (60, 92)), GREY, 4),
    ]


def _person_icon() -> list[Shape]:
    return _person(50, 12, 1.45, BLUE)


def _health() -> list[Shape]:
    return [
        *_person(50, 10, 1.45, BLUE),
        Rect(42, 56, 16, 5, fill=WHITE, radius=1),
        Rect(47.5, 50.5, 5, 16, fill=WHITE, radius=1),
    ]


def _thanks() -> list[Shape]:
    return _heart(50, 48, 80, RED)


ICONS: dict[str, list[Shape]] = {
    "people": _people(),
    "person": _person_icon(),
    "health": _health(),
    "form": _form(),
    "easy_read": _easy_read(),
    "meeting": _meeting(),
    "calendar": _calendar(),
    "speech": _speech(),
    "quote": _quote(),
    "done": _done(),
    "in-progress": _in_progress(),
    "planned": _planned(),
    "not-doing": _not_doing(),
    "no-action": _no_action(),
    "yes": _done(),
    "no": _no(),
    "not-sure": _not_sure(),
    "look": _look(),
    "words": _words(),
    "thanks": _thanks(),
    "access": _access(),
    "integration": _integration(),
    "crisis": _crisis(),
    "carers": _carers(),
    "talk": _talk(),
    "chart": _chart(),
    "place": _place(),
    "write": _write(),
    "face-5": _face(5),
    "face-4": _face(4),
    "face-3": _face(3),
    "face-2": _face(2),
    "face-1": _face(1),
}
