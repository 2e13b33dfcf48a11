"""Render a laid-out report as Markdown (CommonMark with pipe tables).

All text is escaped so that what people wrote renders literally: no emphasis, links, HTML or
list markers can be smuggled in through a comment.
"""

from __future__ import annotations

import re
from pathlib import Path

from engage.reports.blocks import (
    BarChart,
    BulletList,
    Document,
    Heading,
    Paragraph,
    Point,
    QuoteBlock,
    Span,
    Table,
)

# Every ASCII punctuation character may be backslash-escaped in CommonMark; these are the ones
# that can start markup anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<>#|~&])")
_LINE_START = re.compile(r"^(\s*)([-+=>])")
_ORDERED = re.compile(r"^(\s*\d{1,9})([.)])")
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|www)(:|\.)")


def escape_md(text: str) -> str:
    """``text`` escaped to render literally, on one line."""
    text = " ".join(str(text).split())
    text = _INLINE.sub(r"\\\1", text)
    text = _AUTOLINK.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    text = _ORDERED.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _cell(text: str) -> str:
    return escape_md(text) or " "


def _spans(spans: list[Span]) -> str:
    out = []
    for span in spans:
        core = escape_md(span.text)
        if not core:
            out.append(" " if span.text else "")
            continue
        lead = " " if span.text[0].isspace() else ""
        trail = " " if span.text[-1].isspace() else ""
        if span.href and "<" not in span.href and ">" not in span.href:
            core = f"[{core}](<{span.href}>)"
        if span.bold:
            core = f"**{core}**"
        out.append(lead + core + trail)
    return "".join(out)


def _table(table: Table) -> str:
    lines = [f"*{escape_md(table.caption)}*", ""]
    if table.description:
        lines[0] += f" ({escape_md(table.description)})"
    lines.append("| " + " | ".join(_cell(h) for h in table.header) + " |")
    lines.append("|" + "|".join([" --- "] * len(table.header)) + "|")
    for row in table.rows:
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return "\n".join(lines)


def render_markdown(document: Document) -> str:
    """The document as Markdown text."""
    out: list[str] = []
    for block in document.blocks:
        if isinstance(block, Heading):
            out.append("#" * block.level + " " + escape_md(block.text))
        elif isinstance(block, Paragraph):
            text = _spans(block.spans)
            out.append(f"*{text}*" if block.style == "note" and "**" not in text else text)
        elif isinstance(block, QuoteBlock):
            out.append(
                f"> \u201c{escape_md(block.text)}\u201d\n>\n> \u2014 {escape_md(block.attribution)}"
            )
        elif isinstance(block, BulletList):
            out.append("\n".join(f"- {_spans(item)}" for item in block.items))
        elif isinstance(block, Table):
            out.append(_table(block))
        elif isinstance(block, BarChart):
            out.append(
                _table(
                    Table(
                        block.title,
                        list(block.headings),
                        [[label, f"{value:,}"] for label, value in block.bars],
                    )
                )
            )
        elif isinstance(block, Point):
            if block.quote:
                quote = " ".join(escape_md(s) for s in block.sentences)
                who = f"\n>\n> \u2014 {escape_md(block.attribution)}" if block.attribution else ""
                out.append(f"> {quote}{who}")
            else:
                out.append(" ".join(escape_md(s) for s in block.sentences))
    return "\n\n".join(out) + "\n"


def write_markdown(document: Document, path: str | Path) -> Path:
    """Write the Markdown as UTF-8."""
    path = Path(path)
    path.write_text(render_markdown(document), encoding="utf-8")
    return path
