"""``pressmon train`` and ``evaluate`` as real subprocesses on part of the labelled dev set, and
analysts' decisions from the database used as labels."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from models.training.decisions import decision_labels
from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.schema import Article, Review
from tests.support.cli import CliRun
from tests.support.files import write_jsonl

pytestmark = [pytest.mark.shared, pytest.mark.slow]


@pytest.fixture
def dev_part(shared_data: Path, tmp_path: Path) -> Path:
    """Every third dev item (a temporary file for this test only)."""
    lines = (shared_data / "haiphong" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    part = tmp_path / "dev_part.jsonl"
    part.write_text("\n".join(lines[::3]) + "\n", encoding="utf-8")
    return part


def test_train_writes_model_and_card_then_evaluate_and_tag_use_it(
    cli: CliRun, dev_part: Path, tmp_path: Path
) -> None:
    model = tmp_path / "var" / "models" / "small.skops"
    result = cli("train", "--data", str(dev_part), "--output", str(model), "--no-cv", "--no-db-labels")
    assert result.returncode == 0, result.stderr
    card = json.loads(model.with_suffix(".card.json").read_text(encoding="utf-8"))
    assert card["data"][0]["items"] == len(dev_part.read_text(encoding="utf-8").splitlines())
    result = cli("evaluate", "--data", str(dev_part), "--model", str(model))
    assert result.returncode == 0, result.stderr
    assert f"labelling: {card['version']}" in result.stdout
    for metric in ("relevant:", "an_lao:", "topics_macro_f1:", "needs_response_average_precision:"):
        assert metric in result.stdout
    out = tmp_path / "labels.jsonl"
    result = cli("tag", "--input", str(dev_part), "--output", str(out), "--model", str(model))
    assert result.returncode == 0, result.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == card["data"][0]["items"]


def test_train_cross_validates_by_day_and_scales_the_flag_from_held_out_scores(
    cli: CliRun, shared_data: Path, tmp_path: Path
) -> None:
    # Every eighth dev item: enough for five grouped folds, small enough for a loaded test machine.
    lines = (shared_data / "haiphong" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    small = tmp_path / "dev_small.jsonl"
    small.write_text("\n".join(lines[::8]) + "\n", encoding="utf-8")
    model = tmp_path / "var" / "models" / "cv.skops"
    result = cli("train", "--data", str(small), "--output", str(model), "--no-db-labels", timeout=900)
    assert result.returncode == 0, result.stderr
    assert "Grouped cross-validation (held-out days)" in result.stdout
    cv = json.loads(model.with_suffix(".card.json").read_text(encoding="utf-8"))["cross_validation"]
    assert cv["grouping"].startswith("publication day")
    assert "other folds" in cv["needs_threshold_rule"]
    # The shown flag scores at the operating points fall as recall rises.
    shown = [p["threshold"] for p in cv["needs_operating_points"]]
    assert shown == sorted(shown, reverse=True) and 0.0 < shown[-1] < shown[0] < 1.0
    assert 0.0 < cv["metrics"]["needs_response"]["recall"] <= 1.0


def test_model_path_outside_the_model_folders_is_one_clear_line(cli: CliRun, dev_part: Path) -> None:
    result = cli("evaluate", "--data", str(dev_part), "--model", "/etc/passwd")
    assert result.returncode == 2
    assert "must be a .skops file inside" in result.stderr
    assert "Traceback" not in result.stderr


def test_training_without_enough_labels_says_so(cli: CliRun, tmp_path: Path) -> None:
    tiny = tmp_path / "tiny.jsonl"
    item = {
        "title": "Hải Phòng",
        "labels": {
            "scope": "hai-phong",
            "topics": [],
            "tone": "neutral",
            "needs_response": False,
            "reasons": [],
        },
    }
    write_jsonl(tiny, [item])
    result = cli("train", "--data", str(tiny), "--output", str(tmp_path / "var/models/t.skops"))
    assert result.returncode == 2
    assert "Too few labelled items" in result.stderr


def test_analyst_decisions_become_labels(cli: CliRun, db_url: str, dev_part: Path, tmp_path: Path) -> None:
    for args in (("init",), ("import", str(dev_part))):
        assert cli("--db", db_url, *args).returncode == 0
    engine = make_engine(db_url)
    with transaction(engine) as session:
        ids = [a.id for a in session.query(Article).limit(2)]
        session.add(Review(article_id=ids[0], status="dismissed"))
        session.add(Review(article_id=ids[1], status="response-needed"))
    labels = {x.id: x.gold for x in decision_labels(engine)}
    assert labels[ids[0]].needs_response is False
    assert labels[ids[1]].needs_response is True
    assert labels[ids[0]].scope is None


# A small labelled set written for these tests: feed items (title and summary, dated over 20 days) and
# undated full articles, of every scope, with flagged items among them.
_TEMPLATES = [
    ("Huyện An Lão, Hải Phòng khánh thành cầu mới số {n}", "an-lao", ["kinh-te-dau-tu"], "positive", False),
    ("Hải Phòng khởi công khu công nghiệp {n}", "hai-phong", ["kinh-te-dau-tu"], "positive", False),
    (
        "Cán bộ phường ở Hải Phòng bị khởi tố vì sai phạm đất đai lần {n}",
        "hai-phong",
        ["an-ninh-trat-tu"],
        "negative",
        True,
    ),
    (
        "Người đàn ông quê Hải Phòng bị bắt ở Bình Dương, vụ {n}",
        "incidental",
        ["an-ninh-trat-tu"],
        "neutral",
        False,
    ),
    ("Đà Nẵng tổ chức lễ hội pháo hoa lần thứ {n}", "other", ["van-hoa-du-lich-the-thao"], "neutral", False),
]


def _fixture_items() -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    for n in range(60):
        title, scope, topics, tone, needs = _TEMPLATES[n % len(_TEMPLATES)]
        dated = n < 40
        items.append(
            {
                "id": f"fx-{n}" if dated else f"vietnews-{n}",
                "kind": "rss-hp" if dated else "vietnews",
                "published": f"2026-08-{1 + n // 2:02d}T08:00:00+07:00" if dated else "",
                "title": title.format(n=n),
                "summary": f"Tin {n}: {title.format(n=n)}.",
                "body": "" if dated else f"{title.format(n=n)}. Bài viết đầy đủ số {n} kể lại sự việc.",
                "labels": {
                    "scope": scope,
                    "topics": topics if scope != "other" else [],
                    "tone": tone,
                    "needs_response": needs,
                    "reasons": ["wrongdoing"] if needs else [],
                },
            }
        )
    return items


def test_evaluate_temporal_prints_the_newest_slice_beside_cv_and_the_baseline(
    cli: CliRun, tmp_path: Path
) -> None:
    items = _fixture_items()
    data = write_jsonl(tmp_path / "fixture.jsonl", items)
    result = cli("evaluate", "--data", str(data), "--temporal", timeout=900)
    assert result.returncode == 0, result.stderr
    # The newest fifth of the 40 dated items, and the undated ones of hash bucket 0.
    undated = [x for x in items if not x["published"]]
    held_undated = sum(hashlib.sha256(str(x["id"]).encode()).digest()[0] % 5 == 0 for x in undated)
    assert held_undated == 5  # these ids: 40, 41, 47, 49, 59
    assert (
        f"scored on the newest {8 + held_undated} (8 feed items, {held_undated} full articles)"
        in result.stdout
    )
    assert (
        f"trained on {60 - 8 - held_undated} older items (+{20 - held_undated} short views)" in result.stdout
    )
    lines = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines() if line.strip()}
    for metric in ("relevance_f1", "an_lao_f1", "topics_micro_f1", "tone_accuracy", "flag_ap"):
        values = [float(v) for v in lines[metric]]
        # temporal model/baseline, by kind (feed, full) each, then cv model/baseline.
        assert len(values) == 8 and all(0.0 <= v <= 1.0 for v in values)
    assert lines["temporal"][:2] == ["temporal", "temporal"] and lines["temporal"][-2:] == ["cv", "cv"]


def test_train_with_temporal_writes_the_cards_temporal_figures(cli: CliRun, tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "fixture.jsonl", _fixture_items())
    model = tmp_path / "var" / "models" / "t.skops"
    result = cli(
        "train",
        "--data",
        str(data),
        "--output",
        str(model),
        "--no-db-labels",
        "--no-cv",
        "--temporal",
        timeout=900,
    )
    assert result.returncode == 0, result.stderr
    card = json.loads(model.with_suffix(".card.json").read_text(encoding="utf-8"))
    temporal = card["temporal"]
    names = {
        "relevance_f1",
        "an_lao_f1",
        "topics_micro_f1",
        "tone_accuracy",
        "flag_precision",
        "flag_recall",
        "flag_ap",
    }
    assert set(temporal["model"]) == set(temporal["baseline"]) == names
    # No model in that folder before: nothing to compare with.
    assert temporal["previous_model"] is None or set(temporal["previous_model"]) == names
    assert card["label_counts"]["short_views"]["items"] == 20
    assert card["cross_validation_baseline"]["items"] == 60
    assert "Trained on the older items, scored on the newest" in result.stdout
