"""The shipped model artefact: its card, safe loading, and labels with evidence on short texts."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
import skops.io as sio

from bench.topic_text import text_vectoriser, topic_classifier
from models.artefact import DEFAULT_MODEL, TRUSTED, card_path, check_location, load_bundle
from models.engine import Gold, final_scope, flag_probability
from models.engine import _topics as choose_topics
from models.engine import fit as engine_fit
from models.engine import predict as engine_predict
from models.features import ItemFeatures, item_features, mention_context, province_tokens
from models.inference import ModelAssessor
from models.training.dataset import group_of
from models.training.train import flag_scale, flag_threshold, operating_points, recall_threshold
from pipeline.errors import PressmonError
from pipeline.records import ItemText
from pipeline.taxonomy import Taxonomy
from pipeline.understand.gazetteer import Gazetteer
from pipeline.understand.rules import rule_evidence
from tests.unit.pipeline.understand.test_rules import COMPLAINT, ELSEWHERE, TOURISM


@pytest.fixture(scope="module")
def model(gazetteer: Gazetteer, taxonomy: Taxonomy) -> ModelAssessor:
    return ModelAssessor.load(DEFAULT_MODEL, gazetteer, taxonomy)


def _dated(item: ItemText, when: datetime) -> ItemText:
    return ItemText(item.title, item.summary, item.body, when)


def test_shipped_model_is_small_and_holds_only_trusted_types() -> None:
    assert DEFAULT_MODEL.stat().st_size < 5_000_000
    assert set(sio.get_untrusted_types(file=DEFAULT_MODEL)) <= set(TRUSTED)


def test_card_names_data_hashes_labels_libraries_and_cv_scores() -> None:
    card = json.loads(card_path(DEFAULT_MODEL).read_text(encoding="utf-8"))
    assert card["version"] == load_bundle(DEFAULT_MODEL)["meta"]["version"]
    assert all(len(source["sha256"]) == 64 for source in card["data"] if "sha256" in source)
    assert card["label_counts"]["scope"]["other"] > 0
    assert {"scikit-learn", "skops", "underthesea"} <= set(card["libraries"])
    assert card["cross_validation"]["grouping"].startswith("publication day")
    metrics = card["cross_validation"]["metrics"]
    assert 0.0 < metrics["relevant"]["f1"] <= 1.0
    assert 0.0 < card["thresholds"]["needs_threshold"] < 1.0


def test_flag_model_reads_the_text_alone_and_its_score_is_scaled_from_held_out_scores() -> None:
    bundle = load_bundle(DEFAULT_MODEL)
    assert bundle["blocks"]["needs"] == ["syllables"]
    assert "signals" in bundle["blocks"]["scope"]
    slope, _ = bundle["meta"]["flag_scale"]
    assert slope > 0  # a higher ranking score is always a higher shown score


def test_model_outside_the_project_folders_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PressmonError, match=r"must be a \.skops file inside"):
        check_location(tmp_path / "evil.skops", tmp_path / "var")
    with pytest.raises(PressmonError, match=r"must be a \.skops file inside"):
        check_location(DEFAULT_MODEL.with_suffix(".pkl"), tmp_path / "var")
    check_location(tmp_path / "var" / "models" / "mine.skops", tmp_path / "var")


def test_complaint_in_an_lao_is_flagged_with_phrases_and_scores(model, frozen_now) -> None:
    result = model.assess(_dated(COMPLAINT, frozen_now))
    assert result.scope == "an-lao"
    assert result.needs_response is True
    assert result.reasons
    assert {"bức xúc", "khiếu nại"} <= set(result.evidence["reasons"]["complaint"])
    assert result.evidence["scores"]["flag"] == result.flag_score
    assert result.model_version.startswith("model-")


def test_tourism_is_about_hai_phong_positive_and_not_flagged(model, frozen_now) -> None:
    result = model.assess(_dated(TOURISM, frozen_now))
    assert result.scope == "hai-phong"
    assert result.tone == "positive"
    assert "van-hoa-du-lich-the-thao" in result.topics
    assert result.needs_response is False


def test_elsewhere_stays_other_neutral_unflagged(model, frozen_now) -> None:
    result = model.assess(_dated(ELSEWHERE, frozen_now))
    assert (result.scope, result.tone, result.topics, result.needs_response) == (
        "other",
        "neutral",
        [],
        False,
    )


def test_batch_and_single_assessments_agree(model, frozen_now) -> None:
    items = [_dated(x, frozen_now) for x in (COMPLAINT, TOURISM, ELSEWHERE)]
    assert model.assess_many(items) == [model.assess(x) for x in items]


BAD_INPUTS = {
    "empty": ItemText("", "", "", None),
    "english": ItemText(
        "Stock markets rally as central banks signal pause",
        "Global equities rose on Tuesday after several central banks signalled a pause in rate rises.",
        "Investors welcomed the news. " * 40,
        None,
    ),
    "two-megabytes": ItemText(
        "Hải Phòng khánh thành cầu mới",
        "",
        ("Cây cầu mới ở Hải Phòng giúp người dân đi lại thuận tiện hơn. " * 40_000)[:2_000_000],
        None,
    ),
    "mojibake": ItemText(
        "Háº£i PhÃ²ng khÃ¡nh thÃ nh cáº§u má»›i",
        "NgÆ°á»i dÃ¢n bá»©c xÃºc \ufffd\ufffd\x00\x1b",
        "\udcff broken surrogate and \u034f joiners",
        None,
    ),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_gives_a_valid_record(model, name: str) -> None:
    result = model.assess(BAD_INPUTS[name])
    assert result.scope in ("an-lao", "hai-phong", "incidental", "other")
    assert 0.0 <= result.flag_score <= 1.0
    json.dumps(result.label_dict(), ensure_ascii=False)
    if name in ("empty", "english"):
        assert result.scope == "other"
        assert result.needs_response is False


def test_recall_threshold_keeps_the_asked_share_of_positives() -> None:
    gold = [True, True, True, True, False, False, True, True, True, True, True, True]
    scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.35, 0.3, 0.25, 0.2, 0.15, 0.1]
    threshold = recall_threshold(gold, scores, recall=0.9)
    kept = sum(1 for g, s in zip(gold, scores, strict=True) if g and s >= threshold)
    assert kept == 9
    assert threshold > 0.1


def test_flag_threshold_takes_most_recall_at_the_precision_floor() -> None:
    gold = [True, True, False, True, False, False, True, False, False, False]
    scores = [0.95, 0.9, 0.85, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2]
    threshold = flag_threshold(gold, scores)
    flagged = [g for g, s in zip(gold, scores, strict=True) if s >= threshold]
    assert flagged == [True, True, False, True]  # precision 0.75; going lower drops it under 0.70
    points = operating_points(gold, scores)
    assert points[-1]["recall"] == 1.0
    assert [p["threshold"] for p in points] == sorted((p["threshold"] for p in points), reverse=True)


def test_cross_validation_groups_are_days_or_id_buckets() -> None:
    morning = {"published": "2026-08-17T06:10:00+07:00", "id": "a"}
    evening = {"published": "2026-08-17T23:15:19.9+07:00", "id": "b"}
    assert group_of(morning) == group_of(evening) == "2026-08-17"
    assert group_of({"published": "", "id": "x", "kind": "vietnews"}).startswith("vietnews-")


def test_flag_scale_is_a_rising_curve_fitted_on_held_out_scores() -> None:
    raw = [-3.0, -2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0, -1e6]
    gold = [False, False, False, True, False, True, False, True, True, True, False]
    scale = flag_scale(gold, raw)
    shown = [flag_probability({"flag_scale": scale}, r) for r in raw[:-1]]
    assert scale[0] > 0
    assert shown == sorted(shown)
    assert 0.0 < shown[0] < 0.5 < shown[-1] < 1.0


def test_an_lao_as_the_main_place_turns_hai_phong_into_an_lao_only() -> None:
    assert final_scope("hai-phong", "hai-phong", an_lao_main=True) == "an-lao"
    assert final_scope("hai-phong", "incidental", an_lao_main=True) == "incidental"
    assert final_scope("other", "hai-phong", an_lao_main=True) == "other"
    assert final_scope("incidental", "an-lao") == "hai-phong"


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


def test_operating_points_ignore_nothing_and_rank_items_outside_hai_phong_last() -> None:
    points = operating_points([True, False, True], [2.0, -1e6, 0.5])
    assert [p["recall"] for p in points] == [0.5, 1.0, 1.0]
    assert np.isclose(points[-1]["precision"], 2 / 3)


# The topic engine's text model (models.topic_text): segmented text, as pipeline.segment gives it.
SPORT = [
    "đội_tuyển hải_phòng thắng trận bóng_đá trên sân lạch_tray",
    "câu_lạc_bộ bóng_đá giành chức vô_địch giải đấu",
    "vận_động_viên giành huy_chương vàng tại giải điền_kinh",
    "trận bóng_đá kết_thúc với tỉ_số hòa trên sân nhà",
]
CRIME = [
    "công_an bắt đối_tượng trộm_cắp tài_sản ở chợ",
    "cơ_quan công_an khởi_tố vụ án lừa_đảo chiếm_đoạt tài_sản",
    "đối_tượng bị bắt khi vận_chuyển ma_túy qua cảng",
    "tòa án xét_xử vụ trộm_cắp xe máy",
]


def test_topic_text_reads_words_syllables_and_characters_of_one_string() -> None:
    union = text_vectoriser().fit(SPORT + CRIME)
    views = dict(union.transformer_list)
    assert {"bóng_đá", "tài_sản", "trận bóng_đá"} <= set(views["words"].vocabulary_)
    # The syllables of "bóng_đá" and "trộm_cắp" count on their own too (and across word borders).
    assert {"bóng", "đá", "trộm", "cắp", "bóng đá", "trận bóng"} <= set(views["syllables"].vocabulary_)
    assert "_" not in "".join(views["syllables"].vocabulary_)
    assert any(" bó" in gram for gram in views["chars"].vocabulary_)
    x = union.transform(["trộm_cắp tài_sản"])
    assert x.shape[1] == sum(len(v.vocabulary_) for v in views.values())
    assert x.nnz > 0


def test_topic_classifier_generalises_through_syllables_to_unseen_words() -> None:
    model = topic_classifier().fit(SPORT + CRIME, ["sport"] * 4 + ["crime"] * 4)
    # No word of these is a training word (a words-only model sees empty rows); their syllables are.
    assert list(model.predict(["bóng_chuyền vô_địch_giải", "khởi_tố_trộm_cắp"])) == ["sport", "crime"]


def _titles_features(titles: list[str], gaz: Gazetteer, tax: Taxonomy) -> list[ItemFeatures]:
    codes = tuple(tax.topics)
    return [item_features(rule_evidence(ItemText(t, "", "", None), gaz, tax), codes) for t in titles]


def test_engine_topics_rank_the_right_topic_first_on_unseen_titles(
    gazetteer: Gazetteer, taxonomy: Taxonomy
) -> None:
    sport = [
        "Đội bóng Hải Phòng thắng trận trên sân Lạch Tray",
        "Vận động viên Hải Phòng giành huy chương vàng điền kinh",
        "Câu lạc bộ bóng đá Hải Phòng vô địch giải hạng nhất",
        "Hải Phòng đăng cai giải bóng chuyền toàn quốc",
    ]
    crime = [
        "Công an Hải Phòng bắt đối tượng trộm cắp tài sản",
        "Công an Hải Phòng khởi tố vụ lừa đảo chiếm đoạt tài sản",
        "Hải Phòng bắt nhóm vận chuyển ma túy qua cảng",
        "Tòa án Hải Phòng xét xử vụ trộm cắp xe máy",
    ]
    codes = tuple(taxonomy.topics)
    texts = [(t, "van-hoa-du-lich-the-thao") for t in sport] + [(t, "an-ninh-trat-tu") for t in crime]
    feats = _titles_features([t for t, _ in texts], gazetteer, taxonomy)
    gold = [
        Gold(("hai-phong", "incidental")[i % 2], (code,), ("neutral", "positive")[i % 2], i % 3 == 0)
        for i, (_, code) in enumerate(texts)
    ]
    bundle = engine_fit(feats, gold, codes)
    unseen = ["Hải Phòng thắng giải bóng rổ", "Công an Hải Phòng bắt đối tượng lừa đảo"]
    tested = _titles_features(unseen, gazetteer, taxonomy)
    sport_pred, crime_pred = engine_predict(bundle, tested, ["hai-phong", "hai-phong"])
    assert sport_pred.topics[0] == "van-hoa-du-lich-the-thao"
    assert crime_pred.topics[0] == "an-ninh-trat-tu"
    assert sport_pred.topic_scores["van-hoa-du-lich-the-thao"] > sport_pred.topic_scores["an-ninh-trat-tu"]


def test_topics_keep_the_best_one_always_and_others_over_the_threshold() -> None:
    meta = {"topic_threshold": 0.5, "topic_first_always": True}
    assert choose_topics({"a": 0.3, "b": 0.62, "c": 0.55, "d": 0.51, "e": 0.9}, meta) == ["e", "b", "c"]
    assert choose_topics({"a": 0.12, "b": 0.1}, meta) == ["a"]
    assert choose_topics({}, meta) == []
    # A bundle trained before this rule keeps its own: over 0.35, else the best over half of it.
    legacy = {"topic_threshold": 0.35}
    assert choose_topics({"a": 0.4, "b": 0.36, "c": 0.2}, legacy) == ["a", "b"]
    assert choose_topics({"a": 0.2, "b": 0.1}, legacy) == ["a"]
    assert choose_topics({"a": 0.12, "b": 0.1}, legacy) == []
