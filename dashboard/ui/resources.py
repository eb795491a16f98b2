"""Cached resources shared by the pages: settings and the database engine."""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import streamlit as st
from sqlalchemy.engine import Engine

from dashboard.queries.explain import stored_meta
from models.artefact import default_model, load_bundle
from pipeline.clock import set_local_zone
from pipeline.errors import PressmonError
from pipeline.settings import Settings, load_settings
from pipeline.storage.engine import make_engine
from pipeline.storage.migrate import current_revision, head_revision
from pipeline.taxonomy import Taxonomy, load_taxonomy
from pipeline.understand.gazetteer import Gazetteer, load_gazetteer


def settings() -> Settings:
    """The settings (layered: defaults, file, environment), with the office's time zone applied. Read on
    each run of a page: cheap, and a changed environment (``pressmon dashboard``'s database) is seen."""
    loaded = load_settings()
    set_local_zone(loaded.timezone)
    return loaded


def database_url() -> str:
    """The configured database URL."""
    return settings().effective_database_url


@st.cache_resource
def engine(url: str) -> Engine:
    """One engine per database URL for the whole app."""
    return make_engine(url)


def schema_ready(eng: Engine) -> bool:
    """Whether the database has a pressmon schema (checked on every run: `pressmon init` may come later)."""
    return schema_state(eng) != "missing"


def schema_state(eng: Engine) -> str:
    """ "missing" (no schema or unreachable), "old" (behind the code's migrations) or "ready"."""
    try:
        revision = current_revision(eng)
    except Exception:  # an unreachable or broken database is shown as "no database" to the analyst
        return "missing"
    if revision is None:
        return "missing"
    # An older schema lacks columns the pages read; say so rather than fail on a query.
    return "ready" if revision == _head() else "old"


@st.cache_resource
def _head() -> str:
    return head_revision()


@st.cache_resource
def taxonomy() -> Taxonomy:
    """The label taxonomy (Vietnamese names of topics, reasons…) from the configured file."""
    return load_taxonomy(settings().taxonomy)


def gazetteer() -> Gazetteer:
    """The gazetteer the keyword rules read (to recompute an item's rule score on its page); read once
    per process (``load_gazetteer`` keeps it)."""
    return load_gazetteer(settings().gazetteer)


def model_meta() -> dict[str, Any]:
    """The settings of the model ``pressmon process`` assesses with (its version, flag threshold, rule
    weight, score curve); empty when there is none. Read once per process."""
    path = default_model(settings().var_dir)
    return _meta(path) if path.is_file() else {}


@lru_cache(maxsize=2)
def _meta(path: Path) -> dict[str, Any]:
    quick = stored_meta(path)
    if quick is not None:
        return quick
    try:
        return dict(load_bundle(path)["meta"])
    except PressmonError:  # a model the dashboard cannot read: the page says the split is unknown
        return {}


_warming: list[threading.Thread] = []


def warm() -> None:
    """Start reading the item page's slow resources (gazetteer, model settings: seconds) in the
    background, once per server, so an item opens as fast as the other pages."""
    if not _warming:
        loaded = settings()
        path = default_model(loaded.var_dir)
        job = threading.Thread(target=_read_slow, args=(loaded.gazetteer, path), daemon=True)
        _warming.append(job)
        job.start()


def _read_slow(gazetteer_path: Path, model: Path) -> None:
    load_gazetteer(gazetteer_path)
    if model.is_file():
        _meta(model)
