"""pipeline.understand.keyword_scan: one pass over a text finds, label by label, exactly what
KeywordSet.find finds."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.taxonomy import KeywordSet, Taxonomy
from pipeline.text.normalise import fold, normalise_text
from pipeline.understand.keyword_scan import Scanner, build_scanners, keywords_of

# Keywords that are prefixes of each other (also inside a word: "covi", "ngộ đ"), shared between
# labels, or carry punctuation: the cases where one scan could differ from label-by-label searches.
LABELS = {
    "env": ["ô nhiễm", "ô nhiễm môi trường", "xả thải", "covid-19", "ngộ đ"],
    "health": ["ô nhiễm môi trường nghiêm trọng", "covid", "ngộ độc", "ô"],
    "land": ["nhiễm", "môi trường", "đất", "đất đai", "thu hồi đất", "covi"],
    "empty": [],
}
_PIECES = st.sampled_from(
    [w for words in LABELS.values() for w in words]
    + ["ô", "nhiễm", " ", " ", ", ", "-", "19", "đai", "x", "_", "\n", "(", ")", "môi", "trường"]
)
TEXTS = st.lists(_PIECES, max_size=40).map("".join)


def _sets() -> tuple[KeywordSet, ...]:
    return tuple(KeywordSet.build(code, words) for code, words in LABELS.items())


def _by_label(sets: tuple[KeywordSet, ...], text: str, plain: bool) -> list[list[str]]:
    return [ks.find(text, plain) for ks in sets]


def test_keywords_are_read_back_from_the_compiled_patterns() -> None:
    sets = _sets()
    assert sorted(keywords_of(sets[0].exact) or []) == sorted(LABELS["env"])
    assert keywords_of(sets[3].exact) == []
    assert keywords_of(re.compile(r"(?<!\w)(a|b+)(?!\w)")) is None  # not a plain alternation
    assert keywords_of(re.compile(r"\b(a|b)\b")) is None


def test_overlapping_keywords_of_several_labels() -> None:
    sets = _sets()
    scanners = build_scanners(sets)
    assert scanners is not None
    text = normalise_text(
        "Ô nhiễm môi trường nghiêm trọng do xả thải; ô nhiễm môi trường, thu hồi đất đai"
    ).lower()
    found = scanners.exact.find(text)
    assert found == _by_label(sets, text, True)
    assert found[0] == ["ô nhiễm môi trường", "xả thải", "ô nhiễm môi trường"]
    assert found[1] == ["ô nhiễm môi trường nghiêm trọng", "ô"]
    # "đất đai" starts inside "thu hồi đất", which the same label found first: not counted.
    assert found[2] == ["nhiễm", "môi trường", "nhiễm", "môi trường", "thu hồi đất"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_one_pass_equals_label_by_label(text: str) -> None:
    sets = _sets()
    scanners = build_scanners(sets)
    assert scanners is not None
    exact = normalise_text(text).lower()
    assert scanners.exact.find(exact) == _by_label(sets, exact, True)
    folded = fold(text)
    assert scanners.folded.find(folded) == _by_label(sets, folded, False)


def test_real_taxonomy_on_real_kinds_of_text(taxonomy: Taxonomy) -> None:
    sets = taxonomy.topic_keywords + taxonomy.tone_keywords + taxonomy.reason_keywords
    scanners = build_scanners(sets)
    assert scanners is not None, "the taxonomy's patterns should be plain keyword alternations"
    text = (
        "Người dân bức xúc, gửi đơn khiếu nại về bồi thường giải phóng mặt bằng; tin giả lan truyền "
        "trên mạng xã hội về sạt lở, ô nhiễm môi trường và tham nhũng tại dự án đầu tư."
    )
    exact = normalise_text(text).lower()
    found = scanners.exact.find(exact)
    assert found == _by_label(sets, exact, True)
    assert sum(map(len, found)) >= 5
    assert scanners.folded.find(fold(text)) == _by_label(sets, fold(text), False)


def test_no_keywords_finds_nothing() -> None:
    scanner = Scanner.build([[], []])
    assert scanner.find("bất cứ điều gì") == [[], []]
