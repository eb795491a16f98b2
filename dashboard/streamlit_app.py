"""Streamlit entry script: page set-up and routing to the pages in ``app_pages``.

Reads the database URL from pressmon's settings (``PRESSMON_DATABASE_URL`` when started by
``pressmon dashboard``).
"""

from __future__ import annotations

import streamlit as st

from dashboard import texts

st.set_page_config(page_title=texts.APP_TITLE, layout="wide")
# Page paths are relative to this script, as st.Page expects.
pages = [st.Page("app_pages/articles.py", title=texts.PAGE_ARTICLES, default=True)]
st.navigation(pages).run()
