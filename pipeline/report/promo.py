"""The "PR/quảng cáo" signal: items that read as press releases, sponsored content or property sales.

Such items are often positive and about Hải Phòng, so without this signal they would crowd the
report's highlights. Matching runs on folded text (no diacritics, lower case) of the title and
summary. A strong marker (a press release, sponsored content, a discount, "căn hộ cao cấp", a
project's exclusive distributor) is enough on its own; weaker ones ("mở bán", "tài trợ", "ưu đãi",
"căn hộ", "khai trương", "cú hích") count only in pairs, so news that social housing may now be sold
("đủ điều kiện mở bán") or a temple that shows "không gian sống" of a scholar is not an advertisement.
On the 1,120 items of ``../shared/data/haiphong/dev.jsonl`` it marks 19, all property or shop promotion.
"""

from __future__ import annotations

import re

from pipeline.text.normalise import fold

STRONG = (
    "thong cao",
    "noi dung tai tro",
    "bai viet tai tro",
    "chiet khau",
    "can ho cao cap",
    "nha mau",
    "shophouse",
    "booking",
    "suat ngoai giao",
    "bat dong san dong tien",
    "dau tu kep",
    "chuan song",
    "thuong luu",
    "gioi tinh hoa",
    "phan phoi doc quyen",
    "doi tac phan phoi",
)
WEAK = (
    "mo ban",
    "tai tro",
    "uu dai",
    "can ho",
    "biet thu",
    "san golf",
    "so huu",
    "gia chi tu",
    "loi nhuan",
    "an cu",
    "dang cap",
    "tien ich",
    "cao cap",
    "khai truong",
    "cu hich",
    "don bay",
    "vinh du nhan",
    "khong gian song",
    "hang sang",
)


def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b")


_STRONG, _WEAK = _pattern(STRONG), _pattern(WEAK)


def is_promotional(title: str, summary: str = "") -> bool:
    """Whether an item reads as PR or advertising: one strong marker, or two different weak ones."""
    folded = fold(f"{title}\n{summary}")
    return bool(_STRONG.search(folded)) or len(set(_WEAK.findall(folded))) >= 2
