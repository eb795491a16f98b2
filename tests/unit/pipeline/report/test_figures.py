"""pipeline.report.figures: the counting rules (scope, Vietnam time, incidental apart), stories, changes."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from pipeline.report.figures import (
    change,
    flagged_items,
    negative_topics,
    number,
    open_stories,
    positive_stories,
    summarise,
    weekly_counts,
)
from pipeline.report.period import parse_quarter
from tests.support.synthetic_reports import report_item

item = report_item


def test_totals_count_an_lao_inside_hai_phong_and_incidental_apart() -> None:
    items = [
        item(1, scope="an-lao", needs_response=True),
        item(2, scope="hai-phong"),
        item(3, scope="incidental"),
        item(4, scope="other", source="vnexpress"),
    ]
    summary = summarise(items)
    assert summary.totals == {"collected": 4, "hai_phong": 2, "an_lao": 1, "incidental": 1, "flagged": 1}
    assert summary.by_source["baohaiphong"] == {"collected": 3, "hai_phong": 2, "an_lao": 1, "incidental": 1}
    assert summary.by_source["vnexpress"]["hai_phong"] == 0


def test_topics_and_tones_count_only_items_about_hai_phong() -> None:
    items = [
        item(1, topics=["kinh-te-dau-tu"], tone="positive"),
        item(2, scope="incidental", topics=["kinh-te-dau-tu"], tone="positive"),
        item(3, scope="an-lao", topics=[], tone="negative"),
    ]
    summary = summarise(items)
    assert summary.by_topic["kinh-te-dau-tu"]["hai_phong"] == 1
    assert summary.by_topic[""]["an_lao"] == 1  # untagged relevant items still show
    assert summary.by_tone == {
        "positive": {"collected": 1, "hai_phong": 1, "an_lao": 0, "incidental": 0},
        "negative": {"collected": 1, "hai_phong": 1, "an_lao": 1, "incidental": 0},
    }


@pytest.mark.parametrize(
    ("now", "before", "expected"),
    [
        (12, 10, "+20\u00a0%"),
        (5, 10, "-50\u00a0%"),
        (441, 100, "+341\u00a0%"),  # a non-breaking space: "+341" and "%" never part at a line end
        (0, 0, "—"),
        (3, 0, "mới"),
        (3, None, "—"),
        (10, 10, "+0\u00a0%"),
    ],
)
def test_change_against_the_previous_period(now: int, before: int | None, expected: str) -> None:
    assert change(now, before) == expected


def test_weeks_start_on_monday_in_vietnam_time_and_are_clipped_to_the_period() -> None:
    period = parse_quarter("2026Q3")  # 1 July 2026 is a Wednesday
    items = [
        item(1, published="2026-07-01T00:30:00+07:00"),  # 30 June 17:30 UTC: inside Q3 in Vietnam
        item(2, published="2026-07-06T08:00:00+07:00", scope="other"),
        item(3, published="2026-09-30T23:59:00+07:00"),
    ]
    weeks = weekly_counts(items, period)
    assert weeks[0] == (date(2026, 7, 1), 1, 1)
    assert weeks[1] == (date(2026, 7, 6), 1, 0)
    assert weeks[-1] == (date(2026, 9, 28), 1, 1)
    assert sum(w[1] for w in weeks) == 3 and len(weeks) == 14


def test_positive_stories_name_each_story_once_most_republished_first() -> None:
    items = [
        item(3, story_id="s1", tone="positive", topics=["van-hoa-du-lich-the-thao"], source="dantri"),
        item(1, story_id="s1", tone="positive", topics=["van-hoa-du-lich-the-thao"]),
        item(2, story_id="s2", tone="positive", topics=["van-hoa-du-lich-the-thao"]),
        item(4, story_id="s3", tone="negative", topics=["van-hoa-du-lich-the-thao"]),
        item(5, story_id="s4", tone="positive", topics=["van-hoa-du-lich-the-thao"], scope="incidental"),
    ]
    stories = positive_stories(items, ["van-hoa-du-lich-the-thao", "kinh-te-dau-tu"])
    assert list(stories) == ["van-hoa-du-lich-the-thao"]
    culture = stories["van-hoa-du-lich-the-thao"]
    assert [s.story_id for s in culture] == ["s1", "s2"]
    assert culture[0].first["id"] == "a1" and culture[0].items == 2
    assert culture[0].sources == ("baohaiphong", "dantri")


def test_flagged_items_and_stories_still_open() -> None:
    items = [
        item(2, needs_response=True, story_id="s1", review_status="responded"),
        item(1, needs_response=True, story_id="s2", review_status="in-review"),
        item(3, needs_response=True, story_id="s2", review_status=""),
        item(4, needs_response=True, story_id="s3", review_status="dismissed"),
        item(5),
    ]
    assert [i["id"] for i in flagged_items(items)] == ["a1", "a2", "a3", "a4"]
    still_open = open_stories(items)
    assert [s.story_id for s in still_open] == ["s2"]
    assert still_open[0].items == 2 and still_open[0].statuses == ("in-review", "new")


def test_numbers_are_written_with_a_dot_for_thousands() -> None:
    assert [number(n) for n in (7, 1120, 20000, 1234567)] == ["7", "1.120", "20.000", "1.234.567"]


CULTURE = "van-hoa-du-lich-the-thao"


def _positive(n: int, story: str, source: str, **fields: Any) -> dict[str, Any]:
    return item(n, story_id=story, source=source, tone="positive", topics=[CULTURE]) | fields


def test_highlights_rank_by_reach_not_by_date() -> None:
    items = [
        # The quarter's first story, once in one outlet: what the report listed first before.
        _positive(1, "early", "baohaiphong"),
        # Four items, one outlet: reach 4.
        *(_positive(n, "one-outlet", "baohaiphong") for n in (2, 3, 4, 5)),
        # Three items in three outlets: reach 9.
        *(_positive(n, "wide", src) for n, src in ((6, "vnexpress"), (7, "dantri"), (8, "tuoitre"))),
        # Once in one outlet like "early", but about An Lão: relevance doubles its reach.
        _positive(9, "an-lao", "vov", scope="an-lao"),
    ]
    ranked = positive_stories(items, [CULTURE])[CULTURE]
    assert [s.story_id for s in ranked] == ["wide", "one-outlet", "an-lao", "early"]
    assert [s.reach for s in ranked] == [9, 4, 2, 1]


def test_highlights_of_equal_reach_rank_by_how_much_they_are_about_the_topic() -> None:
    items = [
        _positive(1, "early-but-marginal", "baohaiphong", topic_scores={CULTURE: 0.4}),
        _positive(2, "central", "baohaiphong", topic_scores={CULTURE: 0.97, "kinh-te-dau-tu": 0.2}),
        _positive(3, "unscored", "baohaiphong"),  # frozen before topic scores were kept
    ]
    ranked = positive_stories(items, [CULTURE])[CULTURE]
    assert [s.story_id for s in ranked] == ["central", "early-but-marginal", "unscored"]


def test_highlights_leave_out_advertorials_unless_pinned_and_never_show_dropped_ones() -> None:
    items = [
        *(_positive(n, "ad", src, promotional=True) for n, src in ((1, "vnexpress"), (2, "dantri"))),
        _positive(3, "news", "baohaiphong"),
        _positive(4, "other", "baohaiphong"),
    ]
    assert [s.story_id for s in positive_stories(items, [CULTURE])[CULTURE]] == ["news", "other"]
    pinned = positive_stories(items, [CULTURE], pinned=("other", "ad"), dropped=("news",))[CULTURE]
    assert [s.story_id for s in pinned] == ["ad", "other"]  # pinned first, widest reach first among them
    assert positive_stories(items, [CULTURE], dropped=("news", "other")) == {}


def test_negative_topics_count_relevant_negative_items_per_topic() -> None:
    items = [
        item(1, tone="negative", topics=["an-ninh-trat-tu", "moi-truong-thien-tai"]),
        item(2, tone="negative", topics=["an-ninh-trat-tu"]),
        item(3, tone="negative", topics=["moi-truong-thien-tai"], scope="incidental"),  # not about the city
        item(4, tone="positive", topics=["moi-truong-thien-tai"]),
    ]
    assert negative_topics(items) == [("an-ninh-trat-tu", 2), ("moi-truong-thien-tai", 1)]
