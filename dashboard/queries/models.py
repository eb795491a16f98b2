"""The models page: model versions in use, analyst labels waiting for the next training, what the last
training changed on the temporal evaluation, and the model card of the model in use in Vietnamese."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from dashboard import texts
from models.artefact import card_path, default_model
from models.engine import NEEDS_THRESHOLD
from pipeline.review.reviews import labels_since
from pipeline.storage.assessments import IS_CURRENT
from pipeline.storage.engine import transaction
from pipeline.storage.schema import AssessmentRow
from pipeline.text.dates import parse_iso
from pipeline.text.vi_format import vi_datetime, vi_number, vi_signed

log = logging.getLogger(__name__)

# Card keys shown apart (version, training time, the temporal table) or not at all: descriptions in
# English prose written for developers (model recipes, signal names, how thresholds were chosen).
_APART = {"version", "trained_at", "temporal", "models", "signals", "size_bytes"}
_PROSE = {"grouping", "needs_threshold_rule", "rule", "features"}


def model_versions(engine: Engine) -> pd.DataFrame:
    """Current assessments per model version, newest first; the first row is the current model."""
    query = (
        select(AssessmentRow.model_version, func.count(AssessmentRow.id), func.max(AssessmentRow.created_at))
        .where(IS_CURRENT)
        .group_by(AssessmentRow.model_version)
        .order_by(func.max(AssessmentRow.created_at).desc())
    )
    with transaction(engine) as session:
        rows = [(v, vi_number(int(n)), vi_datetime(at)) for v, n, at in session.execute(query)]
    return pd.DataFrame(rows, columns=["model_version", "articles", "last_used"])


def current_card(var_dir: Path) -> dict[str, Any] | None:
    """The card of the model ``process`` uses (the deployment's retrained one, else the shipped one);
    None when there is none or it is not a JSON object."""
    path = card_path(default_model(var_dir))
    try:
        card = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:  # no card, or a damaged one: the page says there is none
        log.warning("no readable model card at %s: %s", path, exc)
        return None
    return card if isinstance(card, dict) else None


def flag_threshold(card: Mapping[str, Any] | None) -> float:
    """The flag threshold of the model in use (the default recipe's when its card does not say)."""
    value = ((card or {}).get("thresholds") or {}).get("needs_threshold")
    return float(value) if isinstance(value, int | float) else NEEDS_THRESHOLD


def trained_at(card: Mapping[str, Any] | None) -> datetime | None:
    """When the model in use was trained, from its card."""
    return parse_iso(str((card or {}).get("trained_at") or ""))


def labels_waiting(engine: Engine, since: datetime | None) -> int:
    """Articles analysts labelled after ``since`` (the training of the model in use; all when None)."""
    with transaction(engine) as session:
        return labels_since(session, since)


def _score(value: Any) -> str:
    return vi_number(value, 3) if isinstance(value, int | float) else "—"


def _change(new: Any, old: Any) -> str:
    numbers = isinstance(new, int | float) and isinstance(old, int | float)
    return vi_signed(new - old) if numbers else "—"


def temporal_table(card: Mapping[str, Any] | None) -> pd.DataFrame | None:
    """Model, baseline and previous model on the temporal evaluation, with the model's changes, or
    None when the card has no temporal evaluation."""
    temporal = (card or {}).get("temporal")
    if not isinstance(temporal, dict) or not isinstance(temporal.get("model"), dict):
        return None
    model, baseline = temporal["model"], temporal.get("baseline") or {}
    previous = temporal.get("previous_model")
    rows = []
    for metric, name in texts.TEMPORAL_METRICS.items():
        new = model.get(metric)
        old = previous.get(metric) if isinstance(previous, dict) else None
        rows.append(
            {
                "metric": name,
                "model": _score(new),
                "baseline": _score(baseline.get(metric)),
                "vs_baseline": _change(new, baseline.get(metric)),
                "previous": _score(old) if isinstance(previous, dict) else texts.NOT_YET,
                "vs_previous": _change(new, old) if isinstance(previous, dict) else texts.NOT_YET,
            }
        )
    return pd.DataFrame(rows).rename(columns=texts.TEMPORAL_COLUMNS)


def _value(value: Any, names: Mapping[str, str]) -> str:
    if isinstance(value, bool):
        return texts.YES_NO[value]
    if isinstance(value, int):
        return vi_number(value)
    if isinstance(value, float):
        return vi_number(value, 3)
    if isinstance(value, list):
        return "; ".join(_value(x, names) for x in value)
    return "—" if value is None else names.get(str(value), str(value))


def _rows(value: Any, path: tuple[str, ...], names: Mapping[str, str]) -> list[tuple[str, str]]:
    """One (field, value) row per leaf of a card section, the field named by its path."""
    if isinstance(value, dict):
        return [r for k, v in value.items() if k not in _PROSE for r in _rows(v, (*path, str(k)), names)]
    if isinstance(value, list) and any(isinstance(x, dict) for x in value):
        return [r for i, x in enumerate(value, 1) for r in _rows(x, (*path, str(i)), names)]
    return [(" › ".join(names.get(p, p) for p in path), _value(value, names))]


def card_sections(card: Mapping[str, Any], names: Mapping[str, str]) -> list[tuple[str, pd.DataFrame]]:
    """The card as Vietnamese tables, one per section: (title, rows of field and value). ``names``
    gives the Vietnamese names of card keys, English values and label codes."""
    sections = []
    for key, part in card.items():
        rows = [] if key in _APART else _rows(part, (), names)
        if rows:
            frame = pd.DataFrame(rows, columns=["field", "value"]).rename(columns=texts.CARD_COLUMNS)
            sections.append((names.get(key, key), frame))
    return sections
