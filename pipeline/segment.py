"""Word segmentation of Vietnamese text with underthesea's CRF ``word_tokenize``, cached by text hash.

Multi-syllable words come back joined by underscores ("Hải_Phòng", "bồi_thường"), so that the word
features of the models see words, not syllables. underthesea ships the CRF model in its wheel;
``word_tokenize`` reads it from the installed package and never downloads anything (unlike its
``classify``, ``sentiment`` and ``lang_detect``, which pressmon never calls). Segmentation is the
slowest stage, so each distinct text is segmented once per process (an LRU keyed by its SHA-256).
"""

from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict
from threading import Lock

log = logging.getLogger(__name__)

# Long articles say what they are about early; segmenting megabytes costs seconds and adds nothing.
MAX_CHARS = 20_000
CACHE_SIZE = 4096

_cache: OrderedDict[str, str] = OrderedDict()
_lock = Lock()


def text_key(text: str) -> str:
    """The cache key of a text: hex SHA-256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _tokenize(text: str) -> str:
    from underthesea import word_tokenize  # imported late: loading the CRF model takes a second

    try:
        return str(word_tokenize(text, format="text"))
    except Exception:  # a CRF failure on odd input must not fail the batch
        log.warning("word_tokenize failed on a %d-character text; using syllables", len(text))
        return text


def segment(text: str) -> str:
    """``text`` with the syllables of each word joined by ``_`` (cut to ``MAX_CHARS``)."""
    text = text[:MAX_CHARS]
    if not text.strip():
        return ""
    key = text_key(text)
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    result = _tokenize(text)
    with _lock:
        _cache[key] = result
        if len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return result


def cache_info() -> int:
    """How many segmented texts the cache holds."""
    return len(_cache)


def clear_cache() -> None:
    """Forget every cached segmentation (benchmarks measure cold runs)."""
    with _lock:
        _cache.clear()
