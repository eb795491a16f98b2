"""Word segmentation of Vietnamese text with underthesea's CRF ``word_tokenize``, cached by text hash.

Multi-syllable words come back joined by underscores ("Hải_Phòng", "bồi_thường"), so that the word
features of the models see words, not syllables. underthesea ships the CRF model in its wheel;
``word_tokenize`` reads it from the installed package and never downloads anything (unlike its
``classify``, ``sentiment`` and ``lang_detect``, which pressmon never calls). Segmentation is the
slowest stage, so each distinct text is segmented once: an LRU per process keyed by
:func:`text_key`, which ``pressmon process`` primes from and saves to the database
(:mod:`pipeline.storage.segments`) through :func:`collect`, so a new model version re-assesses old
articles without segmenting them again.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from threading import Lock

from pipeline.records import ItemText
from pipeline.text.normalise import normalise_text

log = logging.getLogger(__name__)

# Long articles say what they are about early; segmenting megabytes costs seconds and adds nothing.
MAX_CHARS = 20_000
# What the models read segmented of a body: beyond this it adds little to topic or tone and costs time.
BODY_CHARS = 3000
CACHE_SIZE = 4096
# Part of every key: another underthesea release may segment differently, so its results are new keys.
SEGMENTER = f"underthesea-{importlib.metadata.version('underthesea')}"

_cache: OrderedDict[str, str] = OrderedDict()
_lock = Lock()
_recording: list[tuple[Mapping[str, str], dict[str, str]]] = []


def text_key(text: str) -> str:
    """The cache key of a text: hex SHA-256 of the segmenter's name and the text's UTF-8 bytes."""
    data = f"{SEGMENTER}\x1f{text[:MAX_CHARS]}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()


def _tokenize(text: str) -> str | None:
    from underthesea import word_tokenize  # imported late: loading the CRF model takes a second

    try:
        return str(word_tokenize(text, format="text"))
    except Exception:  # a CRF failure on odd input must not fail the batch
        log.warning("word_tokenize failed on a %d-character text; using syllables", len(text))
        return None


def load_model() -> None:
    """Load underthesea's CRF model now rather than on the first text (the forkserver of ``process
    --workers`` does it once, so that every worker forked from it starts with the model loaded)."""
    from underthesea import word_tokenize

    word_tokenize("Hải Phòng", format="text")


def _remember(key: str, result: str) -> None:
    with _lock:
        _cache[key] = result
        _cache.move_to_end(key)
        if len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)


def segment(text: str) -> str:
    """``text`` with the syllables of each word joined by ``_`` (cut to ``MAX_CHARS``)."""
    text = text[:MAX_CHARS]
    if not text.strip():
        return ""
    key = text_key(text)
    with _lock:
        result = _cache.get(key)
        if result is not None:
            _cache.move_to_end(key)
    if result is None:
        result = _tokenize(text)
        if result is None:  # not cached, not saved: a failure should not outlive the run
            return text
        _remember(key, result)
    for known, new in _recording:
        if key not in known:  # from this process's memory or fresh: the caller's store lacks it
            new[key] = result
    return result


@contextmanager
def collect(known: Mapping[str, str]) -> Iterator[dict[str, str]]:
    """Prime the cache with ``known`` segmentations (by key) and yield a dict that fills, while the
    block runs, with every segmentation used that ``known`` lacks (key → segmented text), to be stored."""
    for key, result in known.items():
        _remember(key, result)
    new: dict[str, str] = {}
    entry = (known, new)
    _recording.append(entry)
    try:
        yield new
    finally:
        _recording.remove(entry)


def cache_info() -> int:
    """How many segmented texts the cache holds."""
    return len(_cache)


def clear_cache() -> None:
    """Forget every cached segmentation (benchmarks measure cold runs)."""
    with _lock:
        _cache.clear()


def model_texts(title: str, lead: str, body: str) -> tuple[str, str]:
    """The two texts the models read segmented (:func:`models.features.item_features`): the title, and
    the lead with the start of the body, normalised."""
    rest = " ".join(part for part in (lead, body[:BODY_CHARS]) if part)
    return normalise_text(title), normalise_text(rest)


def segmented_texts(item: ItemText) -> list[str]:
    """The texts the models segment for ``item`` (:func:`model_texts`), blank ones left out."""
    return [t for t in model_texts(*item.parts()) if t.strip()]


def expected_keys(items: Iterable[ItemText]) -> list[str]:
    """Cache keys of every text the models will segment for ``items``."""
    return [text_key(t) for item in items for t in segmented_texts(item)]
