"""pipeline.normalise's fast paths give exactly what the plain definitions give.

The plain definitions (the NFD round trip for every text, a per-character loop for folding and for
the diacritics share) are kept here as the oracle; the fast code must agree on generated strings
built from the characters that matter (o/u/q, vowels with and without tone marks, decomposed
marks, đ, invisibles, whitespace) and on real articles.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text import normalise as nm

_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _tone_marks_oracle(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", nm._NEW_STYLE.sub(nm._old_style, decomposed))


def _fold_oracle(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", nm.strip_invisible(text).lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("đ", "d")


def _has_diacritics_oracle(text: str, threshold: float = 0.02) -> bool:
    letters = [ch for ch in unicodedata.normalize("NFC", text) if ch.isalpha()]
    if len(letters) < 20:
        return any(ord(ch) > 127 for ch in letters)
    return sum(1 for ch in letters if ord(ch) > 127) / len(letters) > threshold


def _normalise_oracle(text: str) -> str:
    if not text:
        return ""
    text = _tone_marks_oracle(nm.strip_invisible(unicodedata.normalize("NFC", text)))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [nm._SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return nm._BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


_ALPHABET = (
    "oOuUqQaAeEyYiđĐ hn.,\n\r\t\u00a0\u200b\u034f"
    + _TONES
    + "\u0302\u0306\u031b\u1dc4"
    + "àáãảạèéẽẻẹỳýỹỷỵòóõỏọùúũủụặấầ"
    + "ÀÁÃẢẠÈÉẼẺẸỲÝỸỶỴ\u212b"
)
_TEXTS = st.text(alphabet=_ALPHABET, max_size=40)


@settings(max_examples=3000, deadline=None)
@given(_TEXTS)
def test_tone_marks_fast_path_agrees_with_nfd_round_trip(text: str) -> None:
    assert nm.normalise_tone_marks(text) == _tone_marks_oracle(text)


@settings(max_examples=1500, deadline=None)
@given(_TEXTS)
def test_normalise_text_agrees_with_plain_definition(text: str) -> None:
    assert nm.normalise_text(text) == _normalise_oracle(text)


@settings(max_examples=1500, deadline=None)
@given(st.text(max_size=60) | _TEXTS)
def test_fold_and_diacritics_share_agree_with_per_character_loops(text: str) -> None:
    assert nm.fold(text) == _fold_oracle(text)
    assert nm.has_diacritics(text) == _has_diacritics_oracle(text)


def test_tone_mark_tables_need_only_the_basic_multilingual_plane() -> None:
    patterns = [re.compile(p) for p in (nm.LETTER_OR_MARK, nm.OA_OE, nm.UY)]
    beyond = [
        hex(c)
        for c in range(0x10000, sys.maxunicode + 1)
        if any(p.match(unicodedata.normalize("NFD", chr(c))) for p in patterns)
    ]
    assert beyond == []


def test_memoised_and_long_texts_normalise_alike() -> None:
    long = "Hoà Bình  thuỷ sản\u200b " * 400
    assert len(long) > nm._MEMO_CHARS
    assert nm.normalise_text(long) == _normalise_oracle(long)
    assert nm.normalise_text(long[:300]) == nm.normalise_text(long[:300]) == _normalise_oracle(long[:300])


@pytest.mark.shared
def test_fast_paths_agree_on_real_articles(shared_data: Path) -> None:
    rows = [
        json.loads(line) for line in (shared_data / "haiphong" / "dev.jsonl").read_text("utf-8").splitlines()
    ]
    vntc = (shared_data / "corpora" / "vntc10" / "test.jsonl").read_text("utf-8").splitlines()[:300]
    texts = [t for r in rows for t in (r["title"], r["summary"], r["body"])]
    texts += [json.loads(line)["text"] for line in vntc]
    for text in texts:
        assert nm.normalise_text(text) == _normalise_oracle(text)
        assert nm.fold(text) == _fold_oracle(text)
        assert nm.has_diacritics(text) == _has_diacritics_oracle(text)
