"""The one frozen clock of the tests: the office's zone (Vietnam) and the fixed "now" values tests
and fixtures reason from, so that no test depends on the day it runs."""

from __future__ import annotations

from datetime import UTC, datetime

from pipeline.clock import DEFAULT_ZONE, zone_named

VIETNAM = zone_named(DEFAULT_ZONE)

# The unit tests' "now": Wednesday 14 October 2026, 10:00 in Vietnam (03:00 UTC).
FROZEN_NOW = datetime(2026, 10, 14, 10, 0, tzinfo=VIETNAM)
# A crawl time: Thursday 26 November 2026, 10:00 in Vietnam (03:00 UTC).
CRAWL_NOW = datetime(2026, 11, 26, 10, 0, tzinfo=VIETNAM)
# The demo site's crawl: 20 November 2026, 12:00 in Vietnam, after its last article.
DEMO_CRAWL_NOW = datetime(2026, 11, 20, 12, 0, tzinfo=VIETNAM)
# A quarterly report of 2026Q2 frozen two days after the quarter, and a later run of it.
REPORT_NOW = datetime(2026, 7, 2, 3, 0, tzinfo=UTC)
REPORT_LATER = datetime(2026, 7, 20, 3, 0, tzinfo=UTC)
# The first of a series of sign-in attempts (14 October 2026, 08:00 in Vietnam).
SIGN_IN_NOW = datetime(2026, 10, 14, 1, 0, tzinfo=UTC)


def vietnam_now() -> datetime:
    """The real time in Vietnam to the minute, for servers whose pages must look fresh to a crawler."""
    return datetime.now(VIETNAM).replace(second=0, microsecond=0)
