"""What ``pressmon dashboard`` runs: the app (``streamlit_app.py``) as an ``st.App``, with the routes that
set and clear the HttpOnly session cookie (``dashboard.ui.cookie``). ``streamlit run`` finds ``app`` and
serves it with uvicorn."""

from __future__ import annotations

import streamlit as st

from dashboard.ui.cookie import ROUTES

app = st.App("streamlit_app.py", routes=ROUTES)
