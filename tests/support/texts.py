"""Short Vietnamese news items with known labels, for the rules, the models and the analyzer: a land
compensation complaint in An Lão, a tourism success in Hải Phòng, and a complaint elsewhere."""

from __future__ import annotations

from datetime import datetime

from pipeline.records import ItemText

COMPLAINT = ItemText(
    title="Người dân xã An Hưng bức xúc vì chậm nhận tiền bồi thường",
    summary=(
        "Nhiều hộ dân ở xã An Hưng, thành phố Hải Phòng phản ánh đã bàn giao đất làm đường hơn một năm "
        "nhưng chưa nhận đủ tiền bồi thường."
    ),
    body=(
        "Theo phản ánh của người dân, dự án thu hồi đất làm đường liên xã ở An Lão chậm chi trả tiền bồi "
        "thường. Các hộ dân đã gửi đơn khiếu nại lên xã. Bà Nguyễn Thị Hoa bức xúc cho biết gia đình mất "
        "đất sản xuất."
    ),
    published=None,
)
TOURISM = ItemText(
    title="Cát Bà đón lượng khách du lịch kỷ lục",
    summary=(
        "Quần đảo Cát Bà của Hải Phòng đón hàng chục nghìn du khách trong dịp nghỉ lễ, các khu nghỉ dưỡng "
        "kín phòng."
    ),
    body=(
        "Các bãi biển nô nức du khách. Lễ hội du lịch biển diễn ra ấn tượng với nhiều hoạt động văn hóa, "
        "ẩm thực đặc sắc. Ngành du lịch Hải Phòng đạt kỷ lục về lượng khách."
    ),
    published=None,
)
ELSEWHERE = ItemText(
    title="Hà Nội khởi công cầu mới bắc qua sông Hồng",
    summary="Nhiều hộ dân phản ánh, bức xúc về mức bồi thường giải phóng mặt bằng.",
    body="Các hộ dân gửi đơn khiếu nại, phản đối mức bồi thường. Dự án có tổng mức đầu tư 20.000 tỉ đồng.",
    published=None,
)


def dated(item: ItemText, when: datetime) -> ItemText:
    """``item`` published at ``when``."""
    return ItemText(item.title, item.summary, item.body, when)
