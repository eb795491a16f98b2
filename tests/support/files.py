"""Input files the tests write: source registries and JSONL items, as pressmon reads them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml


def write_registry(path: Path, sources: Iterable[dict[str, Any]]) -> Path:
    """A source registry (``data/sources.yaml`` format) holding ``sources``."""
    text = yaml.safe_dump({"sources": list(sources)}, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> Path:
    """One JSON object per line, Vietnamese kept as written (the import and tag formats)."""
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path
