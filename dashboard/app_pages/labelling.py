"""Cần gán nhãn: the items the model is least sure of, one form each to confirm or correct scope, topics,
tone and the flag; the answers are training labels for the next ``pressmon train`` (analysts, admins)."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.engine import Engine

from dashboard import texts
from dashboard.queries.labelling import Candidate
from dashboard.queries.models import current_card, flag_threshold
from dashboard.ui import cached
from dashboard.ui.filters import namer
from dashboard.ui.highlight import escape_markdown
from dashboard.ui.page import open_page
from dashboard.ui.resources import settings
from pipeline.review.auth import Identity
from pipeline.review.reviews import Labels, ReviewError, record_label
from pipeline.storage.engine import transaction
from pipeline.taxonomy import Taxonomy
from pipeline.text.vi_format import vi_datetime, vi_number, vi_percent


def _why(item: Candidate, tax: Taxonomy, threshold: float) -> str:
    """What the model hesitated over, in words: its scope probabilities, the flag against the threshold."""
    parts = []
    if item.scope_doubt >= item.flag_doubt and item.scope_scores:
        top = sorted(item.scope_scores.items(), key=lambda kv: -kv[1])[:2]
        scores = " · ".join(f"{tax.scopes.get(s, s)} {vi_percent(p)}" for s, p in top)
        parts.append(
            texts.LABEL_SCOPE_WHY.format(chosen=tax.scopes.get(item.scope, item.scope), scores=scores)
        )
    if item.scope != "other":
        score, limit = vi_number(item.flag_score, 3), vi_number(threshold, 3)
        parts.append(texts.LABEL_FLAG_WHY.format(score=score, threshold=limit))
    return " — ".join(parts)


def _form(eng: Engine, item: Candidate, who: Identity, tax: Taxonomy) -> None:
    """The form of one item, pre-filled with what the model said."""
    scopes, tones = list(tax.scopes), list(tax.tones)
    with st.form(f"label_{item.id}"):
        left, middle, right = st.columns(3)
        scope = left.selectbox(
            texts.LABEL_SCOPE,
            scopes,
            scopes.index(item.scope),
            format_func=namer(tax.scopes),
            key=f"lb_scope_{item.id}",
        )
        tone = middle.selectbox(
            texts.LABEL_TONE,
            tones,
            tones.index(item.tone),
            format_func=namer(tax.tones),
            key=f"lb_tone_{item.id}",
        )
        needs = right.radio(
            texts.LABEL_NEEDS,
            [True, False],
            0 if item.needs_response else 1,
            format_func=namer(texts.YES_NO),
            horizontal=True,
            key=f"lb_needs_{item.id}",
        )
        topics = st.multiselect(
            texts.LABEL_TOPICS, list(tax.topics), [t for t in item.topics if t in tax.topics],
            format_func=namer(tax.topics), placeholder=texts.TOPICS_PLACEHOLDER, key=f"lb_topics_{item.id}",
        )  # fmt: skip
        reasons = st.multiselect(
            texts.LABEL_REASONS, list(tax.reasons), [r for r in item.reasons if r in tax.reasons],
            format_func=namer(tax.reasons), placeholder=texts.REASONS_PLACEHOLDER,
            key=f"lb_reasons_{item.id}",
        )  # fmt: skip
        if st.form_submit_button(texts.LABEL_SAVE, type="primary"):
            _save(eng, item, who, Labels(scope, tuple(topics), tone, bool(needs), tuple(reasons)))


def _save(eng: Engine, item: Candidate, who: Identity, labels: Labels) -> None:
    try:
        with transaction(eng) as session:
            changed = record_label(session, item.id, who, labels)
    except ReviewError as exc:
        st.error(texts.refusal(texts.REVIEW_ERRORS, exc.code, exc.params, escape=escape_markdown))
        return
    done = texts.LABEL_CORRECTED if changed else texts.LABEL_CONFIRMED
    st.session_state["label_saved"] = done.format(title=escape_markdown(item.title))
    cached.invalidate()
    st.rerun()


url, eng, who, tax = open_page(texts.PAGE_LABELLING)
if not who.can("review"):  # routed for everyone before sign-in; viewers stop here
    st.error(texts.NOT_ALLOWED)
    st.stop()
if not who.can("review"):
    st.info(texts.NOT_ALLOWED)
    st.stop()
st.caption(texts.LABEL_INTRO)
saved = st.session_state.pop("label_saved", None)
if saved:
    st.success(saved)
threshold = flag_threshold(current_card(settings().var_dir))
items, total = cached.to_label(url, threshold)
if not items:
    st.info(texts.LABEL_NONE)
    st.stop()
st.caption(texts.LABEL_COUNT.format(shown=vi_number(len(items)), total=vi_number(total)))
for item in items:
    with st.container(border=True):
        st.markdown(f"**{escape_markdown(item.title)}** · [{texts.LABEL_LINK}]({item.url})")
        meta = texts.LABEL_META.format(
            source=escape_markdown(item.source),
            published=vi_datetime(item.published),
            doubt=vi_number(item.doubt, 2),
        )
        st.caption(f"{meta} · {_why(item, tax, threshold)}")
        if item.summary:
            st.markdown(escape_markdown(item.summary[:400]))
        _form(eng, item, who, tax)
