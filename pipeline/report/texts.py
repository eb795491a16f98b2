"""Vietnamese wording of the report, in one place so it can be reviewed.

The header block follows the administrative form of Nghị định 30/2020/NĐ-CP; the issuing body, its
unit, the number, place, signer and recipients are the office's settings (``[report]``,
``pipeline.settings.ReportSettings``), not texts here.
"""

from __future__ import annotations

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
DOC_KIND = "BÁO CÁO"
SUBJECT = "Tổng hợp thông tin báo chí về thành phố Hải Phòng và An Lão"
SIGN_HINT = "(Ký, ghi rõ họ tên)"
RECIPIENTS = "Nơi nhận:"

TOTAL_LABELS = {
    "collected": "Tổng số tin thu thập",
    "hai_phong": "Tin, bài về Hải Phòng (gồm An Lão)",
    "an_lao": "Tin, bài về An Lão",
    "incidental": "Tin, bài chỉ nhắc đến Hải Phòng (không tính vào tổng)",
    "flagged": "Tin, bài cần rà soát, phản hồi",
}

SECTION_PERIOD = "KỲ BÁO CÁO VÀ NGUỒN THEO DÕI"
SECTION_FIGURES = "SỐ LIỆU TỔNG HỢP"
SECTION_POSITIVE = "THÔNG TIN TÍCH CỰC NỔI BẬT THEO CHỦ ĐỀ"
SECTION_FLAGGED = "THÔNG TIN CẦN RÀ SOÁT, PHẢN HỒI"
SECTION_ASSESSMENT = "NHẬN XÉT, ĐÁNH GIÁ"
SECTION_PROPOSALS = "ĐỀ XUẤT, KIẾN NGHỊ"
SECTION_APPENDIX = "PHỤ LỤC: NGUỒN TIN VÀ PHƯƠNG PHÁP"

SUB_TOTALS = "Số liệu chung"
SUB_SOURCES = "Theo cơ quan báo chí"
SUB_TOPICS = "Theo chủ đề"
SUB_TONES = "Theo sắc thái thông tin"
SUB_CHARTS = "Biểu đồ"
SUB_FLAGGED = "Danh sách tin, bài cần rà soát"
SUB_OPEN = "Vụ việc còn mở"
SUB_SOURCE_LIST = "Nguồn tin theo dõi"
SUB_METHOD = "Phương pháp"

CHART_WEEKLY = "Số tin, bài theo tuần"
CHART_TOPICS = "Tin, bài về Hải Phòng theo chủ đề"
CHART_TONES = "Tin, bài về Hải Phòng theo sắc thái"
SERIES_COLLECTED = "Thu thập"
SERIES_HAI_PHONG = "Về Hải Phòng"

COL_ITEM = "Chỉ tiêu"
COL_NOW = "Kỳ này"
COL_PREV = "Kỳ trước"
COL_CHANGE = "Thay đổi"
COL_SOURCE = "Cơ quan báo chí"
COL_COLLECTED = "Thu thập"
COL_HAI_PHONG = "Về Hải Phòng"
COL_AN_LAO = "Về An Lão"
COL_INCIDENTAL = "Chỉ nhắc đến"
COL_PREV_HP = "Kỳ trước (về HP)"
COL_TOPIC = "Chủ đề"
COL_TONE = "Sắc thái"
COL_SHARE = "Tỷ lệ"
COL_TITLE = "Tin, bài"
COL_DATE = "Ngày đăng"
COL_REPUBLISHED = "Số bài"
COL_REASON = "Lý do"
COL_STATUS = "Trạng thái"
COL_STATUS_RESPONSE = "Trạng thái, phản hồi chính thức"
COL_SOURCES = "Nguồn đăng"
COL_ID = "Mã"
COL_KIND = "Loại"
COL_CONFIDENCE = "Độ tin cậy"
# The XLSX items sheet: one column per counted item field, in ITEM_FIELDS order.
ITEMS_SHEET = "Danh sách tin"
ITEM_COLUMNS = {
    "id": "Mã bài",
    "published": "Thời gian đăng",
    "source": "Cơ quan báo chí",
    "title": "Tiêu đề",
    "url": "Liên kết",
    "scope": "Phạm vi",
    "places": "Địa danh",
    "topics": "Chủ đề",
    "tone": "Sắc thái",
    "needs_response": "Cần phản hồi",
    "flag_score": "Điểm",
    "reasons": "Lý do",
    "story_id": "Mã chuỗi tin",
    "review_status": "Trạng thái xử lý",
    "response_note": "Ghi chú phản hồi",
    "response_url": "Liên kết phản hồi",
    "model_version": "Phiên bản mô hình",
    "promotional": "Quảng cáo, PR",
}
TOTAL_ROW = "Tổng cộng"
UNTAGGED_TOPIC = "Chưa xếp chủ đề"
NONE = "Không có."

EMPTY_FUTURE = "Kỳ báo cáo chưa bắt đầu: chưa có số liệu."
EMPTY_NO_DATA = "Không có tin, bài nào được thu thập trong kỳ này."
PERIOD_LINE = "Kỳ báo cáo: {period}, từ ngày {start} đến ngày {end}."
SOURCES_LINE = (
    "Nguồn tin: {active} cơ quan báo chí, cổng thông tin có tin, bài trong kỳ, trên {followed} nguồn đang "
    "theo dõi (danh sách tại phụ lục)."
)
IN_PROGRESS = "Kỳ báo cáo chưa kết thúc; số liệu tính đến {date}."
TOPIC_NOTE = "Một tin, bài có thể thuộc nhiều chủ đề nên tổng theo chủ đề có thể lớn hơn số tin, bài."
INTRO = (
    "Thực hiện nhiệm vụ theo dõi thông tin báo chí, {issuer} thuộc {unit} báo cáo tổng hợp thông tin "
    "báo chí viết về thành phố Hải Phòng và An Lão {period_lower} (từ ngày {start} đến ngày {end}) như sau:"
)
METHOD = (
    'Tin, bài được tính vào kỳ theo thời điểm đăng (giờ Việt Nam, UTC+7). "Về Hải Phòng" gồm các tin, '
    "bài có phạm vi An Lão hoặc Hải Phòng; tin, bài chỉ nhắc qua Hải Phòng được thống kê riêng, không tính "
    "vào tổng. Thống kê theo chủ đề và sắc thái chỉ tính tin, bài về Hải Phòng. Mỗi câu chuyện (các bài "
    "đăng lại cùng nội dung) chỉ nêu một lần trong phần thông tin nổi bật."
)
METHOD_ISSUER = "Đơn vị lập báo cáo: {issuer}, {unit}."
METHOD_SNAPSHOT = "Số liệu được chốt lúc {frozen}; báo cáo lập lại từ bản chốt này cho kết quả như nhau."
METHOD_PREVIOUS_SNAPSHOT = "Số liệu kỳ trước ({label}) lấy từ bản chốt ngày {frozen}."
METHOD_PREVIOUS_LIVE = "Số liệu kỳ trước ({label}) tính từ cơ sở dữ liệu tại thời điểm chốt."
METHOD_MODELS = "Phiên bản mô hình phân loại: {versions}."

# Cases (vụ việc) followed from first appearance to the response and the outlets' corrections.
SUB_CASES = "Vụ việc thông tin sai lệch được theo dõi"
SUB_CASE_OUTCOMES = "Kết quả sau phản hồi theo cơ quan báo chí"
COL_CASE = "Vụ việc"
COL_CASES = "Số vụ việc"
COL_FIRST_SEEN = "Xuất hiện đầu tiên"
COL_HOURS_ALERT = "Cảnh báo sau (giờ)"
COL_HOURS_RESPONSE = "Phản hồi sau (giờ)"
COL_ITEMS = "Số tin, bài"
OUTCOME_NAMES = {
    "corrected": "Đã đính chính",
    "removed": "Đã gỡ",
    "updated": "Đã sửa, không đính chính",
    "unchanged": "Giữ nguyên",
    "pending": "Chưa phản hồi hoặc chưa kiểm tra lại",
}
CASES_NONE = "Trong kỳ không có vụ việc thông tin sai lệch nào được theo dõi."
CASES_COUNT = (
    "Trong kỳ theo dõi {n} vụ việc thông tin sai lệch (mở trong kỳ hoặc còn theo dõi), {answered} vụ việc "
    "đã có phản hồi chính thức."
)
CASES_TO_ALERT = (
    "Thời gian trung vị từ khi thông tin xuất hiện đến khi có cảnh báo đầu tiên: {hours} giờ "
    "({n} vụ việc có cảnh báo)."
)
CASES_TO_RESPONSE = (
    "Thời gian trung vị từ khi thông tin xuất hiện đến khi có phản hồi chính thức: {hours} giờ ({n} vụ việc)."
)
