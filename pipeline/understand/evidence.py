"""Evidence for the kinds of error the trained models made on new coverage, as tokens they weigh.

None of these decides anything: each is a token (``res:a``, ``list:h``, ``route:t`` …) that the
models read beside the text, so training learns how much each matters. All matching runs on
folded text (lower case, no diacritics), so text typed without diacritics matches too.

- residence or origin only: a place of the city named after "trú tại", "quê", "HKTT", "ngụ" … in
  the same clause (the person lives there; the story happens elsewhere);
- a list: the place is one of three or more places named one after another ("Hà Nội, Hải Phòng,
  Quảng Ninh và Thái Bình");
- a route: the place is an end of a road, rail or air route ("cao tốc Hà Nội – Hải Phòng",
  "đường bay Hải Phòng – Cần Thơ"), or an airline is named;
- a club: which football club the item is about (Hải Phòng's, at home at Lạch Tray, or others);
- for the flag: officials or public bodies as actors of wrongdoing, public procurement, public
  safety incidents, consumers cheated, against police-success crime reports.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from functools import lru_cache

from pipeline.records import PlaceMatch
from pipeline.text.normalise import fold

# An article says early what it is about; the rest of a long body only costs time.
BODY_CHARS = 10_000
# Tokens name the field by its initial (t, l, b) and the scope by its (a: An Lão, h: Hải Phòng).
_SCOPE_LETTER = {"an-lao": "a", "hai-phong": "h"}
_FIELDS = ("title", "lead", "body")
# How far back in a clause a residence word may stand ("trú tại xã Tân Dân, huyện An Lão").
_CLAUSE_BACK = 60
_CLAUSE_END = re.compile(r"[.;!?\n)]")
_RESIDENCE = re.compile(
    r"(?<!\w)(tru tai|tru o|thuong tru|tam tru|ngu tai|ngu o|ngu|que o|que quan|que|hktt|"
    r"ho khau thuong tru|ho khau|noi o|sinh song tai|nguyen quan|sinh ra tai|sinh ra o)(?!\w)"
)
# Between two names of a list: a comma, "và", "cùng", an administrative prefix.
_LIST_GAP = re.compile(
    r"^\s*(,|;|va|hoac|cung|/)?\s*(va\s+)?((tinh|thanh pho|tp\.?|huyen|quan|thi xa|xa|phuong)\s+)?$"
)
_DASH = re.compile(r"^\s*[-–—]\s*$")
_ROUTE_WORDS = re.compile(
    r"(?<!\w)(cao toc|duong bay|chuyen bay|tuyen bay|tuyen duong|quoc lo|duong sat|"
    r"tuyen xe|tuyen tau|tau hoa|xe khach|ve may bay|hanh trinh)(?!\w)"
)
_AIRLINES = re.compile(
    r"(?<!\w)(vietjet|vietnam airlines|bamboo airways|vietravel airlines|pacific airlines)"
)
_CLUB_BEFORE = re.compile(r"(?<!\w)(clb|cau lac bo|doi bong|doi|hlv|thay tro|cdv|co dong vien)\s*$")
_CLUB_AFTER = re.compile(r"^\s*fc(?!\w)")
_HOME_GROUND = re.compile(r"(?<!\w)lach tray(?!\w)")
_AWAY = re.compile(r"(?<!\w)(lam khach|san khach|tren san cua|hanh quan)(?!\w)")
_OTHER_CLUB = re.compile(r"(?<!\w)(clb|cau lac bo)\s+(?!hai phong)\w+|(?<!\w)(hagl|slna|the cong|cahn)(?!\w)")
_SENTENCE = re.compile(r"[^.!?\n]+")
_OFFICIAL = re.compile(
    r"(?<!\w)(can bo|cong chuc|vien chuc|chu tich|pho chu tich|bi thu|pho bi thu|giam doc so|"
    r"pho giam doc so|giam doc|pho giam doc|truong phong|pho truong phong|truong ban|chanh van phong|"
    r"thanh tra|ubnd|hdnd|uy ban nhan dan|ban quan ly|lanh dao)(?!\w)"
)
_FORMER = re.compile(r"(?<!\w)nguyen (chu tich|pho chu tich|bi thu|giam doc|truong phong|can bo|pho)")
_WRONGDOING = re.compile(
    r"(?<!\w)(bi bat|bat tam giam|tam giam|khoi to|ky luat|sai pham|vi pham|tham o|nhan hoi lo|"
    r"dua hoi lo|loi dung chuc vu|lam dung chuc vu|thieu trach nhiem|canh cao|cach chuc|"
    r"khai tru|dinh chi cong tac|truy to|xet xu|bat giam|bat khan cap)(?!\w)"
)
_PROCUREMENT = re.compile(r"(?<!\w)(khong qua dau thau|chi dinh thau|dau thau|nang gia|thong thau)(?!\w)")
_SAFETY = re.compile(
    r"(?<!\w)(nguy co sap|sap do|bi sap|vu chay|dam chay|boc chay|hoa hoan|chay no|phat no|vu no|"
    r"lat tau|chim tau|lat xe|ngo doc|o nhiem|sat lo|"
    r"mat an toan|xuong cap|nut vo|tai nan|chet duoi|thuong vong|tu vong)(?!\w)"
)
_CONSUMER = re.compile(
    r"(?<!\w)(chat chem|lua dao khach|hang gia|hang nhai|can thieu|bat chet|nhai thuong hieu)"
)
_POLICE_SUCCESS = re.compile(
    r"(?<!\w)(triet pha|bat giu|bat qua tang|thu giu|truy na|duong day|ma tuy|doi tuong|"
    r"bat khan cap|phong chong toi pham|lap thanh tich)(?!\w)"
)
# Provinces other than Hải Phòng (before and after the 2025 merger; from underthesea's address
# mapping), and Hồ Chí Minh City's usual short forms: list members beside the gazetteer's places.
OTHER_PROVINCES = (
    "An Giang",
    "Bà Rịa - Vũng Tàu",
    "Bình Dương",
    "Bình Phước",
    "Bình Thuận",
    "Bình Định",
    "Bạc Liêu",
    "Bắc Giang",
    "Bắc Kạn",
    "Bắc Ninh",
    "Bến Tre",
    "Cao Bằng",
    "Cà Mau",
    "Cần Thơ",
    "Gia Lai",
    "Huế",
    "Hà Giang",
    "Hà Nam",
    "Hà Nội",
    "Hà Tĩnh",
    "Hòa Bình",
    "Hưng Yên",
    "Hậu Giang",
    "Hồ Chí Minh",
    "Khánh Hòa",
    "Kiên Giang",
    "Kon Tum",
    "Lai Châu",
    "Long An",
    "Lào Cai",
    "Lâm Đồng",
    "Lạng Sơn",
    "Nam Định",
    "Nghệ An",
    "Ninh Bình",
    "Ninh Thuận",
    "Phú Thọ",
    "Phú Yên",
    "Quảng Bình",
    "Quảng Nam",
    "Quảng Ngãi",
    "Quảng Ninh",
    "Quảng Trị",
    "Sóc Trăng",
    "Sơn La",
    "Thanh Hóa",
    "Thái Bình",
    "Thái Nguyên",
    "Tiền Giang",
    "Trà Vinh",
    "Tuyên Quang",
    "Tây Ninh",
    "Vĩnh Long",
    "Vĩnh Phúc",
    "Yên Bái",
    "Điện Biên",
    "Đà Nẵng",
    "Đắk Lắk",
    "Đắk Nông",
    "Đồng Nai",
    "Đồng Tháp",
    "TP.HCM",
    "TPHCM",
    "TP HCM",
    "Sài Gòn",
)


@lru_cache(maxsize=1)
def _provinces() -> tuple[str, ...]:
    return tuple(sorted({fold(n) for n in OTHER_PROVINCES}, key=len, reverse=True))


def _spans(hay: str, names: Iterable[str]) -> list[tuple[int, int]]:
    ordered = sorted(set(names), key=len, reverse=True)
    if not ordered:
        return []
    # One pass over the text: an alternation, longest names first ("huyen an lao" before "an lao").
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)")
    found = {(m.start(), m.end()) for m in pattern.finditer(hay)}
    # Longest first at each start, then drop spans inside an earlier one ("an lao" in "huyen an lao").
    kept: list[tuple[int, int]] = []
    for start, end in sorted(found, key=lambda s: (s[0], -s[1])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def _clause_before(hay: str, start: int) -> str:
    before = hay[max(0, start - _CLAUSE_BACK) : start]
    cut = max((m.end() for m in _CLAUSE_END.finditer(before)), default=0)
    return before[cut:]


def _listed(hay: str, spans: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The spans that stand in a run of three or more names separated only by commas, "và" …"""
    listed: set[tuple[int, int]] = set()
    run = spans[:1]
    for prev, cur in itertools.pairwise(spans):
        if _LIST_GAP.match(hay[prev[1] : cur[0]]):
            run.append(cur)
            continue
        if len(run) >= 3:
            listed.update(run)
        run = [cur]
    if len(run) >= 3:
        listed.update(run)
    return listed


def _routed(hay: str, span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    start, end = span
    dashed = any(
        _DASH.match(hay[o_end:start]) or _DASH.match(hay[end:o_start])
        for o_start, o_end in spans
        if (o_start, o_end) != span
    )
    return bool(dashed or _ROUTE_WORDS.search(_clause_before(hay, start)[-30:]))


def _place_tokens(field: str, hay: str, places: list[PlaceMatch]) -> list[str]:
    mine = {
        fold(m.evidence): _SCOPE_LETTER[m.scope]
        for m in places
        if m.field == field and m.scope in _SCOPE_LETTER
    }
    if not mine:
        return []
    city = _spans(hay, mine)
    every = _spans(hay, [*mine, *(fold(m.evidence) for m in places if m.field == field), *_provinces()])
    listed = _listed(hay, every)
    f = field[0]
    tokens: list[str] = []
    kinds: dict[str, set[str]] = {}
    for span in city:
        letter = mine[hay[span[0] : span[1]]]
        before = _clause_before(hay, span[0])
        kind = "plain"
        if _RESIDENCE.search(before):
            kind = "res"
        elif span in listed:
            kind = "list"
        elif _routed(hay, span, every):
            kind = "route"
        elif _CLUB_BEFORE.search(before) or _CLUB_AFTER.match(hay[span[1] :]):
            kind = "club"
        tokens.append(f"{kind}:{f}{letter}")
        kinds.setdefault(letter, set()).add(kind)
    # Every mention of the scope is of one such kind: the place is not the subject.
    for letter, seen in kinds.items():
        if len(seen) == 1 and "plain" not in seen:
            tokens.append(f"only-{next(iter(seen))}:{f}{letter}")
    return tokens


def _sentence_tokens(field: str, hay: str) -> list[str]:
    f = field[0]
    tokens: list[str] = []
    for sentence in _SENTENCE.findall(hay):
        official = bool(_OFFICIAL.search(sentence))
        wrong = bool(_WRONGDOING.search(sentence))
        police = bool(_POLICE_SUCCESS.search(sentence))
        if official and wrong:
            tokens.append(f"official-wrong:{f}")
        if _FORMER.search(sentence) and wrong:
            tokens.append(f"former-wrong:{f}")
        if _PROCUREMENT.search(sentence):
            tokens.append(f"procurement:{f}")
        if _SAFETY.search(sentence):
            tokens.append(f"safety:{f}")
        if _CONSUMER.search(sentence):
            tokens.append(f"consumer:{f}")
        if police:
            tokens.append(f"police:{f}")
        if police and not official:
            tokens.append(f"police-only:{f}")
    return tokens


def evidence_tokens(title: str, lead: str, body: str, places: list[PlaceMatch]) -> list[str]:
    """The evidence tokens of one item (see the module's docstring), by field."""
    tokens: list[str] = []
    for field, text in zip(_FIELDS, (title, lead, body[:BODY_CHARS]), strict=True):
        hay = fold(text)
        tokens += _place_tokens(field, hay, places) + _sentence_tokens(field, hay)
        if _AIRLINES.search(hay):
            tokens.append(f"airline:{field[0]}")
        if _HOME_GROUND.search(hay):
            tokens.append(f"home-ground:{field[0]}")
        if _AWAY.search(hay):
            tokens.append(f"away:{field[0]}")
        tokens += [f"other-club:{field[0]}"] * min(3, len(_OTHER_CLUB.findall(hay)))
    tokens.append("view:full" if body.strip() else "view:short")
    return tokens
