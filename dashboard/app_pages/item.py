"""Chi tiết tin: the text with places and flag phrases highlighted safely, why it was flagged, the story,
the saved evidence page (as text) and the review actions with optimistic locking."""

from __future__ import annotations

import streamlit as st

from dashboard import texts
from dashboard.queries.display import published_label
from dashboard.queries.explain import (
    ReasonLine,
    ScoreParts,
    by_rules_alone,
    reason_lines,
    rules_score,
    score_parts,
)
from dashboard.queries.item import ItemDetail, flagged_choices, item_detail, item_title, raw_page_text
from dashboard.ui import cached, case_form, review_form
from dashboard.ui.highlight import escape_markdown, highlighted_markdown, shown_phrases
from dashboard.ui.page import open_page
from dashboard.ui.picker import address_picker
from dashboard.ui.resources import gazetteer, model_meta, settings
from pipeline.text.vi_format import parse_moment, vi_date, vi_number

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
address_picker(
    texts.QUEUE_PICK, choices, article_id, param="id", prefix="item", placeholder=texts.ITEM_PICK_PLACEHOLDER
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

# Many outlets repeat the summary as the first paragraph of the body; show it once then.
lead = "" if detail.body.startswith(detail.summary.strip()) else detail.summary
places = [p.get("evidence") or p.get("name", "") for p in detail.places]
reason_phrases: dict[str, list[str]] = detail.evidence.get("reasons", {})
phrases = sorted({p for found in reason_phrases.values() for p in found})
shown = shown_phrases((detail.title, lead, detail.body), places, phrases, tax.names)

st.header(highlighted_markdown(detail.title, places, phrases, tax.names), anchor=False)
st.markdown(
    texts.ITEM_META.format(
        source=escape_markdown(cached.source_names(url).get(detail.source, detail.source)),
        byline=escape_markdown(detail.byline or "—"),
        published=escape_markdown(published_label(detail.published, detail.fetched, detail.published_page)),
    )
)
if detail.url.startswith(("http://", "https://")):  # never a javascript: or data: link from scraped data
    st.link_button(texts.ITEM_LINK, detail.url)


def _score_parts(item: ItemDetail) -> ScoreParts:
    rules = rules_score(item.title, item.summary, item.body, parse_moment(item.published), gazetteer(), tax)
    if by_rules_alone(item.model_version):
        return score_parts(item.flag_score, rules, None)
    meta = model_meta()
    # Only the model that assessed the item can split its score; a retrained one has other weights.
    same = bool(meta) and item.model_version.startswith(f"{meta.get('version')}-")
    return score_parts(item.flag_score, rules, meta if same else {})


def _split(parts: ScoreParts, version: str) -> str:
    if parts.rules_only:
        return texts.ITEM_SPLIT_RULES.format(score=vi_number(parts.score, 2))
    if parts.model_only is None or parts.rules is None or parts.weight is None:
        return texts.ITEM_SPLIT_UNKNOWN.format(version=version)
    return texts.ITEM_SPLIT.format(
        model=vi_number(parts.model_only, 2),
        rules=vi_number(parts.rules, 2),
        weight=vi_number(parts.weight, 1),
        score=vi_number(parts.score, 2),
    )


def _reason(line: ReasonLine) -> str:
    name = escape_markdown(tax.reasons.get(line.code, line.code))
    if line.model_only:
        return f"- **{name}**: {texts.ITEM_REASON_MODEL_ONLY}"
    found = escape_markdown("; ".join(line.phrases))
    if line.chosen:
        return f"- **{name}**: {texts.ITEM_REASON_PHRASES.format(phrases=found)}"
    return f"- {name}: {texts.ITEM_REASON_PHRASES.format(phrases=found)}"


with st.container(border=True):
    st.subheader(texts.ITEM_WHY, anchor=False)
    parts = _score_parts(detail)
    cols = st.columns(3)
    cols[0].metric(texts.ITEM_SCORE, vi_number(detail.flag_score, 2))
    threshold = parts.threshold if parts.threshold is not None else settings().flag_threshold
    cols[1].metric(texts.ITEM_THRESHOLD, vi_number(threshold, 2))
    cols[2].markdown(f"**{texts.ITEM_MODEL}:** `{detail.model_version.replace('`', '')}`")
    st.markdown(escape_markdown(_split(parts, detail.model_version)))
    lines = reason_lines(detail.reasons, reason_phrases, shown)
    chosen = [_reason(line) for line in lines if line.chosen]
    st.markdown(f"**{texts.ITEM_REASONS}:**\n" + ("\n".join(chosen) if chosen else texts.ITEM_NO_REASON))
    others = [_reason(line) for line in lines if not line.chosen]
    if others:
        st.markdown(f"**{texts.ITEM_REASON_OTHER}:**\n" + "\n".join(others))
    st.markdown(
        f"**{texts.ITEM_PLACES}:** "
        + escape_markdown("; ".join(sorted({p.get("name", "") for p in detail.places})) or "—")
    )

left, right = st.columns([3, 2])
with left:
    st.subheader(texts.ITEM_TEXT, anchor=False)
    st.caption(texts.ITEM_LEGEND)
    for part in (lead, detail.body):
        if part:
            st.markdown(highlighted_markdown(part, places, phrases, tax.names))
with right:
    if detail.review is None:
        st.info(texts.ITEM_NOT_FLAGGED)
    else:
        review_form.show(eng, detail, who)
    review_form.corrections(eng, detail, who)
    case_form.item_cases_and_opening(eng, detail.id, detail.title, who)
    if detail.siblings:
        st.subheader(texts.ITEM_STORY, anchor=False)
        for sib in detail.siblings:
            line = " · ".join((sib["source"], vi_date(sib["published"]), sib["title"]))
            st.markdown(f"- {escape_markdown(line)}")

with st.expander(texts.ITEM_EVIDENCE):
    if not detail.raw_sha256:
        st.info(texts.ITEM_EVIDENCE_NONE)
    else:
        st.caption(texts.ITEM_SHA.format(sha=detail.raw_sha256))
        # st.code shows the page as text: scraped HTML is never rendered.
        st.code(raw_page_text(eng, detail.raw_sha256) or "", language="html", wrap_lines=True)
