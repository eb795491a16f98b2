"""Saving and loading model bundles with skops, only from the project's own model folders.

skops refuses to build any type it is not told to trust; the list below is explicit and short
(scikit-learn's calibration internals), so a tampered or foreign file fails to load instead of
running code. A bundle is loaded only from ``models/`` of the project or ``<var_dir>/models``.
"""

from __future__ import annotations

import json
import logging
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.errors import PressmonError

log = logging.getLogger(__name__)

MODELS_DIR = Path(__file__).resolve().parent
DEFAULT_MODEL = MODELS_DIR / "default.skops"
TRUSTED = [
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
]


def card_path(path: Path) -> Path:
    """The model card beside an artefact: ``NAME.card.json``."""
    return path.with_suffix(".card.json")


def _inside(path: Path, roots: tuple[Path, ...]) -> bool:
    resolved = path.resolve()
    return any(resolved.is_relative_to(root.resolve()) for root in roots)


def check_location(path: Path, var_dir: Path) -> None:
    """Refuse a model path outside the project's ``models/`` and ``<var_dir>/models``."""
    roots = (MODELS_DIR, var_dir / "models")
    if path.suffix != ".skops" or not _inside(path, roots):
        raise PressmonError(
            f"Model {path} must be a .skops file inside {MODELS_DIR} or {var_dir / 'models'}."
        )


def save_bundle(bundle: dict[str, Any], card: dict[str, Any], path: Path) -> None:
    """Write the bundle and its card (JSON) side by side."""
    path.parent.mkdir(parents=True, exist_ok=True)
    from skops import io as sio  # seconds to import: only saving and loading a bundle need it

    sio.dump(bundle, path, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    card_path(path).write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    log.info("saved model %s (%d bytes)", path, path.stat().st_size)


@lru_cache(maxsize=4)
def load_bundle(path: Path) -> dict[str, Any]:
    """Read a bundle saved by :func:`save_bundle`, trusting only :data:`TRUSTED` extra types."""
    if not path.is_file():
        raise PressmonError(f"Model file {path} does not exist; run `pressmon train` first.")
    from skops import io as sio  # seconds to import: only saving and loading a bundle need it
    from skops.io.exceptions import UntrustedTypesFoundException

    # One parse: skops refuses any type outside ``trusted`` itself (listing them first read the file twice,
    # doubling the load of a model whose vocabularies hold some 150,000 terms).
    try:
        bundle = sio.load(path, trusted=TRUSTED)
    except UntrustedTypesFoundException as exc:
        raise PressmonError(f"Model {path} holds types pressmon does not trust: {exc}") from exc
    if not isinstance(bundle, dict) or "meta" not in bundle:
        raise PressmonError(f"Model {path} is not a pressmon model bundle.")
    return bundle


def default_model(var_dir: Path) -> Path:
    """The deployment's own retrained model when there is one, else the shipped default."""
    local = var_dir / "models" / "default.skops"
    return local if local.is_file() else DEFAULT_MODEL


def save_representation(rep: dict[str, Any], path: Path) -> None:
    """Write an unlabelled representation (models.training.representation) where a bundle may live."""
    save_bundle({**rep, "meta": rep["info"]}, rep["info"], path)


def load_representation(path: Path) -> dict[str, Any]:
    """Read a representation written by :func:`save_representation` (the same trusted types)."""
    rep = load_bundle(path)
    if "components" not in rep:
        raise PressmonError(f"{path} is not a text representation.")
    return rep
