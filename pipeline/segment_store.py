"""The segmentation cache in the database: table ``segments`` (key → zlib-compressed segmented text).

``pressmon process`` reads, for each batch, the segmentations its articles had the last time (keys
of the texts the models segment, see :func:`expected_keys`), and writes the new ones in the batch's
transaction. Re-assessing unchanged articles with a new model version then segments nothing. The key
(:func:`pipeline.segment.text_key`) hashes the exact text and the segmenter's version, so a changed
article or another underthesea release simply misses; a wrong guess of the keys costs time, never a
wrong result.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.features import BODY_CHARS
from pipeline.bulk import upsert
from pipeline.db import SegmentRow
from pipeline.normalise import normalise_text
from pipeline.relevance import LEAD_CHARS
from pipeline.segment import text_key
from pipeline.tagging import ItemText

log = logging.getLogger(__name__)


def segmented_texts(item: ItemText) -> list[str]:
    """The texts the models segment for ``item`` (as :func:`models.features.item_features` does:
    the title, and the lead with the start of the body, normalised); blank ones left out."""
    lead, body = (
        (item.summary, item.body) if item.summary else (item.body[:LEAD_CHARS], item.body[LEAD_CHARS:])
    )
    rest = " ".join(part for part in (lead, body[:BODY_CHARS]) if part)
    texts = (normalise_text(item.title), normalise_text(rest))
    return [t for t in texts if t.strip()]


def expected_keys(items: Iterable[ItemText]) -> list[str]:
    """Cache keys of every text the models will segment for ``items``."""
    return [text_key(t) for item in items for t in segmented_texts(item)]


def load(session: Session, keys: Sequence[str]) -> dict[str, str]:
    """The stored segmentations among ``keys``."""
    found: dict[str, str] = {}
    unique = sorted(set(keys))
    for start in range(0, len(unique), 500):  # stay under every backend's bound-parameter limit
        chunk = unique[start : start + 500]
        rows = session.execute(select(SegmentRow.key, SegmentRow.tokens).where(SegmentRow.key.in_(chunk)))
        found.update((key, zlib.decompress(blob).decode("utf-8")) for key, blob in rows)
    return found


def save(session: Session, new: Mapping[str, str]) -> int:
    """Store fresh segmentations (a key already stored, by a concurrent run say, is left as it is)."""
    rows = [{"key": k, "tokens": zlib.compress(v.encode("utf-8"), 6)} for k, v in sorted(new.items())]
    upsert(session, SegmentRow, rows, "key")
    return len(rows)
