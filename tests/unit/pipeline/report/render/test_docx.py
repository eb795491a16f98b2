"""pipeline.report.render.docx: the DOCX read back, in the administrative form of the office's reports."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from pipeline.report.content import ReportContent, build_content
from pipeline.report.render.charts import render_charts
from pipeline.report.render.docx import render_docx
from pipeline.settings import ReportSettings
from pipeline.taxonomy import Taxonomy


def _docx(content: ReportContent, taxonomy: Taxonomy) -> DocumentType:
    return Document(io.BytesIO(render_docx(content, render_charts(content.snapshot, taxonomy))))


@pytest.fixture(scope="module")
def doc(content: ReportContent, taxonomy: Taxonomy) -> DocumentType:
    """The quarter's document, rendered once for the tests that only read it."""
    return _docx(content, taxonomy)


def test_docx_is_a4_times_new_roman_with_administrative_margins(
    content: ReportContent, doc: DocumentType
) -> None:
    section = doc.sections[0]
    sizes = (section.page_width, section.page_height, section.left_margin, section.right_margin)
    # Word stores twentieths of a point, so millimetres come back within a rounding step.
    for size, expected in zip(sizes, (Mm(210), Mm(297), Mm(30), Mm(15)), strict=True):
        assert size is not None and abs(size - expected) < Mm(0.1)
    normal = doc.styles["Normal"].font
    assert normal.name == "Times New Roman" and Pt(13) <= normal.size <= Pt(14)
    assert doc.styles["Heading 1"].font.name == "Times New Roman"


def test_docx_header_block_title_and_numbered_sections(content: ReportContent, doc: DocumentType) -> None:
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
    assert [h.split(".")[0] for h in headings] == ["I", "II", "III", "IV", "V", "VI", "VII"]
    assert headings[4:6] == ["V. NHẬN XÉT, ĐÁNH GIÁ", "VI. ĐỀ XUẤT, KIẾN NGHỊ"]


def test_docx_tables_repeat_their_header_row(content: ReportContent, doc: DocumentType) -> None:
    data_tables = doc.tables[1:-1]  # between the header block and the signature block
    assert len(data_tables) == len(content.figures) + len(content.positive) + 3
    for table in data_tables:
        assert table.rows[0]._tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
    totals = data_tables[0]
    assert totals.rows[1].cells[1].text == f"{content.snapshot.summary.totals['collected']:,}".replace(
        ",", "."
    )
    assert len(doc.inline_shapes) == 3


def _blocks(doc: DocumentType) -> tuple[str, str]:
    """The document's text in reading order (paragraphs and table cells), split at the appendix heading."""
    texts: list[str] = []
    for block in doc.element.body.iterchildren():
        if block.tag == qn("w:p"):
            texts.append("".join(t.text or "" for t in block.iter(qn("w:t"))))
        elif block.tag == qn("w:tbl"):
            texts.extend("".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in block.iter(qn("w:tc")))
    cut = next(i for i, text in enumerate(texts) if text.startswith("VII. PHỤ LỤC"))
    return "\n".join(texts[:cut]), "\n".join(texts[cut:])


def test_page_numbers_at_the_top_centre_and_none_on_the_first_page(
    content: ReportContent, doc: DocumentType
) -> None:
    section = doc.sections[0]
    assert section.different_first_page_header_footer  # w:titlePg: page 1 has its own (empty) header
    header = section.header.paragraphs[0]
    assert header.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert " PAGE " in header._p.xml and 'w:fldCharType="begin"' in header._p.xml
    assert "PAGE" not in section.first_page_header._element.xml
    assert "PAGE" not in section.footer._element.xml


def test_no_table_row_splits_across_pages(doc: DocumentType) -> None:
    rows = [row for table in doc.tables[1:] for row in table.rows]
    assert len(rows) > 50
    for row in rows:
        cant_split = row._tr.find(qn("w:trPr")).find(qn("w:cantSplit"))
        assert cant_split is not None and cant_split.get(qn("w:val")) == "true"


def test_percentages_keep_their_sign_on_one_line(doc: DocumentType) -> None:
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells if "%" in c.text]
    assert cells, "the tables show changes and shares"
    for text in cells:
        assert re.fullmatch(r"[+-]?\d+\u00a0%", text), text  # "+341 %": a non-breaking space, never "+341%"


def test_the_flagged_list_leaves_room_for_the_titles(doc: DocumentType) -> None:
    flagged = next(
        t
        for t in doc.tables
        if [c.text for c in t.rows[0].cells][:3] == ["Ngày đăng", "Cơ quan báo chí", "Tin, bài"]
    )
    widths = [col.width for col in flagged.columns]
    assert widths[2] >= Cm(5.0) - Mm(0.1)  # was 3.4 cm: a headline in eight lines or more
    assert sum(widths) <= Cm(16.5) + Mm(0.5)  # still inside the text width


def test_one_name_for_the_period_and_no_codes_in_the_body(doc: DocumentType, taxonomy: Taxonomy) -> None:
    body, appendix = _blocks(doc)
    assert "quý II năm 2026" in body
    for other_name in ("Quý 2/2026", "2026Q2", "Q2/2026", "2026Q1"):
        assert other_name not in body and other_name not in appendix
    assert "synthetic-1" not in body and "synthetic-1" in appendix  # the model version: appendix only
    codes = [*taxonomy.topics, *taxonomy.reasons, *taxonomy.statuses, "baohaiphong", "hai-phong", "an-lao"]
    for code in codes:
        assert not re.search(rf"(?<![\w/.-]){re.escape(code)}(?![\w/.-])", body), code


def test_the_issuing_body_comes_from_the_settings_and_names_one_unit(
    content: ReportContent, taxonomy: Taxonomy
) -> None:
    issuer = ReportSettings(
        unit="UBND phường Hồng Bàng",
        issuer="Phòng Văn hóa - Xã hội",
        number="Số: 12/BC-VHXH",
        place="Hồng Bàng",
        signer_title="Phó Trưởng phòng",
        signer_name="Nguyễn Thị Lan",
        recipients=["UBND phường;", "Lưu: VT."],
    )
    doc = _docx(build_content(content.snapshot, taxonomy, issuer), taxonomy)
    header = "\n".join(cell.text for cell in doc.tables[0].rows[0].cells)
    assert "UBND PHƯỜNG HỒNG BÀNG" in header and "Số: 12/BC-VHXH" in header
    assert "Hồng Bàng, ngày 02 tháng 07 năm 2026" in header
    body, appendix = _blocks(doc)
    assert "Phòng Văn hóa - Xã hội thuộc UBND phường Hồng Bàng báo cáo" in body
    assert "Đơn vị lập báo cáo: Phòng Văn hóa - Xã hội, UBND phường Hồng Bàng." in appendix
    assert "An Lão" not in header and "xã An Lão" not in body + appendix  # one unit, from one setting
    signature = "\n".join(cell.text for cell in doc.tables[-1].rows[0].cells)
    for text in ("- UBND phường;", "- Lưu: VT.", "PHÓ TRƯỞNG PHÒNG", "Nguyễn Thị Lan"):
        assert text in signature
