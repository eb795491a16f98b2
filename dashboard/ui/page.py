"""What every page starts from: its title shown, the database it reads, the signed-in user, the taxonomy."""

from __future__ import annotations

from typing import NamedTuple

import streamlit as st
from sqlalchemy.engine import Engine

from dashboard.ui.resources import database_url, engine, taxonomy
from dashboard.ui.session import identity
from pipeline.review.auth import Identity
from pipeline.taxonomy import Taxonomy


class Page(NamedTuple):
    url: str
    engine: Engine
    who: Identity
    taxonomy: Taxonomy


def open_page(title: str) -> Page:
    """Show the page's ``title``; the database URL and engine, the user the entry script signed in, and
    the taxonomy (Vietnamese names of the labels)."""
    url = database_url()
    st.title(title)
    return Page(url, engine(url), identity(), taxonomy())
