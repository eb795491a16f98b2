"""Imported by the forkserver of ``pressmon process --workers`` (and nowhere else), before it forks
the workers: pressmon's modules, and underthesea's CRF model loaded once (half a second and some
tens of MB that every worker would otherwise spend and hold on its own; forked, they share it)."""

from __future__ import annotations

import pipeline.process  # noqa: F401  (imported for the forks: scikit-learn, SQLAlchemy, datasketch)
from pipeline import segment

segment.load_model()
