"""Control characters from an import (NUL, U+001F, ESC) never reach stored text, the XLSX report or the
Search page; a dashboard page that fails anyway shows a Vietnamese sentence, never a traceback."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import streamlit as st

import dashboard.ui.cached
from dashboard import texts
from pressmon.jobs.dashboard import streamlit_command
from tests.support.cli import CliRun, make_cli
from tests.support.dashboard import PASSWORD, signed_in
from tests.support.files import write_jsonl

TITLE = "An Lão: uỷ ban xã hoà giải tranh chấp đất đai kéo dài"
ITEMS = [
    {
        "url": "https://baohaiphong.example/an-lao-hoa-giai-200001.html",
        "source": "baohaiphong",
        "title": "An Lão:\x00 uỷ ban xã hoà giải\x1f tranh chấp đất đai kéo dài",
        "summary": "Người dân xã An Lão, Hải Phòng\x1b phản ánh tranh chấp đất đai kéo dài nhiều năm.",
        "body": "Uỷ ban nhân dân xã An Lão đã tổ chức đối thoại.\x00\nHai bên thống nhất cách làm.\x1f",
        "published": "2026-08-10T08:00:00+07:00",
    },
    {
        "url": "https://baohaiphong.example/xe-buyt-200002.html",
        "source": "baohaiphong",
        "title": "\x1fHải Phòng mở thêm tuyến xe buýt\x00",
        "summary": "Tuyến mới nối trung tâm với sân bay Cát Bi.",
        "body": "",
        "published": "2026-08-11T08:00:00+07:00",
    },
]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One imported and processed database for the module (the CLI costs seconds per call)."""
    tmp_path = tmp_path_factory.mktemp("controls")
    cli, db_url = make_cli(tmp_path), f"sqlite:///{tmp_path / 'pressmon.db'}"
    items = write_jsonl(tmp_path / "dieu-khien.jsonl", ITEMS)
    for args in (("init",), ("import", str(items)), ("process",)):
        result = cli("--db", db_url, *args)
        assert result.returncode == 0, result.stdout + result.stderr
    added = cli(
        "--db", db_url, "users", "add", "ana", "--role", "analyst", "--password-stdin", stdin=PASSWORD
    )
    assert added.returncode == 0, added.stderr
    return db_url


def test_the_xlsx_report_is_written_and_holds_the_clean_title(
    cli: CliRun, loaded: str, tmp_path: Path
) -> None:
    out = tmp_path / "bao-cao.xlsx"
    result = cli("--db", loaded, "report", "--quarter", "2026Q3", "--format", "xlsx", "--output", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    cells = [
        str(cell.value)
        for sheet in openpyxl.load_workbook(out).worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    assert TITLE in cells
    assert not [c for c in cells if any(ord(ch) < 32 and ch not in "\t\n" for ch in c)]


def test_the_search_page_shows_the_titles(monkeypatch: pytest.MonkeyPatch, loaded: str) -> None:
    at = signed_in(monkeypatch, loaded, "ana").switch_page("app_pages/search.py").run()
    at.text_input(key="s_text").input("uy ban hoa giai").run()
    assert not at.exception
    assert list(at.dataframe[0].value["Tiêu đề"]) == [TITLE]
    at.text_input(key="s_text").input("xe buyt").run()
    assert not at.exception
    assert list(at.dataframe[0].value["Tiêu đề"]) == ["Hải Phòng mở thêm tuyến xe buýt"]


def test_a_failing_page_says_so_in_vietnamese_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, loaded: str
) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("/srv/pressmon/secret.py: SELECT * FROM articles")

    monkeypatch.setattr(dashboard.ui.cached, "search", broken)
    st.cache_data.clear()
    at = signed_in(monkeypatch, loaded, "ana").switch_page("app_pages/search.py").run()
    assert not at.exception
    assert [e.value for e in at.error] == [texts.PAGE_FAILED]
    shown = " ".join(str(e.value) for e in (*at.markdown, *at.caption, *at.error))
    assert "secret" not in shown and "SELECT" not in shown


def test_pressmon_dashboard_hides_error_details() -> None:
    command = streamlit_command(8501, "127.0.0.1")
    assert command[command.index("--client.showErrorDetails") + 1] == "none"
