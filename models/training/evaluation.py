"""``pressmon evaluate``: agreement of the current labelling with a labelled JSONL file.

Labelled items carry ``labels = {scope, topics, tone, needs_response, reasons}`` with the codes of
``data/taxonomy.yaml``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Protocol

from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    f1_score,
    precision_recall_fscore_support,
)
from sklearn.preprocessing import MultiLabelBinarizer

from pipeline.collect.importer import decode_file
from pipeline.errors import PressmonError
from pipeline.records import Assessment, ItemText
from pipeline.taxonomy import RELEVANT_SCOPES as RELEVANT
from pipeline.taxonomy import SCOPES
from pipeline.text.dates import parse_iso


class Assessor(Protocol):
    def assess(self, item: ItemText) -> Assessment: ...


def labelled_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(line number, row) of every labelled item of a JSONL file; a clear message at the first bad line."""
    if not path.is_file():
        raise PressmonError(f"Labelled file {path} does not exist.")
    rows = []
    for number, line in enumerate(decode_file(path).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise PressmonError(f"{path}:{number}: not valid JSON ({exc.msg}).") from exc
        if not isinstance(row, dict) or not isinstance(row.get("labels"), dict):
            raise PressmonError(f"{path}:{number}: expected an item with a 'labels' object.")
        rows.append((number, row))
    return rows


def _prf(gold: list[bool], pred: list[bool]) -> dict[str, float]:
    p, r, f, _ = precision_recall_fscore_support(gold, pred, average="binary", zero_division=0)
    return {"precision": float(p), "recall": float(r), "f1": float(f)}


def _topic_f1(gold: list[list[str]], pred: list[list[str]], average: str) -> float:
    if not gold:
        return 0.0
    mlb = MultiLabelBinarizer().fit(gold + pred)
    return float(f1_score(mlb.transform(gold), mlb.transform(pred), average=average, zero_division=0))


def _average_precision(gold: list[bool], scores: list[float]) -> float:
    return float(average_precision_score(gold, scores)) if any(gold) else 0.0


def compute_metrics(gold: list[dict[str, Any]], pred: list[Assessment]) -> dict[str, Any]:
    """Scope, relevance, An Lão, tone, needs_response and topic agreement.

    Tone and topics are scored on the items the gold labels say concern Hải Phòng (scope not
    ``other``), as the labelling guideline defines them only there.
    """
    g_scope = [g["scope"] for g in gold]
    p_scope = [p.scope for p in pred]
    topical = [i for i, g in enumerate(gold) if g["scope"] != "other"]
    g_topics = [list(gold[i]["topics"]) for i in topical]
    p_topics = [list(pred[i].topics) for i in topical]
    g_needs = [bool(g["needs_response"]) for g in gold]
    return {
        "items": len(gold),
        "scope_accuracy": float(accuracy_score(g_scope, p_scope)),
        "scope_macro_f1": float(
            f1_score(g_scope, p_scope, labels=list(SCOPES), average="macro", zero_division=0)
        ),
        "relevant": _prf([s in RELEVANT for s in g_scope], [s in RELEVANT for s in p_scope]),
        "an_lao": _prf([s == "an-lao" for s in g_scope], [s == "an-lao" for s in p_scope]),
        "tone_accuracy": float(
            accuracy_score([gold[i]["tone"] for i in topical], [pred[i].tone for i in topical])
        )
        if topical
        else 0.0,
        "needs_response": _prf(g_needs, [p.needs_response for p in pred]),
        "needs_response_average_precision": _average_precision(g_needs, [p.flag_score for p in pred]),
        "topics_micro_f1": _topic_f1(g_topics, p_topics, "micro"),
        "topics_macro_f1": _topic_f1(g_topics, p_topics, "macro"),
    }


def evaluate_file(analyzer: Assessor, path: Path) -> dict[str, Any]:
    """Label every item of ``path`` and compare with its gold labels."""
    rows = [row for _, row in labelled_rows(path)]
    preds = [
        analyzer.assess(
            ItemText(
                r.get("title") or "",
                r.get("summary") or "",
                r.get("body") or "",
                parse_iso(r.get("published") or ""),
            )
        )
        for r in rows
    ]
    return compute_metrics([r["labels"] for r in rows], preds)


def render_metrics(metrics: dict[str, Any]) -> str:
    """Plain-text lines of the metrics."""
    lines = [f"items: {metrics['items']}"]
    for key, value in metrics.items():
        if isinstance(value, dict):
            lines.append(f"{key}: " + ", ".join(f"{k} {v:.3f}" for k, v in value.items()))
        elif isinstance(value, float):
            lines.append(f"{key}: {value:.3f}")
    return "\n".join(lines)


def _flat(metrics: dict[str, Any]) -> dict[str, float]:
    flat: dict[str, float] = {}
    for key, value in metrics.items():
        if isinstance(value, dict):
            flat.update({f"{key} {k}": float(v) for k, v in value.items()})
        elif isinstance(value, float):
            flat[key] = value
    return flat


def render_comparison(columns: dict[str, dict[str, Any]]) -> str:
    """Metrics of several labellers side by side, one line per metric."""
    flats = {name: _flat(m) for name, m in columns.items()}
    keys = list(next(iter(flats.values())))
    width = max(len(k) for k in keys) + 2
    lines = [" " * width + "".join(f"{name:>12}" for name in flats)]
    for key in keys:
        lines.append(
            f"{key:<{width}}" + "".join(f"{f.get(key, float('nan')):>12.3f}" for f in flats.values())
        )
    return "\n".join(lines)
