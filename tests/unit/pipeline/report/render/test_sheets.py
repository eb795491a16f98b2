"""pipeline.report.render.sheets: the CSV files and the XLSX workbook read back."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from pipeline.report.content import ReportContent
from pipeline.report.render.sheets import items_csv, render_xlsx, tables_csv


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
