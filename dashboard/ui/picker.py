"""The picker at the top of a record's page (an item, a case): its choice becomes the page's address."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from dashboard.ui.filters import namer


def address_picker(
    label: str,
    choices: Mapping[str, str] | Mapping[int, str],
    current: str | int | None,
    *,
    param: str,
    prefix: str,
    placeholder: str,
) -> None:
    """A selectbox over ``choices`` (id → title) showing ``current``. A choice wins over the address the
    page came from and becomes the new one (``?param=`` and the session's ``{prefix}_id``). Keyed by
    the record shown, so arriving with another id redraws the picker on that record."""
    ids = list(choices)
    key = f"{prefix}_pick_{current}"

    def picked() -> None:
        st.query_params[param] = st.session_state[f"{prefix}_id"] = str(st.session_state[key])

    st.selectbox(
        label,
        ids,
        index=ids.index(current) if current in ids else None,
        format_func=namer(dict(choices)),
        placeholder=placeholder,
        key=key,
        on_change=picked,
    )
