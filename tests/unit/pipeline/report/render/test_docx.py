"""pipeline.report.render.docx: the DOCX read back, in the administrative form of the office's reports."""

from __future__ import annotations

import io
import re

from docx import Document
from docx.document import Document as DocumentType
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from pipeline.report.content import ReportContent
from pipeline.report.render.charts import render_charts
from pipeline.report.render.docx import render_docx
from pipeline.taxonomy import Taxonomy


def _docx(content: ReportContent, taxonomy: Taxonomy) -> DocumentType:
    return Document(io.BytesIO(render_docx(content, render_charts(content.snapshot, taxonomy))))


def test_docx_is_a4_times_new_roman_with_administrative_margins(
    content: ReportContent, taxonomy: Taxonomy
) -> None:
    doc = _docx(content, taxonomy)
    section = doc.sections[0]
    sizes = (section.page_width, section.page_height, section.left_margin, section.right_margin)
    # Word stores twentieths of a point, so millimetres come back within a rounding step.
    for size, expected in zip(sizes, (Mm(210), Mm(297), Mm(30), Mm(15)), strict=True):
        assert size is not None and abs(size - expected) < Mm(0.1)
    normal = doc.styles["Normal"].font
    assert normal.name == "Times New Roman" and Pt(13) <= normal.size <= Pt(14)
    assert doc.styles["Heading 1"].font.name == "Times New Roman"


def test_docx_header_block_title_and_numbered_sections(content: ReportContent, taxonomy: Taxonomy) -> None:
    doc = _docx(content, taxonomy)
    header = "\n".join(cell.text for cell in doc.tables[0].rows[0].cells)
    for text in (
        "UBND XÃ AN LÃO",
        "PHÒNG VĂN HÓA - XÃ HỘI",
        "Số:",
        "/BC-",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    ):
        assert text in header
    assert "Độc lập - Tự do - Hạnh phúc" in header
    assert re.search(r"An Lão, ngày 02 tháng 07 năm 2026", header)
    texts = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in texts and any("quý II năm 2026" in t for t in texts)
    headings = [p.text for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert [h.split(".")[0] for h in headings] == ["I", "II", "III", "IV", "V"]


def test_docx_tables_repeat_their_header_row_and_footer_has_a_page_field(
    content: ReportContent, taxonomy: Taxonomy
) -> None:
    doc = _docx(content, taxonomy)
    data_tables = doc.tables[1:-1]  # between the header block and the signature block
    assert len(data_tables) == len(content.figures) + len(content.positive) + 3
    for table in data_tables:
        assert table.rows[0]._tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
    totals = data_tables[0]
    assert totals.rows[1].cells[1].text == str(content.snapshot.summary.totals["collected"])
    footer_xml = doc.sections[0].footer._element.xml
    assert "PAGE" in footer_xml and 'w:fldCharType="begin"' in footer_xml
    assert len(doc.inline_shapes) == 3
