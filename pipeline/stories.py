"""Stories: near-duplicates and re-publications grouped under one ``story_id``.

MinHash over word 3-shingles of the folded title and text, with LSH (datasketch) to find
candidate pairs; groups are the connected components. A group keeps an existing story id when one
of its members already has one, else takes the id of its earliest article, so ids are stable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from datasketch import MinHash, MinHashLSH

from pipeline.normalise import fold

NUM_PERM = 128
THRESHOLD = 0.5
_SHINGLE = 3
_TEXT_CHARS = 3000


@dataclass(frozen=True)
class StoryCandidate:
    """What story grouping needs of an article."""

    id: str
    title: str
    body: str
    published: datetime | None
    story_id: str | None = None


def signature(title: str, body: str) -> MinHash:
    """MinHash of the word 3-shingles of an article's folded title and first paragraphs."""
    words = fold(f"{title} {body[:_TEXT_CHARS]}").split()
    shingles = {" ".join(words[i : i + _SHINGLE]) for i in range(max(1, len(words) - _SHINGLE + 1))}
    mh = MinHash(num_perm=NUM_PERM, seed=7)
    mh.update_batch([s.encode("utf-8") for s in shingles])
    return mh


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
    sigs = {c.id: signature(c.title, c.body) for c in candidates}
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
