"""models.training.temporal: the newest dated items and a fixed hash bucket of undated ones are held
out, short views train only beside their article, and the card's headline names."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import numpy as np

from models.engine import Gold
from models.features import ItemFeatures
from models.training.dataset import Labelled, short_view
from models.training.temporal import HEADLINE, headline, temporal_split
from models.training.train import Prepared, grouped_folds
from pipeline.records import ItemText
from tests.support.clock import FROZEN_NOW

GOLD = Gold("hai-phong", (), "neutral", False)


def _labelled(i: int, dated: bool, body: str = "", gold: Gold = GOLD) -> Labelled:
    when = FROZEN_NOW - timedelta(days=100 - i) if dated else None
    item = ItemText(f"Tin {i}", f"Tóm tắt {i}", body, when)
    return Labelled(f"id-{i}", item, gold, when.date().isoformat() if when else f"undated-{i % 5}", "t")


def _prepared(items: list[Labelled]) -> Prepared:
    views = [v for v in map(short_view, items) if v is not None]
    every = [*items, *views]
    return Prepared(every, [], [ItemFeatures("", "", "", np.zeros(1)) for _ in every], ())


def test_newest_fifth_of_dated_items_and_one_hash_bucket_of_undated_are_held_out() -> None:
    items = [_labelled(i, dated=True) for i in range(50)] + [
        _labelled(100 + i, dated=False, body="Nội dung.") for i in range(50)
    ]
    prep = _prepared(items)
    train, test = temporal_split(prep)
    dated_test = [prep.items[i] for i in test if prep.items[i].item.published]
    assert len(dated_test) == 10
    newest_train = max(prep.items[i].item.published for i in train if prep.items[i].item.published)
    assert all(x.item.published and x.item.published > newest_train for x in dated_test)
    undated_test = {prep.items[i].id for i in test if not prep.items[i].item.published}
    assert 0 < len(undated_test) < 25
    # The same split on every run, and no view is ever scored; views train beside their article.
    assert temporal_split(prep)[1].tolist() == test.tolist()
    assert all(prep.items[i].view == "full" for i in test)
    train_views = {prep.items[i].id for i in train if prep.items[i].view == "short"}
    assert train_views and not {v.removesuffix("#short") for v in train_views} & undated_test
    assert len(train_views) == 50 - len(undated_test)


def test_each_source_kind_gives_its_newest_fifth() -> None:
    general = [replace(_labelled(i, dated=True), source_kind="rss-general") for i in range(50, 100)]
    local = [replace(_labelled(i, dated=True), source_kind="rss-hp") for i in range(10)]
    prep = _prepared(general + local)
    _, test = temporal_split(prep)
    kinds = [prep.items[i].source_kind for i in test]
    # The local feed's items are all older than the general feed's, yet its newest two are scored.
    assert kinds.count("rss-general") == 10 and kinds.count("rss-hp") == 2
    assert {prep.items[i].id for i in test if prep.items[i].source_kind == "rss-hp"} == {"id-8", "id-9"}


def test_partial_labels_only_ever_train() -> None:
    partial = Gold(None, None, None, True)
    items = [_labelled(i, dated=True) for i in range(20)] + [_labelled(99, dated=True, gold=partial)]
    train, test = temporal_split(_prepared(items))
    assert 20 in train.tolist() and 20 not in test.tolist()


def test_cross_validation_folds_keep_views_out_of_the_scored_items() -> None:
    items = [_labelled(100 + i, dated=False, body="Nội dung.") for i in range(30)]
    prep = _prepared(items)
    for train, test in grouped_folds(prep):
        assert all(prep.items[i].view == "full" for i in test)
        scored = {prep.items[i].id for i in test}
        views = {prep.items[i].id.removesuffix("#short") for i in train if prep.items[i].view == "short"}
        assert views and not views & scored


def test_short_view_keeps_the_labels_and_the_lead() -> None:
    item = Labelled("a", ItemText("Tiêu đề", "", "Câu mở đầu. " * 60, None), GOLD, "g", "t")
    view = short_view(item)
    assert view is not None and view.item.body == "" and view.gold == GOLD and view.kind == "feed"
    assert view.item.summary.startswith("Câu mở đầu.") and len(view.item.summary) == 400
    assert short_view(view) is None and item.kind == "full"


def test_headline_names_are_the_cards() -> None:
    metrics = {
        "relevant": {"f1": 0.9},
        "an_lao": {"f1": 0.8},
        "topics_micro_f1": 0.7,
        "tone_accuracy": 0.6,
        "needs_response": {"precision": 0.5, "recall": 0.4},
        "needs_response_average_precision": 0.3,
    }
    assert list(headline(metrics)) == list(HEADLINE)
    assert headline(metrics)["flag_ap"] == 0.3
