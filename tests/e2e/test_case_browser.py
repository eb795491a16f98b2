"""A case page in a real browser (issue 14, "Measured"): `pressmon dashboard` on a free port, Playwright
in Debian's chromium. The edit's word diff shows the deleted word struck through in red and the inserted
words in green; the removal is marked; a click on the case list's row opens the page.

Skips with a message when /usr/bin/chromium or the playwright package is absent.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.clock import utcnow
from pipeline.review.accounts import add_user
from pipeline.review.auth import Identity
from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.migrate import upgrade
from tests.support.case_history import NOTICE, RIGHT, WRONG, CaseHistory, case_with_history, story_articles
from tests.support.dashboard import PASSWORD
from tests.support.live_dashboard import CHROMIUM, CHROMIUM_ARGS, click_row, live_dashboard, settled

pytestmark = pytest.mark.slow
TITLE = "Tin đồn 120 hộ dân An Hưng mất đất"


@pytest.fixture
def case_dashboard(tmp_path: Path, db_url: str) -> Iterator[tuple[str, CaseHistory]]:
    """(base URL, the case) of `pressmon dashboard` on a database built with the test builders."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium package (.ci/run does)")
    pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")
    from playwright.sync_api import expect

    expect.set_options(timeout=60_000)  # a page's first run on a loaded machine takes longer than 5 s
    eng = make_engine(db_url)
    upgrade(eng)
    with transaction(eng) as session:
        add_user(session, "ana", "analyst", PASSWORD, actor="test")
    ana = Identity("ana", "analyst", utcnow())
    history = case_with_history(eng, story_articles(eng, utcnow()), ana, TITLE)
    eng.dispose()
    with live_dashboard(tmp_path, db_url) as url:
        yield url, history


def _style(locator: Any, prop: str) -> str:
    return str(locator.evaluate(f"el => getComputedStyle(el).{prop}"))


def _rgb(css: str) -> tuple[int, ...]:
    return tuple(int(part) for part in css[css.index("(") + 1 : css.index(")")].split(",")[:3])


def test_the_case_page_shows_the_edit_diff_and_the_removal(
    case_dashboard: tuple[str, CaseHistory], tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, history = case_dashboard
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
        page.set_default_timeout(60_000)
        page.goto(f"{url}/case_list")
        page.get_by_label("Tên đăng nhập").fill("ana")
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page.get_by_role("heading", name="Vụ việc", exact=True)).to_be_visible()
        expect(page.get_by_test_id("stDataFrame")).to_be_visible()
        settled(page, 1000)
        click_row(page, 0)  # the one case
        expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
        assert f"case={history.case_id}" in page.url
        settled(page, 1000)

        # The deleted figure: struck through, in red.
        deleted = page.locator("del").get_by_text(WRONG, exact=True)
        expect(deleted).to_be_visible()
        assert "line-through" in _style(deleted, "textDecorationLine")
        red, green, blue = _rgb(_style(deleted, "color"))
        assert red > 150 and green < 110 and blue < 110, (red, green, blue)
        # The inserted figure and the correction notice: in green.
        for words in (RIGHT, NOTICE):
            inserted = page.locator("strong").get_by_text(words, exact=True)
            expect(inserted).to_be_visible()
            red, green, blue = _rgb(_style(inserted, "color"))
            assert green > red + 40 and green > blue + 15, (words, red, green, blue)
        # The removal: its event marked, with the outlet's answer.
        expect(page.get_by_text("Bài bị gỡ", exact=True)).to_be_visible()
        expect(page.get_by_text("Bài không còn trên trang của báo (410).")).to_be_visible()
        page.screenshot(path=str(tmp_path / "case.png"), full_page=True)
        browser.close()
