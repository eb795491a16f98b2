"""The report as a Vietnamese administrative document (DOCX, python-docx).

Form of Nghị định 30/2020/NĐ-CP: A4, margins 20/20/30/15 mm, Times New Roman 13–14 pt, the header
block (issuing body and number on the left, national title, motto, place and date on the right),
the document kind and subject, Roman-numbered sections, tables with a repeated header row and rows
that never split across pages, the recipients and signature block, and the page number (a PAGE
field) at the top centre of every page but the first. The issuing body, number, place, signer and
recipients come from the content's ``issuer`` (the ``[report]`` settings).
"""

from __future__ import annotations

import io
import re
from datetime import UTC

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from pipeline.clock import local_zone
from pipeline.report import texts as T
from pipeline.report.content import ReportContent
from pipeline.report.figures import NBSP
from pipeline.report.figures import number as thousands
from pipeline.report.render.charts import Chart
from pipeline.report.tables import ReportTable

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 13
TEXT_WIDTH = Cm(16.5)  # 210 mm − 30 mm − 15 mm
CHAR_CM = 0.23  # width of a 13 pt Times New Roman digit, a little more than the average letter
CELL_PADDING_CM = 0.55  # the cell's left and right margins, and some air
TITLE_MIN = Cm(5.0)  # the title column of a list of items: a headline in four lines or so, not ten
_FIGURE = re.compile(rf"^([+-]?\d+{NBSP}%|—|mới)$")


def _font(style_element: object, size: int, bold: bool | None = None) -> None:
    style_element.font.name = FONT  # type: ignore[attr-defined]
    style_element.font.size = Pt(size)  # type: ignore[attr-defined]
    style_element.font.color.rgb = RGBColor(0, 0, 0)  # type: ignore[attr-defined]
    if bold is not None:
        style_element.font.bold = bold  # type: ignore[attr-defined]
    # Word picks the font per script; without eastAsia/cs it may fall back for some letters.
    fonts = style_element.element.get_or_add_rPr().get_or_add_rFonts()  # type: ignore[attr-defined]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)  # a theme font would win over the named one


def _setup(doc: DocumentType) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    _font(normal, BODY_PT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name, size in (("Heading 1", BODY_PT), ("Heading 2", BODY_PT)):
        style = doc.styles[name]
        _font(style, size, bold=True)
        style.font.italic = False
        style.paragraph_format.space_before = Pt(8)
        style.paragraph_format.space_after = Pt(4)
    _font(doc.styles["Table Grid"], TABLE_PT)


def _para(
    container: DocumentType | _Cell,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: int | None = None,
    align: WD_ALIGN_PARAGRAPH | None = None,
) -> Paragraph:
    paragraph = container.add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _rule(cell: _Cell, indent_cm: float) -> None:
    """A short centred rule, as under the issuing body and the motto (an empty bordered paragraph)."""
    paragraph = cell.add_paragraph()
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    p_pr.append(borders)
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Cm(indent_cm)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(4)


def _header_block(doc: DocumentType, content: ReportContent) -> None:
    frozen = content.snapshot.frozen_at.astimezone(local_zone())
    table = doc.add_table(rows=1, cols=2)
    _widths(table, [Cm(7.0), Cm(9.5)])
    left, right = table.rows[0].cells
    centre = WD_ALIGN_PARAGRAPH.CENTER
    issuer = content.issuer
    left.paragraphs[0].add_run(issuer.unit.upper()).font.size = Pt(12)
    left.paragraphs[0].alignment = centre
    _para(left, issuer.issuer.upper(), bold=True, size=12, align=centre)
    _rule(left, 2.3)
    _para(left, issuer.number, size=13, align=centre)
    right.paragraphs[0].add_run(T.NATION).bold = True
    right.paragraphs[0].runs[0].font.size = Pt(12)
    right.paragraphs[0].alignment = centre
    _para(right, T.MOTTO, bold=True, size=13, align=centre)
    _rule(right, 1.6)
    date_line = f"{issuer.place}, ngày {frozen.day:02d} tháng {frozen.month:02d} năm {frozen.year}"
    _para(right, date_line, italic=True, size=14, align=centre)
    for cell in (left, right):
        for paragraph in cell.paragraphs:
            if paragraph.text:
                paragraph.paragraph_format.space_after = Pt(2)


def _title(doc: DocumentType, content: ReportContent) -> None:
    centre = WD_ALIGN_PARAGRAPH.CENTER
    first = _para(doc, T.DOC_KIND, bold=True, size=14, align=centre)
    first.paragraph_format.space_before = Pt(18)
    first.paragraph_format.space_after = Pt(0)
    _para(doc, content.title, bold=True, size=14, align=centre)


def _widths(table: Table, widths: list[Length]) -> None:
    """Column widths in the grid (LibreOffice reads these) and on every cell (Word reads those)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _column_widths(table: ReportTable) -> list[Length]:
    """Short columns (counts, dates, statuses) fit their longest value; text columns share the rest.

    Every column is at least as wide as its longest word (capped, for links), so words never break.
    """
    widths: list[float] = []
    weights: dict[int, float] = {}
    for index, header in enumerate(table.headers):
        values = [str(row[index]) for row in table.rows] or [""]
        lengths = [_chars(v) for v in values]
        word = min(10, max(len(w) for text in values for w in (text.split() or [""])))
        # Header words are bold: a quarter wider than the same letters in the body.
        header_word = max(len(w) for w in header.split()) * 1.25
        widths.append(max(word, header_word) * CHAR_CM + CELL_PADDING_CM)
        if max(lengths) <= 12:
            widths[index] = max(widths[index], max(lengths) * CHAR_CM + CELL_PADDING_CM)
        else:
            weights[index] = min((sum(lengths) / len(lengths) + max(lengths)) / 2, 40.0)
    room = TEXT_WIDTH.cm - sum(widths)
    if room < 0 or not weights:  # too many columns, or none that can grow: scale to the text width
        return [Cm(w * TEXT_WIDTH.cm / sum(widths)) for w in widths]
    total = sum(weights.values())
    grown = [w + room * weights.get(i, 0.0) / total for i, w in enumerate(widths)]
    return [Cm(w) for w in _title_floor(table, grown, _word_widths(table))]


def _chars(text: str) -> float:
    """The width of ``text`` in average characters: "%" is about twice as wide as a digit."""
    return len(text) + text.count("%")


def _word_widths(table: ReportTable) -> list[float]:
    """The narrowest each column may be: its longest word (a date counts as one), header words bold."""
    floors = []
    for index, header in enumerate(table.headers):
        words = [w for row in table.rows for w in str(row[index]).split()] or [""]
        longest = max(min(10, max(len(w) for w in words)), max(len(w) for w in header.split()) * 1.25)
        floors.append(longest * CHAR_CM + CELL_PADDING_CM)
    return floors


def _title_floor(table: ReportTable, widths: list[float], floors: list[float]) -> list[float]:
    """Widen a headline column to ``TITLE_MIN``, narrowing the others towards their longest word."""
    if T.COL_TITLE not in table.headers:
        return widths
    title = table.headers.index(T.COL_TITLE)
    spare = {i: w - floors[i] for i, w in enumerate(widths) if i != title and w > floors[i]}
    taken = min(TITLE_MIN.cm - widths[title], sum(spare.values()))
    if taken <= 0:
        return widths
    total = sum(spare.values())
    out = [w - taken * spare.get(i, 0.0) / total for i, w in enumerate(widths)]
    out[title] += taken
    return out


def _numeric_columns(table: ReportTable) -> list[bool]:
    return [
        all(isinstance(row[i], int) or _FIGURE.match(str(row[i])) for row in table.rows)
        for i in range(len(table.headers))
    ]


def _row_property(row_element: object, name: str) -> None:
    """Set an on/off row property (``w:cantSplit``, ``w:tblHeader``) on a table row."""
    flag = OxmlElement(name)
    flag.set(qn("w:val"), "true")
    row_element.get_or_add_trPr().append(flag)  # type: ignore[attr-defined]


def _shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", fill)):
        shading.set(qn(key), value)
    cell._tc.get_or_add_tcPr().append(shading)


def _fill_cell(cell: _Cell, value: str | int, bold: bool, right: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    run = paragraph.add_run(thousands(value) if isinstance(value, int) else value)
    run.bold = bold
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def add_table(doc: DocumentType, table: ReportTable) -> None:
    """A bordered table with a bold, shaded header row repeated on every page."""
    if not table.rows:
        _para(doc, T.NONE)
        return
    grid = doc.add_table(rows=len(table.rows) + 1, cols=len(table.headers))
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    rows = grid.rows
    _row_property(rows[0]._tr, "w:tblHeader")
    for row in rows:
        _row_property(row._tr, "w:cantSplit")  # a row split across pages loses its reader
    for cell, header in zip(rows[0].cells, table.headers, strict=True):
        _fill_cell(cell, header, bold=True)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _shade(cell, "D9E2F3")
    last, numeric = len(table.rows) - 1, _numeric_columns(table)
    for index, (row, values) in enumerate(zip(rows[1:], table.rows, strict=True)):
        bold = table.total_row and index == last
        for cell, value, right in zip(row.cells, values, numeric, strict=True):
            _fill_cell(cell, value, bold, right)
    _widths(grid, _column_widths(table))
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


def _page_number(doc: DocumentType) -> None:
    """A PAGE field at the top centre of every page but the first (whose header stays empty)."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            run.text = text or ""
            continue
        run._r.append(element)


def _charts(doc: DocumentType, charts: list[Chart]) -> None:
    for number, chart in enumerate(charts, 1):
        doc.add_picture(io.BytesIO(chart.png), width=Cm(15.5))
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _para(doc, f"Biểu đồ {number}. {chart.title}", italic=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER)


def _signature(doc: DocumentType, content: ReportContent) -> None:
    issuer = content.issuer
    table = doc.add_table(rows=1, cols=2)
    _widths(table, [Cm(8.0), Cm(8.5)])
    _row_property(table.rows[0]._tr, "w:cantSplit")  # recipients and signature stay on one page
    left, right = table.rows[0].cells
    left.paragraphs[0].add_run(T.RECIPIENTS).bold = True
    left.paragraphs[0].runs[0].italic = True
    left.paragraphs[0].runs[0].font.size = Pt(12)
    for line in issuer.recipients:
        _para(left, f"- {line}", size=11).paragraph_format.space_after = Pt(0)
    right.paragraphs[0].add_run(issuer.signer_title.upper()).bold = True
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _para(right, T.SIGN_HINT, italic=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    if issuer.signer_name:
        name = _para(right, issuer.signer_name, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        name.paragraph_format.space_before = Pt(60)  # room for the signature and seal


def _body(doc: DocumentType, content: ReportContent, charts: list[Chart]) -> None:
    doc.add_heading(f"II. {T.SECTION_FIGURES}", level=1)
    for number, table in enumerate(content.figures, 1):
        doc.add_heading(f"{number}. {table.title}", level=2)
        add_table(doc, table)
    _para(doc, T.TOPIC_NOTE, italic=True, size=13)
    doc.add_heading(f"{len(content.figures) + 1}. {T.SUB_CHARTS}", level=2)
    _charts(doc, charts)
    doc.add_heading(f"III. {T.SECTION_POSITIVE}", level=1)
    for number, table in enumerate(content.positive, 1):
        doc.add_heading(f"{number}. {table.title}", level=2)
        add_table(doc, table)
    if not content.positive:
        _para(doc, T.NONE)
    doc.add_heading(f"IV. {T.SECTION_FLAGGED}", level=1)
    for number, table in enumerate((content.flagged, content.still_open), 1):
        doc.add_heading(f"{number}. {table.title}", level=2)
        add_table(doc, table)
    doc.add_heading(f"3. {content.cases.title}", level=2)
    for line in content.case_lines:
        _para(doc, line)
    if content.cases.rows:
        add_table(doc, content.cases)
        doc.add_heading(f"4. {content.case_outcomes.title}", level=2)
        add_table(doc, content.case_outcomes)
    for heading, lines in (
        (f"V. {T.SECTION_ASSESSMENT}", content.assessment),
        (f"VI. {T.SECTION_PROPOSALS}", content.proposals),
    ):
        doc.add_heading(heading, level=1)
        for line in lines or [T.NONE]:
            _para(doc, line).paragraph_format.first_line_indent = Cm(1.0)


def render_docx(content: ReportContent, charts: list[Chart]) -> bytes:
    """The report as DOCX bytes (timestamps taken from the snapshot, not the clock)."""
    doc = Document()
    _setup(doc)
    _header_block(doc, content)
    _title(doc, content)
    _para(doc, content.intro).paragraph_format.first_line_indent = Cm(1.0)
    doc.add_heading(f"I. {T.SECTION_PERIOD}", level=1)
    for line in content.period_lines:
        _para(doc, line).paragraph_format.first_line_indent = Cm(1.0)
    if content.empty:
        _para(doc, content.empty, bold=True)
    else:
        _body(doc, content, charts)
        doc.add_heading(f"VII. {T.SECTION_APPENDIX}", level=1)
        doc.add_heading(f"1. {content.sources.title}", level=2)
        add_table(doc, content.sources)
        doc.add_heading(f"2. {T.SUB_METHOD}", level=2)
        for line in content.method:
            _para(doc, line).paragraph_format.first_line_indent = Cm(1.0)
    _signature(doc, content)
    _page_number(doc)
    props = doc.core_properties
    props.title, props.author, props.revision = content.title, "pressmon", 1
    frozen = content.snapshot.frozen_at.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    props.created = props.modified = frozen  # python-docx writes naive values as UTC
    props.last_modified_by = "pressmon"
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
