"""The report for those who rework the figures: CSV (items, and the tables in long form) and XLSX.

CSV: the counted items go to the requested file; the tables go beside it as ``<name>.tables.csv``,
one row per cell (table, title, row, column, value) so every table fits one rectangular file.
XLSX: a sheet of items and a sheet per table, written in openpyxl's streaming mode.
Every text cell goes through :func:`pipeline.text.cells.inert_cell`, so no scraped title becomes a formula.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from pipeline.report.content import ReportContent
from pipeline.report.snapshot import ITEM_FIELDS
from pipeline.report.tables import ReportTable
from pipeline.text.cells import inert_cell

POSITIVE_SHEET = "Tin tích cực"
TABLE_COLUMNS = ("table", "title", "row", "column", "value")
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")


def _flat(value: Any) -> Any:
    return inert_cell("|".join(value) if isinstance(value, list) else value)


def _row(values: Any) -> list[Any]:
    return [inert_cell(value) for value in values]


def items_csv(content: ReportContent) -> bytes:
    """The counted items, one row each, list fields joined with ``|`` as in ``pressmon export``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(ITEM_FIELDS)
    for item in content.snapshot.items:
        writer.writerow([_flat(item.get(k, "")) for k in ITEM_FIELDS])
    return buffer.getvalue().encode("utf-8")


def tables_csv(content: ReportContent) -> bytes:
    """Every table of the report in long form: one line per cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(TABLE_COLUMNS)
    for table in content.all_tables():
        for number, row in enumerate(table.rows, 1):
            for header, value in zip(table.headers, row, strict=True):
                writer.writerow(_row([table.key, table.title, number, header, value]))
    return buffer.getvalue().encode("utf-8")


def _header(ws: WriteOnlyWorksheet, headers: list[str] | tuple[str, ...]) -> list[WriteOnlyCell]:
    cells = []
    for text in headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cells.append(cell)
    return cells


def _table_sheet(wb: Workbook, name: str, tables: list[ReportTable], with_title: bool) -> None:
    ws = wb.create_sheet(name[:31])
    ws.column_dimensions["A"].width = 40
    first = tables[0].headers
    ws.append(_header(ws, ["Nhóm", *first] if with_title else first))
    for table in tables:
        for row in table.rows:
            ws.append(_row([table.title, *row] if with_title else row))


def render_xlsx(content: ReportContent) -> bytes:
    """A workbook: the items (Vietnamese headings and names), then one sheet per table (positive stories
    on one sheet by topic)."""
    wb = Workbook(write_only=True)
    frozen = content.snapshot.frozen_at.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    wb.properties.created = frozen
    wb.properties.creator = "pressmon"
    wb.properties.title = content.title
    ws = wb.create_sheet(content.items.title)
    ws.append(_header(ws, content.items.headers))
    for row in content.items.rows:
        ws.append(_row(row))
    tables = [*content.figures, content.flagged, content.still_open, content.cases, content.case_outcomes]
    for table in [*tables, content.sources]:
        _table_sheet(wb, table.title, [table], with_title=False)
    if content.positive:
        _table_sheet(wb, POSITIVE_SHEET, content.positive, with_title=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
