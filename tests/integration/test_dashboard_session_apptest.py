"""Sessions, "since your last visit", cache invalidation and Vietnamese refusals, run by AppTest."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from dashboard import texts
from dashboard.queries.queue import QueueFilter, queue
from pipeline.review.accounts import AccountError, add_user
from pipeline.review.auth import SESSION_TTL
from pipeline.review.reviews import ReviewError, bulk_update
from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.migrate import alembic_config, upgrade
from pipeline.storage.schema import AuditLog, User
from pipeline.taxonomy import load_taxonomy
from tests.support import dashboard as dashboard_support
from tests.support.dashboard import app, sign_in, signed_in
from tests.support.paths import DATA_DIR, PROJECT_ROOT

REVIEW = PROJECT_ROOT / "pipeline" / "review"

TAXONOMY = load_taxonomy(DATA_DIR / "taxonomy.yaml")


def _button(at: AppTest, label: str) -> AppTest:
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r}"
    return matches[0].click().run()


def test_an_expired_session_is_signed_out_at_the_next_click(
    monkeypatch: pytest.MonkeyPatch, demo_db: str
) -> None:
    at = signed_in(monkeypatch, demo_db, "ana")
    who = at.session_state["identity"]
    at.session_state["identity"] = replace(
        who, signed_in_at=who.signed_in_at - SESSION_TTL - timedelta(minutes=1)
    )
    at.switch_page("app_pages/review_queue.py").run()
    assert not at.exception
    assert at.info[0].value == texts.LOGIN_EXPIRED
    assert [t.value for t in at.title] == [texts.LOGIN_TITLE] and not at.dataframe
    assert "identity" not in at.session_state


def test_locking_an_account_keeps_its_role_and_signs_it_out(
    monkeypatch: pytest.MonkeyPatch, demo_db: str
) -> None:
    at = signed_in(monkeypatch, demo_db, "binh")
    admin = signed_in(monkeypatch, demo_db, "boss").switch_page("app_pages/admin.py").run()
    admin.selectbox(key="adm_target").select("binh").run()
    # The form shows binh's own role; ticking the lock alone keeps it.
    assert admin.selectbox(key="adm_role_binh").value == "analyst"
    assert admin.checkbox(key="adm_disabled_binh").value is False
    admin.checkbox(key="adm_disabled_binh").check()
    _button(admin, texts.ADMIN_APPLY)
    assert admin.success[0].value == texts.ADMIN_UPDATED.format(name="binh")
    at.run()
    assert at.info[0].value == texts.LOGIN_EXPIRED and "identity" not in at.session_state
    with transaction(make_engine(demo_db)) as session:
        binh = session.get(User, "binh")
        assert binh is not None and (binh.role, binh.disabled) == ("analyst", True)
        changes = session.scalars(
            select(AuditLog.action)
            .where(AuditLog.object_type == "user", AuditLog.object_id == "binh")
            .order_by(AuditLog.id)
        ).all()
    assert changes == ["created", "disabled"]  # no role change nobody made
    # Redrawn for binh after saving: locked, still an analyst.
    assert admin.checkbox(key="adm_disabled_binh").value is True
    assert admin.selectbox(key="adm_role_binh").value == "analyst"


def test_the_second_sign_in_shows_what_arrived_since_the_first(
    monkeypatch: pytest.MonkeyPatch, demo_db: str
) -> None:
    first = signed_in(monkeypatch, demo_db, "ana")
    assert not any(i.value.startswith("Từ lần đăng nhập trước") for i in first.info)
    second = signed_in(monkeypatch, demo_db, "ana")
    news = [i.value for i in second.info if i.value.startswith("Từ lần đăng nhập trước")]
    # Everything in the demo was fetched before the first sign-in, so nothing is new since then.
    assert len(news) == 1 and news[0].endswith(": 0 bài mới, 0 tin mới cần rà soát.")


def test_a_write_clears_the_cached_queue_for_every_session(
    monkeypatch: pytest.MonkeyPatch, demo_db: str
) -> None:
    ana = signed_in(monkeypatch, demo_db, "ana").switch_page("app_pages/review_queue.py").run()
    before = ana.caption[0].value
    frame, total = queue(make_engine(demo_db), QueueFilter())
    assert before.startswith(f"{total} / {total}")
    # Binh dismisses the top story in his own session; Ana's next run must not show the cached queue.
    binh = signed_in(monkeypatch, demo_db, "binh").switch_page("app_pages/review_queue.py").run()
    binh.multiselect(key="q_bulk_items").select(frame.iloc[0]["id"])
    binh.selectbox(key="q_bulk_action").select(
        texts.BULK_SET_STATUS.format(status=TAXONOMY.statuses["dismissed"])
    )
    _button(binh, texts.BULK_APPLY)
    assert binh.success[0].value == texts.BULK_DONE.format(updated=1)
    ana.run()
    after_total = queue(make_engine(demo_db), QueueFilter())[1]
    assert after_total < total and ana.caption[0].value.startswith(f"{after_total} / {after_total}")


def test_a_refused_review_change_is_explained_in_vietnamese(
    monkeypatch: pytest.MonkeyPatch, demo_db: str
) -> None:
    article_id = queue(make_engine(demo_db), QueueFilter())[0]["id"][0]
    at = signed_in(monkeypatch, demo_db, "ana")
    at.query_params["id"] = article_id  # as a shared link to the item
    at.switch_page("app_pages/item.py").run()
    at.text_input(key=f"ru_{article_id}_1").input("javascript:alert(1)")
    _button(at, texts.REVIEW_SAVE)
    assert not at.exception
    assert [e.value for e in at.error] == [texts.REVIEW_ERRORS["link"]]


def test_bulk_refusals_and_account_errors_are_in_vietnamese(
    monkeypatch: pytest.MonkeyPatch, demo_db: str
) -> None:
    eng = make_engine(demo_db)
    frame, _ = queue(eng, QueueFilter())
    ana = sign_in(app(monkeypatch, demo_db), "ana").session_state["identity"]
    # "responded" needs the response link: refused with a named reason the page can translate.
    result = bulk_update(eng, {frame.iloc[0]["id"]: int(frame.iloc[0]["version"])}, ana, status="responded")
    (refusal,) = result.refused.values()
    message = texts.refusal(texts.REVIEW_ERRORS, refusal.code, refusal.params, TAXONOMY.statuses)
    assert message == "Không thể chuyển trạng thái từ “Mới” sang “Đã phản hồi”."
    admin = signed_in(monkeypatch, demo_db, "boss").switch_page("app_pages/admin.py").run()
    admin.text_input(key="adm_name").input("moi")
    admin.text_input(key="adm_password").input("ngan")
    _button(admin, texts.ADMIN_ADD)
    assert [e.value for e in admin.error] == [texts.ACCOUNT_ERRORS["password"].format(min=10)]
    with pytest.raises(AccountError) as refused, transaction(eng) as session:
        add_user(session, "ana", "analyst", "mot-mat-khau-dai", actor="test")
    assert texts.refusal(texts.ACCOUNT_ERRORS, refused.value.code, refused.value.params) == (
        "Tài khoản “ana” đã tồn tại hoặc tên không hợp lệ."
    )


@pytest.mark.parametrize(
    ("module", "error", "messages"),
    [("reviews.py", ReviewError, texts.REVIEW_ERRORS), ("accounts.py", AccountError, texts.ACCOUNT_ERRORS)],
)
def test_every_refusal_the_pipeline_raises_has_a_vietnamese_text(
    module: str, error: type, messages: dict[str, str]
) -> None:
    source = (REVIEW / module).read_text(encoding="utf-8")
    codes = set(re.findall(rf'{error.__name__}\(\s*"(\w+)"', source))
    assert codes and codes <= set(messages), sorted(codes - set(messages))
    for code in codes:
        fields = set(re.findall(r"{(\w+)}", messages[code]))
        raised = re.findall(rf'{error.__name__}\(\s*"{code}",.*?\)\n', source, flags=re.S)
        assert all(f"{name}=" in call for call in raised for name in fields), (code, fields)


def test_a_database_behind_the_code_asks_for_an_upgrade(monkeypatch: pytest.MonkeyPatch, db_url: str) -> None:
    engine = make_engine(db_url)
    cfg = alembic_config(db_url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
    at = app(monkeypatch, db_url)
    assert not at.exception and [w.value for w in at.warning] == [texts.OLD_DATABASE]
    upgrade(engine)
    with transaction(engine) as session:
        add_user(session, "ana", "analyst", dashboard_support.PASSWORD, actor="test")
    assert signed_in(monkeypatch, db_url, "ana").title[0].value == texts.PAGE_OVERVIEW
