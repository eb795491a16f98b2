"""pipeline.collect.extract's main text around trafilatura: readers' comment blocks dropped first,
text after inline HTML comments kept, layout tables read as text (data tables kept), the marked lead
put first, the fallback when the main call finds nothing, and the byline rules. The pages are written
here or are the bench's own (bench/pages), in the templates bench/extraction.py measures."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
import yaml
from lxml.html import document_fromstring
from parsel import Selector

from pipeline.collect import extract
from pipeline.collect.extract import drop_comment_blocks, extract_article, find_lead
from pipeline.records import ArticleRecord, RawPage
from tests.support.paths import PROJECT_ROOT

PARAGRAPHS = [
    "Cầu có chiều dài gần 1,2 km, rộng 25 m với sáu làn xe, tổng vốn đầu tư khoảng 1.850 tỉ đồng.",
    "Theo ban quản lý dự án, cầu mới giúp giảm tải cho cầu cũ vốn thường xuyên ùn tắc vào giờ cao điểm.",
    "Anh Nguyễn Văn Hùng, tài xế xe tải, cho biết trước đây mỗi chuyến hàng qua cầu cũ mất 30-40 phút.",
    "Thành phố cũng đang hoàn thiện các nút giao hai đầu cầu, dự kiến xong trước Tết Nguyên đán.",
]
LEAD = (
    "Sau hơn hai năm thi công, cầu Kiền mới bắc qua sông Cấm được thông xe sáng 2-12, "
    "rút ngắn thời gian đi lại."
)


def _record(html: str, now: datetime, url: str = "https://tin.example/cau-kien-moi-1.html") -> ArticleRecord:
    record = extract_article(RawPage(url, url, 200, {}, html.encode("utf-8"), now, "tin"))
    assert record is not None
    return record


def _article(content: str, after: str = "") -> str:
    return (
        "<html><head><meta charset='utf-8'><title>Thông xe cầu Kiền mới qua sông Cấm</title></head><body>"
        "<div class='menu'><a href='#'>Thời sự</a> <a href='#'>Kinh doanh</a></div>"
        f"<div class='detail'><h1>Thông xe cầu Kiền mới qua sông Cấm</h1>{content}</div>{after}</body></html>"
    )


def _paragraphs() -> str:
    return "".join(f"<p>{p}</p>" for p in PARAGRAPHS)


TUOITRE_LIKE = PROJECT_ROOT / "bench" / "pages" / "vi" / "v01-tuoitre-like.html"
TUOITRE_COMMENTS = ["Mong thành phố làm thêm đèn chiếu sáng", "Cầu đẹp, nhưng đường dẫn vẫn còn hẹp quá."]


@pytest.mark.parametrize("names", ['class="box-comment"', 'id="binh-luan" class="box"', 'class="y-kien"'])
def test_readers_comment_blocks_leave_the_body(
    names: str, frozen_now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    html = TUOITRE_LIKE.read_text(encoding="utf-8").replace('class="box-comment"', names)
    body = _record(html, frozen_now).body
    assert "dự kiến xong trước Tết Nguyên đán." in body
    assert [c for c in TUOITRE_COMMENTS if c in body] == []
    # trafilatura alone keeps this template's comments: the rule is what takes them out.
    monkeypatch.setattr(extract, "MAIN_TEXT", replace(extract.MAIN_TEXT, drop_comment_blocks=False))
    assert all(c in _record(html, frozen_now).body for c in TUOITRE_COMMENTS)


def test_a_block_holding_the_headline_is_never_dropped() -> None:
    tree = document_fromstring(
        "<html><body><div class='post comments-open'><h1>Tiêu đề</h1><p>Nội dung.</p></div>"
        "<div class='comment-list'><p>Bình luận.</p></div></body></html>"
    )
    drop_comment_blocks(tree)
    assert tree.xpath("//h1/text()") == ["Tiêu đề"]
    assert tree.xpath("//p/text()") == ["Nội dung."]


def test_text_after_an_inline_html_comment_is_kept(frozen_now: datetime) -> None:
    content = "".join(f"<p>{p[:40]}<!-- ad-slot -->{p[40:]}</p><!-- /p -->" for p in PARAGRAPHS)
    record = _record(_article(f"<div class='txt'>{content}</div>"), frozen_now)
    assert record.body.split("\n") == PARAGRAPHS


def test_the_marked_lead_comes_first_and_is_the_summary(frozen_now: datetime) -> None:
    content = f"<h2 class='detail-sapo'>{LEAD}</h2><div class='detail-content'>{_paragraphs()}</div>"
    record = _record(_article(content), frozen_now)
    assert record.body.split("\n") == [LEAD, *PARAGRAPHS]
    assert record.summary == LEAD


def test_a_lead_image_caption_is_not_a_lead() -> None:
    html = _article(
        "<figure class='lead-image'><img src='a.jpg'><figcaption>Cầu Kiền mới nhìn từ trên cao, "
        "ảnh chụp sáng 2-12 trước giờ thông xe (Ảnh: Ban quản lý dự án)</figcaption></figure>"
        f"<div class='content'>{_paragraphs()}</div>"
    )
    assert find_lead(Selector(text=html)) == ""


def test_text_in_a_lone_div_comes_from_the_fallback(
    frozen_now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    notice = (
        "Điện lực An Lão thông báo tạm ngừng cấp điện khu vực thôn Kim Sơn từ 7 giờ đến 11 giờ "
        "ngày 5/12/2026 để bảo dưỡng đường dây. Đề nghị nhân dân chủ động sắp xếp công việc."
    )
    html = _article(f"<div class='ContentNews'>{notice}</div>")
    assert _record(html, frozen_now).body == notice
    # Without the fallback the fast main call finds nothing on this page.
    monkeypatch.setattr(extract, "MAIN_TEXT", replace(extract.MAIN_TEXT, fallback_below=0))
    url = "https://tin.example/a.html"
    assert extract_article(RawPage(url, url, 200, {}, html.encode("utf-8"), frozen_now, "tin")) is None


@pytest.mark.parametrize(
    ("markup", "byline"),
    [
        # Our selectors read "By" alone here; trafilatura's author search finds the name.
        ('<span class="author">By <a href="/authors/th">Tom Hendry</a></span>', "Tom Hendry"),
        ('<p class="byline">Anna Lindqvist · 9 February 2026</p>', "Anna Lindqvist"),
        ('<p class="author">Von Katrin Vogel</p>', "Katrin Vogel"),
        ('<p class="author">Theodore Byron</p>', "Theodore Byron"),  # a prefix is a whole word
        ('<meta name="author" content="Sally Pike"><p>Không có tên tác giả.</p>', "Sally Pike"),
    ],
)
def test_byline(markup: str, byline: str, frozen_now: datetime) -> None:
    record = _record(_article(f"{markup}<div class='content'>{_paragraphs()}</div>"), frozen_now)
    assert record.byline == byline


BENCH_PAGES = PROJECT_ROOT / "bench" / "pages"
OLD_CMS = BENCH_PAGES / "vi" / "v04-old-cms-comments-br.html"  # a table lays out menu, article, sidebar


def test_a_layout_table_is_read_as_text(frozen_now: datetime, monkeypatch: pytest.MonkeyPatch) -> None:
    html = OLD_CMS.read_text(encoding="utf-8")
    lines = _record(html, frozen_now).body.split("\n")
    gold = yaml.safe_load((BENCH_PAGES / "gold.yaml").read_text(encoding="utf-8"))["vi"][OLD_CMS.name]
    assert [p for p in gold["body"] if p not in lines] == []  # each paragraph a line of its own
    assert not any("Pháp luật" in line or "Tin mới" in line for line in lines)  # menu and sidebar
    monkeypatch.setattr(extract, "MAIN_TEXT", replace(extract.MAIN_TEXT, unwrap_layout_tables=False))
    assert "| An ninh Cảng \\| Pháp luật" in _record(html, frozen_now).body  # one table row of everything


def test_data_tables_stay_tables_inside_a_layout_table(frozen_now: datetime) -> None:
    rows = "".join(
        f"<tr><td>{d}</td><td>{who}</td></tr>"
        for d, who in (
            ("Ngày", "Người tiếp"),
            ("05/12/2026", "Chủ tịch UBND xã"),
            ("15/12/2026", "Phó Chủ tịch"),
        )
    )
    html = _article(
        "<table width='980'><tr><td class='menu'><a href='#'>Trang chủ</a> <a href='#'>Văn bản</a></td>"
        f"<td><div class='noidung'>{_paragraphs()}<table class='MsoTableGrid'>{rows}</table></div></td>"
        "</tr></table>"
    )
    body = _record(html, frozen_now).body
    assert "| 05/12/2026 | Chủ tịch UBND xã |" in body
    assert PARAGRAPHS[0] in body and "Văn bản" not in body
