"""models.engine: the final scope, topics kept by their scores, and topic models trained on a few titles."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from models.engine import Gold, final_scope, lsa_block
from models.engine import _topics as choose_topics
from models.engine import fit as engine_fit
from models.engine import predict as engine_predict
from models.features import ItemFeatures, item_features
from pipeline.records import ItemText
from pipeline.taxonomy import Taxonomy
from pipeline.understand.gazetteer import Gazetteer
from pipeline.understand.rules import rule_evidence


def test_an_lao_as_the_main_place_turns_hai_phong_into_an_lao_only() -> None:
    assert final_scope("hai-phong", "hai-phong", an_lao_main=True) == "an-lao"
    assert final_scope("hai-phong", "incidental", an_lao_main=True) == "incidental"
    assert final_scope("other", "hai-phong", an_lao_main=True) == "other"
    assert final_scope("incidental", "an-lao") == "hai-phong"


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


def test_the_flag_model_weighs_the_evidence_tokens_and_topics_and_tone_read_a_representation(
    gazetteer: Gazetteer, taxonomy: Taxonomy
) -> None:
    # The same words, told apart only by who did wrong: officials (flagged) or suspects the police caught.
    official = [f"Chủ tịch UBND xã {n} ở Hải Phòng bị khởi tố vì sai phạm" for n in "ABCDEF"]
    police = [f"Công an Hải Phòng triệt phá đường dây, bắt giữ đối tượng {n}" for n in "ABCDEF"]
    feats = _titles_features(official + police, gazetteer, taxonomy)
    gold = [
        Gold(("hai-phong", "incidental")[i % 2], ("an-ninh-trat-tu",), ("negative", "neutral")[i % 2], i < 6)
        for i in range(12)
    ]
    texts = [f.syllables for f in feats]
    vec = TfidfVectorizer().fit(texts)
    rep = {"vec": vec, "components": np.eye(2, len(vec.vocabulary_), dtype=np.float32)}
    bundle = engine_fit(feats, gold, tuple(taxonomy.topics), rep)
    assert "evidence" in bundle["blocks"]["needs"] and "lsa" not in bundle["blocks"]["needs"]
    # The temporal evaluation showed the representation helping topics and tone only (engine.LSA_MODELS).
    assert [m for m, blocks in bundle["blocks"].items() if "lsa" in blocks] == ["topics", "tone"]
    assert "official-wrong:t" in bundle["vec_evidence"].vocabulary_
    unseen = _titles_features(
        ["Nguyên chủ tịch UBND phường ở Hải Phòng bị khởi tố", "Công an Hải Phòng bắt giữ đối tượng trộm"],
        gazetteer,
        taxonomy,
    )
    wrong, bust = engine_predict(bundle, unseen, ["hai-phong", "hai-phong"])
    assert wrong.flag_raw > bust.flag_raw
    # The block is dense: two dimensions for the title and lead, two for the whole item.
    assert lsa_block(bundle["representation"], unseen).shape == (2, 4)
