"""Streamlit entry script: page set-up, the sign-in gate, and routing to the pages in ``app_pages``.

Reads the database URL from pressmon's settings (``PRESSMON_DATABASE_URL`` when started by
``pressmon dashboard``). Nothing but the login form is shown before sign-in; once signed in, the
labelling page is only routed for analysts and administrators, the admin page for administrators (both
pages check the role themselves too). A page that fails shows one Vietnamese sentence, never a traceback.
"""

from __future__ import annotations

import logging

import streamlit as st

from dashboard import texts
from dashboard.queries.alerts import unread_count
from dashboard.ui.resources import database_url, engine, schema_state, warm
from dashboard.ui.session import current_identity, login_page, sidebar

log = logging.getLogger(__name__)
st.set_page_config(page_title=texts.APP_TITLE, layout="wide")
eng = engine(database_url())
state = schema_state(eng)
if state != "ready":
    st.title(texts.APP_TITLE)
    st.warning(texts.NO_DATABASE if state == "missing" else texts.OLD_DATABASE)
    st.stop()
who = current_identity(eng)

# Page paths are relative to this script, as st.Page expects.
pages = [
    st.Page("app_pages/overview.py", title=texts.PAGE_OVERVIEW, default=True),
    st.Page("app_pages/review_queue.py", title=texts.PAGE_QUEUE, url_path="queue"),
    st.Page("app_pages/item.py", title=texts.PAGE_ITEM),
    st.Page("app_pages/search.py", title=texts.PAGE_SEARCH),
    st.Page("app_pages/sources.py", title=texts.PAGE_SOURCES),
    st.Page("app_pages/model_card.py", title=texts.PAGE_MODELS),
    st.Page("app_pages/report.py", title=texts.PAGE_REPORT),
    st.Page("app_pages/case_list.py", title=texts.PAGE_CASES),
    st.Page("app_pages/case_page.py", title=texts.PAGE_CASE),
]
# Before sign-in every page is routed (hidden), so the address asked for, a shared ``?id=`` link
# included, is the page shown after signing in; the pages with a role check it themselves.
if who is None or who.can("review"):
    pages.append(st.Page("app_pages/labelling.py", title=texts.PAGE_LABELLING))
unread = unread_count(eng, who.name) if who else 0
alerts_title = texts.PAGE_ALERTS_UNREAD.format(count=unread) if unread else texts.PAGE_ALERTS
pages.append(st.Page("app_pages/alerts.py", title=alerts_title))
if who is None or who.can("admin"):
    pages.append(st.Page("app_pages/admin.py", title=texts.PAGE_ADMIN))
navigation = st.navigation(pages, position="sidebar" if who else "hidden")
if who is None:
    login_page(eng)
sidebar(eng, who)
warm()
try:
    navigation.run()
except Exception:  # any failure of a page: a sentence for the analyst, the traceback for the log
    # (st.stop and reruns are BaseExceptions and pass through.)
    log.exception("dashboard page failed")
    st.error(texts.PAGE_FAILED)
