"""models.training.train: thresholds and operating points on held-out scores, the flag score's scale,
and the keyword rules' weight in the flag ranking, chosen on held-out scores, never on the fold scored."""

from __future__ import annotations

import numpy as np
import pytest

from models.engine import OTHER_RAW, RULE_FLAG_WEIGHT, Gold, Prediction, flag_probability
from models.features import ItemFeatures
from models.training.dataset import Labelled
from models.training.train import (
    Prepared,
    choose_rule_weight,
    cross_fitted_flags,
    flag_scale,
    flag_threshold,
    operating_points,
    recall_threshold,
    reweighted,
)
from pipeline.records import ItemText


def _item(i: int, needs: bool, rule: float) -> tuple[Labelled, ItemFeatures]:
    gold = Gold("hai-phong", (), "neutral", needs)
    labelled = Labelled(f"i{i}", ItemText(f"tin {i}", "", "", None), gold, f"day-{i % 2}", "test")
    return labelled, ItemFeatures("", "", "", np.zeros(1), rule_flag=rule)


def _prepared(rows: list[tuple[bool, float]]) -> Prepared:
    pairs = [_item(i, needs, rule) for i, (needs, rule) in enumerate(rows)]
    return Prepared([p[0] for p in pairs], [], [p[1] for p in pairs], ())


def _pred(decision: float, rule: float, scope: str = "hai-phong") -> Prediction:
    raw = decision + RULE_FLAG_WEIGHT * rule if scope != "other" else OTHER_RAW
    return Prediction(scope, {}, [], {}, "neutral", {}, 0.5, False, [], flag_raw=raw)


def test_rules_that_rank_well_get_the_largest_weight_and_misleading_ones_none() -> None:
    # The model's decision value says nothing (noise); the rules' score tells the flagged items apart.
    rng = np.random.default_rng(0)
    rows = [(i % 3 == 0, 1.0 if i % 3 == 0 else 0.0) for i in range(30)]
    prep = _prepared(rows)
    noise = rng.normal(0, 1, len(rows))
    preds = {i: _pred(float(noise[i]), rule) for i, (_, rule) in enumerate(rows)}
    assert choose_rule_weight(prep, preds, sorted(preds)) == 4.0
    # Now the rules fire on the wrong items and the decision value is right.
    misleading = [(needs, 0.0 if needs else 1.0) for needs, _ in rows]
    prep = _prepared(misleading)
    preds = {i: _pred(2.0 if needs else -2.0, rule) for i, (needs, rule) in enumerate(misleading)}
    assert choose_rule_weight(prep, preds, sorted(preds)) == 0.0


def test_reweighting_moves_only_the_rules_share_and_leaves_items_elsewhere_last() -> None:
    prep = _prepared([(True, 0.5), (False, 0.0), (False, 1.0)])
    preds = {0: _pred(1.0, 0.5), 1: _pred(-1.0, 0.0), 2: _pred(0.0, 1.0, scope="other")}
    out = reweighted(prep, preds, 4.0)
    assert out[0].flag_raw == pytest.approx(1.0 + 4.0 * 0.5)
    assert out[1].flag_raw == pytest.approx(-1.0)
    assert out[2].flag_raw == OTHER_RAW
    assert out[0].flag_score > out[1].flag_score


def test_each_fold_is_ranked_with_the_weight_its_other_folds_chose() -> None:
    # Fold A: a noisy decision value and rules that are right; fold B: a right decision value and
    # misleading rules. Each fold is ranked with the weight the OTHER fold chose.
    noise = np.random.default_rng(1).normal(0, 1, 20)
    rows = [(i % 2 == 0, 1.0 if i % 2 == 0 else 0.0) for i in range(20)]
    rows += [(i % 2 == 0, 0.0 if i % 2 == 0 else 1.0) for i in range(20)]
    decision = [float(noise[i]) for i in range(20)] + [0.5 if i % 2 == 0 else -0.5 for i in range(20)]
    prep = _prepared(rows)
    preds = {i: _pred(decision[i], rule) for i, (_, rule) in enumerate(rows)}
    folds = [(np.arange(20, 40), np.arange(0, 20)), (np.arange(0, 20), np.arange(20, 40))]
    ranked, thresholds = cross_fitted_flags(prep, preds, folds)
    assert all(ranked[i].flag_raw == pytest.approx(decision[i]) for i in range(20))
    used_on_b = {round(ranked[i].flag_raw - decision[i], 6) for i in range(20, 40) if rows[i][1] == 1.0}
    assert len(used_on_b) == 1
    assert used_on_b.pop() == choose_rule_weight(prep, preds, list(range(20))) > 0
    assert set(thresholds) == set(range(40))


def test_recall_threshold_keeps_the_asked_share_of_positives() -> None:
    gold = [True, True, True, True, False, False, True, True, True, True, True, True]
    scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.35, 0.3, 0.25, 0.2, 0.15, 0.1]
    threshold = recall_threshold(gold, scores, recall=0.9)
    kept = sum(1 for g, s in zip(gold, scores, strict=True) if g and s >= threshold)
    assert kept == 9
    assert threshold > 0.1


def test_flag_threshold_reaches_the_recall_target() -> None:
    gold = [True, True, False, True, False, False, True, False, False, False, True, False]
    scores = [0.95, 0.9, 0.85, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.15, 0.1]
    threshold = flag_threshold(gold, scores)
    flagged = [g for g, s in zip(gold, scores, strict=True) if s >= threshold]
    # Five positives: recall 0.85 needs all five, so the flag goes down to the last one (0.15), not lower.
    assert flagged.count(True) == 5 and len(flagged) == 11
    points = operating_points(gold, scores)
    assert points[-1]["recall"] == 1.0
    assert [p["threshold"] for p in points] == sorted((p["threshold"] for p in points), reverse=True)


def test_flag_scale_is_a_rising_curve_fitted_on_held_out_scores() -> None:
    raw = [-3.0, -2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0, -1e6]
    gold = [False, False, False, True, False, True, False, True, True, True, False]
    scale = flag_scale(gold, raw)
    shown = [flag_probability({"flag_scale": scale}, r) for r in raw[:-1]]
    assert scale[0] > 0
    assert shown == sorted(shown)
    assert 0.0 < shown[0] < 0.5 < shown[-1] < 1.0


def test_operating_points_ignore_nothing_and_rank_items_outside_hai_phong_last() -> None:
    points = operating_points([True, False, True], [2.0, -1e6, 0.5])
    assert [p["recall"] for p in points] == [0.5, 1.0, 1.0]
    assert np.isclose(points[-1]["precision"], 2 / 3)
