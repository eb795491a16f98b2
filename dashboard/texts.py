"""Every Vietnamese string the dashboard shows, in one place for review."""

from __future__ import annotations

APP_TITLE = "pressmon — Theo dõi báo chí về Hải Phòng và An Lão"
PAGE_ARTICLES = "Bài viết"
NO_DATABASE = "Chưa có cơ sở dữ liệu. Người quản trị cần chạy lệnh: pressmon init"
NO_ARTICLES = "Chưa có bài viết nào phù hợp với bộ lọc."
FILTER_SCOPE = "Phạm vi"
FILTER_SOURCE = "Nguồn tin"
FILTER_FLAGGED = "Chỉ hiện tin cần rà soát"
FILTER_SEARCH = "Tìm trong tiêu đề (không cần dấu)"
COUNT = "{shown} / {total} bài viết"
ALL = "Tất cả"
SCOPES = {"an-lao": "An Lão", "hai-phong": "Hải Phòng", "incidental": "Nhắc đến Hải Phòng", "other": "Khác"}
TONES = {"positive": "Tích cực", "neutral": "Trung tính", "negative": "Tiêu cực"}
COLUMNS = {
    "published": "Thời gian đăng",
    "source": "Nguồn",
    "title": "Tiêu đề",
    "scope": "Phạm vi",
    "topics": "Chủ đề",
    "tone": "Sắc thái",
    "needs_response": "Cần rà soát",
    "flag_score": "Điểm",
    "url": "Liên kết",
}
