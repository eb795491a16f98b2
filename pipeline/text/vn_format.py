"""Numbers and times as Vietnamese readers write them: "1.120", "0,912", "+0,034", "99,8 %",
"03/12/2026 14:30" (in the office's time zone, :func:`pipeline.clock.local_zone`)."""

from __future__ import annotations

from datetime import datetime

from pipeline.clock import local_zone


def _swap_separators(english: str) -> str:
    """``1,234.5`` → ``1.234,5``: Vietnamese groups thousands with dots and writes a decimal comma."""
    return english.replace(",", "\0").replace(".", ",").replace("\0", ".")


def vn_int(value: int) -> str:
    """``1120`` → ``1.120``."""
    return _swap_separators(f"{value:,d}")


def vn_decimal(value: float, places: int = 3) -> str:
    """``0.9124`` → ``0,912``; thousands grouped as in :func:`vn_int`."""
    return _swap_separators(f"{value:,.{places}f}")


def vn_signed(value: float, places: int = 3) -> str:
    """A change: ``0.034`` → ``+0,034``, ``-0.01`` → ``-0,010``, a zero change → ``0,000``."""
    text = vn_decimal(value, places)
    if text.lstrip("-") == vn_decimal(0.0, places):
        return text.lstrip("-")  # a change that rounds to nothing has no sign
    return text if text.startswith("-") else f"+{text}"


def vn_percent(share: float, places: int = 1) -> str:
    """A share of one as a percentage: ``0.998`` → ``99,8 %``."""
    return f"{vn_decimal(share * 100, places)} %"


def vn_datetime(value: datetime | None) -> str:
    """``dd/mm/yyyy HH:MM`` in the office's time zone; ``—`` for no time."""
    return f"{value.astimezone(local_zone()):%d/%m/%Y %H:%M}" if value else "—"
