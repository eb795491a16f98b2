"""Bag-of-words scores of an extracted body against a reference (the measure of issue 15), shared by
the extraction tests and ``bench/extraction.py``."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

_TOKEN = re.compile(r"\w+")


def token_scores(found: str, reference: str) -> tuple[float, float, float]:
    """(precision, recall, F1) over lower-cased word tokens; all 0 when nothing is shared."""
    a, b = Counter(_TOKEN.findall(found.lower())), Counter(_TOKEN.findall(reference.lower()))
    common = sum((a & b).values())
    if not common:
        return 0.0, 0.0, 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def token_f1(found: str, reference: str) -> float:
    """Token F1 of ``found`` against ``reference``."""
    return token_scores(found, reference)[2]


def reference_body(expected: dict[str, Any]) -> str:
    """The reference body of a saved page's ``expected.json`` (key ``V1``): summary, then paragraphs."""
    body = expected["body"]
    return "\n".join([*body["summary"], *(p for s in body["sections"] for p in s["paragraphs"])])
