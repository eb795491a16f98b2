"""The segmentation cache in the database: table ``segments`` (key → zlib-compressed segmented text).

``pressmon process`` reads, for each batch, the segmentations its articles had the last time (the keys
of the texts the models segment, :func:`pipeline.understand.segment.expected_keys`), and writes the new
ones in the batch's transaction. Re-assessing unchanged articles with a new model version then segments
nothing. A key (:func:`pipeline.understand.segment.text_key`) hashes the exact text and the segmenter's
version, so a changed article or another underthesea release simply misses; a wrong guess of the keys
costs time, never a wrong result.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.storage.bulk import in_chunks, upsert
from pipeline.storage.schema import SegmentRow

log = logging.getLogger(__name__)


def load(session: Session, keys: Sequence[str]) -> dict[str, str]:
    """The stored segmentations among ``keys``."""
    found: dict[str, str] = {}
    unique = sorted(set(keys))
    for chunk in in_chunks(unique):
        rows = session.execute(select(SegmentRow.key, SegmentRow.tokens).where(SegmentRow.key.in_(chunk)))
        found.update((key, zlib.decompress(blob).decode("utf-8")) for key, blob in rows)
    return found


def save(session: Session, new: Mapping[str, str]) -> int:
    """Store fresh segmentations (a key already stored, by a concurrent run say, is left as it is)."""
    rows = [{"key": k, "tokens": zlib.compress(v.encode("utf-8"), 6)} for k, v in sorted(new.items())]
    upsert(session, SegmentRow, rows, "key")
    return len(rows)
