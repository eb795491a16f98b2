"""Vietnamese text normalisation for matching: NFC, one tone-mark convention, no invisibles.

The raw text is always kept elsewhere; these functions produce the forms used for matching:
``normalise_text`` (NFC, tone marks on the traditional vowel — "hòa", "thủy", "khỏe" — invisible
characters removed, whitespace folded) and ``fold`` (lower case, no diacritics, đ → d), so that
"Hai Phong", "Hải Phòng" and "HẢI PHÒNG" all meet.
"""

from __future__ import annotations

import re
import unicodedata

# Characters that render as nothing but break keyword matching (U+034F survives NFC and NFKC).
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]"
)
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


def _old_style(match: re.Match[str]) -> str:
    if match.group(1):
        return match.group(1) + match.group(3) + match.group(2)
    return match.group(4) + match.group(6) + match.group(5)


def normalise_tone_marks(text: str) -> str:
    """Place tone marks of final oa/oe/uy on the first vowel ("hoà" → "hòa"); returns NFC."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _NEW_STYLE.sub(_old_style, decomposed))


def strip_invisible(text: str) -> str:
    """Remove zero-width, soft-hyphen, combining-grapheme-joiner and similar characters."""
    return _INVISIBLE.sub("", text)


def normalise_text(text: str) -> str:
    """NFC text with one tone-mark convention, no invisible characters and folded whitespace."""
    if not text:
        return ""
    text = strip_invisible(unicodedata.normalize("NFC", text))
    text = normalise_tone_marks(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def fold(text: str) -> str:
    """Lower-case text without diacritics (đ → d), for matching text typed without them."""
    decomposed = unicodedata.normalize("NFD", strip_invisible(text).lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d")


def has_diacritics(text: str, threshold: float = 0.02) -> bool:
    """Whether a Vietnamese text carries its diacritics (share of non-ASCII letters above ``threshold``)."""
    letters = [ch for ch in unicodedata.normalize("NFC", text) if ch.isalpha()]
    if len(letters) < 20:
        return any(ord(ch) > 127 for ch in letters)
    return sum(1 for ch in letters if ord(ch) > 127) / len(letters) > threshold
