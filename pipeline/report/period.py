"""Report periods: a quarter (``2026Q3``) or a year (``2025``), bounded in Vietnam time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pipeline.clock import local_zone
from pipeline.errors import PressmonError

_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)

_YEAR = re.compile(r"^(\d{4})$")

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Period:
    """A reporting period, a quarter (``2026Q3``) or a year (``2025``), bounded in Vietnam time."""

    label: str
    start: datetime
    end: datetime
    kind: str = "quarter"

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        year = self.start.year
        if self.kind == "year":
            return parse_year(str(year - 1))
        quarter = (self.start.month - 1) // 3 + 1
        return parse_quarter(f"{year - 1}Q4" if quarter == 1 else f"{year}Q{quarter - 1}")

    @property
    def title_vi(self) -> str:
        """``Quý III năm 2026`` or ``Năm 2025``, as administrative reports name periods."""
        if self.kind == "year":
            return f"Năm {self.start.year}"
        return f"Quý {ROMAN[(self.start.month - 1) // 3 + 1]} năm {self.start.year}"

    @property
    def title_vi_inline(self) -> str:
        """The title inside a sentence: ``quý III năm 2026``."""
        return self.title_vi[0].lower() + self.title_vi[1:]

    @property
    def short_vi(self) -> str:
        """``Quý 3/2026`` or ``Năm 2025``."""
        if self.kind == "year":
            return f"Năm {self.start.year}"
        return f"Quý {(self.start.month - 1) // 3 + 1}/{self.start.year}"

    @property
    def last_day(self) -> date:
        """The last calendar day inside the period (the end bound is exclusive)."""
        return (self.end - timedelta(days=1)).date()


def parse_quarter(text: str) -> Period:
    """``2026Q3`` → the quarter's bounds in Vietnam time; a clear error for anything else."""
    match = _QUARTER.match(text.strip())
    if not match:
        raise PressmonError(f"Invalid quarter {text!r}: expected the form YYYYQn, e.g. 2026Q3.")
    year, quarter = int(match[1]), int(match[2])
    start = datetime(year, 3 * quarter - 2, 1, tzinfo=local_zone())
    end = datetime(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1, tzinfo=local_zone())
    return Period(f"{year}Q{quarter}", start, end)


def parse_year(text: str) -> Period:
    """``2025`` → that calendar year in Vietnam time; a clear error for anything else."""
    match = _YEAR.match(text.strip())
    if not match or not 1990 <= int(match[1]) <= 2100:
        raise PressmonError(f"Invalid year {text!r}: expected the form YYYY, e.g. 2025.")
    year = int(match[1])
    return Period(
        str(year),
        datetime(year, 1, 1, tzinfo=local_zone()),
        datetime(year + 1, 1, 1, tzinfo=local_zone()),
        "year",
    )


def quarter_of(moment: datetime) -> Period:
    """The quarter ``moment`` falls in, in Vietnam time."""
    local = moment.astimezone(local_zone())
    return parse_quarter(f"{local.year}Q{(local.month - 1) // 3 + 1}")


def period_from_label(label: str) -> Period:
    """The period a stored label (``2026Q3`` or ``2025``) names."""
    return parse_year(label) if _YEAR.match(label) else parse_quarter(label)
