"""Filter widgets shared by several pages (period, source, scope, topic), returning plain values."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from streamlit.delta_generator import DeltaGenerator

from dashboard import texts
from dashboard.ui import cached
from dashboard.ui.resources import taxonomy
from pipeline.clock import local_zone


def period(column: DeltaGenerator, key: str) -> tuple[datetime | None, datetime | None]:
    """A date range (Vietnam days) when the box is ticked; otherwise (None, None)."""
    if not column.checkbox(texts.USE_PERIOD, key=f"{key}_use_period"):
        return None, None
    today = date.today()
    chosen = column.date_input(texts.FILTER_PERIOD, (today - timedelta(days=90), today), key=f"{key}_period")
    if not isinstance(chosen, tuple) or len(chosen) != 2:
        return None, None
    start, end = chosen
    return (
        datetime.combine(start, time.min, local_zone()),
        datetime.combine(end + timedelta(days=1), time.min, local_zone()),
    )


def source(column: DeltaGenerator, db_url: str, key: str) -> str | None:
    """A source id, or None for all (the ids that have articles, cached)."""
    chosen = column.selectbox(
        texts.FILTER_SOURCE, [texts.ALL, *cached.source_ids(db_url)], key=f"{key}_source"
    )
    return None if chosen == texts.ALL else str(chosen)


def scope(column: DeltaGenerator, key: str) -> str | None:
    """A scope code, or None for all."""
    labels = {texts.ALL: None} | {v: k for k, v in taxonomy().scopes.items()}
    return labels[column.selectbox(texts.FILTER_SCOPE, list(labels), key=f"{key}_scope")]


def topic(column: DeltaGenerator, key: str) -> str | None:
    """A topic code, or None for all."""
    labels = {texts.ALL: None} | {v: k for k, v in taxonomy().topics.items()}
    return labels[column.selectbox(texts.FILTER_TOPIC, list(labels), key=f"{key}_topic")]


def namer(names: Mapping[Any, str], empty: str = "") -> Callable[[Any], str]:
    """A ``format_func`` showing the Vietnamese name of a code (the code itself when unnamed)."""
    return lambda code: names.get(code, str(code)) or empty
