"""models.training.dataset: the cross-validation group of a labelled row."""

from __future__ import annotations

from models.training.dataset import group_of


def test_cross_validation_groups_are_days_or_id_buckets() -> None:
    morning = {"published": "2026-08-17T06:10:00+07:00", "id": "a"}
    evening = {"published": "2026-08-17T23:15:19.9+07:00", "id": "b"}
    assert group_of(morning) == group_of(evening) == "2026-08-17"
    assert group_of({"published": "", "id": "x", "kind": "vietnews"}).startswith("vietnews-")
