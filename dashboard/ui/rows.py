"""Tables whose rows open an article or a case: a click on a row (single-row selection) opens it.

The item page is opened with ``?id=`` in its address, so the address bar holds a link to the article
that can be shared.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

ITEM_PAGE = "app_pages/item.py"


def open_item(article_id: str) -> None:
    """Go to the item page of ``article_id`` (ends the run)."""
    st.session_state["item_id"] = article_id
    st.switch_page(ITEM_PAGE, query_params={"id": article_id})


def clickable_table(
    shown: pd.DataFrame,
    ids: pd.Series,
    key: str,
    opener: Callable[[str], None] = open_item,
    **options: Any,
) -> None:
    """``shown`` as a table whose rows open their article (``ids`` in the same order as the rows), or
    whatever ``opener`` opens by id (a case)."""
    event = st.dataframe(
        shown, hide_index=True, on_select="rerun", selection_mode="single-row", key=key, **options
    )
    rows = event.selection.rows
    if rows:
        # Cleared before leaving, so coming back to the page does not open the same article again.
        st.session_state.pop(key, None)
        opener(str(ids.iloc[rows[0]]))
