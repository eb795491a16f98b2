"""models.features: the words beside each place mention, and the province tokens, with and without
diacritics."""

from __future__ import annotations

from models.features import mention_context, province_tokens
from pipeline.records import ItemText
from pipeline.taxonomy import Taxonomy
from pipeline.understand.gazetteer import Gazetteer
from pipeline.understand.rules import rule_evidence


def test_mention_context_names_the_words_beside_each_place(gazetteer: Gazetteer, taxonomy: Taxonomy) -> None:
    item = ItemText(
        "Bắt nhóm cho vay nặng lãi ở Đà Nẵng",
        "Công an Đà Nẵng bắt hai người (ngụ Hải Phòng) cho vay nặng lãi ở Quảng Nam.",
        "",
        None,
    )
    ev = rule_evidence(item, gazetteer, taxonomy)
    tokens = mention_context(ev).split()
    assert {"l<ngụ", "l<(", "l>)"} <= set(tokens)
    assert province_tokens(ev) == ["t:prov", "l:prov", "l:prov", "l:prov2"]


def test_no_diacritics_text_gets_the_same_context(gazetteer: Gazetteer, taxonomy: Taxonomy) -> None:
    plain = ItemText("", "Hai nguoi ngu Hai Phong bi bat o Quang Nam", "", None)
    ev = rule_evidence(plain, gazetteer, taxonomy)
    assert "l<ngu" in mention_context(ev).split()
    assert province_tokens(ev) == ["l:prov"]
