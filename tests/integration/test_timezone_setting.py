"""The ``timezone`` setting is honoured: the local day, the offset shown and a date given without an
offset all follow it (Vietnam's by default), through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.cli import CliRun
from tests.support.files import write_jsonl

# 20:30 UTC on 30 September is already 1 October in Vietnam (+07:00).
LATE_SEPTEMBER_UTC = "2026-09-30T20:30:00+00:00"


@pytest.fixture
def items(tmp_path: Path) -> Path:
    path = tmp_path / "items.jsonl"
    item = {
        "id": "tz-1",
        "url": "https://tinnhanh.example/hai-phong-1.html",
        "source": "tinnhanh",
        "title": "Hải Phòng khánh thành cầu mới",
        "published": LATE_SEPTEMBER_UTC,
    }
    return write_jsonl(path, [item])


def _export(cli: CliRun, db_url: str, tmp_path: Path, zone: str | None, *since: str) -> list[dict[str, str]]:
    env = {"PRESSMON_TIMEZONE": zone} if zone else {}
    out = tmp_path / f"export-{zone}.jsonl"
    result = cli("--db", db_url, "export", "--output", str(out), *since, env=env)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_the_export_shows_times_in_the_configured_zone(
    cli: CliRun, db_url: str, items: Path, tmp_path: Path
) -> None:
    assert cli("--db", db_url, "init").returncode == 0
    assert cli("--db", db_url, "import", str(items)).returncode == 0
    (vietnam,) = _export(cli, db_url, tmp_path, None)
    (utc,) = _export(cli, db_url, tmp_path, "UTC")
    assert vietnam["published"] == "2026-10-01T03:30:00+07:00"
    assert utc["published"] == "2026-09-30T20:30:00+00:00"
    # The page's own clock whatever the office's zone: the item gave UTC.
    assert vietnam["published_page"] == utc["published_page"] == LATE_SEPTEMBER_UTC


def test_a_pages_own_offset_is_kept_beside_the_office_day(cli: CliRun, db_url: str, tmp_path: Path) -> None:
    """A foreign page's evening of 30 September is 1 October in Vietnam: the export shows both clocks,
    and the office's day decides the period it is counted in."""
    item = {
        "id": "tz-2",
        "url": "https://foreign.example/port-news.html",
        "source": "tinnhanh",
        "title": "Hai Phong port welcomes a new line",
        "published": "2026-09-30T22:30:00-05:00",
    }
    path = write_jsonl(tmp_path / "foreign.jsonl", [item])
    assert cli("--db", db_url, "init").returncode == 0
    assert cli("--db", db_url, "import", str(path)).returncode == 0
    (record,) = _export(cli, db_url, tmp_path, None, "--since", "2026-10-01")
    assert record["published"] == "2026-10-01T10:30:00+07:00"
    assert record["published_page"] == "2026-09-30T22:30:00-05:00"


def test_a_date_without_offset_is_a_day_of_the_configured_zone(
    cli: CliRun, db_url: str, items: Path, tmp_path: Path
) -> None:
    assert cli("--db", db_url, "init").returncode == 0
    assert cli("--db", db_url, "import", str(items)).returncode == 0
    # 1 October starts at 17:00 UTC the day before in Vietnam, at midnight UTC in UTC.
    assert len(_export(cli, db_url, tmp_path, None, "--since", "2026-10-01")) == 1
    assert _export(cli, db_url, tmp_path, "UTC", "--since", "2026-10-01") == []


def test_an_unknown_zone_is_refused_in_one_sentence(cli: CliRun, db_url: str) -> None:
    result = cli("--db", db_url, "init", env={"PRESSMON_TIMEZONE": "Asia/Hai_Phong"})
    assert result.returncode == 2
    assert "Unknown time zone 'Asia/Hai_Phong'" in result.stderr
    assert "Traceback" not in result.stderr
