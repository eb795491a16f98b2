"""Mô hình: the current model version and card, and how many analyst labels wait for the next training."""

from __future__ import annotations

import streamlit as st

from dashboard import texts
from dashboard.queries.models import labels_waiting, model_cards
from dashboard.ui import cached
from dashboard.ui.page import open_page

url, eng, *_ = open_page(texts.PAGE_MODELS)
versions = cached.model_versions(url)
if versions.empty:
    st.info(texts.MODEL_NONE)
    current = ""
else:
    current = str(versions.iloc[0]["model_version"])
    st.subheader(texts.MODEL_CURRENT.format(version=current), anchor=False)
st.metric(texts.MODEL_LABELS, labels_waiting(eng, current))
if not versions.empty:
    st.caption(texts.MODEL_VERSIONS)
    st.dataframe(versions.rename(columns=texts.MODEL_COLUMNS), hide_index=True, width="stretch")
st.subheader(texts.MODEL_CARDS, anchor=False)
cards = model_cards()
if not cards:
    st.info(texts.MODEL_NO_CARD)
for name, text in cards:
    with st.expander(name):
        # Cards are shown as text, whatever they contain.
        st.code(text, language="json" if name.endswith(".json") else "markdown", wrap_lines=True)
