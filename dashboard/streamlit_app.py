"""Streamlit entry script: page set-up, the sign-in gate, and routing to the pages in ``app_pages``.

Reads the database URL from pressmon's settings (``PRESSMON_DATABASE_URL`` when started by
``pressmon dashboard``). Nothing but the login form is shown before sign-in; the admin page is only
routed for administrators.
"""

from __future__ import annotations

import streamlit as st

from dashboard import texts
from dashboard.ui.resources import database_url, engine, schema_state, warm
from dashboard.ui.session import require_login, sidebar

st.set_page_config(page_title=texts.APP_TITLE, layout="wide")
eng = engine(database_url())
state = schema_state(eng)
if state != "ready":
    st.title(texts.APP_TITLE)
    st.warning(texts.NO_DATABASE if state == "missing" else texts.OLD_DATABASE)
    st.stop()
who = require_login(eng)
sidebar(who)
warm()

# Page paths are relative to this script, as st.Page expects.
pages = [
    st.Page("app_pages/overview.py", title=texts.PAGE_OVERVIEW, default=True),
    st.Page("app_pages/queue.py", title=texts.PAGE_QUEUE),
    st.Page("app_pages/item.py", title=texts.PAGE_ITEM),
    st.Page("app_pages/search.py", title=texts.PAGE_SEARCH),
    st.Page("app_pages/sources.py", title=texts.PAGE_SOURCES),
    st.Page("app_pages/models.py", title=texts.PAGE_MODELS),
    st.Page("app_pages/report.py", title=texts.PAGE_REPORT),
]
if who.can("admin"):
    pages.append(st.Page("app_pages/admin.py", title=texts.PAGE_ADMIN))
st.navigation(pages).run()
