"""Chi tiết tin: the text with places and flag phrases highlighted safely, why it was flagged, the story,
the saved evidence page (as text) and the review actions with optimistic locking."""

from __future__ import annotations

import streamlit as st

from dashboard import texts
from dashboard.queries.item import flagged_choices, item_detail, item_title, raw_page_text
from dashboard.ui import review_form
from dashboard.ui.filters import namer
from dashboard.ui.highlight import escape_markdown, highlighted_markdown
from dashboard.ui.page import open_page

url, eng, who, tax = open_page(texts.PAGE_ITEM)

# Any article opens by its id (from a queue or search row, or a shared link ``?id=…``); the picker
# offers the flagged items besides.
article_id = st.query_params.get("id") or st.session_state.get("item_id")
choices = dict(flagged_choices(eng))
if article_id and article_id not in choices:
    choices = {article_id: item_title(eng, article_id) or article_id, **choices}
if not choices:
    st.info(texts.ITEM_NONE)
    st.stop()
ids = list(choices)


def _picked(key: str) -> None:
    # A choice in the picker wins over the address it came from, and becomes the new address.
    st.query_params["id"] = st.session_state["item_id"] = st.session_state[key]


# Keyed by the article shown, so arriving with another id redraws the picker on that article.
pick_key = f"item_pick_{article_id}"
st.selectbox(
    texts.QUEUE_PICK,
    ids,
    index=ids.index(article_id) if article_id in ids else None,
    format_func=namer(choices),
    placeholder=texts.ITEM_PICK_PLACEHOLDER,
    key=pick_key,
    on_change=_picked,
    args=(pick_key,),
)
if not article_id:
    st.info(texts.ITEM_NONE)
    st.stop()
st.session_state["item_id"] = article_id
st.query_params["id"] = article_id  # the address bar is a link to this article, to share
detail = item_detail(eng, article_id)
if detail is None:
    st.error(texts.ITEM_UNKNOWN)
    st.stop()

st.header(escape_markdown(detail.title), anchor=False)
st.markdown(
    texts.ITEM_META.format(
        source=escape_markdown(detail.source),
        byline=escape_markdown(detail.byline or "—"),
        published=escape_markdown(detail.published.replace("T", " ")[:16] or "—"),
    )
)
if detail.url.startswith(("http://", "https://")):  # never a javascript: or data: link from scraped data
    st.link_button(texts.ITEM_LINK, detail.url)

places = [p.get("evidence") or p.get("name", "") for p in detail.places]
phrases = [p for found in detail.evidence.get("reasons", {}).values() for p in found]
with st.container(border=True):
    st.subheader(texts.ITEM_WHY, anchor=False)
    cols = st.columns(3)
    cols[0].metric(texts.ITEM_SCORE, f"{detail.flag_score:.2f}")
    cols[1].markdown(
        f"**{texts.ITEM_REASONS}:** "
        + escape_markdown(", ".join(tax.reasons.get(r, r) for r in detail.reasons) or "—")
    )
    cols[2].markdown(f"**{texts.ITEM_MODEL}:** `{detail.model_version.replace('`', '')}`")
    st.markdown(
        f"**{texts.ITEM_PLACES}:** "
        + escape_markdown(", ".join(sorted({p.get("name", "") for p in detail.places})) or "—")
    )
    st.markdown(f"**{texts.ITEM_PHRASES}:** " + escape_markdown(", ".join(sorted(set(phrases))) or "—"))

left, right = st.columns([3, 2])
with left:
    st.subheader(texts.ITEM_TEXT, anchor=False)
    st.caption(texts.ITEM_LEGEND)
    # Many outlets repeat the summary as the first paragraph of the body; show it once then.
    lead = "" if detail.body.startswith(detail.summary.strip()) else detail.summary
    for part in (lead, detail.body):
        if part:
            st.markdown(highlighted_markdown(part, places, phrases))
with right:
    if detail.review is None:
        st.info(texts.ITEM_NOT_FLAGGED)
    else:
        review_form.show(eng, detail, who)
    review_form.corrections(eng, detail, who)
    if detail.siblings:
        st.subheader(texts.ITEM_STORY, anchor=False)
        for sib in detail.siblings:
            line = " · ".join((sib["source"], sib["published"][:10], sib["title"]))
            st.markdown(f"- {escape_markdown(line)}")

with st.expander(texts.ITEM_EVIDENCE):
    if not detail.raw_sha256:
        st.info(texts.ITEM_EVIDENCE_NONE)
    else:
        st.caption(texts.ITEM_SHA.format(sha=detail.raw_sha256))
        # st.code shows the page as text: scraped HTML is never rendered.
        st.code(raw_page_text(eng, detail.raw_sha256) or "", language="html", wrap_lines=True)
