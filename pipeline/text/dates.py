"""Publication dates as Vietnamese outlets write them, turned into timezone-aware datetimes.

Handles ISO-8601 and RFC-822 (metadata and feeds), numeric Vietnamese dates with or without weekday,
time and "(GMT+7)" ("Thứ Hai, 12/5/2025, 14:30 (GMT+7)", "22/10/2025 19:25"), long forms
("ngày 22 tháng 10 năm 2025"), relative ones ("2 giờ trước", "Hôm qua") against a given clock, and the
feed dates outlets really serve: RFC-822 with two-digit years ("23 Aug 26") or "+07"/"+07:00" offsets,
and US month-first 12-hour times ("8/23/2026 5:20:00\u202fAM", Tuổi Trẻ and Báo Chính phủ).

The ``read_*`` functions return a naive datetime when the text gives no offset, so the caller decides
which zone to assume (the source's, from the registry) and can say it assumed one; the ``parse_*``
functions assume the office's zone (:func:`pipeline.clock.local_zone`).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime

from pipeline.clock import local_zone
from pipeline.text.normalise import fold

_TIME = r"(?P<hour>\d{1,2})\s*(?::|h|giờ)\s*(?P<minute>\d{1,2})?(?::(?P<second>\d{2}))?"
_NUMERIC = re.compile(r"(?P<day>\d{1,2})\s*[/.-]\s*(?P<month>\d{1,2})\s*[/.-]\s*(?P<year>\d{4})")
_LONG = re.compile(r"ngay\s+(?P<day>\d{1,2})\s+thang\s+(?P<month>\d{1,2})\s*(?:,?\s*nam\s+(?P<year>\d{4}))?")
_TIME_RE = re.compile(_TIME.replace("giờ", "gio"))
_RELATIVE = re.compile(r"(?P<n>\d+)\s*(?P<unit>giay|phut|gio|ngay|tuan|thang)\s*truoc")
_UNITS = {"giay": "seconds", "phut": "minutes", "gio": "hours", "ngay": "days", "tuan": "weeks"}
_OFFSET = re.compile(r"gmt\s*(?P<sign>[+-])\s*(?P<hours>\d{1,2})")
# "+07", "+07:00" and "+0700" at the end of an RFC-822 date; email.utils reads "+07" as 7 minutes
# and drops "+07:00" altogether.
_RFC_OFFSET = re.compile(r"\s(?P<sign>[+-])(?P<hours>\d{2}):?(?P<minutes>\d{2})?$")
_US_12H = re.compile(
    r"^(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2}))?\s*(?P<half>[AaPp][Mm])$"
)
_WIDE_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")


def assume_zone(value: datetime | None, zone: tzinfo | None = None) -> datetime | None:
    """``value`` as is when it has an offset, else in ``zone`` (the office's zone when None)."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=zone or local_zone())


def read_iso(value: str) -> datetime | None:
    """ISO-8601 (date or date-time); naive when it has no offset."""
    value = value.strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def read_rfc822(value: str) -> datetime | None:
    """An RFC-822 date ("Tue, 14 Oct 2026 08:30:00 +0700", "Sun, 23 Aug 26 05:30:00 +07"); naive
    when it has no zone."""
    text = _RFC_OFFSET.sub(lambda m: f" {m['sign']}{m['hours']}{m['minutes'] or '00'}", value.strip())
    try:
        return parsedate_to_datetime(text)  # naive for "-0000" and no zone (RFC 5322: zone unknown)
    except (TypeError, ValueError, IndexError):
        return None


def read_us_12h(value: str) -> datetime | None:
    """A month-first 12-hour date ("8/23/2026 5:20:00 AM", any space before AM/PM); naive."""
    match = _US_12H.match(_WIDE_SPACES.sub(" ", value).strip())
    if not match or not 1 <= int(match["hour"]) <= 12:
        return None
    hour = int(match["hour"]) % 12 + (12 if match["half"].lower() == "pm" else 0)
    try:
        return datetime(
            int(match["year"]),
            int(match["month"]),
            int(match["day"]),
            hour,
            int(match["minute"]),
            int(match["second"] or 0),
        )
    except ValueError:
        return None


def read_feed_date(value: str) -> datetime | None:
    """A feed entry's date as feedparser kept it (``entry.published``), in any form outlets serve;
    naive when the feed gives no zone (Tuổi Trẻ and Báo Chính phủ write Vietnam time without one)."""
    if not value or not value.strip():
        return None
    return read_rfc822(value) or read_iso(value) or read_us_12h(value)


def parse_iso(value: str) -> datetime | None:
    """Parse ISO-8601 (date or date-time); a missing offset means the office's zone."""
    return assume_zone(read_iso(value))


def parse_feed_date(value: str) -> datetime | None:
    """:func:`read_feed_date`, a missing zone meaning the office's zone."""
    return assume_zone(read_feed_date(value))


def _time_after(text: str, start: int) -> tuple[int, int, int] | None:
    """The time of day written shortly after ``start``, or None when there is none."""
    match = _TIME_RE.search(text, start)
    if not match or match.start() - start > 16:
        return None
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    second = int(match["second"] or 0)
    if hour > 23 or minute > 59:
        return None
    return hour, minute, second


def _tz_of(text: str) -> tzinfo | None:
    match = _OFFSET.search(text)
    if not match:
        return None
    hours = int(match["hours"]) * (1 if match["sign"] == "+" else -1)
    return timezone(timedelta(hours=hours))


def _absolute(text: str) -> datetime | None:
    match = _NUMERIC.search(text) or _LONG.search(text)
    if not match or not match["year"]:
        return None
    hour, minute, second = _time_after(text, match.end()) or (0, 0, 0)
    try:
        return datetime(
            int(match["year"]),
            int(match["month"]),
            int(match["day"]),
            hour,
            minute,
            second,
            tzinfo=_tz_of(text),
        )
    except ValueError:
        return None


def _relative(text: str, now: datetime) -> datetime | None:
    match = _RELATIVE.search(text)
    if match:
        unit, n = match["unit"], int(match["n"])
        delta = timedelta(days=30 * n) if unit == "thang" else timedelta(**{_UNITS[unit]: n})
        return (now - delta).astimezone(local_zone())
    for word, days in (("hom qua", 1), ("hom nay", 0)):
        if word in text:
            day = (now.astimezone(local_zone()) - timedelta(days=days)).replace(second=0, microsecond=0)
            clock = _time_after(text, text.index(word) + len(word))
            return day.replace(hour=clock[0], minute=clock[1]) if clock else day
    return None


def read_vietnamese_date(text: str, now: datetime | None = None) -> datetime | None:
    """The first date in ``text``, or None; naive when the text gives no offset.

    Args:
        text: a visible or metadata date string, e.g. "Thứ tư, 22/10/2025, 19:25 (GMT+7)".
        now: the crawl time that relative dates ("2 giờ trước") count back from.
    """
    if not text or not text.strip():
        return None
    # Not read_us_12h: on a Vietnamese page "05/10/2026 3:42 PM" is day first.
    parsed = read_iso(text) or read_rfc822(text)
    if parsed:
        return parsed
    folded = fold(text)
    found = _absolute(folded)
    if found is None and now is not None:
        found = _relative(folded, now)
    return found


def parse_vietnamese_date(text: str, now: datetime | None = None) -> datetime | None:
    """:func:`read_vietnamese_date` as a timezone-aware datetime (the office's zone when none is given)."""
    return assume_zone(read_vietnamese_date(text, now))
