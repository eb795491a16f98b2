"""A representation of Vietnamese news text learnt without labels: LSA (a truncated SVD of syllable
TF-IDF) fitted on the unlabelled VietNews corpus of ``../shared``.

Syllables rather than underthesea words: segmenting tens of thousands of articles costs far more
CPU than the time box allows, and syllable bigrams carry most of the words. The result is the
fitted vectoriser and the SVD's components (a plain array, so loading trusts no new type); the
models read an item's text projected on them (:func:`models.engine.lsa_block`). It is written by
``pressmon build-representation`` and used by ``train`` only where the temporal evaluation showed
a gain (see the model card).
"""

from __future__ import annotations

import gzip
import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer

from models.engine import SEED, lsa_text
from pipeline.errors import PressmonError

log = logging.getLogger(__name__)

DIMENSIONS = 100
MAX_FEATURES = 30_000


def corpus_texts(path: Path, limit: int) -> Iterator[str]:
    """The first ``limit`` articles of a gzipped JSONL corpus, as the models read an item's text."""
    if not path.is_file():
        raise PressmonError(f"Corpus {path} does not exist.")
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number >= limit:
                return
            row = json.loads(line)
            yield lsa_text(
                str(row.get("title") or ""), str(row.get("summary") or ""), str(row.get("body") or "")
            )


def build_representation(path: Path, limit: int, dimensions: int = DIMENSIONS) -> dict[str, Any]:
    """Fit the syllable TF-IDF and the SVD on the first ``limit`` articles of ``path``."""
    started = time.monotonic()
    texts = list(corpus_texts(path, limit))
    vec = TfidfVectorizer(
        ngram_range=(1, 2), min_df=5, max_df=0.5, sublinear_tf=True, max_features=MAX_FEATURES
    )
    x = vec.fit_transform(texts)
    svd = TruncatedSVD(n_components=dimensions, n_iter=5, random_state=SEED).fit(x)
    vec.vocabulary_ = {term: int(i) for term, i in vec.vocabulary_.items()}
    vec.idf_ = vec.idf_.astype(np.float32)
    info = {
        "corpus": str(path),
        "articles": len(texts),
        "method": f"TruncatedSVD({dimensions}) of syllable 1-2 gram TF-IDF (min_df 5, max_df 0.5, "
        f"{MAX_FEATURES} terms) of title + summary + body[:3000]",
        "explained_variance": round(float(svd.explained_variance_ratio_.sum()), 4),
        "fit_seconds": round(time.monotonic() - started, 1),
    }
    log.info("representation: %s", info)
    return {"vec": vec, "components": svd.components_.astype(np.float32), "info": info}
