"""Drafts of the report's "Nhận xét, đánh giá" and "Đề xuất, kiến nghị", written from the figures.

The analyst edits them in the dashboard before freezing (``pipeline.report.drafts``); the edited
text, when there is one, is what the documents carry. The draft says what changed against the
previous period, which topics carried negative items, and what is still open.
"""

from __future__ import annotations

from pipeline.report.figures import change, negative_topics, number, open_stories, percent
from pipeline.report.snapshot import Snapshot
from pipeline.taxonomy import Taxonomy

TOP_TOPICS = 3


def _against(now: int, before: int) -> str:
    moved = change(now, before)
    if moved in ("—", "mới"):
        return "kỳ trước không có" if moved == "mới" else "không đổi so với kỳ trước"
    return f"{moved} so với kỳ trước"


def _negative(snap: Snapshot, tax: Taxonomy) -> list[tuple[str, int]]:
    """The names of the topics with most negative items, and how many."""
    return [(tax.topics.get(code, code), n) for code, n in negative_topics(snap.items)[:TOP_TOPICS]]


def draft_assessment(snap: Snapshot, tax: Taxonomy) -> str:
    """ "Nhận xét, đánh giá": volume and its change, tone, topics with negative items, open cases."""
    now, before = snap.summary.totals, snap.previous.totals
    hp = now["hai_phong"]
    lines = [
        f"Trong kỳ, có {number(now['collected'])} tin, bài được thu thập; {number(hp)} tin, bài viết về "
        f"thành phố Hải Phòng ({_against(hp, before.get('hai_phong', 0))}), trong đó {number(now['an_lao'])} "
        f"tin, bài về An Lão ({_against(now['an_lao'], before.get('an_lao', 0))})."
    ]
    if hp:
        tones = {code: snap.summary.by_tone.get(code, {}).get("hai_phong", 0) for code in tax.tones}
        shares = ", ".join(f"{name.lower()} {percent(tones[code] / hp)}" for code, name in tax.tones.items())
        lines.append(f"Về sắc thái, thông tin về Hải Phòng: {shares}.")
    negative = "; ".join(f"{name} ({number(n)} tin, bài)" for name, n in _negative(snap, tax))
    if negative:
        lines.append(f"Thông tin tiêu cực tập trung ở các chủ đề: {negative}.")
    flagged, still_open = now["flagged"], len(open_stories(snap.items))
    moved = _against(flagged, before.get("flagged", 0))
    rest = (
        f"{number(still_open)} vụ việc còn mở, chưa được phản hồi." if still_open else "không còn vụ việc mở."
    )
    lines.append(f"Có {number(flagged)} tin, bài cần rà soát, phản hồi ({moved}); {rest}")
    return "\n".join(lines)


def draft_proposals(snap: Snapshot, tax: Taxonomy) -> str:
    """ "Đề xuất, kiến nghị": respond to what is open, inform where the tone is negative, keep watching."""
    lines = []
    still_open = len(open_stories(snap.items))
    if still_open:
        lines.append(
            f"Đề nghị các cơ quan, đơn vị liên quan phối hợp xác minh, cung cấp thông tin phản hồi đối với "
            f"{number(still_open)} vụ việc còn mở (mục IV.2)."
        )
    negative = "; ".join(name for name, _ in _negative(snap, tax))
    if negative:
        lines.append(
            "Chủ động cung cấp thông tin chính thức cho báo chí về các lĩnh vực có nhiều thông tin tiêu cực: "
            f"{negative}."
        )
    lines.append(
        "Tiếp tục theo dõi thông tin báo chí hằng tuần, kịp thời báo cáo những vấn đề phát sinh cần xử lý."
    )
    return "\n".join(lines)
