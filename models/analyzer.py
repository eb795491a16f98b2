"""The assessor ``pressmon`` uses: the trained models over the rule layer, or the rules alone."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from models.artefact import check_location, default_model
from models.inference import ModelAssessor
from pipeline.records import Assessment, ItemText
from pipeline.settings import Settings
from pipeline.taxonomy import Taxonomy, load_taxonomy
from pipeline.understand.gazetteer import Gazetteer, load_gazetteer
from pipeline.understand.rules import assess, rules_version

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Analyzer:
    """The loaded gazetteer, taxonomy and trained models, and the flag threshold.

    Without a model (``model`` is ``None``) the keyword rules of :mod:`pipeline.understand.rules`
    label. It is the :class:`pipeline.understand.assessor.Assessor` that ``pressmon process`` runs.
    """

    worker_modules: ClassVar[tuple[str, ...]] = ("models.worker_preload",)

    gazetteer: Gazetteer
    taxonomy: Taxonomy
    threshold: float
    model: ModelAssessor | None = None

    @classmethod
    def from_settings(
        cls, settings: Settings, model: Path | None = None, rules_only: bool = False
    ) -> Analyzer:
        """Load the data files named in the settings and the model (the default one unless given)."""
        gaz, tax = load_gazetteer(settings.gazetteer), load_taxonomy(settings.taxonomy)
        if rules_only:
            return cls(gaz, tax, settings.flag_threshold)
        path = model or default_model(settings.var_dir)
        check_location(path, settings.var_dir)
        if model is None and not path.is_file():
            log.warning("no trained model at %s; labelling with the keyword rules", path)
            return cls(gaz, tax, settings.flag_threshold)
        return cls(gaz, tax, settings.flag_threshold, ModelAssessor.load(path, gaz, tax))

    def assess(self, item: ItemText) -> Assessment:
        """All labels of one item."""
        return self.assess_many([item])[0]

    def assess_many(self, items: Sequence[ItemText]) -> list[Assessment]:
        """All labels of several items (the models vectorise them together)."""
        if self.model is not None:
            return self.model.assess_many(items)
        return [assess(item, self.gazetteer, self.taxonomy, self.threshold) for item in items]

    @property
    def version(self) -> str:
        """The version string recorded with every assessment."""
        if self.model is not None:
            return self.model.version
        return rules_version(self.gazetteer, self.taxonomy)
