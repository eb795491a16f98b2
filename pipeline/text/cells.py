"""Spreadsheet cells that stay text: the one guard every CSV and XLSX writer applies to its values.

A cell starting with ``=``, ``+``, ``-`` or ``@`` (also after leading tabs or carriage returns) is
read as a formula by Excel, LibreOffice and openpyxl; a scraped title like ``=HYPERLINK(...)`` would
then run in the analyst's spreadsheet. OWASP's rule: prefix such a cell with ``'`` so it is shown, and
stored, as the text it was.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@")
_LEADING_CONTROLS = "\t\r"


def inert_cell(value: Any) -> Any:
    """``value`` with a leading ``'`` when it is text a spreadsheet would take for a formula."""
    if isinstance(value, str) and value.lstrip(_LEADING_CONTROLS).startswith(FORMULA_STARTS):
        return "'" + value
    return value
