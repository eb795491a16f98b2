"""Stored text keeps the outlet's tone-mark placement ("uỷ ban", "Thuỷ Nguyên", "ma tuý"); everything
that matches on it must treat both placements as one: the rules (gazetteer and taxonomy keywords), the
models' features, story signatures and the search column."""

from __future__ import annotations

import numpy as np

from models.features import item_features
from pipeline.records import ItemText
from pipeline.storage.fulltext import search_text
from pipeline.taxonomy import Taxonomy
from pipeline.understand.gazetteer import Gazetteer
from pipeline.understand.rules import rule_evidence
from pipeline.understand.stories import signature

OLD_STYLE = ItemText(
    "Uỷ ban huyện Thuỷ Nguyên họp về ma tuý",
    "Toà án và uỷ ban phối hợp xử lý vụ ma tuý ở Thuỷ Nguyên, Hải Phòng.",
    "Lực lượng chức năng bắt giữ đối tượng buôn bán ma tuý. Toà án sẽ xét xử trong tháng tới, "
    "uỷ ban nhân dân hoà giải các tranh chấp liên quan.",
    None,
)
NEW_STYLE = ItemText(
    "Ủy ban huyện Thủy Nguyên họp về ma túy",
    "Tòa án và ủy ban phối hợp xử lý vụ ma túy ở Thủy Nguyên, Hải Phòng.",
    "Lực lượng chức năng bắt giữ đối tượng buôn bán ma túy. Tòa án sẽ xét xử trong tháng tới, "
    "ủy ban nhân dân hòa giải các tranh chấp liên quan.",
    None,
)


def test_the_two_spellings_differ_as_stored() -> None:
    assert OLD_STYLE.title != NEW_STYLE.title and OLD_STYLE.body != NEW_STYLE.body


def test_rules_find_the_same_places_and_keywords(gazetteer: Gazetteer, taxonomy: Taxonomy) -> None:
    old, new = rule_evidence(OLD_STYLE, gazetteer, taxonomy), rule_evidence(NEW_STYLE, gazetteer, taxonomy)
    assert [p.place_id for p in old.places] == [p.place_id for p in new.places] != []
    assert old.phrases() == new.phrases() and old.phrases()["topics"]  # "ma túy", "tòa án" … found in both
    assert (old.scope, old.topics, old.tones, old.reasons) == (new.scope, new.topics, new.tones, new.reasons)


def test_model_features_are_the_same(gazetteer: Gazetteer, taxonomy: Taxonomy) -> None:
    codes = tuple(sorted(taxonomy.topics))
    old = item_features(rule_evidence(OLD_STYLE, gazetteer, taxonomy), codes)
    new = item_features(rule_evidence(NEW_STYLE, gazetteer, taxonomy), codes)
    assert (old.words, old.title_words, old.chars, old.syllables) == (
        new.words,
        new.title_words,
        new.chars,
        new.syllables,
    )
    assert np.array_equal(old.signals, new.signals)


def test_story_signatures_and_search_text_are_the_same() -> None:
    assert (
        signature(OLD_STYLE.title, OLD_STYLE.body).jaccard(signature(NEW_STYLE.title, NEW_STYLE.body)) == 1.0
    )
    assert search_text(*OLD_STYLE.parts()) == search_text(*NEW_STYLE.parts())
