"""Screenshots of the dashboard's main pages for the README, taken from a real run on the demo database.

Usage: ``.venv/bin/python docs/screenshots.py [--output docs] [--chromium /usr/bin/chromium]``.
Builds the demo database with ``pressmon demo`` (the local demo site, crawled and processed) in a
temporary folder, adds an administrator, starts ``pressmon dashboard`` on a free port and drives it
with Playwright in Debian's headless Chromium (never a browser Playwright would download). Saves
``dashboard-<page>.png`` for overview, queue, item, search, sources, models, labelling, report, admin and
case into ``--output``, reduced to a 256-colour palette so each stays well under 300 KB. ``--only case``
takes the case page alone: a case opened on the demo's most carried flagged story, answered, then one
article edited and one removed (``tests/support/case_history.py``, through the real storage API).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
USER, PASSWORD = "quantri", "mat-khau-demo-123"
VIEWPORT = {"width": 1360, "height": 1200}
sys.path.insert(0, str(ROOT))
from tests.support.case_history import case_with_history  # noqa: E402
from tests.support.live_dashboard import (  # noqa: E402
    CHROMIUM_ARGS,
    click_row,
    live_dashboard,
    settled,
    visible_columns,
)

CASE_TITLE = "Tin đồn rò rỉ khí độc ở Đình Vũ"
CASE_CLAIM = "Mạng xã hội lan truyền tin nhà máy hóa chất ở Đình Vũ rò rỉ khí độc, người dân phải sơ tán."
CASE_RESPONSE = (
    "UBND thành phố khẳng định không có sự cố rò rỉ khí độc; các chỉ số quan trắc không khí "
    "tại khu vực đều trong giới hạn cho phép."
)
CASE_VIEWPORT = {"width": 1360, "height": 2100}  # tall enough for the timeline with its diff


def _pressmon(workdir: Path, *args: str, stdin: str | None = None) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSMON_")}
    env["PRESSMON_VAR_DIR"] = str(workdir / "var")
    done = subprocess.run(
        [sys.executable, "-m", "pressmon", *args],
        cwd=workdir,
        env=env,
        input=stdin,
        text=True,
        capture_output=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"pressmon {' '.join(args)} failed:\n{done.stderr.strip()[-2000:]}")


def build_demo(workdir: Path) -> str:
    """The URL of a fresh demo database with one administrator."""
    print("Building the demo database (pressmon demo)…", flush=True)
    _pressmon(workdir, "demo", "--port", "0")
    url = f"sqlite:///{workdir / 'var' / 'demo.db'}"
    _pressmon(
        workdir, "--db", url, "users", "add", USER, "--role", "admin", "--password-stdin", stdin=PASSWORD
    )
    return url


def add_case(db_url: str) -> int:
    """A case with a history on the demo database: opened on the flagged story carried by most items
    (the newest article added when it has only one), answered, one item edited, one removed."""
    from sqlalchemy import func, select
    from sqlalchemy.orm import aliased

    from pipeline.clock import utcnow
    from pipeline.review.auth import Identity
    from pipeline.storage.engine import make_engine
    from pipeline.storage.schema import Article, Review

    eng = make_engine(db_url)
    other = aliased(Article)
    carried = select(func.count()).where(other.story_id == Article.story_id).scalar_subquery()
    flagged = select(Article.id, Article.story_id).join(Review, Review.article_id == Article.id)
    with eng.connect() as conn:
        row = conn.execute(flagged.order_by(carried.desc(), Article.published_at)).first()
        if row is None:
            raise SystemExit("the demo flagged nothing: no case to show")
        first, story = row
        same = conn.execute(select(Article.id).where(Article.story_id == story)).scalars() if story else []
        ids = [first, *[a for a in same if a != first]]
        newest = conn.execute(select(Article.id).order_by(Article.published_at.desc())).scalars()
        ids += [a for a in newest if a not in ids][: max(0, 2 - len(ids))]
    who = Identity(USER, "admin", utcnow())
    history = case_with_history(eng, ids[:3], who, CASE_TITLE, CASE_CLAIM, CASE_RESPONSE)
    eng.dispose()
    return history.case_id


def take_case(page: Any, url: str, output: Path, case_id: int) -> None:
    """The case page, tall enough to show the timeline with the edit's diff and the removal."""
    from playwright.sync_api import expect

    page.set_viewport_size(CASE_VIEWPORT)
    page.goto(f"{url}/case_page?case={case_id}")
    expect(page.get_by_role("heading", name=CASE_TITLE)).to_be_visible()
    expect(page.get_by_text("Bài bị gỡ", exact=True)).to_be_visible()
    _shoot(page, output, "case")
    page.set_viewport_size(VIEWPORT)


def _shoot(page: Any, output: Path, name: str) -> None:
    from PIL import Image

    settled(page, 500)
    path = output / f"dashboard-{name}.png"
    page.screenshot(path=str(path))
    # A palette image: the dashboard's flat colours survive, the file shrinks several times.
    Image.open(path).convert("RGB").quantize(colors=256).save(path, optimize=True)
    print(
        f"  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {path.stat().st_size // 1024} KB"
    )


def _visit(page: Any, link: str, heading: str) -> None:
    from playwright.sync_api import expect

    page.get_by_role("link", name=link).click()
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()


def take(url: str, output: Path, chromium: Path, case_id: int, only: str | None = None) -> None:
    """Sign in and save one screenshot per main page (``only``: of that page alone)."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=60_000)  # a page's first run takes longer than 5 s on a busy machine
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT, locale="vi-VN")
        page.set_default_timeout(60_000)
        page.goto(url)
        page.get_by_label("Tên đăng nhập").fill(USER)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page.locator(".vega-embed").first).to_be_visible()
        if only == "case":
            take_case(page, url, output, case_id)
            browser.close()
            return
        _shoot(page, output, "overview")
        _visit(page, "Hàng đợi rà soát", "Hàng đợi rà soát")
        for _ in range(60):  # the grid draws its columns a moment after the page's run ends
            if visible_columns(page):
                break
            page.wait_for_timeout(500)
        _shoot(page, output, "queue")
        click_row(page, 0, row_height=70)  # a click on a queue row opens the item
        expect(page.get_by_role("heading", name="Chi tiết tin")).to_be_visible()
        _shoot(page, output, "item")
        _visit(page, "Tìm kiếm", "Tìm kiếm")
        page.get_by_label("Tìm kiếm (không cần gõ dấu").fill("hai phong")
        page.keyboard.press("Enter")
        expect(page.get_by_test_id("stDataFrame")).to_be_visible()
        _shoot(page, output, "search")
        pages = (  # (link in the navigation, the page's heading, file name)
            ("Nguồn tin", "Nguồn tin", "sources"),
            ("Mô hình", "Mô hình", "models"),
            ("Cần gán nhãn", "Cần gán nhãn", "labelling"),
            ("Báo cáo quý", "Báo cáo giao ban báo chí", "report"),
            ("Quản trị", "Quản trị", "admin"),
        )
        for link, heading, name in pages:
            _visit(page, link, heading)
            _shoot(page, output, name)
        take_case(page, url, output, case_id)
        browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "docs")
    parser.add_argument("--chromium", type=Path, default=Path("/usr/bin/chromium"))
    parser.add_argument("--only", choices=["case"], help="take this page's screenshot alone")
    args = parser.parse_args()
    if not args.chromium.exists():
        print(
            f"{args.chromium} is absent: install Debian's chromium package (.ci/run does).", file=sys.stderr
        )
        return 2
    args.output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="pressmon-shots-") as tmp:
        workdir = Path(tmp)
        db_url = build_demo(workdir)
        case_id = add_case(db_url)
        with live_dashboard(workdir, db_url) as url:
            print(f"Dashboard on {url}; saving screenshots", flush=True)
            take(url, args.output, args.chromium, case_id, args.only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
