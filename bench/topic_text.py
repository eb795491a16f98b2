"""The topic text model for corpora of whole articles with one topic each, measured by the VNTC
benchmark (``bench/vntc.py``).

The office's topic models (:mod:`models.engine`) read the same kinds of views split by field:
segmented words (1-2 grams) of title, lead and body start, title words, and character n-grams of
title and lead. Adding this module's syllable and whole-text character views to them changed
nothing on the dev set's grouped cross-validation (topics micro-F1 0.8147 and 0.8136 against
0.8144), and the character view costs about 0.5 ms an article, so the engine does not use it.

The input is one string of underthesea-segmented, lower-cased text (the syllables of a word joined
by ``_``, as :func:`pipeline.understand.segment.segment` returns them). Three TF-IDF views of that same
string are joined side by side:

- words, 1-2 grams: the segmenter's words ("bồi_thường", "giải_phóng mặt_bằng");
- syllables, 1-2 grams: the same text split back at the underscores, so a word the segmenter cut
  differently in another article, or a two-word phrase, still matches;
- character n-grams within word boundaries (``char_wb``): spelling variants, tone-mark placement
  and text typed without some diacritics still share most of their n-grams.

Sublinear TF, as one repeated word should not dominate.
"""

from __future__ import annotations

import logging

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC

log = logging.getLogger(__name__)

SEED = 42
# A word is a run of letters/digits that may hold underscores (one-letter words such as "ở" kept).
WORD_TOKENS = r"(?u)\b\w+\b"
# A syllable is a run of letters/digits without underscores: "giải_phóng" gives "giải", "phóng".
SYLLABLE_TOKENS = r"(?u)[^\W_]+"
CHAR_NGRAMS = (2, 5)
# Caps on each view's vocabulary (its most frequent terms): enough for thousands of news articles,
# and they bound the model's size whatever the training set (not the memory of fitting: every
# n-gram is counted before the rare ones are dropped).
MAX_WORDS = 200_000
MAX_SYLL = 200_000
MAX_CHARS = 150_000
# Regularisation of the SVM: C 0.3 and 1 scored the same (macro-F1 0.906) on a held-out fifth of
# VNTC train (never its test split); 0.5 sits between them.
SVC_C = 0.5


def _tfidf(**options: object) -> TfidfVectorizer:
    return TfidfVectorizer(min_df=2, sublinear_tf=True, dtype=np.float32, **options)


def text_vectoriser() -> FeatureUnion:
    """The union of word, syllable and character TF-IDF views of one text."""
    return FeatureUnion(
        [
            ("words", _tfidf(token_pattern=WORD_TOKENS, ngram_range=(1, 2), max_features=MAX_WORDS)),
            ("syllables", _tfidf(token_pattern=SYLLABLE_TOKENS, ngram_range=(1, 2), max_features=MAX_SYLL)),
            ("chars", _tfidf(analyzer="char_wb", ngram_range=CHAR_NGRAMS, max_features=MAX_CHARS)),
        ]
    )


def svc(c: float = SVC_C) -> LinearSVC:
    """The linear SVM of single-label topic classification (one-vs-rest over the classes)."""
    return LinearSVC(C=c, random_state=SEED)


def topic_classifier(c: float = SVC_C) -> Pipeline:
    """Text → topic: the vectoriser union and the linear SVM, fitted together (used by the
    benchmark on a single-label corpus)."""
    return Pipeline([("text", text_vectoriser()), ("model", svc(c))])
