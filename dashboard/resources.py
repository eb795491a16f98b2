"""Cached resources shared by the pages: settings and the database engine."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.engine import Engine

from pipeline.db import make_engine
from pipeline.migrate import current_revision
from pressmon.settings import load_settings


@st.cache_resource
def engine() -> Engine | None:
    """The engine of the configured database, or None when it has no pressmon schema."""
    url = load_settings().effective_database_url
    eng = make_engine(url)
    try:
        return eng if current_revision(eng) else None
    except Exception:  # an unreachable or broken database is shown as "no database" to the analyst
        return None
