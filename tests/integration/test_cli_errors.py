"""Bad input ends with one clear message and a non-zero exit, never a traceback or half-written data."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.support.cli import CliRun
from tests.support.paths import FIXTURES


def _assert_clean_failure(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    for fragment in fragments:
        assert fragment in result.stderr


def _articles(db_url: str) -> int:
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]


@pytest.fixture
def initialised(cli: CliRun, db_url: str) -> str:
    assert cli("--db", db_url, "init").returncode == 0
    return db_url


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            '{"url": "https://a.vn/1.html", "title": "Một"}\n{"url": "https://a.vn/2.html", "title": \n',
            "bad.jsonl:2: not valid JSON",
        ),
        (
            '{"url": "https://a.vn/1.html", "title": "Một"}\n{"url": "https://a.vn/2.html", "title": 5}\n',
            "bad.jsonl:2: field 'title'",
        ),
        (
            '{"url": "https://a.vn/1.html"}\n{"title": "no url"}\n',
            "bad.jsonl:2: an item needs a 'url' or an 'id'",
        ),
        ('{"url": "https://a.vn/1.html", "published": "hôm qua"}\n', "bad.jsonl:1: 'published'"),
        ("[1, 2]\n", "bad.jsonl:1: expected a JSON object"),
        (
            '{"url": "https://a.vn/1.html"}\n{"url": "https://a.vn/2.html", "x": '
            + "[" * 100_000
            + "]" * 100_000
            + "}\n",
            "bad.jsonl:2: JSON nested too deeply to be an item.",
        ),
    ],
)
def test_import_of_a_bad_line_names_it_and_writes_nothing(
    cli: CliRun, initialised: str, tmp_path: Path, content: str, expected: str
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(content, encoding="utf-8")
    _assert_clean_failure(cli("--db", initialised, "import", str(bad)), expected)
    assert _articles(initialised) == 0


def test_import_in_a_legacy_encoding_names_the_line(cli: CliRun, initialised: str, tmp_path: Path) -> None:
    bad = tmp_path / "legacy.jsonl"
    bad.write_bytes(
        b'{"url": "https://a.vn/1.html", "title": "ok"}\n'
        + '{"url": "https://a.vn/2.html", "title": "Caf\u00e9"}\n'.encode("cp1258")
    )
    _assert_clean_failure(cli("--db", initialised, "import", str(bad)), "legacy.jsonl:2: not UTF-8")
    assert _articles(initialised) == 0


def test_import_accepts_utf16_with_bom(cli: CliRun, initialised: str, tmp_path: Path) -> None:
    good = tmp_path / "utf16.jsonl"
    good.write_bytes(b"\xff\xfe" + (FIXTURES / "items.jsonl").read_text(encoding="utf-8").encode("utf-16-le"))
    result = cli("--db", initialised, "import", str(good))
    assert result.returncode == 0, result.stderr
    assert _articles(initialised) == 6


def test_missing_database_says_how_to_create_it(cli: CliRun, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nowhere.db'}"
    _assert_clean_failure(cli("--db", url, "process"), "does not exist", f"pressmon --db {url} init")
    assert not (tmp_path / "nowhere.db").exists()


def test_missing_registry_says_which(cli: CliRun, db_url: str, tmp_path: Path) -> None:
    missing = tmp_path / "none.yaml"
    _assert_clean_failure(
        cli("--db", db_url, "--sources", str(missing), "init"),
        str(missing),
        "does not exist",
        "--sources FILE",
    )


def test_unknown_setting_in_environment_is_an_error(cli: CliRun, db_url: str) -> None:
    result = cli("--db", db_url, "init", env={"PRESSMON_DATABSE_URL": "sqlite:///x.db"})
    _assert_clean_failure(result, "PRESSMON_DATABSE_URL")


def test_invalid_quarter_gives_the_expected_form(cli: CliRun, initialised: str) -> None:
    _assert_clean_failure(cli("--db", initialised, "report", "--quarter", "2026-3"), "YYYYQn")


def test_missing_import_file(cli: CliRun, initialised: str, tmp_path: Path) -> None:
    _assert_clean_failure(cli("--db", initialised, "import", str(tmp_path / "x.jsonl")), "does not exist")


def test_short_password_is_refused(cli: CliRun, initialised: str) -> None:
    result = cli(
        "--db", initialised, "users", "add", "an", "--role", "viewer", "--password-stdin", stdin="short\n"
    )
    _assert_clean_failure(result, "at least 10 characters")
