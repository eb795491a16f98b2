"""Vietnamese text: the stored form, and the forms used for matching.

Stored text is the publisher's words as given: ``clean_text`` (NFC, invisible characters and C0/C1
controls removed, tab and newline kept) for text given as text (imports), ``page_text`` (the same,
with whitespace folded as a browser renders it) for text taken from HTML. Tone marks are never moved
in stored text: "ma tuý", "Thanh Hoá", "uỷ ban" stay as the outlet wrote them.

Matching, search and features use ``normalise_text`` (``page_text`` with tone marks on the
traditional vowel — "hòa", "thủy", "khỏe") and ``fold`` (lower case, no diacritics, đ → d), so that
"Hai Phong", "Hải Phòng", "HẢI PHÒNG", "Thanh Hoá" and "Thanh Hóa" meet.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

# Characters that render as nothing but break keyword matching (U+034F survives NFC and NFKC).
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]"
)
# C0 and C1 control characters but tab and newline (CR is turned into a newline first): they render as
# nothing, and lxml, XML writers and spreadsheets refuse them.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_TONES = "\u0300\u0301\u0303\u0309\u0323"
# New-style placement puts the tone on the second vowel of a final oa/oe/uy ("hoà", "thuỷ");
# move it to the first ("hòa", "thủy"), the convention of most Vietnamese press. Not after q:
# in "quý" the u belongs to the consonant.
_NEW_STYLE = re.compile(
    rf"(?<![qQ])([oO])([aAeE])([{_TONES}])(?![A-Za-z\u0300-\u036f\u0111\u0110])"
    rf"|(?<![qQ])([uU])([yY])([{_TONES}])(?![A-Za-z\u0300-\u036f\u0111\u0110])"
)


def _nfd_starts(pattern: str, last: int = 0xFFFF) -> str:
    """The code points up to ``last`` whose NFD form matches ``pattern`` from its start, as a
    character class. The Basic Multilingual Plane is enough for the patterns below: no canonical
    decomposition beyond it starts with a Latin letter or a Vietnamese tone mark (a test checks)."""
    regex = re.compile(pattern)
    found = [chr(c) for c in range(last + 1) if regex.match(unicodedata.normalize("NFD", chr(c)))]
    return "[" + "".join(re.escape(ch) for ch in found) + "]"


# _NEW_STYLE can only match the NFD of an NFC text where that text has o/u followed by a vowel
# that decomposes to vowel + tone mark (+ marks), itself not followed by a letter or mark; this
# test on the NFC text lets almost every text skip the NFD round trip (see normalise_tone_marks).
LETTER_OR_MARK = "[A-Za-z\u0300-\u036f\u0111\u0110]"
OA_OE = f"[aAeE][{_TONES}]"
UY = f"[yY][{_TONES}]"
_FOLLOW = _nfd_starts(LETTER_OR_MARK)
_MAY_BE_NEW_STYLE = re.compile(rf"[oO]{_nfd_starts(OA_OE)}(?!{_FOLLOW})|[uU]{_nfd_starts(UY)}(?!{_FOLLOW})")
# Texts up to this size are memoised (2,048 of them, so ~30 MB at worst): the rules, the features
# and the segmentation cache keys normalise the same title and lead several times per article.
_MEMO_CHARS = 4000


def _old_style(match: re.Match[str]) -> str:
    if match.group(1):
        return match.group(1) + match.group(3) + match.group(2)
    return match.group(4) + match.group(6) + match.group(5)


def normalise_tone_marks(text: str) -> str:
    """Place tone marks of final oa/oe/uy on the first vowel ("hoà" → "hòa"); returns NFC."""
    composed = unicodedata.normalize("NFC", text)
    if not _MAY_BE_NEW_STYLE.search(composed):
        return composed  # = NFC(NFD(text)): nothing for _NEW_STYLE to move
    decomposed = unicodedata.normalize("NFD", composed)
    return unicodedata.normalize("NFC", _NEW_STYLE.sub(_old_style, decomposed))


def strip_invisible(text: str) -> str:
    """Remove zero-width, soft-hyphen, combining-grapheme-joiner and similar characters."""
    return _INVISIBLE.sub("", text)


def strip_controls(text: str) -> str:
    """Remove C0 and C1 control characters except tab, newline and carriage return."""
    return _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def clean_text(text: str) -> str:
    """The stored form of text given as text: NFC, no invisible or control characters (tab and
    newline kept), newlines for line ends, no surrounding whitespace. Nothing else is changed."""
    if not text:
        return ""
    return strip_controls(strip_invisible(unicodedata.normalize("NFC", text))).strip()


def page_text(text: str) -> str:
    """The stored form of text taken from a page: :func:`clean_text` with runs of spaces folded and
    blank lines collapsed, as a browser renders them. Tone marks stay where the page put them."""
    lines = [_SPACES.sub(" ", line).strip() for line in clean_text(text).split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def normalise_text(text: str) -> str:
    """The matching form: :func:`page_text` with one tone-mark convention ("hoà" → "hòa").
    Never stored: it rewrites the publisher's spelling."""
    if not text:
        return ""
    return _normalise_memo(text) if len(text) <= _MEMO_CHARS else _normalise(text)


def _normalise(text: str) -> str:
    return normalise_tone_marks(page_text(text))


_normalise_memo = lru_cache(maxsize=2048)(_normalise)


def fold(text: str) -> str:
    """Lower-case text without diacritics (đ → d), for matching text typed without them."""
    decomposed = unicodedata.normalize("NFD", strip_invisible(text).lower())
    # Look up each distinct character once rather than every character of the text.
    marks = {ord(ch): None for ch in set(decomposed) if unicodedata.combining(ch)}
    return decomposed.translate(marks).replace("đ", "d")


def has_diacritics(text: str, threshold: float = 0.02) -> bool:
    """Whether a Vietnamese text carries its diacritics (share of non-ASCII letters above ``threshold``)."""
    letters = "".join(filter(str.isalpha, unicodedata.normalize("NFC", text)))
    beyond_ascii = len(letters) - len(letters.encode("ascii", "ignore"))
    if len(letters) < 20:
        return beyond_ascii > 0
    return beyond_ascii / len(letters) > threshold


_WORD = re.compile(r"\w+")


def restore_spelling(stored: str, original: str) -> str:
    """``stored`` with each word whose tone mark was moved for matching ("hòa") spelt again as
    ``original`` (the page it came from) spells it ("hoà").

    The stored words are aligned with the original's in order, so a page that writes "Toà án" in one
    paragraph and "Tòa nhà" in the next gets both back; a word outside the aligned runs takes the
    original's spelling only when the original spells it one way.
    """
    page_words = _WORD.findall(unicodedata.normalize("NFC", original))
    keys = [normalise_tone_marks(word) for word in page_words]
    found = list(_WORD.finditer(stored))
    aligned: dict[int, str] = {}
    matcher = SequenceMatcher(None, [m[0] for m in found], keys, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        aligned.update((a + k, page_words[b + k]) for k in range(size))
    spellings: dict[str, set[str]] = {}
    for key, word in zip(keys, page_words, strict=True):
        spellings.setdefault(key, set()).add(word)
    parts, last = [], 0
    for index, match in enumerate(found):
        only = spellings.get(match[0], set())
        word = aligned.get(index) or (next(iter(only)) if len(only) == 1 else match[0])
        parts += [stored[last : match.start()], word]
        last = match.end()
    return "".join(parts) + stored[last:]
