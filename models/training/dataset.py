"""Labelled items for training and evaluation: JSONL files (records labelled with the codes of
``data/taxonomy.yaml``) and the analysts' decisions stored in the database."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from models.engine import Gold
from models.training.evaluation import labelled_rows
from pipeline.errors import PressmonError
from pipeline.records import LEAD_CHARS, ItemText
from pipeline.taxonomy import REASONS, SCOPES, TONES
from pipeline.text.dates import parse_iso

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Labelled:
    """One labelled item, with the group that keeps its day together in cross-validation."""

    id: str
    item: ItemText
    gold: Gold
    group: str
    origin: str
    # "full": the item as labelled; "short": its title and summary alone, a training-only view.
    view: str = "full"
    # Where the item came from ("kind" of the labelled file: rss-hp, rss-general, vietnews …).
    source_kind: str = ""

    @property
    def kind(self) -> str:
        """``full`` for an article with its body, ``feed`` for title and summary only (as a feed gives)."""
        return "full" if self.item.body.strip() else "feed"


def group_of(row: dict[str, Any]) -> str:
    """Cross-validation group: the publication day (as written, in the item's own offset: Vietnam
    time for the feeds), so a held-out fold never shares a news day with training; undated items
    (the 2016-2019 corpus) fall in one of five buckets of their id."""
    published = str(row.get("published") or "")
    if published:
        return published[:10]
    digest = hashlib.sha256(str(row.get("id") or row.get("title") or "").encode()).digest()
    return f"{row.get('kind') or 'undated'}-{digest[0] % 5}"


def gold_of(labels: dict[str, Any], where: str) -> Gold:
    """Validated labels of one item; a clear message for anything outside the taxonomy."""
    scope, tone = labels.get("scope"), labels.get("tone", "neutral")
    if scope not in SCOPES or tone not in TONES:
        raise PressmonError(f"{where}: scope {scope!r} or tone {tone!r} is not in the taxonomy.")
    reasons = tuple(r for r in labels.get("reasons") or [] if r in REASONS)
    return Gold(scope, tuple(labels.get("topics") or []), tone, bool(labels.get("needs_response")), reasons)


def _row_item(row: dict[str, Any]) -> ItemText:
    return ItemText(
        str(row.get("title") or ""),
        str(row.get("summary") or ""),
        str(row.get("body") or ""),
        parse_iso(str(row.get("published") or "")),
    )


def read_jsonl(path: Path) -> list[Labelled]:
    """Every labelled item of ``path``; a clear message for a missing file or a bad line."""
    return [
        Labelled(
            str(row.get("id") or number),
            _row_item(row),
            gold_of(row["labels"], f"{path}:{number}"),
            group_of(row),
            path.name,
            source_kind=str(row.get("kind") or ""),
        )
        for number, row in labelled_rows(path)
    ]


def short_view(x: Labelled) -> Labelled | None:
    """The item as a feed would show it (title and summary, no body), with the same labels, for
    training: feeds and polls see that before the body. ``None`` for items without a body."""
    if x.view != "full" or not x.item.body.strip():
        return None
    # Without a summary the lead is the start of the body (ItemText.parts): keep it as the summary.
    item = replace(x.item, summary=x.item.summary or x.item.body[:LEAD_CHARS], body="")
    return replace(x, id=f"{x.id}#short", item=item, view="short")


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a data file, for the model card."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
