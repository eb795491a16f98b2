"""Keywords that are names: "biển Đông" (the East Sea) is not "biển đông" (a crowded beach).

A taxonomy keyword written with a capital letter is a name. It counts only where the text shows those
letters as capitals (or is written all in capitals, as some titles are); the other letters may take
either case ("Biển Đông" and "biển Đông" are both the East Sea). The keyword rules mask the other
occurrences before matching, and the dashboard does not highlight them, so the evidence and what an
analyst sees agree. Text without diacritics is compared on its letters alone ("bien Dong").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from pipeline.text.normalise import fold, strip_invisible


def _bare(text: str) -> tuple[str, list[int]]:
    """``text`` without diacritics, case kept, and for each character the index it came from."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
        base = base.replace("đ", "d").replace("Đ", "D")
        out.append(base)
        origin.extend([index] * len(base))
    return "".join(out), origin


@lru_cache(maxsize=256)
def _pattern(name: str) -> tuple[re.Pattern[str], tuple[int, ...]]:
    """The name's letters (any case, any spacing) and the offsets of its capitals."""
    bare, _ = _bare(strip_invisible(unicodedata.normalize("NFC", name)).strip())
    words = [re.escape(w) for w in bare.split()]
    capitals = tuple(i for i, c in enumerate(" ".join(bare.split())) if c.isupper())
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE), capitals


def _as_written(found: str, capitals: tuple[int, ...]) -> bool:
    compact = " ".join(found.split())
    letters = [c for c in compact if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return True
    return all(i < len(compact) and compact[i].isupper() for i in capitals)


def uncapitalised_spans(text: str, names: Iterable[str]) -> list[tuple[int, int]]:
    """Spans (start, end) of ``text`` where one of ``names`` occurs without its capitals."""
    # Most texts hold none of the names: a search in C first spares them the character-wise mapping.
    folded = " ".join(fold(text).split())
    present = [n for n in names if " ".join(fold(n).split()) in folded]
    if not present:
        return []
    bare, origin = _bare(text)
    spans: list[tuple[int, int]] = []
    for name in present:
        pattern, capitals = _pattern(name)
        for match in pattern.finditer(bare):
            if not _as_written(match.group(), capitals):
                spans.append((origin[match.start()], origin[match.end() - 1] + 1))
    return sorted(spans)


def mask_uncapitalised(text: str, names: Iterable[str]) -> str:
    """``text`` with the names it shows without their capitals joined by "_" (one word, so no keyword
    matches there); same length, so positions stay those of ``text``."""
    names = tuple(names)
    if not names:
        return text
    chars = list(text)
    for start, end in uncapitalised_spans(text, names):
        for i in range(start, end):
            if chars[i].isspace():
                chars[i] = "_"
    return "".join(chars)
