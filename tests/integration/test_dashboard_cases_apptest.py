"""The case pages run by AppTest: the list and its rows, the case page (items, outcomes per outlet, the
timeline with an edit's word diff and a removal, all publisher text escaped), the case form under
optimistic locking, and opening a case from the item page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from dashboard import texts
from dashboard.ui.highlight import escape_markdown
from pipeline.clock import local_zone, utcnow
from pipeline.review.accounts import add_user
from pipeline.review.auth import Identity
from pipeline.review.cases import case_items, get_case
from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.migrate import upgrade
from pipeline.storage.schema import Case
from tests.support.case_history import CLAIM, NOTICE, CaseHistory, case_with_history, story_articles
from tests.support.dashboard import PASSWORD, USERS, app, flagged_facts, signed_in

HOSTILE_TITLE = "Tin đồn <b>120 hộ</b> mất đất [bấm](javascript:alert(1))"
CASE_LIST, CASE_PAGE, ITEM_PAGE = "app_pages/case_list.py", "app_pages/case_page.py", "app_pages/item.py"


@pytest.fixture
def case_db(db_url: str) -> Iterator[tuple[str, CaseHistory]]:
    """A database built with the test builders: the dashboard's accounts and one case with a history."""
    eng = make_engine(db_url)
    upgrade(eng)
    with transaction(eng) as session:
        for name, role in USERS.items():
            add_user(session, name, role, PASSWORD, actor="test")
    ids = story_articles(eng, utcnow())
    history = case_with_history(eng, ids, Identity("ana", "analyst", utcnow()), HOSTILE_TITLE)
    yield db_url, history
    eng.dispose()


def _case_page(at: AppTest, case_id: int) -> AppTest:
    at.session_state["case_id"] = str(case_id)
    at.switch_page(CASE_PAGE).run()
    assert not at.exception, at.exception
    return at


def _click(at: AppTest, label: str = texts.CASE_SAVE) -> None:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception


def _markdown(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in at.markdown)


def _state(db_url: str, case_id: int) -> Case:
    with Session(make_engine(db_url)) as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case


def test_the_case_list_filters_by_status_and_a_row_opens_the_case(
    monkeypatch: pytest.MonkeyPatch, case_db: tuple[str, CaseHistory]
) -> None:
    db_url, history = case_db
    at = signed_in(monkeypatch, db_url, "xem").switch_page(CASE_LIST).run()
    assert not at.exception, at.exception
    row = at.dataframe[0].value.iloc[0]
    columns = texts.CASES_COLUMNS
    assert row[columns["title"]] == HOSTILE_TITLE  # a table cell: shown as text, never rendered
    assert row[columns["status"]] == "Đã phản hồi" and row[columns["responded"]] == "Có"
    assert (row[columns["owner"]], row[columns["items"]]) == ("ana", "3")
    assert row[columns["opened"]] == utcnow().astimezone(local_zone()).strftime("%d/%m/%Y")
    at.selectbox(key="cases_status").select("closed").run()
    assert not at.dataframe and at.info[0].value == texts.CASES_NONE_FILTERED
    at.selectbox(key="cases_status").select("responded").run()
    at.session_state["cases_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == [texts.PAGE_CASE]
    assert at.query_params["case"] == str(history.case_id)


def test_the_case_page_shows_items_outcomes_the_edit_diff_and_the_removal(
    monkeypatch: pytest.MonkeyPatch, case_db: tuple[str, CaseHistory]
) -> None:
    db_url, history = case_db
    at = _case_page(signed_in(monkeypatch, db_url, "xem"), history.case_id)
    assert (
        at.header[0].value
        == "Tin đồn &lt;b&gt;120 hộ&lt;/b&gt; mất đất \\[bấm\\]\\(javascript\\:alert\\(1\\)\\)"
    )
    shown = _markdown(at)
    assert CLAIM in shown.replace("\\", "")
    outcomes, items = (t.value for t in at.dataframe)  # outcomes beside the claim, items below
    items = items.set_index(texts.CASE_ITEMS_COLUMNS["outlet"])
    states = items[texts.CASE_ITEMS_COLUMNS["state"]].to_dict()
    assert states == {"baomoi": "Đã bị sửa", "dantri": "Đã bị gỡ", "tinnhanh": "Còn nguyên"}
    outcomes = outcomes.set_index(texts.CASE_OUTCOMES_COLUMNS["outlet"])
    found = outcomes[texts.CASE_OUTCOMES_COLUMNS["outcome"]].to_dict()
    assert found == {"baomoi": "Đã đính chính", "dantri": "Đã gỡ bài", "tinnhanh": "Không thay đổi"}
    # The edit: the wrong figure struck through in red, the right one and the notice in green.
    assert ":red[~~120~~] :green[**12**]" in shown
    assert f":green[**{escape_markdown(NOTICE)}**]" in shown
    assert texts.CASE_EVENT_REVISIONS.format(old=1, new=2) in [c.value for c in at.caption]
    # The removal, marked in red with the outlet's answer.
    assert ":red-background[**Bài bị gỡ**] · dantri" in shown
    assert f":red[{escape_markdown(texts.CASE_EVENT_REMOVED.format(detail='410'))}]" in shown
    # A viewer sees the case but no form.
    assert texts.CASE_SAVE not in [b.label for b in at.button]


def test_the_form_saves_with_the_version_and_a_stale_form_is_not_saved(
    monkeypatch: pytest.MonkeyPatch, case_db: tuple[str, CaseHistory]
) -> None:
    db_url, history = case_db
    case_id, version = history.case_id, _state(db_url, history.case_id).version
    ana = _case_page(signed_in(monkeypatch, db_url, "ana"), case_id)
    binh = _case_page(signed_in(monkeypatch, db_url, "binh"), case_id)
    v = f"{case_id}_{version}"
    ana.selectbox(key=f"co_{v}").select("binh")
    ana.selectbox(key=f"cs_{v}").select("closed")
    ana.date_input(key=f"crd_{v}").set_value(date(2026, 1, 5))
    _click(ana)
    assert not ana.exception, ana.exception
    assert ana.success[0].value == texts.CASE_SAVED.format(version=version + 1)
    saved = _state(db_url, case_id)
    assert (saved.owner, saved.status, saved.response_date) == ("binh", "closed", date(2026, 1, 5))
    assert saved.closed_at is not None and saved.updated_by == "ana"
    # binh's form was drawn on the old version: his change is not saved, he is told and sees the new state.
    binh.text_input(key=f"ct_{v}").input("Tiêu đề của Bình")
    _click(binh)
    assert not binh.exception, binh.exception
    assert texts.CASE_STALE in [w.value for w in binh.warning]
    assert _state(db_url, case_id).title == HOSTILE_TITLE
    assert binh.text_input(key=f"ct_{case_id}_{version + 1}").value == HOSTILE_TITLE
    # A refused change is explained in Vietnamese and saves nothing.
    w = f"{case_id}_{version + 1}"
    binh.text_input(key=f"cru_{w}").input("javascript:alert(1)")
    _click(binh)
    refusal = binh.error[0].value
    assert refusal.startswith(texts.CASE_FAILED.format(why="")) and "https\\://" in refusal
    assert _state(db_url, case_id).version == version + 1


def test_an_analyst_opens_a_case_from_an_item_and_the_item_links_to_it(
    monkeypatch: pytest.MonkeyPatch, demo_db: str
) -> None:
    facts = flagged_facts(demo_db)
    article_id = next(ids[0] for ids in facts.stories.values() if len(ids) > 1)
    at = signed_in(monkeypatch, demo_db, "ana")
    at.session_state["item_id"] = article_id
    at.switch_page(ITEM_PAGE).run()
    assert not at.exception, at.exception
    at.text_area(key=f"oc_claim_{article_id}").input("Tin đồn sai về dự án.")
    _click(at, texts.CASE_OPEN_SUBMIT)
    assert [t.value for t in at.title] == [texts.PAGE_CASE]
    with Session(make_engine(demo_db)) as session:
        case_id = int(at.session_state["case_id"])
        case = get_case(session, case_id)
        assert case is not None and case.owner == "ana" and case.claim == "Tin đồn sai về dự án."
        linked = {i.article_id for i in case_items(session, case_id)}
    story = next(ids for ids in facts.stories.values() if article_id in ids)
    assert set(story) <= linked  # the story's other items came with it
    at.switch_page(ITEM_PAGE).run()
    links = [(e.proto.label, e.proto.page) for e in at.get("page_link")]
    assert any(label.endswith(f"({texts.CASE_STATUSES['open']})") for label, _ in links), links


def test_an_unknown_case_is_said_so(
    monkeypatch: pytest.MonkeyPatch, case_db: tuple[str, CaseHistory]
) -> None:
    db_url, _ = case_db
    at = _case_page(signed_in(monkeypatch, db_url, "ana"), 999)
    assert at.error[0].value == texts.CASE_UNKNOWN


def test_signed_out_the_case_pages_show_only_the_login_form(
    monkeypatch: pytest.MonkeyPatch, case_db: tuple[str, CaseHistory]
) -> None:
    db_url, history = case_db
    at = app(monkeypatch, db_url)
    at.session_state["case_id"] = str(history.case_id)
    for page in (CASE_LIST, CASE_PAGE):
        at.switch_page(page).run()
        assert [t.value for t in at.title] == [texts.LOGIN_TITLE]
        assert not at.dataframe and CLAIM not in _markdown(at)
