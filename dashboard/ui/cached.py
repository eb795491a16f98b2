"""Cached reads for the pages (``st.cache_data`` with a TTL), and the one call that clears them on writes.

Each function takes the database URL first, so two databases never share cached rows; the engine comes
from ``resources.engine`` (one per URL). Any page that writes calls ``invalidate()`` afterwards so the
next run shows the change at once rather than after the TTL.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from dashboard.queries import labelling as labelling_queries
from dashboard.queries import models as model_queries
from dashboard.queries import overview as overview_queries
from dashboard.queries import queue as queue_queries
from dashboard.queries import sources as source_queries
from dashboard.queries.search import SearchFilter, list_sources, place_phrases, search, to_xlsx_bytes
from dashboard.ui.resources import engine, settings
from pipeline.understand.gazetteer import load_gazetteer

TTL = 60


@st.cache_data(ttl=TTL, show_spinner=False)
def queue(db_url: str, flt: queue_queries.QueueFilter) -> tuple[pd.DataFrame, int]:
    return queue_queries.queue(engine(db_url), flt)


@st.cache_data(ttl=TTL, show_spinner=False)
def overview(db_url: str, flt: overview_queries.OverviewFilter) -> overview_queries.Overview:
    return overview_queries.overview(engine(db_url), flt)


@st.cache_data(ttl=TTL, show_spinner=False)
def arrived_since(db_url: str, since: datetime) -> dict[str, int]:
    return overview_queries.arrived_since(engine(db_url), since)


@st.cache_data(ttl=TTL, show_spinner=False)
def search_results(db_url: str, flt: SearchFilter) -> tuple[pd.DataFrame, int]:
    # Place names of the gazetteer are searched as phrases ("an lao" never matches "Lào Cai").
    return search(engine(db_url), flt, place_phrases(load_gazetteer(settings().gazetteer)))


@st.cache_data(ttl=TTL, show_spinner=False)
def source_ids(db_url: str) -> list[str]:
    return list_sources(engine(db_url))


@st.cache_data(ttl=TTL, show_spinner=False)
def xlsx(frame: pd.DataFrame) -> bytes:
    # Keyed by the frame's content: building a workbook of 1,000 rows costs more than the search.
    return to_xlsx_bytes(frame)


@st.cache_data(ttl=TTL, show_spinner=False)
def sources(db_url: str) -> pd.DataFrame:
    return source_queries.sources_table(engine(db_url))


@st.cache_data(ttl=TTL, show_spinner=False)
def source_names(db_url: str) -> dict[str, str]:
    return source_queries.source_names(engine(db_url))


@st.cache_data(ttl=TTL, show_spinner=False)
def model_versions(db_url: str) -> pd.DataFrame:
    return model_queries.model_versions(engine(db_url))


@st.cache_data(ttl=TTL, show_spinner=False)
def to_label(db_url: str, threshold: float) -> tuple[list[labelling_queries.Candidate], int]:
    # About a second for the 5,000 newest items: not on every run of the labelling page.
    return labelling_queries.to_label(engine(db_url), threshold)


def invalidate() -> None:
    """Forget every cached read (after a write)."""
    st.cache_data.clear()
