"""The Streamlit dashboard: the server ``pressmon dashboard`` runs (``serve.py``: the app as an ``st.App``
with the routes of its session cookie), the router (``streamlit_app.py``) and thin pages (``app_pages/``) over
Streamlit helpers (``ui/``: resources, cache, sign-in gate, filters, forms, safe highlighting), over
queries testable without Streamlit (``queries/``); every Vietnamese string in ``texts.py``. Imports
``models`` and ``pipeline``, never ``pressmon`` or ``crawlers``."""
