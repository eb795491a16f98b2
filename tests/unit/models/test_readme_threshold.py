"""The README states the flag threshold the shipped model really uses (its card's), not the rules' 0.5."""

from __future__ import annotations

import json

from models.artefact import DEFAULT_MODEL, card_path
from tests.support.paths import PROJECT_ROOT


def test_the_readme_states_the_shipped_models_threshold() -> None:
    card = json.loads(card_path(DEFAULT_MODEL).read_text(encoding="utf-8"))
    threshold = f"{card['thresholds']['needs_threshold']:.3f}"
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert f"**{threshold}** for the shipped model" in readme
    assert f"its own threshold, {threshold}" in readme
