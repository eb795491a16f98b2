"""pipeline.understand.stories: near-duplicates share a story id; existing ids are kept."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from pipeline.understand.stories import (
    METHOD,
    StoryCandidate,
    assign_stories,
    from_bytes,
    signature,
    to_bytes,
)

TITLE = "Hải Phòng: Thông tin rò rỉ khí độc ở Đình Vũ là sai sự thật"
SENTENCES = [
    "Tối 7/10, trên mạng xã hội xuất hiện thông tin cho rằng một nhà máy hóa chất ở Đình Vũ rò rỉ khí độc.",
    "Nhiều người dân ở các phường lân cận lo lắng, đóng kín cửa và hỏi nhau có nên sơ tán hay không.",
    "Sáng 8/10, Sở Tài nguyên và Môi trường thành phố đã cử đoàn kiểm tra đến hiện trường.",
    "Kết quả quan trắc cho thấy các chỉ số không khí đều nằm trong giới hạn cho phép.",
    "Lãnh đạo khu kinh tế khẳng định nhà máy vẫn hoạt động bình thường và không có sự cố nào.",
    "Cơ quan công an đang xác minh những tài khoản đã đăng tải và chia sẻ thông tin sai sự thật.",
    "Người dân khi phát hiện dấu hiệu bất thường được đề nghị báo ngay cho chính quyền địa phương.",
    "Thành phố sẽ tiếp tục công khai kết quả quan trắc môi trường trên cổng thông tin điện tử.",
]
BODY = " ".join(SENTENCES)
EDITED = " ".join(
    [
        *SENTENCES[:3],
        "Đoàn kiểm tra gồm đại diện Sở, công an phường và ban quản lý khu kinh tế.",
        *SENTENCES[4:],
    ]
)
UNRELATED_TITLE = "Cát Bà đón lượng khách kỷ lục trong những ngày đầu hè"
UNRELATED = (
    "Theo số liệu của ban quản lý các bến phà, trong ba ngày cuối tuần quần đảo đón hơn 60 nghìn lượt khách. "
    "Các khách sạn ở thị trấn Cát Bà kín phòng, nhiều du khách phải thuê nhà nghỉ ở các xã lân cận. "
    "Để giảm ùn tắc tại bến phà Gót, lực lượng chức năng tăng cường chuyến và phân luồng phương tiện. "
    "Ngành du lịch thành phố dự kiến cả mùa hè năm nay đón khoảng hai triệu lượt khách."
)


@pytest.fixture
def candidates(frozen_now: datetime) -> list[StoryCandidate]:
    return [
        StoryCandidate("b-repost", TITLE, EDITED, frozen_now),
        StoryCandidate("a-original", TITLE, BODY, frozen_now - timedelta(hours=3)),
        StoryCandidate("c-unrelated", UNRELATED_TITLE, UNRELATED, frozen_now - timedelta(hours=5)),
    ]


def test_near_identical_texts_share_a_story(candidates: list[StoryCandidate]) -> None:
    stories = assign_stories(candidates)
    assert stories["a-original"] == stories["b-repost"]


def test_unrelated_text_gets_its_own_story(candidates: list[StoryCandidate]) -> None:
    stories = assign_stories(candidates)
    assert stories["c-unrelated"] != stories["a-original"]
    assert stories["c-unrelated"] == "c-unrelated"


def test_new_group_takes_id_of_earliest_article(candidates: list[StoryCandidate]) -> None:
    assert assign_stories(candidates)["b-repost"] == "a-original"


def test_every_candidate_gets_a_story(candidates: list[StoryCandidate]) -> None:
    assert set(assign_stories(candidates)) == {c.id for c in candidates}


def test_existing_story_id_is_kept(frozen_now: datetime) -> None:
    stories = assign_stories(
        [
            StoryCandidate("a-original", TITLE, BODY, frozen_now - timedelta(hours=3), "dinh-vu-tin-don"),
            StoryCandidate("b-repost", TITLE, EDITED, frozen_now),
        ]
    )
    assert stories == {"a-original": "dinh-vu-tin-don", "b-repost": "dinh-vu-tin-don"}


def test_assignment_is_independent_of_input_order(candidates: list[StoryCandidate]) -> None:
    assert assign_stories(candidates) == assign_stories(list(reversed(candidates)))


def test_undated_candidate_does_not_win_over_dated_one(frozen_now: datetime) -> None:
    stories = assign_stories(
        [StoryCandidate("a-undated", TITLE, BODY, None), StoryCandidate("b-dated", TITLE, EDITED, frozen_now)]
    )
    assert stories == {"a-undated": "b-dated", "b-dated": "b-dated"}


def test_stored_signature_is_the_signature(candidates: list[StoryCandidate]) -> None:
    sig = signature(TITLE, BODY)
    blob = to_bytes(sig)
    assert len(blob) == 4 * len(sig.hashvalues)
    assert list(from_bytes(blob).hashvalues) == list(sig.hashvalues)
    assert from_bytes(blob).jaccard(signature(TITLE, EDITED)) == sig.jaccard(signature(TITLE, EDITED)) > 0.5


def test_grouping_from_stored_signatures_equals_grouping_from_text(candidates: list[StoryCandidate]) -> None:
    stored = [
        StoryCandidate(c.id, "", "", c.published, c.story_id, to_bytes(signature(c.title, c.body)))
        for c in candidates
    ]
    assert assign_stories(stored) == assign_stories(candidates)


def test_signature_method_names_what_makes_it_comparable() -> None:
    assert METHOD.startswith("minhash-128-") and "-ds2." in METHOD
