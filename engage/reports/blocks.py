"""Document blocks shared by the Word, HTML and Markdown renderers.

A report is laid out once as a list of blocks (headings, paragraphs, tables, quotes, charts,
Easy Read points); each renderer only knows how to draw blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """A run of text; ``href`` makes it a link (only evidence links are ever external)."""

    text: str
    bold: bool = False
    href: str | None = None


@dataclass
class Heading:
    """A heading; level 1 is the document title (there is exactly one)."""

    level: int
    text: str
    anchor: str | None = None


@dataclass
class Paragraph:
    """A paragraph; ``style`` is ``body``, ``lead`` (introduction) or ``note`` (small print)."""

    spans: list[Span]
    style: str = "body"


@dataclass
class QuoteBlock:
    """Someone's words (redacted), with who said it in general terms."""

    text: str
    attribution: str


@dataclass
class BulletList:
    """A bulleted list; each item is a list of spans."""

    items: list[list[Span]]


@dataclass
class Table:
    """A data table with one header row; the first column names the rows."""

    caption: str
    header: list[str]
    rows: list[list[str]]
    description: str = ""


@dataclass
class BarChart:
    """A horizontal bar chart; ``alt`` describes it in words for people who cannot see it."""

    title: str
    alt: str
    bars: list[tuple[str, int]]
    # What the bars' labels and values are, for a renderer that draws the chart as a table.
    headings: tuple[str, str] = ("Item", "Number")


@dataclass
class Point:
    """An Easy Read point: a picture beside one or a few short sentences."""

    icon: str
    icon_alt: str
    sentences: list[str]
    quote: bool = False
    attribution: str | None = None


@dataclass
class Document:
    """A laid-out document."""

    title: str
    subtitle: str
    blocks: list[object] = field(default_factory=list)
    easy_read: bool = False
    language: str = "en-GB"


def plain(text: str, *, bold: bool = False) -> list[Span]:
    """A one-span list (for paragraphs and list items)."""
    return [Span(text, bold=bold)]


def anchor(text: str) -> str:
    """A stable fragment id for a heading."""
    slug = "".join(c if c.isalnum() else "-" for c in text.lower())
    return "-".join(p for p in slug.split("-") if p) or "section"
