"""Render a laid-out report as a Word document that comms teams can edit.

Real Word styles throughout: Title, Heading 1-3, List Bullet, Quote, Caption, and two named
paragraph styles (Lead, Note); tables have a repeating header row and alt text; every picture
has alt text (``docPr`` ``descr``). The Easy Read version uses 16pt text (never below 14pt).
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shape import InlineShape
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

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
from engage.reports.charts import bar_chart_png

BLUE = RGBColor(0x00, 0x5E, 0xB8)
DARK = RGBColor(0x00, 0x30, 0x87)
INK = RGBColor(0x21, 0x2B, 0x32)
GREY = RGBColor(0x4C, 0x62, 0x72)
FONT = "Arial"
HEADING_STYLE = {1: "Title", 2: "Heading 1", 3: "Heading 2", 4: "Heading 3"}


def _sizes(easy: bool) -> dict[str, float]:
    if easy:
        return {
            "Normal": 16,
            "Title": 30,
            "Heading 1": 24,
            "Heading 2": 20,
            "Heading 3": 18,
            "Lead": 18,
            "Note": 14,
            "Caption": 14,
            "Quote": 16,
            "table": 16,
        }
    return {
        "Normal": 11.5,
        "Title": 28,
        "Heading 1": 18,
        "Heading 2": 15,
        "Heading 3": 12,
        "Lead": 13,
        "Note": 10,
        "Caption": 10.5,
        "Quote": 12,
        "table": 10.5,
    }


def set_font(
    style: BaseStyle,
    size: float,
    *,
    bold: bool | None = None,
    colour: RGBColor | None = None,
    italic: bool | None = None,
) -> None:
    """Arial at ``size`` points for ``style`` (all scripts), with optional weight and colour."""
    style.font.name = FONT
    style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if italic is not None:
        style.font.italic = italic
    if colour is not None:
        style.font.color.rgb = colour
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for theme_attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme_attr), None)


def set_language(style: BaseStyle, language: str) -> None:
    rpr = style.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)


def _paragraph_style(doc: DocxDocument, name: str) -> BaseStyle:
    styles = doc.styles
    if name in [s.name for s in styles]:
        return styles[name]
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles["Normal"]
    style.quick_style = True
    return style


def _left_border(style: BaseStyle, colour: str = "005EB8") -> None:
    ppr = style.element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for key, value in (("w:val", "single"), ("w:sz", "24"), ("w:space", "8"), ("w:color", colour)):
        left.set(qn(key), value)
    borders.append(left)
    ppr.append(borders)


def _setup(doc: DocxDocument, document: Document) -> dict[str, float]:
    sizes = _sizes(document.easy_read)
    styles = doc.styles
    normal = styles["Normal"]
    set_font(normal, sizes["Normal"], colour=INK)
    set_language(normal, document.language)
    normal.paragraph_format.space_after = Pt(8)
    normal.paragraph_format.line_spacing = 1.25 if document.easy_read else 1.15
    set_font(styles["Title"], sizes["Title"], bold=True, colour=DARK)
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        set_font(styles[name], sizes[name], bold=True, colour=DARK if name != "Heading 3" else BLUE)
        styles[name].paragraph_format.space_before = Pt(18 if name == "Heading 1" else 12)
        styles[name].paragraph_format.keep_with_next = True
    lead = _paragraph_style(doc, "Lead")
    set_font(lead, sizes["Lead"])
    note = _paragraph_style(doc, "Note")
    set_font(note, sizes["Note"], colour=GREY)
    set_font(styles["Caption"], sizes["Caption"], bold=True, colour=INK, italic=False)
    styles["Caption"].paragraph_format.keep_with_next = True
    quote = styles["Quote"]
    set_font(quote, sizes["Quote"], italic=False, colour=INK)
    quote.paragraph_format.left_indent = Cm(0.6)
    quote.paragraph_format.right_indent = Cm(0)
    _left_border(quote)
    set_font(styles["List Bullet"], sizes["Normal"])
    for name in ("Header", "Footer"):
        set_font(styles[name], max(sizes["Note"], 14 if document.easy_read else 9), colour=GREY)
    return sizes


def _hyperlink(paragraph: DocxParagraph, url: str, text: str, bold: bool) -> None:
    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "005EB8")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    rpr.append(colour)
    rpr.append(underline)
    if bold:
        rpr.append(OxmlElement("w:b"))
    run.append(rpr)
    node = OxmlElement("w:t")
    node.text = text
    node.set(qn("xml:space"), "preserve")
    run.append(node)
    link.append(run)
    paragraph._p.append(link)


def _add_spans(paragraph: DocxParagraph, spans: list[Span]) -> None:
    for span in spans:
        if span.href:
            _hyperlink(paragraph, span.href, span.text, span.bold)
        else:
            run = paragraph.add_run(span.text)
            run.bold = span.bold or None


def set_alt_text(inline_shape: InlineShape, title: str, description: str) -> None:
    doc_pr = inline_shape._inline.docPr
    doc_pr.set("title", title)
    doc_pr.set("descr", description)


def mark_header_row(table: DocxTable) -> None:
    row = table.rows[0]
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))  # schema order: cantSplit before tblHeader
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def shade_cell(cell: _Cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr.append(shading)


def set_table_alt(table: DocxTable, caption: str, description: str) -> None:
    tbl_pr = table._tbl.tblPr
    title = OxmlElement("w:tblCaption")
    title.set(qn("w:val"), caption[:250])
    tbl_pr.append(title)
    if description:
        desc = OxmlElement("w:tblDescription")
        desc.set(qn("w:val"), description[:1000])
        tbl_pr.append(desc)


def _cell_text(cell: _Cell, text: str, size: float, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(2)
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold or None


def _widths(grid: DocxTable, table: Table, total: float = 16.6) -> None:
    """Column widths: room for each column's longest word, the rest shared by text length."""
    columns = len(table.header)
    cells = [[str(row[i]) for row in [table.header, *table.rows]] for i in range(columns)]
    words = [max((len(w) for c in col for w in c.split()), default=4) for col in cells]
    minimum = [max(2.0, 0.24 * n + 0.6) for n in words]
    weights = [min(40, max(6, max(len(c) for c in col))) for col in cells]
    spare = max(0.0, total - sum(minimum))
    widths = [m + spare * w / sum(weights) for m, w in zip(minimum, weights, strict=True)]
    grid.autofit = False
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Cm(width)
    for row in grid.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def _table(doc: DocxDocument, table: Table, sizes: dict[str, float]) -> None:
    doc.add_paragraph(table.caption, style="Caption")
    grid = doc.add_table(rows=1, cols=len(table.header))
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
        _cell_text(cell, text, sizes["table"], bold=True)
        shade_cell(cell, "E8EDEE")
    mark_header_row(grid)
    for row in table.rows:
        added = grid.add_row()
        added._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        cells = added.cells
        for i, (cell, text) in enumerate(zip(cells, row, strict=True)):
            _cell_text(cell, text, sizes["table"], bold=(i == 0 and text == "Total"))
    set_table_alt(grid, table.caption, table.description)
    _widths(grid, table)
    if len(grid.rows) <= 14:  # keep short tables on one page
        for row in list(grid.rows)[:-1]:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
    if table.description:
        doc.add_paragraph(table.description, style="Note")
    else:
        doc.add_paragraph().paragraph_format.space_after = Pt(2)


def _points(doc: DocxDocument, points: list[Point], sizes: dict[str, float]) -> None:
    grid = doc.add_table(rows=0, cols=2)
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    grid.autofit = False
    set_table_alt(grid, "Easy Read points with pictures", "Each row has a picture and some words.")
    for point in points:
        row = grid.add_row()
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        cells = row.cells
        cells[0].width = Cm(3.4)
        cells[1].width = Cm(13.2)
        picture = (
            cells[0]
            .paragraphs[0]
            .add_run()
            .add_picture(io.BytesIO(icons.png(point.icon, 256)), width=Cm(2.6))
        )
        set_alt_text(picture, point.icon_alt, point.icon_alt)
        first = True
        for sentence in point.sentences:
            paragraph = cells[1].paragraphs[0] if first else cells[1].add_paragraph()
            first = False
            run = paragraph.add_run(f"\u201c{sentence}\u201d" if point.quote else sentence)
            run.font.size = Pt(sizes["Normal"])
        if point.attribution:
            run = cells[1].add_paragraph().add_run(point.attribution)
            run.font.size = Pt(max(14, sizes["Note"]))
            run.font.color.rgb = GREY
        for cell in cells:
            tc_pr = cell._tc.get_or_add_tcPr()
            valign = OxmlElement("w:vAlign")
            valign.set(qn("w:val"), "center")
            tc_pr.append(valign)
    grid.columns[0].width, grid.columns[1].width = Cm(3.4), Cm(13.2)
    doc.add_paragraph()


def _chart(doc: DocxDocument, chart: BarChart, easy: bool) -> None:
    doc.add_paragraph(chart.title, style="Caption")
    png = bar_chart_png(chart.bars, large=easy)
    picture = doc.add_paragraph().add_run().add_picture(io.BytesIO(png), width=Cm(16))
    set_alt_text(picture, chart.title, chart.alt)


def add_page_footer(doc: DocxDocument, text: str) -> None:
    section = doc.sections[0]
    paragraph = section.footer.paragraphs[0]
    paragraph.style = doc.styles["Footer"]
    paragraph.add_run(f"{text} \u2013 page ")
    run = paragraph.add_run()
    for kind, value in (("begin", None), ("instr", " PAGE "), ("end", None)):
        if kind == "instr":
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = value
        else:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        run._r.append(node)


def render_docx(document: Document, path: str | Path) -> Path:
    """Write ``document`` as a .docx file."""
    path = Path(path)
    doc = new_docx()
    sizes = _setup(doc, document)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    props = doc.core_properties
    props.title = f"{document.title}: {document.subtitle}"
    props.subject = document.subtitle
    props.author = "engage toolkit"
    props.comments = ""
    props.language = document.language
    props.created = props.modified = datetime.now(UTC)
    add_page_footer(doc, document.title)
    pending: list[Point] = []
    for block in document.blocks:
        if pending and not isinstance(block, Point):
            _points(doc, pending, sizes)
            pending = []
        if isinstance(block, Heading):
            doc.add_paragraph(block.text, style=HEADING_STYLE.get(block.level, "Heading 3"))
        elif isinstance(block, Paragraph):
            style = {"lead": "Lead", "note": "Note"}.get(block.style, "Normal")
            _add_spans(doc.add_paragraph(style=style), block.spans)
        elif isinstance(block, QuoteBlock):
            paragraph = doc.add_paragraph(style="Quote")
            paragraph.add_run(f"\u201c{block.text}\u201d")
            paragraph.add_run().add_break()
            who = paragraph.add_run(f"\u2014 {block.attribution}")
            who.font.color.rgb = GREY
            who.font.size = Pt(max(sizes["Note"], 14 if document.easy_read else 10))
        elif isinstance(block, BulletList):
            for item in block.items:
                _add_spans(doc.add_paragraph(style="List Bullet"), item)
        elif isinstance(block, Table):
            _table(doc, block, sizes)
        elif isinstance(block, BarChart):
            _chart(doc, block, document.easy_read)
        elif isinstance(block, Point):
            pending.append(block)
    if pending:
        _points(doc, pending, sizes)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path
