"""Relevance: which Hải Phòng / An Lão places an article names, and its scope.

Matching runs over syllable n-grams of the normalised text (with diacritics, or folded when the text was
typed without them), drops matches inside a known homonym context ("An Lão, Bình Định", "đường Hải Phòng"
in Đà Nẵng) and respects dates: former Hải Dương places count only for items published from 1 July
2025. Ambiguous names count only when corroborated by another Hải Phòng place.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from pipeline.records import PlaceMatch
from pipeline.text.normalise import fold, has_diacritics, normalise_text
from pipeline.understand.gazetteer import WORD, Gazetteer, Place

# Places that name the whole city (or the whole former province), not where in it something happened.
BROAD_PLACES = frozenset({"haiphong", "haiphong-nicknames", "old-tinh-hai-duong"})


def _scan(
    text: str, table: dict[tuple[str, ...], Place], longest: dict[str, int]
) -> Iterator[tuple[Place, int, int]]:
    words = WORD.findall(text)
    spans: list[tuple[int, int]] = []  # of every word, found once a place is (most texts have none)
    # Greedy, left to right, longest alias first; only words that start some alias are tried.
    free = 0
    for i in [i for i, w in enumerate(words) if w in longest]:
        if i < free:
            continue
        for n in range(min(longest[words[i]], len(words) - i), 0, -1):
            place = table.get(tuple(words[i : i + n]))
            if place is not None:
                spans = spans or [m.span() for m in WORD.finditer(text)]
                yield place, spans[i][0], spans[i + n - 1][1]
                free = i + n
                break


def _cancelled(place: Place, start: int, end: int, blocked: list[tuple[int, int, str]]) -> bool:
    # Overlap, not containment: "huyện An Lão" starts before a homonym context that starts at "an lão".
    return any(start < e and s < end and c in (place.id, place.scope) for s, e, c in blocked)


def find_places(gaz: Gazetteer, text: str, field: str, published: datetime | None) -> list[PlaceMatch]:
    """Every gazetteer place named in ``text`` (one field of an article), homonyms and dates applied."""
    if not text:
        return []
    plain = has_diacritics(text)
    haystack = normalise_text(text).lower() if plain else fold(text)
    table = gaz.exact if plain else gaz.folded
    day = published.date() if published else None
    named = [
        (place, start, end)
        for place, start, end in _scan(haystack, table, gaz.longest)
        if not (place.valid_from and (day is None or day < place.valid_from))
    ]
    # Homonym contexts are searched only where they could cancel something: most texts name no
    # place of Hải Phòng at all, and the regexes cost more than the scan.
    targets = {place.id for place, _, _ in named} | {place.scope for place, _, _ in named}
    blocked = [
        (m.start(), m.end(), h.cancels)
        for h in gaz.homonyms
        if h.cancels in targets
        for m in (h.pattern if plain else h.folded).finditer(haystack)
    ]
    found = []
    for place, start, end in named:
        if not _cancelled(place, start, end, blocked):
            found.append(
                PlaceMatch(place.id, place.name, place.scope, haystack[start:end], field, place.ambiguous)
            )
    return found


def corroborated(matches: list[PlaceMatch]) -> list[PlaceMatch]:
    """Drop ambiguous matches unless a distinctive place, or another distinct ambiguous one, backs them."""
    ambiguous_ids = {m.place_id for m in matches if m.ambiguous}
    if len(ambiguous_ids) < len({m.place_id for m in matches}) or len(ambiguous_ids) >= 2:
        return matches
    return [m for m in matches if m.place_id not in ambiguous_ids]


def decide_scope(matches: list[PlaceMatch]) -> str:
    """Scope from where the places appear: the title makes an item about them, a lead naming them
    twice (or once, with the body agreeing) too; otherwise repeated or varied mentions in the body;
    a single passing one is incidental."""
    if not matches:
        return "other"
    title = [m for m in matches if m.field == "title"]
    lead = [m for m in matches if m.field == "lead"]
    body = [m for m in matches if m.field == "body"]
    an_lao_body = sum(1 for m in body if m.scope == "an-lao")
    if any(m.scope == "an-lao" for m in title + lead) or (an_lao_body >= 2 and an_lao_body * 2 >= len(body)):
        return "an-lao"
    if title or len(lead) >= 2 or (lead and body) or len(body) >= 3 or len({m.place_id for m in body}) >= 2:
        return "hai-phong"
    return "incidental"


def an_lao_is_main_place(matches: list[PlaceMatch]) -> bool:
    """An Lão is where the body's story happens: the first place the body names below the city
    level is An Lão's and most such mentions are (a wire story names the commune where it happened,
    "xã Quang Trung, huyện An Lão (Hải Phòng)", and seldom repeats it). Used where the title and lead
    name only the city, so the rules alone say ``hai-phong``."""
    local = [m for m in matches if m.field == "body" and m.place_id not in BROAD_PLACES]
    if not local or local[0].scope != "an-lao":
        return False
    return 2 * sum(1 for m in local if m.scope == "an-lao") > len(local)


def places_of(
    gaz: Gazetteer, title: str, lead: str, body: str, published: datetime | None
) -> list[PlaceMatch]:
    """All corroborated place matches of an article, by field."""
    matches = [
        *find_places(gaz, title, "title", published),
        *find_places(gaz, lead, "lead", published),
        *find_places(gaz, body, "body", published),
    ]
    return corroborated(matches)
