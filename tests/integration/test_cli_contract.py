"""The command-line contract of DESIGN.md, run as real subprocesses on a temporary SQLite file."""

from __future__ import annotations

import csv
import json
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from pipeline.settings import DATA_DIR
from pipeline.taxonomy import REASONS, SCOPES, TONES, load_taxonomy
from tests.support.cli import CliRun
from tests.support.files import write_jsonl
from tests.support.paths import FIXTURES

ITEMS = FIXTURES / "items.jsonl"
TOPICS = set(load_taxonomy(DATA_DIR / "taxonomy.yaml").topics)


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _count(db_url: str, table: str) -> int:
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.fixture
def loaded_db(cli: CliRun, db_url: str) -> str:
    for args in (("init",), ("import", str(ITEMS)), ("process",)):
        result = cli("--db", db_url, *args)
        assert result.returncode == 0, result.stderr
    return db_url


def _assert_assessment(record: dict) -> None:
    assert record["scope"] in SCOPES
    assert set(record["topics"]) <= TOPICS and len(record["topics"]) <= 3
    assert record["tone"] in TONES
    assert isinstance(record["needs_response"], bool)
    assert 0.0 <= record["flag_score"] <= 1.0
    assert set(record["reasons"]) <= set(REASONS)
    assert bool(record["reasons"]) == record["needs_response"]
    assert isinstance(record["places"], list)


def test_init_import_process_export_round_trips_every_item(
    cli: CliRun, loaded_db: str, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    result = cli("--db", loaded_db, "export", "--format", "jsonl", "--output", str(out))
    assert result.returncode == 0, result.stderr
    exported = {r["title"]: r for r in _lines(out)}
    for item in _lines(ITEMS):
        record = exported[item["title"]]
        assert record["summary"] == item["summary"] and record["source"] == item["source"]
        if item["published"]:
            assert datetime.fromisoformat(record["published"]) == datetime.fromisoformat(item["published"])
            assert record["published"].endswith("+07:00")
        _assert_assessment(record)
    assert len(exported) == len(_lines(ITEMS))


def test_export_strips_tracking_and_keeps_given_ids(cli: CliRun, loaded_db: str, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    cli("--db", loaded_db, "export", "--output", str(out))
    records = _lines(out)
    assert any(r["id"] == "clip-0005" for r in records)
    bridge = next(r for r in records if r["title"].startswith("Hải Phòng khánh thành"))
    assert len(bridge["id"]) == 32
    assert bridge["scope"] == "hai-phong"


def test_processing_decides_scope_and_flag(cli: CliRun, loaded_db: str, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    cli("--db", loaded_db, "export", "--output", str(out))
    by_title = {r["title"]: r for r in _lines(out)}
    complaint = by_title["Người dân An Lão bức xúc vì chậm bồi thường giải phóng mặt bằng"]
    assert complaint["scope"] == "an-lao"
    assert complaint["needs_response"] and "complaint" in complaint["reasons"]
    assert complaint["review_status"] == "new"
    assert by_title["Huyện An Lão, Gia Lai đẩy mạnh trồng rừng gỗ lớn"]["scope"] == "other"
    assert by_title["Giá vàng hôm nay tăng nhẹ"]["scope"] == "other"


def test_repeating_import_and_process_changes_nothing(cli: CliRun, loaded_db: str) -> None:
    before = {t: _count(loaded_db, t) for t in ("articles", "assessments", "reviews", "audit_log")}
    again = cli("--db", loaded_db, "import", str(ITEMS))
    assert "0 new, 0 updated, 6 unchanged" in again.stdout
    assert "Processed 0 articles" in cli("--db", loaded_db, "process").stdout
    assert {t: _count(loaded_db, t) for t in before} == before


def test_process_all_reassesses_without_duplicating_reviews(cli: CliRun, loaded_db: str) -> None:
    reviews = _count(loaded_db, "reviews")
    result = cli("--db", loaded_db, "process", "--all")
    assert "Processed 6 articles" in result.stdout
    assert _count(loaded_db, "reviews") == reviews
    with sqlite3.connect(loaded_db.removeprefix("sqlite:///")) as conn:
        current = conn.execute("SELECT count(*) FROM assessments WHERE is_current").fetchone()[0]
    assert current == 6


def test_csv_export_has_the_contract_columns(cli: CliRun, loaded_db: str, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    assert cli("--db", loaded_db, "export", "--format", "csv", "--output", str(out)).returncode == 0
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 6
    assert {"id", "published", "fetched", "story_id", "scope", "flag_score", "review_status"} <= set(rows[0])


def test_export_period_filter(cli: CliRun, loaded_db: str, tmp_path: Path) -> None:
    out = tmp_path / "sep.jsonl"
    cli("--db", loaded_db, "export", "--since", "2026-09-01", "--until", "2026-10-01", "--output", str(out))
    assert sorted(r["published"][:10] for r in _lines(out)) == ["2026-09-02", "2026-09-03"]


def test_tag_labels_each_line_in_order_without_a_database(cli: CliRun, tmp_path: Path) -> None:
    out = tmp_path / "labels.jsonl"
    result = cli("tag", "--input", str(ITEMS), "--output", str(out))
    assert result.returncode == 0, result.stderr
    labels = _lines(out)
    assert len(labels) == len(_lines(ITEMS))
    assert labels[4]["id"] == "clip-0005"
    for record in labels:
        assert set(record) == {
            "id",
            "scope",
            "places",
            "topics",
            "tone",
            "needs_response",
            "flag_score",
            "reasons",
        }
        _assert_assessment(record)
    assert not (tmp_path / "var").exists()


def test_tag_keeps_the_order_across_chunks(cli: CliRun, tmp_path: Path) -> None:
    # More items than one chunk of the progress loop (200), alternating about and not about the city.
    rows = [
        {
            "id": f"item-{i:04d}",
            "title": f"Hải Phòng khánh thành cầu số {i}" if i % 2 else f"Đà Lạt đón đoàn khách số {i}",
            "summary": "Tin ngắn.",
            "body": "",
        }
        for i in range(450)
    ]
    source = tmp_path / "many.jsonl"
    write_jsonl(source, rows)
    out = tmp_path / "labels.jsonl"
    result = cli("tag", "--input", str(source), "--output", str(out))
    assert result.returncode == 0, result.stderr
    labels = _lines(out)
    assert [r["id"] for r in labels] == [r["id"] for r in rows]
    assert all((r["scope"] == "other") == (i % 2 == 0) for i, r in enumerate(labels))


def test_report_markdown_counts_the_quarter(cli: CliRun, loaded_db: str, tmp_path: Path) -> None:
    out = tmp_path / "q3.md"
    result = cli("--db", loaded_db, "report", "--quarter", "2026Q3", "--output", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "Kỳ báo cáo: quý III năm 2026" in text and "Quý 3/2026" not in text  # one name for the period
    assert "| Tổng số tin thu thập | 3 |" in text
    assert "Người dân An Lão bức xúc" in text


def test_report_of_a_future_quarter_says_so(cli: CliRun, loaded_db: str, tmp_path: Path) -> None:
    out = tmp_path / "future.md"
    result = cli("--db", loaded_db, "report", "--quarter", "2031Q1", "--output", str(out))
    assert result.returncode == 0
    assert "No articles published in 2031Q1" in result.stderr
    assert "chưa bắt đầu" in out.read_text(encoding="utf-8")


def test_users_add_and_list(cli: CliRun, loaded_db: str) -> None:
    added = cli(
        "--db",
        loaded_db,
        "users",
        "add",
        "lan",
        "--role",
        "analyst",
        "--password-stdin",
        stdin="mat-khau-du-dai\n",
    )
    assert added.returncode == 0, added.stderr
    listed = cli("--db", loaded_db, "users", "list")
    assert ["lan", "analyst", "active"] in [
        line.replace("│", " ").split() for line in listed.stdout.splitlines()
    ]
    with sqlite3.connect(loaded_db.removeprefix("sqlite:///")) as conn:
        stored = conn.execute("SELECT password_hash FROM users WHERE name='lan'").fetchone()[0]
    assert stored.startswith("$argon2id$") and "mat-khau" not in stored
    again = cli(
        "--db", loaded_db, "users", "add", "lan", "--role", "analyst", "--password-stdin", stdin="x" * 12
    )
    assert again.returncode == 2 and "already exists" in again.stderr
