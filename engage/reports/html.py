"""Render a laid-out report as ONE self-contained, accessible HTML file.

No external requests: styles are inline, pictures are inline SVG, and the only external links
are evidence links written as plain anchors. Every piece of text is HTML-escaped.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from engage.reports import icons
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

CSS = """
:root { --blue: #005eb8; --dark: #003087; --ink: #212b32; --grey: #4c6272; --pale: #f0f4f5;
  --line: #d8dde0; --yellow: #ffeb3b; }
* { box-sizing: border-box; }
html { font-size: 100%; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.5;
  font-family: Arial, "Helvetica Neue", Helvetica, sans-serif; font-size: 1.1875rem; }
main { max-width: 52rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
.skip { position: absolute; left: -999px; top: 0; background: var(--yellow); color: var(--ink);
  padding: .5rem 1rem; z-index: 2; }
.skip:focus { left: 0; }
.masthead { background: var(--blue); color: #fff; padding: 1rem 1.25rem; }
.masthead p { max-width: 52rem; margin: 0 auto; font-weight: bold; }
h1 { font-size: 2.5rem; line-height: 1.15; margin: 1.5rem 0 .5rem; color: var(--dark); }
h2 { font-size: 1.75rem; margin: 2.5rem 0 .75rem; padding-top: .75rem;
  border-top: 4px solid var(--blue); color: var(--dark); }
h3 { font-size: 1.375rem; margin: 2rem 0 .5rem; color: var(--dark); }
h4 { font-size: 1.1875rem; margin: 1.25rem 0 .25rem; text-transform: uppercase;
  letter-spacing: .04em; color: var(--blue); }
p { margin: 0 0 1rem; }
.lead { font-size: 1.375rem; }
.note { color: var(--grey); font-size: 1rem; }
a { color: var(--blue); }
a:focus { outline: 3px solid var(--yellow); background: var(--yellow); color: var(--ink); }
nav ul { padding-left: 1.25rem; }
ul { padding-left: 1.5rem; }
li { margin-bottom: .6rem; }
figure { margin: 0 0 1.25rem; }
.quote { border-left: 6px solid var(--blue); background: var(--pale); padding: .9rem 1.1rem; }
.quote blockquote { margin: 0; font-size: 1.25rem; }
.quote blockquote p { margin: 0; }
.quote figcaption { margin-top: .4rem; color: var(--grey); font-size: 1rem; }
.table-wrap { overflow-x: auto; margin: 0 0 1.5rem; }
table { border-collapse: collapse; width: 100%; font-size: 1rem; }
caption { text-align: left; font-weight: bold; padding: .25rem 0 .5rem; }
caption .desc { display: block; font-weight: normal; color: var(--grey); }
th, td { border-bottom: 1px solid var(--line); padding: .5rem .6rem; text-align: left;
  vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); background: var(--pale); }
td { font-variant-numeric: tabular-nums; }
.chart svg { max-width: 100%; height: auto; }
.chart figcaption { color: var(--grey); font-size: 1rem; }
body.easy { font-size: 1.5rem; line-height: 1.6; }
body.easy h1 { font-size: 2.75rem; }
body.easy h2 { font-size: 2.25rem; }
body.easy h3 { font-size: 1.875rem; margin-top: 2.5rem; }
body.easy table, body.easy .note, body.easy caption { font-size: 1.5rem; }
.point { display: grid; grid-template-columns: 7rem 1fr; gap: 1.25rem; align-items: center;
  padding: 1rem 0; border-bottom: 1px solid var(--line); }
.point .pic svg { width: 6.5rem; height: 6.5rem; }
.point p { margin: 0 0 .4rem; }
.point blockquote { margin: 0; }
.point .who { color: var(--grey); font-size: 1.375rem; }
@media print { .skip, nav { display: none; } h2 { break-before: auto; }
  .point, figure, tr { break-inside: avoid; } a::after { content: " (" attr(href) ")"; } }
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


class _Ids:
    """Unique ids for headings and charts."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def make(self, base: str) -> str:
        candidate, n = base, 2
        while candidate in self.seen:
            candidate, n = f"{base}-{n}", n + 1
        self.seen.add(candidate)
        return candidate


def _spans(spans: list[Span]) -> str:
    out = []
    for span in spans:
        text = _e(span.text)
        if span.href:
            text = f'<a href="{_e(span.href)}" rel="noopener noreferrer">{text}</a>'
        if span.bold:
            text = f"<strong>{text}</strong>"
        out.append(text)
    return "".join(out)


def _table(table: Table) -> str:
    desc = f'<span class="desc">{_e(table.description)}</span>' if table.description else ""
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in table.header)
    body = []
    for row in table.rows:
        cells = [f'<th scope="row">{_e(row[0])}</th>'] + [f"<td>{_e(c)}</td>" for c in row[1:]]
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f'<div class="table-wrap"><table><caption>{_e(table.caption)}{desc}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def _chart(chart: BarChart, ids: _Ids) -> str:
    key = ids.make("chart")
    label_width, bar_width, row = 330, 420, 44
    top = max((v for _, v in chart.bars), default=0) or 1
    height = row * len(chart.bars) + 10
    parts = []
    for i, (label, value) in enumerate(chart.bars):
        y = 5 + i * row
        width = max(2, round(bar_width * value / top))
        parts.append(
            f'<text x="{label_width - 10}" y="{y + 27}" text-anchor="end" font-size="17" '
            f'fill="#212b32">{_e(label)}</text>'
            f'<rect x="{label_width}" y="{y + 6}" width="{width}" height="{row - 14}" '
            f'fill="#005eb8"/>'
            f'<text x="{label_width + width + 8}" y="{y + 27}" font-size="17" '
            f'fill="#212b32">{value:,}</text>'
        )
    svg = (
        f'<svg viewBox="0 0 {label_width + bar_width + 70} {height}" role="img" '
        f'aria-labelledby="{key}-t {key}-d" font-family="Arial, sans-serif">'
        f'<title id="{key}-t">{_e(chart.title)}</title><desc id="{key}-d">{_e(chart.alt)}</desc>'
        f"{''.join(parts)}</svg>"
    )
    return f'<figure class="chart">{svg}<figcaption>{_e(chart.title)}</figcaption></figure>'


def _point(point: Point) -> str:
    picture = icons.svg(point.icon, point.icon_alt, size=104)
    if point.quote:
        words = "".join(f"<p>\u201c{_e(s)}\u201d</p>" for s in point.sentences)
        who = f'<p class="who">{_e(point.attribution)}</p>' if point.attribution else ""
        body = f"<blockquote>{words}</blockquote>{who}"
    else:
        body = "".join(f"<p>{_e(s)}</p>" for s in point.sentences)
    return (
        f'<div class="point"><div class="pic">{picture}</div><div class="words">{body}</div></div>'
    )


def render_html(document: Document) -> str:
    """The document as one HTML page (a string)."""
    ids = _Ids()
    body: list[str] = []
    contents: list[tuple[str, str]] = []
    for block in document.blocks:
        if isinstance(block, Heading):
            hid = ids.make(block.anchor or f"h{block.level}")
            if block.level == 1:
                body.append(f'<h1 id="{hid}">{_e(block.text)}</h1>')
                continue
            body.append(f'<h{block.level} id="{hid}">{_e(block.text)}</h{block.level}>')
            if block.level == 2:
                contents.append((hid, block.text))
        elif isinstance(block, Paragraph):
            cls = f' class="{block.style}"' if block.style != "body" else ""
            body.append(f"<p{cls}>{_spans(block.spans)}</p>")
        elif isinstance(block, QuoteBlock):
            body.append(
                f'<figure class="quote"><blockquote><p>\u201c{_e(block.text)}\u201d</p>'
                f"</blockquote><figcaption>{_e(block.attribution)}</figcaption></figure>"
            )
        elif isinstance(block, BulletList):
            items = "".join(f"<li>{_spans(item)}</li>" for item in block.items)
            body.append(f"<ul>{items}</ul>")
        elif isinstance(block, Table):
            body.append(_table(block))
        elif isinstance(block, BarChart):
            body.append(_chart(block, ids))
        elif isinstance(block, Point):
            body.append(_point(block))
    if len(contents) > 2:
        links = "".join(f'<li><a href="#{_e(hid)}">{_e(text)}</a></li>' for hid, text in contents)
        nav = (
            f'<nav aria-label="Contents"><p class="note"><strong>Contents</strong></p>'
            f"<ul>{links}</ul></nav>"
        )
        sections = [i for i, b in enumerate(body) if b.startswith("<h2")]
        body.insert(sections[0] if sections else len(body), nav)
    body_class = ' class="easy"' if document.easy_read else ""
    return (
        "<!doctype html>\n"
        f'<html lang="{_e(document.language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(document.title)}: {_e(document.subtitle)}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body{body_class}>\n"
        '<a class="skip" href="#main">Skip to the report</a>\n'
        f'<div class="masthead"><p>{_e(document.subtitle)}</p></div>\n'
        f'<main id="main">\n{chr(10).join(body)}\n</main>\n</body>\n</html>\n'
    )


def write_html(document: Document, path: str | Path) -> Path:
    """Write the page as UTF-8."""
    path = Path(path)
    path.write_text(render_html(document), encoding="utf-8")
    return path
