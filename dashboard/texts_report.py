"""Vietnamese strings of the quarterly report page (Báo cáo quý), kept apart from ``texts.py``."""

from __future__ import annotations

PAGE_REPORT = "Báo cáo quý"
TITLE = "Báo cáo giao ban báo chí"
KIND = "Loại kỳ"
KIND_QUARTER = "Quý"
KIND_YEAR = "Năm"
YEAR = "Năm"
QUARTER = "Quý"
NO_DATABASE = "Chưa có cơ sở dữ liệu. Người quản trị cần chạy lệnh: pressmon init"
LOADING = "Đang tổng hợp số liệu…"
FROZEN = "Số liệu {period} đã được chốt lúc {at}; báo cáo tải về giống hệt bản đã giao."
NOT_FROZEN = (
    "Bản xem trước, chưa chốt số liệu: tin mới về trong kỳ sẽ làm thay đổi số liệu. "
    "Chốt số liệu để báo cáo tải về sau này luôn giống nhau."
)
FREEZE = "Chốt số liệu kỳ này"
FROZEN_NOW = "Đã chốt số liệu {period}."
FREEZE_NOT_ALLOWED = "Chỉ chuyên viên hoặc quản trị được chốt số liệu."
METRICS = {
    "collected": "Thu thập",
    "hai_phong": "Về Hải Phòng",
    "an_lao": "Về An Lão",
    "flagged": "Cần rà soát",
}
DELTA_NEW = "mới"
SECTION_FIGURES = "Số liệu tổng hợp"
SECTION_CHARTS = "Biểu đồ"
SECTION_POSITIVE = "Thông tin tích cực nổi bật"
SECTION_FLAGGED = "Thông tin cần rà soát, phản hồi"
SECTION_DOWNLOAD = "Tải báo cáo"
DOWNLOAD = {
    "docx": "Tải báo cáo Word (.docx)",
    "md": "Tải bản Markdown (.md)",
    "csv": "Tải danh sách tin (.csv)",
    "csv-tables": "Tải các bảng số liệu (.csv)",
    "xlsx": "Tải bảng tính Excel (.xlsx)",
}
NONE = "Không có."
