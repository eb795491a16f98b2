"""The clock and the office's time zone: UTC for what is stored, the local zone for days, periods and
what people read.

The zone is the ``timezone`` setting (Vietnam's by default). An entry point sets it once, after reading
the settings (:func:`set_local_zone`); everything that needs a local day, a report period or a time
shown to analysts asks :func:`local_zone` at the moment it needs it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pipeline.errors import PressmonError

DEFAULT_ZONE = "Asia/Ho_Chi_Minh"

_zone = ZoneInfo(DEFAULT_ZONE)


def zone_named(name: str) -> ZoneInfo:
    """The IANA time zone ``name`` ("Asia/Ho_Chi_Minh"); a clear error for an unknown one."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise PressmonError(f"Unknown time zone {name!r}; use an IANA name such as {DEFAULT_ZONE}.") from exc


def set_local_zone(name: str) -> None:
    """Use the zone ``name`` for local days, periods and display from now on (in this process)."""
    global _zone
    _zone = zone_named(name)


def local_zone() -> ZoneInfo:
    """The office's time zone."""
    return _zone


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def iso_local(value: datetime | None) -> str:
    """ISO-8601 in the office's zone, with its offset ("+07:00" in Vietnam); '' for None."""
    return value.astimezone(_zone).isoformat() if value else ""


def offset_minutes(value: datetime | None) -> int | None:
    """The UTC offset ``value`` was given with, in minutes (+420 for +07:00); None without one."""
    offset = value.utcoffset() if value is not None else None
    return None if offset is None else int(offset.total_seconds() // 60)


def in_page_zone(value: datetime | None, offset: int | None) -> datetime | None:
    """``value`` on the page's own clock (its stored offset in minutes); None when either is unknown."""
    if value is None or offset is None:
        return None
    return value.astimezone(timezone(timedelta(minutes=offset)))


def iso_page(value: datetime | None, offset: int | None) -> str:
    """ISO-8601 on the page's own clock, with its offset ("2026-10-01T09:30:00+08:00"); '' when unknown."""
    moment = in_page_zone(value, offset)
    return moment.isoformat() if moment else ""
