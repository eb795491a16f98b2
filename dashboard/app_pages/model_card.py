"""Mô hình: the model in use, how many analyst labels wait for the next training, what the last training
changed on the temporal evaluation, and the model's card as Vietnamese tables."""

from __future__ import annotations

import streamlit as st

from dashboard import texts
from dashboard.queries.models import (
    card_sections,
    current_card,
    labels_waiting,
    temporal_table,
    trained_at,
)
from dashboard.ui import cached
from dashboard.ui.page import open_page
from dashboard.ui.resources import settings
from pipeline.text.vi_format import vi_datetime, vi_number

url, eng, _, tax = open_page(texts.PAGE_MODELS)
card = current_card(settings().var_dir)
versions = cached.model_versions(url)
if versions.empty:
    st.info(texts.MODEL_NONE)
else:
    st.subheader(texts.MODEL_CURRENT.format(version=versions.iloc[0]["model_version"]), anchor=False)
since = trained_at(card)
st.metric(texts.MODEL_LABELS, vi_number(labels_waiting(eng, since)))
st.caption(texts.MODEL_LABELS_SINCE.format(at=vi_datetime(since)) if since else texts.MODEL_LABELS_ALL)

st.subheader(texts.TEMPORAL_TITLE, anchor=False)
temporal = temporal_table(card)
if temporal is None:
    st.info(texts.TEMPORAL_NONE)
else:
    st.dataframe(temporal, hide_index=True, width="stretch")
    st.caption(texts.TEMPORAL_NOTE)

if not versions.empty:
    st.caption(texts.MODEL_VERSIONS)
    st.dataframe(versions.rename(columns=texts.MODEL_COLUMNS), hide_index=True, width="stretch")

st.subheader(texts.CARD_TITLE, anchor=False)
if card is None:
    st.info(texts.MODEL_NO_CARD)
    st.stop()
st.markdown(
    f"**{texts.CARD_VERSION}:** {card.get('version', '—')} · "
    f"**{texts.CARD_TRAINED}:** {vi_datetime(since)} · "
    f"**{texts.CARD_SIGNALS}:** {vi_number(len(card.get('signals') or []))}"
)
names = {**tax.scopes, **tax.topics, **tax.tones, **texts.CARD_NAMES}
for title, table in card_sections(card, names):
    with st.expander(title):
        st.dataframe(table, hide_index=True, width="stretch")
