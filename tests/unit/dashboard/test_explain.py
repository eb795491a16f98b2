"""dashboard.queries.explain and dashboard.ui.highlight: flag explanations that explain."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.queries.explain import reason_lines, score_parts, stored_meta
from dashboard.ui.highlight import highlighted_markdown, shown_phrases
from models.artefact import DEFAULT_MODEL, load_bundle
from models.engine import flag_probability
from pipeline.taxonomy import Taxonomy

META = {"needs_threshold": 0.2069, "rule_flag_weight": 3.0, "flag_scale": [0.885208, -0.88366]}
BEACH = "Tại các bãi tắm Cát Cò, lượng người tắm biển đông từ sáng sớm."
SEA = "Tàu lạ xuất hiện trên Biển Đông, ngư dân bức xúc."


def test_a_name_written_without_capitals_is_not_highlighted(taxonomy: Taxonomy) -> None:
    assert "orange" not in highlighted_markdown(BEACH, [], ["biển đông"], taxonomy.names)
    assert shown_phrases([BEACH], [], ["biển đông"], taxonomy.names) == set()
    marked = highlighted_markdown(SEA, [], ["biển đông", "bức xúc"], taxonomy.names)
    assert ":orange-background[**Biển Đông**]" in marked and ":orange-background[**bức xúc**]" in marked


def test_a_phrase_in_the_title_is_highlighted(taxonomy: Taxonomy) -> None:
    title = "Người dân An Hưng bức xúc vì chậm bồi thường"
    marked = highlighted_markdown(title, ["An Hưng"], ["bức xúc"], taxonomy.names)
    assert ":blue-background[**An Hưng**]" in marked and ":orange-background[**bức xúc**]" in marked


def test_a_reason_without_a_phrase_in_the_text_is_the_models_alone() -> None:
    evidence = {"sensitive": ["biển đông"], "complaint": ["bức xúc"], "public-impact": ["ô nhiễm"]}
    lines = reason_lines(["sensitive", "complaint"], evidence, shown={"bức xúc", "ô nhiễm"})
    by_code = {line.code: line for line in lines}
    assert by_code["sensitive"].model_only and by_code["sensitive"].phrases == ()
    assert by_code["complaint"].phrases == ("bức xúc",) and not by_code["complaint"].model_only
    # A phrase of a reason the model did not give still raised the rules' part: listed, not as a reason.
    assert not by_code["public-impact"].chosen and by_code["public-impact"].phrases == ("ô nhiễm",)
    assert [line.code for line in lines] == ["sensitive", "complaint", "public-impact"]


@pytest.mark.parametrize("rules", [0.0, 0.35, 0.84])
def test_the_score_splits_into_the_models_and_the_rules_parts(rules: float) -> None:
    model_raw = -1.2
    score = flag_probability(META, model_raw + 3.0 * rules)
    parts = score_parts(score, rules, META)
    assert parts.threshold == pytest.approx(0.2069)
    assert parts.model_only is not None
    assert parts.model_only == pytest.approx(flag_probability(META, model_raw), abs=1e-9)
    assert parts.rules == rules and parts.weight == 3.0
    assert (parts.model_only < score) == (rules > 0)


def test_rules_alone_own_the_whole_score_and_an_unknown_model_splits_nothing() -> None:
    alone = score_parts(0.7, 0.7, None)
    assert alone.rules_only and alone.model_only is None
    unknown = score_parts(0.7, 0.3, {})
    assert not unknown.rules_only and unknown.model_only is None and unknown.threshold is None


def test_the_shipped_models_meta_reads_from_its_schema_as_the_bundle_holds_it() -> None:
    assert stored_meta(DEFAULT_MODEL) == load_bundle(DEFAULT_MODEL)["meta"]


def test_a_file_of_another_layout_gives_no_meta(tmp_path: Path) -> None:
    other = tmp_path / "other.skops"
    other.write_bytes(b"not a zip")
    assert stored_meta(other) is None
