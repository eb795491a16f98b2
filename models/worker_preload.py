"""Imported by the forkserver of ``pressmon process --workers`` (and nowhere else), before it forks
the workers: the modules the assessor needs (scikit-learn, SQLAlchemy, datasketch, pressmon's own),
and underthesea's CRF model loaded once (half a second and some tens of MB that every worker would
otherwise spend and hold on its own; forked, they share it). Named by ``Analyzer.worker_modules``."""

from __future__ import annotations

import models.analyzer  # noqa: F401  (imported for the forks)
import pipeline.understand.process  # noqa: F401  (imported for the forks)
from pipeline.understand import segment

segment.load_model()
