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
    """A range of Vietnam days: all time (None, None), this week, month or quarter so far, or chosen."""
    choice = column.selectbox(
        texts.FILTER_PERIOD, list(texts.PERIODS), format_func=namer(texts.PERIODS), key=f"{key}_period_kind"
    )
    today = datetime.now(local_zone()).date()
    if choice == "custom":
        # Two single dates: the range picker offers English presets ("Past Week") nobody can translate.
        start = column.date_input(
            texts.SINCE, today - timedelta(days=90), format="DD/MM/YYYY", key=f"{key}_period_from"
        )
        end = column.date_input(texts.UNTIL, today, format="DD/MM/YYYY", key=f"{key}_period_to")
        if not isinstance(start, date) or not isinstance(end, date):
            return None, None
        start, end = min(start, end), max(start, end)
    elif choice == "all":
        return None, None
    else:
        start, end = period_start(choice, today), today
    return (
        datetime.combine(start, time.min, local_zone()),
        datetime.combine(end + timedelta(days=1), time.min, local_zone()),
    )


def period_start(kind: str, today: date) -> date:
    """The first day of this ``week`` (Monday), ``month`` or ``quarter`` as of ``today``."""
    if kind == "week":
        return today - timedelta(days=today.weekday())
    if kind == "month":
        return today.replace(day=1)
    return today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)


def source(column: DeltaGenerator, db_url: str, key: str) -> str | None:
    """A source id, or None for all (the ids that have articles, cached)."""
    chosen = column.selectbox(
        texts.FILTER_SOURCE,
        [texts.ALL, *cached.source_ids(db_url)],
        format_func=namer(cached.source_names(db_url)),
        key=f"{key}_source",
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
