"""pipeline.clock: IANA zones by name, the office's zone (Vietnam's unless set), and times shown in it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from pipeline.clock import (
    DEFAULT_ZONE,
    iso_local,
    iso_page,
    local_zone,
    offset_minutes,
    set_local_zone,
    utcnow,
    zone_named,
)
from pipeline.errors import PressmonError
from tests.support.clock import FROZEN_NOW, VIETNAM


@pytest.fixture
def restore_zone() -> Iterator[None]:
    """Put Vietnam's zone back after a test that sets another one."""
    yield
    set_local_zone(DEFAULT_ZONE)


def test_zones_are_found_by_their_iana_name() -> None:
    assert zone_named("Asia/Ho_Chi_Minh") == ZoneInfo("Asia/Ho_Chi_Minh") == VIETNAM
    assert zone_named("UTC").utcoffset(FROZEN_NOW.replace(tzinfo=None)) == timedelta(0)


@pytest.mark.parametrize("name", ["Asia/Hai_Phong", "", "../etc/passwd", "GMT+7 "])
def test_an_unknown_zone_is_refused_in_one_sentence(name: str) -> None:
    message = f"Unknown time zone {name!r}; use an IANA name such as Asia/Ho_Chi_Minh."
    with pytest.raises(PressmonError, match=re.escape(message)):
        zone_named(name)


def test_the_office_zone_is_vietnam_s_until_set(restore_zone: None) -> None:
    assert local_zone() == VIETNAM and DEFAULT_ZONE == "Asia/Ho_Chi_Minh"
    set_local_zone("Europe/Paris")
    assert local_zone() == ZoneInfo("Europe/Paris")
    with pytest.raises(PressmonError):
        set_local_zone("Europe/Hai_Phong")
    assert local_zone() == ZoneInfo("Europe/Paris")  # a refused name changes nothing


def test_times_are_shown_in_the_office_zone_with_its_offset(restore_zone: None) -> None:
    late_utc = datetime(2026, 9, 30, 20, 30, tzinfo=UTC)
    assert iso_local(late_utc) == "2026-10-01T03:30:00+07:00"
    assert iso_local(None) == ""
    set_local_zone("UTC")
    assert iso_local(late_utc) == "2026-09-30T20:30:00+00:00"
    assert iso_local(FROZEN_NOW) == "2026-10-14T03:00:00+00:00"


def test_now_is_aware_and_in_utc() -> None:
    before = datetime.now(UTC)
    now = utcnow()
    assert now.tzinfo is UTC and before <= now <= datetime.now(UTC)


def test_a_pages_offset_is_kept_in_minutes_and_shown_on_its_own_clock() -> None:
    nepal = datetime(2026, 9, 30, 23, 45, tzinfo=timezone(timedelta(hours=5, minutes=45)))
    assert offset_minutes(nepal) == 345
    assert offset_minutes(datetime(2026, 9, 30, 22, 30, tzinfo=timezone(timedelta(hours=-5)))) == -300
    assert offset_minutes(FROZEN_NOW) == 420
    assert offset_minutes(datetime(2026, 9, 30, 22, 30)) is None
    assert offset_minutes(None) is None
    stored = nepal.astimezone(UTC)  # what the database gives back
    assert iso_page(stored, 345) == "2026-09-30T23:45:00+05:45"
    assert iso_page(stored, None) == "" and iso_page(None, 345) == ""
