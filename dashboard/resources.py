"""Cached resources shared by the pages: settings and the database engine."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.engine import Engine

from pipeline.db import make_engine
from pipeline.migrate import current_revision
from pipeline.taxonomy import Taxonomy, load_taxonomy
from pressmon.settings import load_settings


def database_url() -> str:
    """The configured database URL (settings layering: defaults, file, environment)."""
    return load_settings().effective_database_url


@st.cache_resource
def engine(url: str) -> Engine:
    """One engine per database URL for the whole app."""
    return make_engine(url)


def schema_ready(eng: Engine) -> bool:
    """Whether the database has a pressmon schema (checked on every run: `pressmon init` may come later)."""
    try:
        return current_revision(eng) is not None
    except Exception:  # an unreachable or broken database is shown as "no database" to the analyst
        return False


@st.cache_resource
def taxonomy() -> Taxonomy:
    """The label taxonomy (Vietnamese names of topics, reasons…) from the configured file."""
    return load_taxonomy(load_settings().taxonomy)
