"""The Streamlit app run by its own test harness (AppTest) on an empty and a populated database."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pipeline.db import make_engine
from pipeline.migrate import upgrade
from tests.conftest import FIXTURES, CliRun

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "streamlit_app.py")


def _app(monkeypatch: pytest.MonkeyPatch, db_url: str) -> AppTest:
    monkeypatch.setenv("PRESSMON_DATABASE_URL", db_url)
    return AppTest.from_file(APP, default_timeout=60).run()


def test_without_a_database_the_analyst_is_told_what_to_do(
    monkeypatch: pytest.MonkeyPatch, db_url: str
) -> None:
    at = _app(monkeypatch, db_url)
    assert not at.exception
    assert "pressmon init" in at.warning[0].value


def test_empty_database_shows_no_articles(monkeypatch: pytest.MonkeyPatch, db_url: str) -> None:
    upgrade(make_engine(db_url))
    at = _app(monkeypatch, db_url)
    assert not at.exception
    assert at.info[0].value.startswith("Chưa có bài viết")


def test_populated_database_lists_and_filters(
    monkeypatch: pytest.MonkeyPatch, cli: CliRun, db_url: str
) -> None:
    for args in (("init",), ("import", str(FIXTURES / "items.jsonl")), ("process",)):
        assert cli("--db", db_url, *args).returncode == 0
    at = _app(monkeypatch, db_url)
    assert not at.exception
    assert at.caption[0].value == "6 / 6 bài viết"
    at.selectbox(key="scope").select("An Lão").run()
    assert at.caption[0].value == "1 / 1 bài viết"
    at.selectbox(key="scope").select("Tất cả").run()
    at.text_input(key="search").input("cat ba").run()
    assert at.caption[0].value == "1 / 1 bài viết"
    assert "Cát Bà" in at.dataframe[0].value.iloc[0]["Tiêu đề"]
    at.text_input(key="search").input("").run()
    at.checkbox(key="flagged").check().run()
    assert all(at.dataframe[0].value["Cần rà soát"])
