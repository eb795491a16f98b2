"""pipeline.report.promo: the PR/advertising signal on sentences written for these tests."""

from __future__ import annotations

import unicodedata

import pytest

from pipeline.report.promo import is_promotional


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        ("Chính thức mở bán căn hộ cao cấp view sông Cấm", ""),  # one strong marker is enough
        ("Ưu đãi cuối năm cho khách hàng mua nhà phố", "Chiết khấu tới 12% khi thanh toán sớm."),
        ("Thông cáo báo chí: Tập đoàn X khai trương nhà máy tại Hải Phòng", ""),
        ("Nội dung tài trợ", "Không gian sống xanh giữa lòng thành phố cảng."),
        ("Khu đô thị ven sông mở bán đợt đầu", "Mỗi căn hộ có tầm nhìn ra công viên."),  # two weak ones
        ("CHIET KHAU 10% KHI DAT COC", ""),  # typed without diacritics, in capitals
        ("Khai trương trung tâm thương mại cao cấp ở Thủy Nguyên", ""),
        ("Tập đoàn Y chọn đối tác phân phối độc quyền dự án ven sông", ""),
        (unicodedata.normalize("NFD", "Ra mắt nhà mẫu dự án ven biển Đồ Sơn"), ""),  # decomposed text
    ],
)
def test_advertorials_and_press_releases_are_recognised(title: str, summary: str) -> None:
    assert is_promotional(title, summary)


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        ("Hơn 400 căn nhà xã hội tại Hải Phòng đủ điều kiện mở bán", "Sở Xây dựng vừa có văn bản thông báo."),
        ("Giải chạy marathon Hải Phòng công bố cơ cấu giải thưởng", "Ban tổ chức cảm ơn các nhà tài trợ."),
        ("Xã An Lão khánh thành trường tiểu học mới", "Học sinh được học trong phòng học khang trang."),
        ("Công an bắt nhóm lừa đảo bán căn hộ ma", ""),  # one weak word: news about a crime, not an advert
        ("Cảng Lạch Huyện đón tàu container lớn nhất", "Thông tin cáo buộc sai sự thật đã được bác bỏ."),
        ("Khu di tích đền thờ Trạng Trình", "Tái hiện không gian sống của Trạng Trình Nguyễn Bỉnh Khiêm."),
    ],
)
def test_news_is_not_taken_for_advertising(title: str, summary: str) -> None:
    assert not is_promotional(title, summary)
