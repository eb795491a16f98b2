"""The Streamlit app run by its own test harness (AppTest): signed out, on empty and populated databases."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import dashboard.queries.search
from dashboard import texts
from pipeline.review.accounts import add_user
from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.migrate import upgrade
from tests.support.cli import CliRun
from tests.support.dashboard import PASSWORD, app, flagged_facts, sign_in, signed_in
from tests.support.paths import FIXTURES

PAGES = ("overview", "review_queue", "item", "search", "sources", "model_card")

# The shared fixtures, registered in this module.


def _texts(at: AppTest) -> str:
    """Everything the run wrote, as one string."""
    parts = [
        e.value
        for kind in ("title", "markdown", "caption", "info", "warning", "error", "success")
        for e in getattr(at, kind)
    ]
    return "\n".join(str(p) for p in parts)


def _fresh(db_url: str) -> None:
    eng = make_engine(db_url)
    upgrade(eng)
    with transaction(eng) as session:
        add_user(session, "ana", "analyst", PASSWORD, actor="test")


def test_without_a_database_the_analyst_is_told_what_to_do(
    monkeypatch: pytest.MonkeyPatch, db_url: str
) -> None:
    at = app(monkeypatch, db_url)
    assert not at.exception
    assert "pressmon init" in at.warning[0].value


def test_nothing_but_the_login_form_before_signing_in(monkeypatch: pytest.MonkeyPatch, demo_db: str) -> None:
    at = app(monkeypatch, demo_db)
    assert not at.exception
    assert [t.value for t in at.title] == [texts.LOGIN_TITLE]
    assert not at.dataframe and not at.metric
    for page in PAGES:  # a direct page switch is still stopped by the gate in the entry script
        at.switch_page(f"app_pages/{page}.py").run()
        assert [t.value for t in at.title] == [texts.LOGIN_TITLE] and not at.dataframe


def test_a_wrong_password_is_refused_and_repeated_failures_lock(
    monkeypatch: pytest.MonkeyPatch, demo_db: str
) -> None:
    at = sign_in(app(monkeypatch, demo_db), "ana", "sai-mat-khau")
    assert at.error[0].value == texts.LOGIN_INVALID and "identity" not in at.session_state
    for _ in range(5):
        sign_in(at, "ana", "sai-mat-khau")
    sign_in(at, "ana", PASSWORD)
    assert at.error[0].value == texts.LOGIN_LOCKED and "identity" not in at.session_state


def test_without_accounts_the_admin_is_told_how_to_create_one(
    monkeypatch: pytest.MonkeyPatch, db_url: str
) -> None:
    upgrade(make_engine(db_url))
    at = app(monkeypatch, db_url)
    assert "pressmon users add" in at.warning[0].value


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_an_empty_database(
    monkeypatch: pytest.MonkeyPatch, db_url: str, page: str
) -> None:
    _fresh(db_url)
    at = signed_in(monkeypatch, db_url, "ana").switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, at.exception
    assert at.info or at.caption, f"{page} says nothing on an empty database"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_the_demo_database(
    monkeypatch: pytest.MonkeyPatch, demo_db: str, page: str
) -> None:
    at = signed_in(monkeypatch, demo_db, "boss").switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, at.exception
    assert at.dataframe or at.metric or at.markdown


def test_overview_shows_the_figures_of_the_demo(monkeypatch: pytest.MonkeyPatch, demo_db: str) -> None:
    at = signed_in(monkeypatch, demo_db, "ana")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[texts.METRIC_ARTICLES] == "36"
    assert metrics[texts.METRIC_FLAGGED] == str(flagged_facts(demo_db).count)
    assert len(at.get("vega_lite_chart")) == 6
    at.selectbox(key="ov_source").select("anlao-portal").run()
    assert int({m.label: m.value for m in at.metric}[texts.METRIC_ARTICLES]) < 36


def test_search_finds_without_diacritics_and_offers_exports(
    monkeypatch: pytest.MonkeyPatch, demo_db: str
) -> None:
    at = signed_in(monkeypatch, demo_db, "xem").switch_page("app_pages/search.py").run()
    at.text_input(key="s_text").input("dinh vu").run()
    assert not at.exception
    titles = list(at.dataframe[0].value["Tiêu đề"])
    assert any("Đình Vũ" in t for t in titles)
    assert len(at.get("download_button")) == 2


def test_admin_page_only_for_admins(monkeypatch: pytest.MonkeyPatch, demo_db: str) -> None:
    analyst = signed_in(monkeypatch, demo_db, "ana")
    with pytest.raises(Exception):  # noqa: B017  (AppTest raises for a page that is not routed)
        analyst.switch_page("app_pages/admin.py").run()
    admin = signed_in(monkeypatch, demo_db, "boss").switch_page("app_pages/admin.py").run()
    assert not admin.exception
    assert set(admin.dataframe[0].value["Tên"]) == {"ana", "binh", "boss", "xem"}


def test_populated_database_lists_and_filters(
    monkeypatch: pytest.MonkeyPatch, cli: CliRun, db_url: str
) -> None:
    for args in (("init",), ("import", str(FIXTURES / "items.jsonl")), ("process",)):
        assert cli("--db", db_url, *args).returncode == 0
    assert (
        cli(
            "--db", db_url, "users", "add", "ana", "--role", "viewer", "--password-stdin", stdin=PASSWORD
        ).returncode
        == 0
    )
    at = signed_in(monkeypatch, db_url, "ana").switch_page("app_pages/search.py").run()
    assert not at.exception
    assert at.caption[-1].value == texts.SEARCH_COUNT.format(total=6, shown=6)  # empty query: everything
    at.selectbox(key="s_scope").select("An Lão").run()
    assert at.caption[-1].value == texts.SEARCH_COUNT.format(total=1, shown=1)
    at.selectbox(key="s_scope").select("Tất cả").run()
    at.text_input(key="s_text").input("cat ba").run()
    assert at.caption[-1].value == texts.SEARCH_COUNT.format(total=1, shown=1)
    assert "Cát Bà" in at.dataframe[0].value.iloc[0]["Tiêu đề"]
    at.text_input(key="s_text").input("").run()
    at.checkbox(key="s_flagged").check().run()
    shown = at.dataframe[0].value
    assert len(shown) >= 1 and all(shown["Cần rà soát"])
    # Past the counting cap the page says "more than" instead of a figure.
    monkeypatch.setattr(dashboard.queries.search, "COUNT_CAP", 2)
    st.cache_data.clear()
    at.checkbox(key="s_flagged").uncheck().run()
    assert at.caption[-1].value == texts.SEARCH_COUNT_MANY.format(cap="2", shown=6)
