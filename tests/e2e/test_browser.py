"""An analyst's morning in a real browser: `pressmon dashboard` on a free port, driven by Playwright.

Uses Debian's chromium (``apt-get install chromium``; ``.ci/run`` installs it) through Playwright's
``executable_path``; Playwright's own browser downloads are never used. Skips with a message when
/usr/bin/chromium or the playwright package is absent.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from dashboard.queries.labelling import to_label
from dashboard.queries.models import current_card, flag_threshold
from dashboard.queries.queue import QueueFilter, queue
from models.training.decisions import decision_labels
from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.schema import Article, AuditLog, Review
from pipeline.taxonomy import load_taxonomy
from tests.support.dashboard import PASSWORD, build_demo
from tests.support.live_dashboard import CHROMIUM, CHROMIUM_ARGS, live_dashboard, settled
from tests.support.paths import DATA_DIR

pytestmark = pytest.mark.slow
WAIT_MS = 60_000  # a page's first run on a loaded test machine takes longer than expect()'s 5 s


@pytest.fixture
def dashboard(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(base URL, database URL) of `pressmon dashboard` serving a fresh demo database."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium package (.ci/run does)")
    pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")
    db_url = f"sqlite:///{build_demo(tmp_path)}"
    with live_dashboard(tmp_path, db_url) as url:
        yield url, db_url


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
        page.get_by_role("button", name="Mở tin").click()
        expect(page.get_by_role("heading", name="Chi tiết tin")).to_be_visible()

        page.get_by_label("Trạng thái").click()
        page.get_by_role("option", name="Bỏ qua").click()
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
    """Sign in, pick an item in the queue, open it and dismiss it with a note, without the mouse."""
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
        page.get_by_label("Chọn tin để mở").focus()
        page.keyboard.press("ArrowDown")  # opens the list past the preselected first item
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")  # to "Mở tin"
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="Chi tiết tin", exact=True)).to_be_visible()
        settled(page)
        title = page.locator("h2").first.inner_text()
        titles = list(queue(make_engine(db_url), QueueFilter())[0]["title"])
        assert title in titles[1:3], (title, titles)  # not the preselected first item: the keys chose it
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
    scope_name = load_taxonomy(DATA_DIR / "taxonomy.yaml").scopes[scope]
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
        form.get_by_label("Phạm vi").click()
        page.get_by_role("option", name=scope_name, exact=True).click()
        form.get_by_text("Có" if needs else "Không", exact=True).click()
        form.get_by_role("button", name="Lưu nhãn").click()
        expect(page.get_by_text("Đã lưu nhãn đã sửa")).to_be_visible(timeout=WAIT_MS)
        settled(page)
        page.screenshot(path=str(tmp_path / "labelling.png"), full_page=True)
        browser.close()
    gold = {x.id: x.gold for x in decision_labels(engine)}[first.id]
    assert (gold.scope, gold.needs_response) == (scope, needs)
