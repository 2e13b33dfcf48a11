"""Simple, licence-clean icons drawn in code: inline SVG for HTML, PNG for Word.

>>> names()[:3]
['access', 'calendar', 'carers']
>>> svg("done", "Done").startswith("<svg")
True
"""

from __future__ import annotations

from functools import lru_cache

from engage.reports.icons.draw import to_png, to_svg
from engage.reports.icons.library import ICONS

__all__ = ["names", "png", "svg"]

# Default alt text for each icon (what the picture shows).
DESCRIPTIONS = {
    "people": "Two people",
    "person": "A person",
    "health": "A health worker",
    "form": "A form with tick boxes",
    "easy_read": "An Easy Read booklet",
    "meeting": "People meeting around a table",
    "calendar": "A calendar",
    "speech": "A speech bubble",
    "quote": "A speech bubble with quote marks",
    "done": "A green tick",
    "in-progress": "A clock",
    "planned": "A flag",
    "not-doing": "A grey cross",
    "no-action": "A grey dash",
    "yes": "A green tick",
    "no": "A red cross",
    "not-sure": "A question mark",
    "look": "A magnifying glass",
    "words": "A book with a question mark",
    "thanks": "A heart",
    "access": "An open door",
    "integration": "Two joined rings",
    "crisis": "A life ring",
    "carers": "Two people and a heart",
    "talk": "Two speech bubbles",
    "chart": "A bar chart",
    "place": "A map pin",
    "write": "A pencil",
    "face-5": "A very happy face",
    "face-4": "A happy face",
    "face-3": "An OK face",
    "face-2": "An unhappy face",
    "face-1": "A very unhappy face",
}


def names() -> list[str]:
    """Every icon name, sorted."""
    return sorted(ICONS)


def _shapes(name: str) -> list:
    try:
        return ICONS[name]
    except KeyError:
        raise KeyError(f"no icon {name!r}; known: {', '.join(names())}") from None


def svg(name: str, label: str | None = None, *, size: int = 64, standalone: bool = False) -> str:
    """Inline SVG for icon ``name`` with ``label`` (default: its description) as alt text."""
    return to_svg(_shapes(name), label or DESCRIPTIONS[name], size=size, standalone=standalone)


@lru_cache(maxsize=128)
def png(name: str, size: int = 192) -> bytes:
    """PNG bytes for icon ``name``, ``size`` pixels square."""
    return to_png(_shapes(name), size=size)
