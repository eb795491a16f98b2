"""Stories: near-duplicates and re-publications grouped under one ``story_id``.

MinHash over word 3-shingles of the folded title and text, with LSH (datasketch) to find
candidate pairs; groups are the connected components. A group keeps an existing story id when one
of its members already has one, else takes the id of its earliest article, so ids are stable.
A signature is computed once per article text and kept as bytes (:func:`to_bytes`; stored by
:mod:`pipeline.storage.stories`), so grouping new articles does not re-hash their neighbours.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import datasketch
import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from pipeline.text.normalise import fold

NUM_PERM = 128
THRESHOLD = 0.5
_SHINGLE = 3
_TEXT_CHARS = 3000
_SEED = 7
_SCHEME = "affine32"
# Stored signatures made by another recipe or library release are recomputed, never compared.
METHOD = f"minhash-{NUM_PERM}-{_SEED}-{_SHINGLE}-{_TEXT_CHARS}-{_SCHEME}-ds{datasketch.__version__}"


@dataclass(frozen=True)
class StoryCandidate:
    """What story grouping needs of an article."""

    id: str
    title: str
    body: str
    published: datetime | None
    story_id: str | None = None
    signature: bytes | None = None  # stored signature of this text, when there is one


@lru_cache(maxsize=1)
def _permutations() -> np.ndarray:
    # Drawing the permutations costs more than hashing a short article; they depend on the seed only.
    return MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME).permutations


def signature(title: str, body: str) -> MinHash:
    """MinHash of the word 3-shingles of an article's folded title and first paragraphs."""
    words = fold(f"{title} {body[:_TEXT_CHARS]}").split()
    shingles = {" ".join(words[i : i + _SHINGLE]) for i in range(max(1, len(words) - _SHINGLE + 1))}
    mh = MinHash(num_perm=NUM_PERM, seed=_SEED, permutations=_permutations(), scheme=_SCHEME)
    mh.update_batch([s.encode("utf-8") for s in shingles])
    return mh


def story_text(title: str, summary: str, body: str) -> tuple[str, str]:
    """What an article's signature is made of: its title and its body (its summary when it has none)."""
    return title, body or summary


def to_bytes(mh: MinHash) -> bytes:
    """A signature as stored (``NUM_PERM`` little-endian uint32)."""
    return np.asarray(mh.hashvalues, dtype="<u4").tobytes()


def from_bytes(data: bytes) -> MinHash:
    """A stored signature back as a (lean: no permutations of its own) MinHash."""
    values = np.frombuffer(data, dtype="<u4").astype(np.uint32)
    return LeanMinHash(seed=_SEED, hashvalues=values, scheme=_SCHEME)


def _components(ids: list[str], edges: Iterable[tuple[str, str]]) -> dict[str, str]:
    parent = {i: i for i in ids}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        parent[root(a)] = root(b)
    return {i: root(i) for i in ids}


def assign_stories(candidates: list[StoryCandidate]) -> dict[str, str]:
    """Story id for every candidate; candidates already grouped keep their story id."""
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    sigs = {c.id: from_bytes(c.signature) if c.signature else signature(c.title, c.body) for c in candidates}
    for cid, sig in sigs.items():
        lsh.insert(cid, sig)
    edges = [(cid, other) for cid, sig in sigs.items() for other in lsh.query(sig) if other != cid]
    roots = _components([c.id for c in candidates], edges)
    groups: dict[str, list[StoryCandidate]] = {}
    for c in candidates:
        groups.setdefault(roots[c.id], []).append(c)
    result: dict[str, str] = {}
    for members in groups.values():
        existing = sorted(m.story_id for m in members if m.story_id)
        earliest = min(members, key=lambda m: (m.published is None, m.published or datetime.min, m.id))
        story = existing[0] if existing else earliest.id
        result.update({m.id: story for m in members})
    return result
