"""The quarterly press summary (giao ban báo chí hàng quý): figures and a Markdown rendering.

An item belongs to a quarter by its publication time in Vietnam's time zone; "about Hải Phòng"
means scope an-lao or hai-phong, incidental mentions are counted apart. This first version renders
Markdown and CSV; the frozen snapshot and the DOCX of the office come with the report issue.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from pipeline.dates import VN_TZ
from pipeline.queries import iter_records
from pipeline.taxonomy import Taxonomy
from pressmon.errors import UserError

_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
RELEVANT = ("an-lao", "hai-phong")


@dataclass(frozen=True)
class Period:
    label: str
    start: datetime
    end: datetime

    def previous(self) -> Period:
        """The quarter before this one."""
        year, quarter = self.start.year, (self.start.month - 1) // 3 + 1
        return parse_quarter(f"{year - 1}Q4" if quarter == 1 else f"{year}Q{quarter - 1}")


def parse_quarter(text: str) -> Period:
    """``2026Q3`` → the quarter's bounds in Vietnam time; a clear error for anything else."""
    match = _QUARTER.match(text.strip())
    if not match:
        raise UserError(f"Invalid quarter {text!r}: expected the form YYYYQn, e.g. 2026Q3.")
    year, quarter = int(match[1]), int(match[2])
    start = datetime(year, 3 * quarter - 2, 1, tzinfo=VN_TZ)
    end = datetime(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1, tzinfo=VN_TZ)
    return Period(f"{year}Q{quarter}", start, end)


@dataclass
class QuarterFigures:
    period: Period
    items: list[dict[str, Any]] = field(default_factory=list)
    previous_totals: dict[str, int] = field(default_factory=dict)

    def totals(self) -> dict[str, int]:
        """Collected, about Hải Phòng (incl. An Lão), about An Lão, incidental, flagged."""
        return _totals(self.items)

    def relevant(self) -> list[dict[str, Any]]:
        return [i for i in self.items if i["scope"] in RELEVANT]

    def by(self, key: str) -> Counter[str]:
        """Counts of relevant items by a field (list fields count each value)."""
        counter: Counter[str] = Counter()
        for item in self.relevant():
            value = item[key]
            counter.update(value if isinstance(value, list) else [value])
        return counter


def _totals(items: list[dict[str, Any]]) -> dict[str, int]:
    return {
        "collected": len(items),
        "hai_phong": sum(1 for i in items if i["scope"] in RELEVANT),
        "an_lao": sum(1 for i in items if i["scope"] == "an-lao"),
        "incidental": sum(1 for i in items if i["scope"] == "incidental"),
        "flagged": sum(1 for i in items if i["needs_response"]),
    }


def quarter_figures(session: Session, period: Period) -> QuarterFigures:
    """The items published in ``period`` and the previous quarter's totals."""
    items = list(iter_records(session, period.start, period.end))
    prev = period.previous()
    return QuarterFigures(period, items, _totals(list(iter_records(session, prev.start, prev.end))))


def _change(now: int, before: int) -> str:
    if before == 0:
        return "—" if now == 0 else "mới"
    return f"{(now - before) / before:+.0%}"


def _table(headers: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows]
    return [*lines, ""]


def render_markdown(fig: QuarterFigures, tax: Taxonomy, generated: datetime) -> str:
    """The quarterly summary as Markdown (Vietnamese)."""
    p = fig.period
    quarter = f"Quý {(p.start.month - 1) // 3 + 1}/{p.start.year}"
    out = [
        f"# Tổng hợp thông tin báo chí về Hải Phòng và An Lão — {quarter}",
        "",
        f"Kỳ báo cáo: {p.start:%d/%m/%Y} – {(p.end.astimezone(VN_TZ)):%d/%m/%Y} (không gồm ngày cuối). "
        f"Lập lúc {generated.astimezone(VN_TZ):%H:%M %d/%m/%Y}.",
        "",
    ]
    if not fig.items:
        future = p.start > generated
        reason = "Kỳ báo cáo chưa bắt đầu." if future else "Không có tin nào được thu thập trong kỳ này."
        return "\n".join([*out, f"**{reason}**", ""])
    totals, prev = fig.totals(), fig.previous_totals
    labels = {
        "collected": "Tổng số tin thu thập",
        "hai_phong": "Tin về Hải Phòng (gồm An Lão)",
        "an_lao": "Tin về An Lão",
        "incidental": "Tin nhắc đến Hải Phòng (không tính vào tổng)",
        "flagged": "Tin cần rà soát phản hồi",
    }
    out += ["## 1. Số liệu chung", ""]
    out += _table(
        ["Chỉ tiêu", "Quý này", "Quý trước", "Thay đổi"],
        [[labels[k], totals[k], prev.get(k, 0), _change(totals[k], prev.get(k, 0))] for k in labels],
    )
    out += ["## 2. Theo cơ quan báo chí", ""]
    out += _table(["Nguồn", "Số tin"], [[s, n] for s, n in fig.by("source").most_common()])
    out += ["## 3. Theo chủ đề", ""]
    out += _table(
        ["Chủ đề", "Số tin"], [[tax.topics.get(t, t), n] for t, n in fig.by("topics").most_common()]
    )
    out += ["## 4. Theo sắc thái", ""]
    out += _table(["Sắc thái", "Số tin"], [[tax.tones.get(t, t), n] for t, n in fig.by("tone").most_common()])
    flagged = [i for i in fig.items if i["needs_response"]]
    out += ["## 5. Tin cần rà soát, phản hồi", ""]
    out += (
        _table(
            ["Ngày", "Nguồn", "Tiêu đề", "Lý do", "Trạng thái"],
            [
                [
                    i["published"][:10],
                    i["source"],
                    i["title"],
                    ", ".join(tax.reasons.get(r, r) for r in i["reasons"]),
                    tax.statuses.get(i["review_status"], i["review_status"] or "—"),
                ]
                for i in flagged
            ],
        )
        if flagged
        else ["Không có.", ""]
    )
    out += [
        "## Phụ lục: phương pháp",
        "",
        'Tin thuộc kỳ theo thời điểm đăng (giờ Việt Nam). "Về Hải Phòng" gồm phạm vi an-lao và hai-phong; '
        "tin chỉ nhắc đến Hải Phòng được thống kê riêng.",
        "",
    ]
    return "\n".join(out)
