"""The models page: model versions in use, analyst labels waiting, the shipped model cards."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from models.artefact import MODELS_DIR
from pipeline.clock import iso_local
from pipeline.review.reviews import pending_label_count
from pipeline.storage.assessments import IS_CURRENT
from pipeline.storage.engine import transaction
from pipeline.storage.schema import AssessmentRow


def model_versions(engine: Engine) -> pd.DataFrame:
    """Current assessments per model version, newest first; the first row is the current model."""
    query = (
        select(AssessmentRow.model_version, func.count(AssessmentRow.id), func.max(AssessmentRow.created_at))
        .where(IS_CURRENT)
        .group_by(AssessmentRow.model_version)
        .order_by(func.max(AssessmentRow.created_at).desc())
    )
    with transaction(engine) as session:
        rows = [(v, int(n), iso_local(at)) for v, n, at in session.execute(query)]
    return pd.DataFrame(rows, columns=["model_version", "articles", "last_used"])


def labels_waiting(engine: Engine, model_version: str) -> int:
    """Analyst corrections made against ``model_version``, waiting for the next training."""
    with transaction(engine) as session:
        return pending_label_count(session, model_version)


def model_cards(directory: Path = MODELS_DIR) -> list[tuple[str, str]]:
    """(file name, text) of the model cards shipped under ``models/`` (JSON or Markdown)."""
    if not directory.is_dir():
        return []
    found = sorted(p for p in directory.rglob("*card*") if p.suffix in (".json", ".md", ".yaml", ".yml"))
    return [(str(p.relative_to(directory)), p.read_text(encoding="utf-8", errors="replace")) for p in found]
