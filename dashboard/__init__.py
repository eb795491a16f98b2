"""The Streamlit dashboard: the router (``streamlit_app.py``) and thin pages (``app_pages/``) over
Streamlit helpers (``ui/``: resources, cache, sign-in gate, filters, forms, safe highlighting), over
queries testable without Streamlit (``queries/``); every Vietnamese string in ``texts.py``. Imports
``models`` and ``pipeline``, never ``pressmon`` or ``crawlers``."""
