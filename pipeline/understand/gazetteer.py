"""The gazetteer (``data/gazetteer.yaml``): Hải Phòng and An Lão places, their aliases with and
without diacritics, and the homonym contexts that cancel a match.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from pipeline.text.normalise import fold, normalise_text

# Words as the gazetteer cuts its aliases and the scan cuts a text: the two must agree.
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    kind: str
    scope: str
    ambiguous: bool
    valid_from: date | None


@dataclass(frozen=True)
class Homonym:
    pattern: re.Pattern[str]
    folded: re.Pattern[str]
    cancels: str


@dataclass(frozen=True)
class Gazetteer:
    """Alias lookup tables (by syllable tuple) and homonym patterns."""

    exact: dict[tuple[str, ...], Place]
    folded: dict[tuple[str, ...], Place]
    homonyms: tuple[Homonym, ...]
    # The longest alias starting with each syllable: the scan tries no longer spans than that.
    longest: dict[str, int]
    digest: str


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(WORD.findall(text))


def _as_date(value: object) -> date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _index(entries: list[dict]) -> tuple[dict[tuple[str, ...], Place], dict[tuple[str, ...], Place]]:
    exact: dict[tuple[str, ...], Place] = {}
    folded: dict[tuple[str, ...], Place] = {}
    for entry in entries:
        place = Place(
            entry["id"],
            entry["name"],
            entry["kind"],
            entry["scope"],
            bool(entry.get("ambiguous")),
            _as_date(entry.get("valid_from")),
        )
        for alias in entry.get("aliases") or []:
            key = _tokens(normalise_text(alias).lower())
            # A distinctive entry wins over an ambiguous one for the same surface form.
            if key and (key not in exact or exact[key].ambiguous):
                exact[key] = place
            fkey = _tokens(fold(alias))
            if fkey and (fkey not in folded or folded[fkey].ambiguous):
                folded[fkey] = place
    return exact, folded


@lru_cache(maxsize=4)
def load_gazetteer(path: Path) -> Gazetteer:
    """Read ``gazetteer.yaml`` once per process."""
    raw_text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(raw_text)
    exact, folded = _index(data["places"])
    homonyms = tuple(
        Homonym(re.compile(h["pattern"]), re.compile(fold(h["pattern"])), h["cancels"])
        for h in data.get("homonyms") or []
    )
    digest = hashlib.sha256(raw_text.encode("utf-8")).hexdigest()[:8]
    longest: dict[str, int] = {}
    for key in (*exact, *folded):
        longest[key[0]] = max(longest.get(key[0], 0), len(key))
    return Gazetteer(exact, folded, homonyms, longest, digest)
