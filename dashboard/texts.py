"""Every Vietnamese string the dashboard shows, in one place for review."""

from __future__ import annotations

from collections.abc import Callable, Mapping

APP_TITLE = "pressmon — Theo dõi báo chí về Hải Phòng và An Lão"
NO_DATABASE = "Chưa có cơ sở dữ liệu. Người quản trị cần chạy lệnh: pressmon init"
OLD_DATABASE = (
    "Cơ sở dữ liệu cần được nâng cấp lên phiên bản mới. Người quản trị cần chạy lệnh: pressmon init"
)
NO_ARTICLES = "Chưa có bài viết nào phù hợp với bộ lọc."
FILTER_SCOPE = "Phạm vi"
FILTER_SOURCE = "Nguồn tin"
FILTER_FLAGGED = "Chỉ hiện tin cần rà soát"
ALL = "Tất cả"
COLUMNS = {
    "published": "Thời gian đăng",
    "source": "Nguồn",
    "title": "Tiêu đề",
    "scope": "Phạm vi",
    "topics": "Chủ đề",
    "tone": "Sắc thái",
    "needs_response": "Cần rà soát",
    "flag_score": "Điểm",
    "status": "Trạng thái xử lý",
    "url": "Liên kết",
    "id": "Mã bài",
}

# Sign-in and roles
LOGIN_TITLE = "Đăng nhập"
LOGIN_NAME = "Tên đăng nhập"
LOGIN_PASSWORD = "Mật khẩu"
LOGIN_SUBMIT = "Đăng nhập"
LOGIN_INVALID = "Tên đăng nhập hoặc mật khẩu không đúng."
LOGIN_LOCKED = "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút."
LOGIN_EXPIRED = "Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại."
LOGIN_NO_USERS = "Chưa có tài khoản nào. Người quản trị cần chạy lệnh: pressmon users add TÊN --role admin"
LOGOUT = "Đăng xuất"
SIGNED_IN_AS = "Đăng nhập: **{name}** ({role})"
ROLES = {"viewer": "Xem", "analyst": "Chuyên viên", "admin": "Quản trị"}
NOT_ALLOWED = "Tài khoản của bạn không có quyền thực hiện việc này."

# Pages
PAGE_OVERVIEW = "Tổng quan"
PAGE_QUEUE = "Hàng đợi rà soát"
PAGE_ITEM = "Chi tiết tin"
PAGE_SEARCH = "Tìm kiếm"
PAGE_SOURCES = "Nguồn tin"
PAGE_MODELS = "Mô hình"
PAGE_ADMIN = "Quản trị"
PAGE_REPORT = "Báo cáo quý"

# Shared labels
PRIORITIES = {1: "Cao", 2: "Bình thường", 3: "Thấp"}
FILTER_STATUS = "Trạng thái"
FILTER_TOPIC = "Chủ đề"
FILTER_ASSIGNEE = "Người xử lý"
FILTER_PERIOD = "Thời gian đăng"
UNASSIGNED = "(chưa giao)"
NOBODY = "(không ai)"
LOADING = "Đang tải dữ liệu…"

# Overview
SINCE_LAST_VISIT = "Từ lần đăng nhập trước ({at}): {articles} bài mới, {flagged} tin mới cần rà soát."
METRIC_ARTICLES = "Bài viết"
METRIC_RELEVANT = "Về Hải Phòng / An Lão"
METRIC_FLAGGED = "Cần rà soát"
METRIC_OPEN = "Chưa xử lý xong"
CHART_WEEK = "Số bài theo tuần"
CHART_SOURCE = "Số bài theo nguồn"
CHART_SCOPE = "Theo phạm vi"
CHART_TOPIC = "Theo chủ đề"
CHART_TONE = "Theo sắc thái"
CHART_STATUS = "Tin cần rà soát theo trạng thái"
AXIS_WEEK = "Tuần (bắt đầu thứ Hai)"
AXIS_COUNT = "Số bài"
NO_DATA = "Chưa có dữ liệu phù hợp với bộ lọc."

# Queue
QUEUE_COUNT = "{shown} / {total} câu chuyện cần rà soát (mỗi câu chuyện hiện một lần, kèm các báo đã đăng)"
QUEUE_EMPTY = "Không có tin nào cần rà soát với bộ lọc này."
QUEUE_PICK = "Chọn tin để mở"
BULK_TITLE = "Thao tác hàng loạt"
BULK_ITEMS = "Các tin"
BULK_PLACEHOLDER = "Chọn một hoặc nhiều tin…"
# What an empty multiple choice shows (Streamlit's own is English).
CHOOSE = "Chọn…"
BULK_ACTION = "Thao tác"
BULK_APPLY = "Áp dụng"
BULK_SET_STATUS = "Đổi trạng thái thành: {status}"
BULK_ASSIGN = "Giao cho: {name}"
BULK_DONE = "Đã cập nhật {updated} tin."
BULK_STALE = "{n} tin vừa được người khác thay đổi nên không cập nhật; danh sách đã được tải lại."
BULK_REFUSED = "{n} tin không cập nhật được: {why}"
QUEUE_COLUMNS = {
    "title": "Tiêu đề",
    "source": "Nguồn",
    "outlets": "Các báo đăng",
    "items": "Số bài",
    "published": "Thời gian đăng",
    "flag_score": "Điểm",
    "reasons": "Lý do",
    "topics": "Chủ đề",
    "status": "Trạng thái",
    "assignee": "Người xử lý",
    "priority": "Ưu tiên",
    "deadline": "Hạn",
}

# Item
ITEM_NONE = "Chưa chọn tin. Hãy mở một tin từ Hàng đợi rà soát."
ITEM_UNKNOWN = "Không tìm thấy tin này."
ITEM_META = "**Nguồn:** {source} · **Tác giả:** {byline} · **Đăng lúc:** {published}"
ITEM_LINK = "Bài gốc"
ITEM_WHY = "Vì sao tin được đánh dấu"
ITEM_SCORE = "Điểm cần rà soát"
ITEM_REASONS = "Lý do"
ITEM_MODEL = "Phiên bản mô hình"
ITEM_PLACES = "Địa danh"
ITEM_LEGEND = "Tô xanh: địa danh được nhận ra · Tô cam: cụm từ làm tin bị đánh dấu"
ITEM_TEXT = "Nội dung"
ITEM_STORY = "Các bài khác cùng câu chuyện"
ITEM_EVIDENCE = "Trang gốc đã lưu (hiển thị dạng văn bản)"
ITEM_EVIDENCE_NONE = "Không có trang gốc được lưu cho bài này."
ITEM_SHA = "sha256: {sha}"
ITEM_NOT_FLAGGED = "Tin này chưa được đánh dấu cần rà soát."
REVIEW_TITLE = "Xử lý"
REVIEW_STATUS = "Trạng thái"
REVIEW_ASSIGNEE = "Người xử lý"
REVIEW_PRIORITY = "Mức ưu tiên"
REVIEW_NOTE = "Ghi chú"
REVIEW_URL = "Liên kết văn bản/bài phản hồi chính thức"
REVIEW_HAS_DEADLINE = "Có hạn xử lý"
REVIEW_DEADLINE = "Hạn xử lý"
REVIEW_SAVE = "Lưu"
REVIEW_SAVED = "Đã lưu (phiên bản {version})."
REVIEW_STALE = (
    "Tin này vừa được {who} thay đổi lúc {at}. Thay đổi của bạn CHƯA được lưu. "
    "Dưới đây là trạng thái mới nhất; hãy xem lại rồi lưu lại nếu cần."
)
REVIEW_VERSION = "Phiên bản {version} · cập nhật lần cuối bởi {who} lúc {at}"
CORRECT_TITLE = "Sửa nhãn (dùng để huấn luyện lại mô hình)"
CORRECT_SCOPE = "Phạm vi đúng"
CORRECT_TOPICS = "Chủ đề đúng"
TOPICS_PLACEHOLDER = "Chọn chủ đề…"
REASONS_PLACEHOLDER = "Chọn lý do…"
CORRECT_TONE = "Sắc thái đúng"
CORRECT_SAVE = "Lưu nhãn"
CORRECT_SAVED = "Đã lưu nhãn sửa."
CORRECT_SAME = "Nhãn không thay đổi."

# Search
SEARCH_INPUT = "Tìm kiếm (không cần gõ dấu, ví dụ: hai phong)"
SEARCH_COUNT = "{total} kết quả (hiện {shown})"
SEARCH_COUNT_MANY = "Hơn {cap} kết quả (hiện {shown} bài mới nhất)"
SEARCH_HINT = (
    "Nhập từ khóa để tìm trong tiêu đề, tóm tắt và nội dung; đặt cụm từ trong ngoặc kép để tìm đúng cụm. "
    "Để trống: các bài mới nhất theo bộ lọc."
)
EXPORT_CSV = "Tải CSV"
EXPORT_XLSX = "Tải Excel (XLSX)"
SINCE = "Từ ngày"
UNTIL = "Đến ngày"

# Sources, models, admin
SOURCES_EMPTY = "Chưa có nguồn nào trong danh mục. Người quản trị cần chạy lệnh: pressmon init"
SOURCES_COLUMNS = {
    "id": "Mã",
    "name": "Tên",
    "kind": "Loại",
    "confidence": "Độ tin cậy",
    "file_enabled": "Theo tệp đăng ký",
    "admin_enabled": "Quản trị viên đặt",
    "enabled": "Trạng thái",
    "last_crawl": "Lần thu thập cuối",
    "last_status": "Kết quả",
    "articles": "Số bài",
    "fetched": "Lần cuối: tải",
    "new": "Lần cuối: mới",
    "failed": "Lần cuối: lỗi",
    "last_error": "Lỗi gần nhất",
}
CRAWL_STATUSES = {
    "ok": "Tốt",
    "partial": "Một phần",
    "unreachable": "Không truy cập được",
    "failed": "Lỗi",
    "running": "Đang chạy",
    "interrupted": "Bị ngắt giữa chừng",
    "disallowed": "Bị robots.txt chặn",
}
SOURCE_ON = "Bật"
SOURCE_OFF = "Tắt"
SOURCE_FOLLOWED = "Đang theo dõi"
SOURCE_PAUSED = "Tạm dừng"
SOURCE_ADMIN_NONE = "— (theo tệp đăng ký)"
SOURCE_ADMIN_SET = "{state} ({by}, {at})"
SOURCES_SWITCH_NOTE = (
    "Tệp đăng ký nguồn (data/sources.yaml) cho biết nguồn nào được bật mặc định. Lựa chọn của quản trị viên "
    "được ưu tiên hơn tệp cho đến khi đặt lại “Theo tệp đăng ký”; lệnh pressmon init và các lần thu thập "
    "không ghi đè lựa chọn này."
)
SOURCE_SWITCH = "Bật/tắt theo dõi nguồn"
SOURCE_SWITCH_TO = "Đặt thành"
SOURCE_SWITCH_CHOICES = {
    "on": "Bật theo dõi",
    "off": "Tạm dừng theo dõi",
    "file": "Theo tệp đăng ký",
}
SOURCE_SWITCH_APPLY = "Áp dụng"
SOURCE_SWITCHED = "Đã cập nhật nguồn {source}: {state}."
SOURCE_UNCHANGED = "Nguồn {source} đã ở trạng thái này; không có gì thay đổi."
MODEL_CURRENT = "Mô hình hiện tại: {version}"
MODEL_NONE = "Chưa có bài nào được xử lý."
MODEL_VERSIONS = "Các phiên bản mô hình đang dùng"
MODEL_LABELS = "Nhãn của chuyên viên đang chờ lần huấn luyện tới"
MODEL_COLUMNS = {
    "model_version": "Phiên bản",
    "articles": "Số bài đang dùng",
    "last_used": "Lần dùng gần nhất",
}
MODEL_NO_CARD = "Chưa có thẻ mô hình của mô hình đang dùng."
ADMIN_USERS = "Tài khoản"
ADMIN_ADD = "Thêm tài khoản"
ADMIN_ADDED = "Đã tạo tài khoản {name}."
ADMIN_CHANGE = "Đổi vai trò / khóa tài khoản"
ADMIN_USER = "Tài khoản"
ADMIN_ROLE = "Vai trò"
ADMIN_DISABLED = "Khóa tài khoản"
ADMIN_APPLY = "Cập nhật"
ADMIN_UPDATED = "Đã cập nhật tài khoản {name}."
ADMIN_AUDIT = "Nhật ký thay đổi"
ADMIN_AUDIT_TYPE = "Loại đối tượng"
USERS_COLUMNS = {"name": "Tên", "role": "Vai trò", "disabled": "Đã khóa", "created": "Ngày tạo"}
AUDIT_OBJECTS = {
    "review": "Rà soát tin",
    "label": "Sửa nhãn",
    "user": "Tài khoản",
    "login": "Đăng nhập",
    "source": "Nguồn tin",
}
AUDIT_ACTIONS = {
    "flagged": "Đánh dấu cần rà soát",
    "updated": "Cập nhật",
    "corrected": "Sửa nhãn",
    "confirmed": "Xác nhận nhãn",
    "created": "Tạo",
    "role": "Đổi vai trò",
    "disabled": "Khóa/mở khóa",
    "password": "Đổi mật khẩu",
    "succeeded": "Thành công",
    "failed": "Sai mật khẩu",
    "refused": "Bị chặn (sai quá nhiều lần)",
    "enabled": "Bật/tắt theo dõi",
}
AUDIT_COLUMNS = {
    "at": "Thời điểm",
    "actor": "Người thực hiện",
    "object_type": "Đối tượng",
    "object_id": "Mã",
    "action": "Hành động",
    "old": "Trước",
    "new": "Sau",
}

# Refusals of pipeline.review.reviews (ReviewError.code) and pipeline.review.accounts (AccountError.code)
REVIEW_ERRORS = {
    "fields": "Thông tin cần lưu không hợp lệ.",
    "transition": "Không thể chuyển trạng thái từ “{old}” sang “{new}”.",
    "priority": "Mức ưu tiên không hợp lệ.",
    "assignee": "Không có tài khoản “{name}” để giao việc.",
    "link": "Liên kết phản hồi phải bắt đầu bằng http:// hoặc https://.",
    "link_needed": "Hãy nhập liên kết văn bản/bài phản hồi chính thức trước khi chuyển sang “Đã phản hồi”.",
    "deadline": "Hạn xử lý cần có múi giờ.",
    "role": "Vai trò “{role}” không được thực hiện việc này.",
    "no_review": "Tin này chưa được đánh dấu cần rà soát.",
    "labels": "Phạm vi, sắc thái hoặc lý do không hợp lệ.",
    "reasons_missing": "Tin cần phản hồi: hãy chọn ít nhất một lý do.",
    "no_assessment": "Tin này chưa được phân tích nên chưa thể sửa nhãn.",
}
ACCOUNT_ERRORS = {
    "name": "Tài khoản “{name}” đã tồn tại hoặc tên không hợp lệ.",
    "unknown": "Không có tài khoản “{name}”.",
    "role": "Vai trò “{role}” không hợp lệ.",
    "password": "Mật khẩu phải có ít nhất {min} ký tự.",
}
REFUSED = "Không thực hiện được thay đổi này."


def refusal(
    messages: dict[str, str],
    code: str,
    params: dict[str, object],
    statuses: Mapping[str, str] | None = None,
    escape: Callable[[str], str] = str,
) -> str:
    """The Vietnamese sentence for a refusal ``code``; review status codes shown by their names (from the
    taxonomy) and role codes by theirs, every parameter passed through ``escape`` (user input may hold
    Markdown)."""
    names = {**ROLES, **(statuses or {})}
    named = {k: escape(str(names.get(str(v), v))) for k, v in params.items()}
    template = messages.get(code)
    return template.format(**named) if template else REFUSED


# Labelling ("Cần gán nhãn") and the Models page's evaluation and card
PAGE_LABELLING = "Cần gán nhãn"
LABEL_INTRO = (
    "Các tin mô hình ít chắc chắn nhất (phạm vi gần ranh giới giữa hai lựa chọn, điểm cần phản hồi sát "
    "ngưỡng), tin có ích nhất cho lần huấn luyện tới ở trên cùng. Xác nhận hoặc sửa nhãn rồi bấm Lưu nhãn; "
    "tin đã gán nhãn không hiện lại."
)
LABEL_COUNT = "Hiện {shown} / {total} tin chưa gán nhãn trong số tin mới nhất."
LABEL_NONE = "Không còn tin nào chờ gán nhãn."
LABEL_META = "**Nguồn:** {source} · **Đăng lúc:** {published} · **Độ chưa chắc chắn:** {doubt}"
LABEL_SCOPE_WHY = "Mô hình chọn phạm vi {chosen}, phân vân giữa: {scores}"
LABEL_FLAG_WHY = "Điểm cần phản hồi {score} (ngưỡng {threshold})"
LABEL_LINK = "Bài gốc"
LABEL_SCOPE = "Phạm vi"
LABEL_TOPICS = "Chủ đề"
LABEL_REASONS = "Lý do cần phản hồi (chỉ khi cần phản hồi)"
LABEL_TONE = "Sắc thái"
LABEL_NEEDS = "Cần phản hồi"
LABEL_SAVE = "Lưu nhãn"
LABEL_CONFIRMED = "Đã lưu nhãn (xác nhận đúng như mô hình): {title}"
LABEL_CORRECTED = "Đã lưu nhãn đã sửa: {title}"
YES_NO = {True: "Có", False: "Không"}
NOT_YET = "chưa có"
MODEL_LABELS_SINCE = "Nhãn mới từ khi mô hình đang dùng được huấn luyện ({at})."
MODEL_LABELS_ALL = "Chưa có thẻ mô hình nên tính mọi nhãn."
TEMPORAL_TITLE = "Lần huấn luyện gần nhất thay đổi gì (đánh giá theo thời gian)"
TEMPORAL_NOTE = (
    "Huấn luyện trên các tin cũ hơn, chấm trên các tin mới nhất; đường cơ sở: TF-IDF và hồi quy logistic "
    "đơn giản trên cùng dữ liệu. Thay đổi dương là tốt hơn."
)
TEMPORAL_NONE = "Thẻ mô hình chưa có kết quả đánh giá theo thời gian (chưa có)."
TEMPORAL_METRICS = {
    "relevance_f1": "F1 liên quan (Hải Phòng, An Lão)",
    "an_lao_f1": "F1 An Lão",
    "topics_micro_f1": "F1 chủ đề (vi mô)",
    "tone_accuracy": "Độ chính xác sắc thái",
    "flag_precision": "Cần phản hồi: độ chính xác",
    "flag_recall": "Cần phản hồi: độ phủ",
    "flag_ap": "Cần phản hồi: độ chính xác trung bình (AP)",
}
TEMPORAL_COLUMNS = {
    "metric": "Chỉ số",
    "model": "Mô hình",
    "baseline": "Đường cơ sở",
    "vs_baseline": "So với đường cơ sở",
    "previous": "Mô hình trước",
    "vs_previous": "So với mô hình trước",
}
CARD_TITLE = "Thẻ mô hình đang dùng"
CARD_VERSION = "Phiên bản"
CARD_TRAINED = "Huấn luyện lúc"
CARD_SIGNALS = "Số tín hiệu dùng làm đặc trưng"
CARD_COLUMNS = {"field": "Mục", "value": "Giá trị"}
# Names of the model card's keys and of the values it writes in English (codes of labels come from
# the taxonomy).
CARD_NAMES = {
    "data": "Dữ liệu huấn luyện",
    "path": "Tệp",
    "sha256": "Mã băm SHA-256",
    "items": "Số tin",
    "label_counts": "Số nhãn trong dữ liệu huấn luyện",
    "scope": "Phạm vi",
    "topics": "Chủ đề",
    "tone": "Sắc thái",
    "needs_response": "Cần phản hồi",
    "origin": "Nguồn dữ liệu",
    "libraries": "Thư viện",
    "thresholds": "Ngưỡng",
    "topic_threshold": "Ngưỡng chủ đề",
    "needs_threshold": "Ngưỡng cần phản hồi",
    "cross_validation": "Kiểm định chéo theo ngày đăng",
    "folds": "Số phần",
    "rule_flag_weight": "Trọng số luật trong điểm cần phản hồi",
    "metrics": "Kết quả",
    "metrics_pooled_threshold": "Kết quả với một ngưỡng chung",
    "needs_operating_points": "Các điểm vận hành của cờ",
    "threshold": "Ngưỡng",
    "precision": "Độ chính xác",
    "recall": "Độ phủ",
    "f1": "F1",
    "scope_accuracy": "Độ chính xác phạm vi",
    "scope_macro_f1": "F1 phạm vi (vĩ mô)",
    "relevant": "Liên quan (Hải Phòng, An Lão)",
    "an_lao": "An Lão",
    "tone_accuracy": "Độ chính xác sắc thái",
    "needs_response_average_precision": "Cần phản hồi: độ chính xác trung bình (AP)",
    "topics_micro_f1": "F1 chủ đề (vi mô)",
    "topics_macro_f1": "F1 chủ đề (vĩ mô)",
    "fit_seconds": "Thời gian huấn luyện (giây)",
    "True": "Có",
    "False": "Không",
    "database: analysts' decisions": "Cơ sở dữ liệu: quyết định của chuyên viên",
}

# Alerts (Cảnh báo)
PAGE_ALERTS = "Cảnh báo"
PAGE_ALERTS_UNREAD = "Cảnh báo ({count})"
ALERT_KINDS = {"flagged": "Tin cần xem xét", "spreading": "Tin lan rộng", "deadline": "Quá hạn phản hồi"}
ALERT_LINE = "**{kind}** · {when} · {outlet} · điểm {score}"
ALERT_OPEN = "Mở tin"
ALERTS_NONE = "Không có cảnh báo mới."
ALERTS_MARK_READ = "Đánh dấu đã đọc tất cả"
SUBSCRIPTION = "Đăng ký nhận cảnh báo"
SUB_EMAIL = "Thư điện tử nhận cảnh báo"
SUB_WEBHOOK = "Địa chỉ webhook (tuỳ chọn)"
SUB_SCOPES = "Phạm vi (để trống: cả An Lão và Hải Phòng)"
SUB_TOPICS = "Chủ đề (để trống: tất cả)"
SUB_MIN_SCORE = "Điểm cảnh báo tối thiểu"
SUB_DIGEST = "Gửi gộp một lần mỗi ngày thay vì gửi ngay"
SUB_QUIET = "Giờ yên lặng (không gửi ngay), dạng 22:00-06:00"
SUB_SAVE = "Lưu đăng ký"
SUB_SAVED = "Đã lưu đăng ký nhận cảnh báo."
SUB_INVALID = (
    "Chưa lưu được: cần thư điện tử hợp lệ hoặc webhook bắt đầu bằng http:// hay https://; "
    "giờ yên lặng dạng 22:00-06:00."
)

# A page that failed (the details go to the log, never to the screen).
PAGE_FAILED = (
    "Trang này gặp lỗi nên chưa hiển thị được. Hãy tải lại trang; nếu vẫn lỗi, "
    "báo cho quản trị viên (chi tiết đã được ghi vào nhật ký máy chủ)."
)
# Issue 16: the note kept across an edit conflict.
REVIEW_NOTE_DRAFT = "Ghi chú của bạn (chưa lưu)"
REVIEW_NOTE_SAVED = "Ghi chú đã lưu bởi {who}: {note}"

# Issue 16: the queue's views and clickable rows.
QUEUE_VIEW = "Xem"
QUEUE_VIEWS = ("Tất cả", "Của tôi")
QUEUE_CLICK_HINT = "Bấm vào ô chọn ở đầu dòng để mở tin."
ITEM_PICK_PLACEHOLDER = "Chọn một tin cần rà soát…"

# Issue 16: search order.
SEARCH_ORDER = "Sắp xếp"
SEARCH_ORDERS = ("Liên quan nhất", "Mới nhất")

# Issue 16: a sign-out, as the audit log names it (it ends every session begun before it).
AUDIT_ACTIONS["signed-out"] = "Đăng xuất"
# Explanations, Vietnamese formats and undated items (issue 16: points 5, 8, 10)
UNDATED = "Chưa rõ ngày đăng (thu thập {fetched})"
UNDATED_NO_FETCH = "Chưa rõ ngày đăng"
# After the publication time in the office's zone, when the page gave another offset.
PAGE_TIME = " (giờ theo trang: {page})"
ITEM_THRESHOLD = "Ngưỡng đánh dấu"
ITEM_SPLIT = (
    "Riêng mô hình (đọc từ ngữ của cả bài) cho điểm {model}; cộng phần của quy tắc từ khóa "
    "(điểm quy tắc {rules} × trọng số {weight}) thành {score}."
)
ITEM_SPLIT_RULES = (
    "Tin được chấm bằng quy tắc từ khóa, không có mô hình: cả điểm {score} đến từ các cụm từ khóa."
)
ITEM_SPLIT_UNKNOWN = (
    "Không tách được phần của mô hình và của quy tắc từ khóa: "
    "máy chủ không còn mô hình {version} đã chấm tin này."
)
ITEM_REASON_PHRASES = "cụm từ trong bài: {phrases}"
ITEM_REASON_MODEL_ONLY = "chỉ theo mô hình (trong bài không có cụm từ khóa nào của lý do này)"
ITEM_REASON_OTHER = "Cụm từ khóa khác được quy tắc tính vào điểm"
ITEM_NO_REASON = "Không có (tin không bị đánh dấu)."
OVERVIEW_UNDATED = (
    "{n} tin không có ngày đăng: không nằm trong biểu đồ theo tuần và không được tính khi lọc theo "
    "thời gian; các biểu đồ khác (khi không lọc theo thời gian) có tính các tin này."
)
PERIODS = {
    "all": "Mọi thời gian",
    "week": "Tuần này",
    "month": "Tháng này",
    "quarter": "Quý này",
    "custom": "Chọn khoảng ngày…",
}
AUDIT_SWITCH_FILE = "Theo tệp đăng ký"
AUDIT_FIELDS = {
    "status": "Trạng thái",
    "assignee": "Người xử lý",
    "priority": "Ưu tiên",
    "note": "Ghi chú",
    "response_url": "Liên kết phản hồi",
    "deadline": "Hạn xử lý",
    "role": "Vai trò",
    "disabled": "Đã khóa",
    "scope": "Phạm vi",
    "topics": "Chủ đề",
    "tone": "Sắc thái",
    "model_version": "Phiên bản mô hình",
    "flag_score": "Điểm",
    "reasons": "Lý do",
    "admin_enabled": "Quản trị viên đặt",
    "enabled": "Đang theo dõi",
    "reason": "Lý do",
}

# Issue 14: cases (vụ việc): the list, the case page, opening a case from an item.
PAGE_CASES = "Vụ việc"
PAGE_CASE = "Chi tiết vụ việc"
CASE_STATUSES = {"open": "Đang xử lý", "responded": "Đã phản hồi", "closed": "Đã đóng"}
CASES_EMPTY = "Chưa có vụ việc nào. Mở vụ việc từ trang Chi tiết tin của một tin cần rà soát."
CASES_NONE_FILTERED = "Không có vụ việc nào với bộ lọc này."
CASES_COUNT = "{n} vụ việc"
CASES_CLICK_HINT = "Bấm vào ô chọn ở đầu dòng để mở vụ việc."
CASES_COLUMNS = {
    "title": "Vụ việc",
    "status": "Trạng thái",
    "owner": "Người phụ trách",
    "items": "Số bài",
    "responded": "Đã phản hồi",
    "opened": "Ngày mở",
}
CASE_NONE = "Chưa chọn vụ việc. Hãy mở một vụ việc từ danh sách Vụ việc."
CASE_UNKNOWN = "Không tìm thấy vụ việc này."
CASE_PICK = "Chọn vụ việc"
CASE_PICK_PLACEHOLDER = "Chọn một vụ việc…"
CASE_META = "**Trạng thái:** {status} · **Người phụ trách:** {owner} · **Mở lúc:** {opened} bởi {by}"
CASE_CLAIM = "Thông tin sai lệch"
CASE_RESPONSE = "Phản hồi chính thức"
CASE_RESPONSE_NONE = "Chưa có phản hồi chính thức."
CASE_RESPONSE_ON = "**Ngày phản hồi:** {day}"
CASE_RESPONSE_LINK = "Văn bản/bài phản hồi"
CASE_FORM = "Cập nhật vụ việc"
CASE_TITLE = "Tiêu đề vụ việc"
CASE_CLAIM_INPUT = "Thông tin sai lệch (một, hai câu)"
CASE_STATUS = "Trạng thái"
CASE_OWNER = "Người phụ trách"
CASE_RESPONSE_TEXT = "Nội dung phản hồi chính thức"
CASE_RESPONSE_URL = "Liên kết văn bản/bài phản hồi chính thức"
CASE_RESPONSE_DATE = "Ngày phản hồi (để trống nếu chưa phản hồi)"
CASE_SAVE = "Lưu"
CASE_SAVED = "Đã lưu vụ việc (phiên bản {version})."
CASE_STALE = (
    "Vụ việc này vừa được người khác thay đổi. Thay đổi của bạn CHƯA được lưu. "
    "Dưới đây là trạng thái mới nhất; hãy xem lại rồi lưu lại nếu cần."
)
CASE_VERSION = "Phiên bản {version}"
CASE_ITEMS = "Các bài trong vụ việc"
CASE_ITEMS_COLUMNS = {
    "outlet": "Báo",
    "title": "Tiêu đề",
    "url": "Liên kết",
    "published": "Thời gian đăng",
    "state": "Tình trạng",
    "checked": "Kiểm tra lần cuối",
}
CASE_ITEM_STATES = {"live": "Còn nguyên", "edited": "Đã bị sửa", "removed": "Đã bị gỡ"}
CASE_OUTCOMES_TITLE = "Kết quả theo từng báo (so với ngày phản hồi)"
CASE_OUTCOMES_COLUMNS = {"outlet": "Báo", "items": "Số bài", "outcome": "Kết quả"}
CASE_OUTCOMES = {
    "corrected": "Đã đính chính",
    "removed": "Đã gỡ bài",
    "updated": "Đã sửa (không ghi đính chính)",
    "unchanged": "Không thay đổi",
    "pending": "Chưa kiểm tra sau phản hồi",
}
CASE_TIMELINE = "Diễn biến"
CASE_TIMELINE_EMPTY = "Chưa có diễn biến nào."
CASE_EVENTS = {
    "first": "Xuất hiện lần đầu",
    "published": "Báo đăng lại",
    "edited": "Bài bị sửa",
    "removed": "Bài bị gỡ",
    "alert": "Đã gửi cảnh báo",
    "response": "Phản hồi chính thức",
}
CASE_EVENT_REVISIONS = "Phiên bản {old} → {new}"
CASE_EVENT_REMOVED = "Bài không còn trên trang của báo ({detail})."
CASE_EVENT_REMOVED_PLAIN = "Bài không còn trên trang của báo."
CASE_DIFF_LEGEND = "Chữ đỏ gạch ngang: bị xóa · Chữ xanh: được thêm"
CASE_DIFF_SAME = "Nội dung chữ không đổi (chỉ khác cách trình bày)."
CASE_DIFF_MISSING = "Không còn lưu phiên bản cũ của bài nên không so sánh được."
CASE_ITEM_LINK = "Bài gốc"
CASE_ITEMS_COUNT = "{n} bài · Bấm vào ô chọn ở đầu dòng để mở tin."
CASE_OPEN = "Mở vụ việc"
CASE_OPEN_INTRO = "Theo dõi thông tin sai lệch của tin này (và các bài cùng câu chuyện) đến khi có phản hồi."
CASE_OPEN_SUBMIT = "Mở vụ việc"
CASE_OF_ITEM = "Vụ việc có tin này"
CASE_LINK = "{title} ({status})"
CASE_FAILED = "Không lưu được: {why}"

ALERT_KINDS |= {"case-edited": "Bài trong vụ việc bị sửa", "case-removed": "Bài trong vụ việc bị gỡ"}
AUDIT_OBJECTS["case"] = "Vụ việc"
AUDIT_ACTIONS |= {"opened": "Mở vụ việc", "linked": "Thêm bài", "unlinked": "Bỏ bài"}
AUDIT_FIELDS |= {
    "title": "Tiêu đề",
    "claim": "Thông tin sai lệch",
    "story_id": "Câu chuyện",
    "owner": "Người phụ trách",
    "response_text": "Nội dung phản hồi",
    "response_date": "Ngày phản hồi",
    "responded_at": "Ghi nhận phản hồi lúc",
    "closed_at": "Đóng lúc",
    "article_id": "Mã bài",
}
