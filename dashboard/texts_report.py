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
SECTION_ASSESSMENT = "Nhận xét, đánh giá"
SECTION_PROPOSALS = "Đề xuất, kiến nghị"
EDIT_TITLE = "Biên tập trước khi chốt số liệu"
EDIT_HELP = (
    "Chọn tin nổi bật cần ghim lên đầu hoặc bỏ khỏi báo cáo, sửa phần nhận xét và đề xuất (soạn sẵn từ "
    "số liệu), rồi lưu. Khi chốt số liệu, báo cáo mang đúng nội dung đã lưu."
)
PIN = "Ghim lên đầu phần tin tích cực nổi bật"
DROP = "Bỏ khỏi phần tin tích cực nổi bật"
PROMO_MARK = " [PR/quảng cáo]"
SAVE_DRAFT = "Lưu bản biên tập"
DRAFT_SAVED = "Đã lưu bản biên tập báo cáo {period}."
ISSUER_TITLE = "Thông tin đơn vị ban hành (chỉ xem)"
ISSUER_HELP = (
    "Lấy từ mục [report] trong pressmon.toml hoặc biến môi trường PRESSMON_REPORT__…; "
    "người quản trị máy chủ sửa ở đó, không sửa trên trang này."
)
ISSUER_FIELDS = {
    "unit": "Đơn vị",
    "issuer": "Cơ quan ban hành",
    "number": "Số, ký hiệu",
    "place": "Địa danh",
    "signer_title": "Chức vụ người ký",
    "signer_name": "Người ký",
    "recipients": "Nơi nhận",
}
ISSUER_COLUMNS = ("Mục", "Giá trị")
