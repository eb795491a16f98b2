"""The report's formats read back: the DOCX's administrative form, charts with diacritics, CSV/XLSX/MD."""

from __future__ import annotations

import csv
import io
import re
import warnings
from datetime import UTC, datetime
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from fontTools.ttLib import TTFont
from matplotlib import font_manager
from openpyxl import load_workbook

from pipeline.report.content import ReportContent, build_content
from pipeline.report.output import preview_snapshot, render
from pipeline.report.period import parse_quarter
from pipeline.report.render.charts import FONT, render_charts
from pipeline.settings import DATA_DIR
from pipeline.taxonomy import Taxonomy
from tests.support.synthetic_reports import synthetic_database

Q2 = parse_quarter("2026Q2")
NOW = datetime(2026, 7, 2, 3, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> ReportContent:
    from pipeline.taxonomy import load_taxonomy

    url = f"sqlite:///{tmp_path_factory.mktemp('render') / 'r.db'}"
    engine = synthetic_database(url, {Q2: 300, Q2.previous(): 100}, DATA_DIR / "sources.yaml")
    snap, _ = preview_snapshot(engine, Q2, NOW)
    return build_content(snap, load_taxonomy(DATA_DIR / "taxonomy.yaml"))


def _one(content: ReportContent, taxonomy: Taxonomy, fmt: str) -> bytes:
    return render(content, taxonomy, fmt, lambda _: None)[0][1]


def _docx(content: ReportContent, taxonomy: Taxonomy) -> Document:
    return Document(io.BytesIO(_one(content, taxonomy, "docx")))


def test_docx_is_a4_times_new_roman_with_administrative_margins(
    content: ReportContent, taxonomy: Taxonomy
) -> None:
    doc = _docx(content, taxonomy)
    section = doc.sections[0]
    sizes = (section.page_width, section.page_height, section.left_margin, section.right_margin)
    # Word stores twentieths of a point, so millimetres come back within a rounding step.
    for size, expected in zip(sizes, (Mm(210), Mm(297), Mm(30), Mm(15)), strict=True):
        assert abs(size - expected) < Mm(0.1)
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
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
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


def test_docx_bytes_depend_only_on_the_snapshot(content: ReportContent, taxonomy: Taxonomy) -> None:
    assert _one(content, taxonomy, "docx") == _one(content, taxonomy, "docx")
    assert _one(content, taxonomy, "xlsx") == _one(content, taxonomy, "xlsx")


def test_charts_have_every_vietnamese_letter_in_their_font(
    content: ReportContent, taxonomy: Taxonomy
) -> None:
    path = font_manager.findfont(font_manager.FontProperties(family=FONT), fallback_to_default=False)
    cmap = TTFont(path)["cmap"].getBestCmap()
    labels = "".join([*taxonomy.topics.values(), *taxonomy.tones.values(), "Số tin, bài theo tuần"])
    assert not [c for c in labels if ord(c) not in cmap]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        charts = render_charts(content.snapshot, taxonomy)
    assert not [w for w in caught if "Glyph" in str(w.message)]
    assert [c.png[:8] for c in charts] == [b"\x89PNG\r\n\x1a\n"] * 3


def test_markdown_has_the_sections_and_the_totals(content: ReportContent, taxonomy: Taxonomy) -> None:
    text = _one(content, taxonomy, "md").decode("utf-8")
    totals = content.snapshot.summary.totals
    assert f"| Tổng số tin thu thập | {totals['collected']} |" in text
    for heading in ("## I. ", "## II. ", "## III. ", "## IV. ", "## V. "):
        assert heading in text


def test_csv_holds_the_counted_items_and_every_table(content: ReportContent, taxonomy: Taxonomy) -> None:
    (_, items), (suffix, tables) = render(content, taxonomy, "csv", lambda _: None)
    rows = list(csv.DictReader(io.StringIO(items.decode("utf-8"))))
    assert len(rows) == 300 and {r["id"] for r in rows} == {i["id"] for i in content.snapshot.items}
    assert suffix == ".tables.csv"
    cells = list(csv.DictReader(io.StringIO(tables.decode("utf-8"))))
    keys = {c["table"] for c in cells}
    assert {"totals", "sources", "topics", "tones", "flagged", "source_list"} <= keys
    collected = next(
        c for c in cells if c["table"] == "totals" and c["row"] == "1" and c["column"] == "Kỳ này"
    )
    assert int(collected["value"]) == content.snapshot.summary.totals["collected"]


def test_xlsx_has_an_items_sheet_and_one_sheet_per_table(
    content: ReportContent, taxonomy: Taxonomy, tmp_path: Path
) -> None:
    workbook = load_workbook(
        io.BytesIO(_one(content, taxonomy, "xlsx")),
    )
    assert workbook.sheetnames[0] == "Danh sách tin"
    assert {"Số liệu chung", "Theo cơ quan báo chí", "Theo chủ đề", "Tin tích cực"} <= set(
        workbook.sheetnames
    )
    assert workbook["Danh sách tin"].max_row == 301
    totals = list(workbook["Số liệu chung"].iter_rows(values_only=True))
    assert totals[0][:2] == ("Chỉ tiêu", "Kỳ này")
    assert totals[2][1] == content.snapshot.summary.totals["hai_phong"]
