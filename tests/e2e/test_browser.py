"""An analyst's morning in a real browser: `pressmon dashboard` on a free port, driven by Playwright.

Uses Debian's chromium (``apt-get install chromium``; ``.ci/run`` installs it) through Playwright's
``executable_path``; Playwright's own browser downloads are never used. Skips with a message when
/usr/bin/chromium or the playwright package is absent.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from dashboard.queries.item import flagged_choices
from dashboard.queries.labelling import to_label
from dashboard.queries.models import current_card, flag_threshold
from dashboard.queries.queue import QueueFilter, queue
from models.training.decisions import decision_labels
from pipeline.review.auth import Identity
from pipeline.review.reviews import update_review
from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.schema import Article, AuditLog, Review
from pipeline.taxonomy import load_taxonomy
from tests.support.dashboard import PASSWORD
from tests.support.live_dashboard import (
    CHROMIUM,
    CHROMIUM_ARGS,
    choose,
    click_row,
    column_cells,
    live_dashboard,
    settled,
    visible_columns,
)
from tests.support.paths import DATA_DIR

pytestmark = pytest.mark.slow
WAIT_MS = 60_000  # a page's first run on a loaded test machine takes longer than expect()'s 5 s


@pytest.fixture
def dashboard(tmp_path: Path, demo_db: str) -> Iterator[tuple[str, str]]:
    """(base URL, database URL) of `pressmon dashboard` serving a private copy of the demo database."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium package (.ci/run does)")
    pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")
    from playwright.sync_api import expect

    # A page's first run after sign-in can take longer than expect's 5 s on a loaded machine.
    expect.set_options(timeout=60_000)
    with live_dashboard(tmp_path, demo_db) as url:
        yield url, demo_db


def test_an_analyst_signs_in_and_dismisses_an_item(dashboard: tuple[str, str], tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, db_url = dashboard
    shots = tmp_path / "screenshots"
    shots.mkdir()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
        page.set_default_timeout(60_000)
        page.goto(url)
        page.get_by_label("Tên đăng nhập").fill("ana")
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()
        expect(page.get_by_test_id("stMetric").first).to_be_visible()
        expect(page.locator(".vega-embed")).to_have_count(6)
        settled(page)
        page.screenshot(path=str(shots / "overview.png"), full_page=True)

        page.get_by_role("link", name="Hàng đợi rà soát").click()
        expect(page.get_by_role("heading", name="Hàng đợi rà soát")).to_be_visible()
        expect(page.get_by_text("câu chuyện cần rà soát")).to_be_visible()
        expect(page.get_by_test_id("stDataFrame")).to_be_visible()
        expect(page.get_by_text("Thao tác hàng loạt")).to_be_visible()
        settled(page)
        page.screenshot(path=str(shots / "queue.png"), full_page=True)
        click_row(page, 0, row_height=70)  # a click on the queue's first row opens its item
        expect(page.get_by_role("heading", name="Chi tiết tin")).to_be_visible()

        choose(page, "Trạng thái", "Bỏ qua")
        page.get_by_label("Ghi chú").fill("Tin đã được cải chính, không cần phản hồi")
        page.get_by_role("button", name="Lưu", exact=True).click()
        expect(page.get_by_text("Đã lưu (phiên bản 2).")).to_be_visible()
        settled(page)
        page.screenshot(path=str(shots / "item.png"), full_page=True)
        browser.close()

    with transaction(make_engine(db_url)) as session:
        review = session.scalars(select(Review).where(Review.status == "dismissed")).one()
        entry = session.scalars(
            select(AuditLog).where(AuditLog.object_id == review.article_id, AuditLog.action == "updated")
        ).one()
    assert (review.note, review.updated_by, review.version) == (
        "Tin đã được cải chính, không cần phản hồi",
        "ana",
        2,
    )
    assert entry.actor == "ana" and entry.old["status"] == "new" and entry.new["status"] == "dismissed"
    for name in ("overview", "queue", "item"):
        assert (shots / f"{name}.png").stat().st_size > 20_000, f"{name}.png looks empty"


def test_the_queue_works_from_the_keyboard(dashboard: tuple[str, str]) -> None:
    """Sign in, pick an item on the item page, open it and dismiss it with a note, without the mouse."""
    from playwright.sync_api import expect, sync_playwright

    url, db_url = dashboard
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
        page.set_default_timeout(60_000)
        page.goto(url)
        page.get_by_label("Tên đăng nhập").focus()
        page.keyboard.type("ana")
        page.keyboard.press("Tab")
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="Tổng quan", exact=True)).to_be_visible()
        page.get_by_role("link", name="Hàng đợi rà soát").focus()
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="Hàng đợi rà soát", exact=True)).to_be_visible()
        settled(page)
        page.get_by_role("link", name="Chi tiết tin").focus()
        page.keyboard.press("Enter")
        settled(page)
        page.get_by_label("Chọn tin để mở").focus()  # the item page's picker of flagged items
        page.keyboard.press("ArrowDown")  # opens the list
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="Chi tiết tin", exact=True)).to_be_visible()
        settled(page)
        title = page.locator("h2").first.inner_text()
        titles = [t for _, t in flagged_choices(make_engine(db_url))]
        assert title in titles[:2], (title, titles)  # the keys chose one of the first in the list
        page.get_by_label("Trạng thái").focus()
        page.keyboard.type("Bỏ qua")
        page.keyboard.press("Enter")
        page.get_by_label("Ghi chú").focus()
        page.keyboard.type("Xử lý bằng bàn phím")
        page.keyboard.press("Control+Enter")  # submits the form
        expect(page.get_by_text("Đã lưu (phiên bản 2).")).to_be_visible()
        browser.close()
    with transaction(make_engine(db_url)) as session:
        review = session.scalars(select(Review).where(Review.status == "dismissed")).one()
        assert review.note == "Xử lý bằng bàn phím" and review.updated_by == "ana"
        assert session.get(Article, review.article_id).title == title  # type: ignore[union-attr]


def test_an_analyst_labels_the_item_the_model_is_least_sure_of(
    dashboard: tuple[str, str], tmp_path: Path
) -> None:
    """Cần gán nhãn: correct the first item's scope and flag; the training loader reads the label."""
    from playwright.sync_api import expect, sync_playwright

    url, db_url = dashboard
    engine = make_engine(db_url)
    first = to_label(engine, flag_threshold(current_card(tmp_path / "var")))[0][0]
    scope = "other" if first.scope != "other" else "hai-phong"
    taxonomy = load_taxonomy(DATA_DIR / "taxonomy.yaml")
    scope_name, reason_name = taxonomy.scopes[scope], taxonomy.reasons["public-impact"]
    needs = not first.needs_response
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="vi-VN")
        page.set_default_timeout(60_000)
        page.goto(url)
        page.get_by_label("Tên đăng nhập").fill("ana")
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible(timeout=WAIT_MS)
        settled(page)
        page.get_by_role("link", name="Cần gán nhãn").click()
        expect(page.get_by_role("heading", name="Cần gán nhãn")).to_be_visible(timeout=WAIT_MS)
        settled(page)
        form = page.get_by_test_id("stForm").first
        expect(page.get_by_text(first.title).first).to_be_visible(timeout=WAIT_MS)
        choose(page, "Phạm vi", scope_name, within=form)
        form.get_by_text("Có" if needs else "Không", exact=True).click()
        if needs and not first.reasons:  # "needs a response" is refused without a reason
            choose(page, "Lý do cần phản hồi (chỉ khi cần phản hồi)", reason_name, within=form)
            page.keyboard.press("Escape")
        form.get_by_role("button", name="Lưu nhãn").click()
        expect(page.get_by_text("Đã lưu nhãn đã sửa")).to_be_visible(timeout=WAIT_MS)
        settled(page)
        page.screenshot(path=str(tmp_path / "labelling.png"), full_page=True)
        browser.close()
    gold = {x.id: x.gold for x in decision_labels(engine)}[first.id]
    assert (gold.scope, gold.needs_response) == (scope, needs)
    assert bool(gold.reasons) == needs


def _assign(db_url: str, deadlines: dict[str, datetime]) -> None:
    """Assign items to ana with these deadlines, as boss would in the review form."""
    boss = Identity("boss", "admin", datetime.now(UTC))
    with transaction(make_engine(db_url)) as session:
        for article_id, deadline in deadlines.items():
            update_review(session, article_id, 1, boss, assignee="ana", deadline=deadline)


def _sign_in(page: Any) -> None:
    page.get_by_label("Tên đăng nhập").fill("ana")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_a_shared_link_a_reload_and_the_queue_at_1440_px(dashboard: tuple[str, str]) -> None:
    """Issue 16, points 1, 6 and 7: a link to any article survives the sign-in; the HttpOnly cookie keeps
    the session through a reload until the sign-out; the queue's deciding columns are on screen at
    1440 px, its rows, search results included, open the item; "Của tôi" lists ana's items by deadline."""
    from playwright.sync_api import expect, sync_playwright

    url, db_url = dashboard
    eng = make_engine(db_url)
    with transaction(eng) as session:
        plain = session.execute(
            select(Article.id, Article.title).where(~Article.id.in_(select(Review.article_id))).limit(1)
        ).one()  # an article nobody flagged
    flagged = list(queue(eng, QueueFilter())[0]["id"])
    soon, later = flagged[3], flagged[1]
    _assign(db_url, {later: datetime(2030, 1, 20, tzinfo=UTC), soon: datetime(2030, 1, 10, tzinfo=UTC)})
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="vi-VN")
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(f"{url}/item?id={plain.id}")  # a link shared by a colleague, in a fresh browser
        _sign_in(page)
        expect(page.get_by_role("heading", name=plain.title)).to_be_visible()
        settled(page, 1000)
        assert f"id={plain.id}" in page.url
        (cookie,) = [c for c in context.cookies() if c["name"] == "pressmon_session"]
        assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
        assert 7.9 * 3600 < cookie["expires"] - time.time() <= 8 * 3600
        assert "pressmon_session" not in page.evaluate("document.cookie")  # out of the page's reach

        page.reload()  # F5
        expect(page.get_by_role("heading", name=plain.title)).to_be_visible()
        expect(page.get_by_label("Mật khẩu")).to_have_count(0)

        page.get_by_role("link", name="Hàng đợi rà soát").click()
        expect(page.get_by_text("câu chuyện cần rà soát")).to_be_visible()
        settled(page, 1000)
        shown = visible_columns(page)
        assert {"Tiêu đề", "Lý do", "Trạng thái", "Người xử lý", "Hạn", "Điểm"} <= set(shown), shown
        assert "Ưu tiên" not in shown  # the grid lists only what is in view: the check above means it
        click_row(page, 1, row_height=70)
        expect(page.get_by_role("heading", name="Chi tiết tin")).to_be_visible()
        assert f"id={flagged[1]}" in page.url

        page.get_by_role("link", name="Hàng đợi rà soát").click()
        page.get_by_text("Của tôi").click()
        settled(page, 1000)
        titles = dict(queue(eng, QueueFilter())[0][["id", "title"]].itertuples(index=False))
        assert column_cells(page) == [titles[soon], titles[later]]  # the nearest deadline first

        page.get_by_role("link", name="Tìm kiếm").click()
        page.get_by_label("Tìm kiếm (không cần gõ dấu").fill("an lao")
        page.keyboard.press("Enter")
        settled(page, 1000)
        found = column_cells(page, column=2)  # published, source, title
        assert found and all("An Lão" in title for title in found[:3]), found  # the place, first
        click_row(page, 0)
        expect(page.get_by_role("heading", name=found[0])).to_be_visible()

        page.get_by_role("button", name="Đăng xuất").click()
        expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()
        settled(page, 1000)
        assert not [c for c in context.cookies() if c["name"] == "pressmon_session"]
        page.reload()
        expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()
        browser.close()
