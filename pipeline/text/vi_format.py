"""Numbers, shares, dates and yes/no as Vietnamese readers write them: "1.120", "0,83", "99,8 %",
"03/12/2026 14:30" (the office's time zone), "Có"/"Không".

The one owner of these formats: the dashboard's pages and downloads and the report use them, so a
figure reads the same wherever it is shown. Empty or missing values become ``EMPTY``.
"""

from __future__ import annotations

import math
from datetime import datetime

from pipeline.clock import local_zone

EMPTY = "—"
YES, NO = "Có", "Không"


def _missing(value: object) -> bool:
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def _swap(text: str) -> str:
    """English separators ("1,120.5") to Vietnamese ones ("1.120,5")."""
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def vi_number(value: float | int | None, digits: int = 0) -> str:
    """``1120`` → "1.120"; ``0.8312, 2`` → "0,83"."""
    if _missing(value):
        return EMPTY
    assert value is not None
    return _swap(f"{value:,.{digits}f}")


def vi_signed(value: float | None, digits: int = 3) -> str:
    """A change: ``0.034`` → "+0,034", ``-0.01`` → "-0,010"; a change that rounds to nothing has no sign."""
    if _missing(value):
        return EMPTY
    text = vi_number(value, digits)
    if text.lstrip("-") == vi_number(0.0, digits):
        return text.lstrip("-")
    return text if text.startswith("-") else f"+{text}"


def vi_percent(share: float | None, digits: int = 1, signed: bool = False) -> str:
    """A share (0-1) as a percentage: ``0.998`` → "99,8 %"; ``signed``: "+12,5 %"."""
    if _missing(share):
        return EMPTY
    assert share is not None
    sign = "+" if signed else ""
    # A no-break space keeps the number and its sign together on one line.
    return _swap(f"{share * 100:{sign},.{digits}f}") + "\u00a0%"


def parse_moment(value: datetime | str | None) -> datetime | None:
    """A datetime from a datetime or ISO-8601 text; None when missing or unreadable."""
    if _missing(value):
        return None
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return value


def vi_datetime(value: datetime | str | None) -> str:
    """A moment (aware datetime or ISO-8601 text) as "03/12/2026 14:30" in the office's time zone."""
    moment = parse_moment(value)
    if moment is None:
        return EMPTY
    if moment.tzinfo is not None:
        moment = moment.astimezone(local_zone())
    return moment.strftime("%d/%m/%Y %H:%M")


def vi_page_time(value: datetime | str | None) -> str:
    """A moment on its own clock, with its offset: "01/10/2026 09:30 (UTC+08:00)" ("—" without one)."""
    moment = parse_moment(value)
    offset = moment.utcoffset() if moment is not None else None
    if moment is None or offset is None:
        return EMPTY
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{moment.strftime('%d/%m/%Y %H:%M')} (UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d})"


def vi_date(value: datetime | str | None) -> str:
    """A day (aware datetime or ISO-8601 text) as "03/12/2026" in the office's time zone."""
    shown = vi_datetime(value)
    return shown[:10] if shown != EMPTY else EMPTY


def vi_bool(value: object) -> str:
    """``True`` → "Có", ``False`` → "Không" (missing: "—")."""
    return EMPTY if _missing(value) else (YES if bool(value) else NO)
