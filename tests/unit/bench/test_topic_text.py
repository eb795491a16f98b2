"""bench.topic_text: the VNTC benchmark's topic text model, on segmented text as
pipeline.understand.segment gives it."""

from __future__ import annotations

from bench.topic_text import text_vectoriser, topic_classifier

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
