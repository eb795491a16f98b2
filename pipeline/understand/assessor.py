"""What processing needs of whatever labels the items: the trained models (``models``) or the rules.

``pressmon process`` runs an assessor over the database without knowing which: the pipeline never
imports the models package (it sits above it), it is handed an object with this shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from pipeline.records import Assessment, ItemText


class Assessor(Protocol):
    """Labels items; picklable, so that worker processes receive it whole."""

    @property
    def version(self) -> str:
        """The version recorded with every assessment (a new one means everything is re-assessed)."""
        ...

    @property
    def worker_modules(self) -> tuple[str, ...]:
        """Modules the worker processes' forkserver imports once before it forks them (what the
        assessor needs loaded: its libraries, a tokenizer model), so no worker re-imports them."""
        ...

    def assess_many(self, items: Sequence[ItemText]) -> list[Assessment]:
        """All labels of ``items``, in order."""
        ...
