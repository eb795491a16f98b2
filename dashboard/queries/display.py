"""Tables and values as the dashboard shows and downloads them: Vietnamese column headings, codes by
their Vietnamese names, numbers "1.120" and "0,83", moments "03/12/2026 14:30", Có/Không, lists joined
with "; " (names hold commas). Formats come from :mod:`pipeline.text.vi_format`, their one owner.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from dashboard import texts
from pipeline.clock import local_zone
from pipeline.taxonomy import Taxonomy
from pipeline.text.vi_format import (
    EMPTY,
    parse_moment,
    vi_bool,
    vi_date,
    vi_datetime,
    vi_number,
    vi_page_time,
)

LIST_SEPARATOR = "; "


def published_label(published: str, fetched: str, page: str = "") -> str:
    """The publication moment; the page's own clock beside it when its offset is not the office's (its
    day may differ); for an undated item, that it is undated and when it was fetched."""
    if published:
        shown = vi_datetime(published)
        moment, own = parse_moment(published), parse_moment(page)
        office = moment.astimezone(local_zone()).utcoffset() if moment is not None else None
        if own is not None and own.utcoffset() != office:
            shown += texts.PAGE_TIME.format(page=vi_page_time(own))
        return shown
    return texts.UNDATED.format(fetched=vi_datetime(fetched)) if fetched else texts.UNDATED_NO_FETCH


def names_of(codes: Iterable[str] | str | None, names: Mapping[str, str]) -> str:
    """Codes (a list, or text joined with ", ") by their names, joined with "; "."""
    if codes is None or (isinstance(codes, float) and pd.isna(codes)):
        return ""
    items = [c for c in codes.split(", ")] if isinstance(codes, str) else list(codes)
    return LIST_SEPARATOR.join(names.get(c, c) for c in items if c)


def vi_table(
    frame: pd.DataFrame,
    headings: Mapping[str, str],
    *,
    moments: Iterable[str] = (),
    days: Iterable[str] = (),
    numbers: Mapping[str, int] | None = None,
    flags: Iterable[str] = (),
    labels: Mapping[str, Mapping[Any, str]] | None = None,
) -> pd.DataFrame:
    """``frame`` as shown and downloaded: the columns of ``headings`` in its order, renamed; moments,
    days, numbers (column → decimals), yes/no flags and coded columns (column → names) in Vietnamese.
    Every formatted column becomes text, so a spreadsheet shows exactly what the page shows."""
    out = frame[[c for c in headings if c in frame.columns]].copy()
    for column in moments:
        out[column] = out[column].map(vi_datetime)
    for column in days:
        out[column] = out[column].map(vi_date)
    for column, digits in (numbers or {}).items():
        out[column] = out[column].map(lambda v, d=digits: vi_number(v, d))
    for column in flags:
        out[column] = out[column].map(vi_bool)
    for column, names in (labels or {}).items():
        out[column] = out[column].map(lambda v, n=names: n.get(v, v) if v not in ("", None) else EMPTY)
    return out.rename(columns=dict(headings))


def _audit_value(field: str, value: Any, tax: Taxonomy | None) -> str:
    """One audited value in words: names for codes, Vietnamese dates, numbers and yes/no."""
    if value is None or value == "" or value == []:
        return texts.AUDIT_SWITCH_FILE if field == "admin_enabled" else EMPTY
    named: dict[str, Mapping[Any, str]] = {"role": texts.ROLES, "priority": texts.PRIORITIES}
    named["status"] = texts.CASE_STATUSES  # a case's; a review's from the taxonomy (no code is both)
    if tax is not None:
        named |= {"status": {**texts.CASE_STATUSES, **tax.statuses}, "scope": tax.scopes, "tone": tax.tones}
        named |= {"topics": tax.topics, "reasons": tax.reasons}
    if isinstance(value, list):
        return names_of([str(v) for v in value], named.get(field, {}))
    if isinstance(value, bool):
        return vi_bool(value)
    if isinstance(value, float):
        return vi_number(value, 2)
    if field == "deadline" or field.endswith("_at"):
        return vi_datetime(str(value))
    if field.endswith("_date"):  # a day (a case's response date)
        return vi_date(str(value))
    return str(named.get(field, {}).get(value, value))


def audit_text(values: Mapping[str, Any] | None, tax: Taxonomy | None = None) -> str:
    """An audit entry's old or new values as "Trạng thái: Mới; Người xử lý: ana", not JSON."""
    if not values:
        return ""
    parts = [f"{texts.AUDIT_FIELDS.get(k, k)}: {_audit_value(k, v, tax)}" for k, v in values.items()]
    return LIST_SEPARATOR.join(parts)


def search_table(frame: pd.DataFrame, tax: Taxonomy, outlets: Mapping[str, str]) -> pd.DataFrame:
    """Search results as the page shows them and the CSV/XLSX downloads hold them (``outlets``: source
    id → name)."""
    return vi_table(
        frame.assign(topics=frame["topics"].map(lambda ts: names_of(ts, tax.topics))),
        texts.COLUMNS,
        moments=("published",),
        numbers={"flag_score": 2},
        flags=("needs_response",),
        labels={"scope": tax.scopes, "tone": tax.tones, "status": tax.statuses, "source": outlets},
    )
