"""The sources page: the registry with each source's last crawl, counts and error, and whether it is followed
(the registry file's value, an administrator's switch, what is in force)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from dashboard import texts
from pipeline.clock import iso_local
from pipeline.registry import SOURCE_KINDS
from pipeline.storage import crawl_runs
from pipeline.storage.engine import transaction
from pipeline.storage.schema import Article, Source
from pipeline.storage.sources import switches
from pipeline.text.vi_format import vi_datetime, vi_number

# The administrator's choices on the page: switched on, switched off, back to the registry file.
SWITCH_CHOICES: dict[str, bool | None] = {"on": True, "off": False, "file": None}


def sources_table(engine: Engine) -> pd.DataFrame:
    """The registry with last crawl, article counts and the latest run's counts and error per source.

    ``file_enabled`` is the registry file's value, ``admin_enabled`` the administrator's switch (None:
    follow the file) with ``admin_by`` and ``admin_at``, ``enabled`` what is in force.
    """
    with transaction(engine) as session:
        counts = dict(
            session.execute(
                select(Article.source_id, func.count(Article.id)).group_by(Article.source_id)
            ).all()
        )
        runs = crawl_runs.latest_by_source(session)
        states = switches(session)
        rows = []
        for src in session.scalars(select(Source).order_by(Source.id)):
            run, state = runs.get(src.id), states[src.id]
            rows.append(
                {
                    "id": src.id,
                    "name": src.name,
                    "kind": src.kind,
                    "confidence": src.confidence,
                    "file_enabled": state.file_enabled,
                    "admin_enabled": state.admin_enabled,
                    "admin_by": state.changed_by,
                    "admin_at": iso_local(state.changed_at),
                    "enabled": state.enabled,
                    "last_crawl": iso_local(src.last_crawl_at),
                    "last_status": src.last_status,
                    "articles": int(counts.get(src.id, 0)),
                    "fetched": run.fetched if run else 0,
                    "new": run.new if run else 0,
                    "failed": run.failed if run else 0,
                    "last_error": run.last_error if run else "",
                }
            )
    return pd.DataFrame(rows)


def source_names(engine: Engine) -> dict[str, str]:
    """Source id → the outlet's name, from the registry mirror."""
    with transaction(engine) as session:
        return dict(session.execute(select(Source.id, Source.name)).tuples().all())


def admin_choice(admin_enabled: bool | None, by: str, at: str) -> str:
    """The administrator's switch in words: on or off, by whom and when; or that the file decides."""
    if admin_enabled is None:
        return texts.SOURCE_ADMIN_NONE
    state = texts.SOURCE_ON if admin_enabled else texts.SOURCE_OFF
    return texts.SOURCE_ADMIN_SET.format(state=state, by=by, at=vi_datetime(at))


def shown_table(frame: pd.DataFrame) -> pd.DataFrame:
    """``sources_table`` as the page shows it: Vietnamese names and states, Vietnamese column headings."""
    shown = frame.assign(
        kind=frame["kind"].map(lambda k: SOURCE_KINDS.get(k, k)),
        last_status=frame["last_status"].map(lambda s: texts.CRAWL_STATUSES.get(s, s)),
        file_enabled=frame["file_enabled"].map(lambda on: texts.SOURCE_ON if on else texts.SOURCE_OFF),
        admin_enabled=[
            admin_choice(None if pd.isna(a) else bool(a), by, at)
            for a, by, at in zip(frame["admin_enabled"], frame["admin_by"], frame["admin_at"], strict=True)
        ],
        enabled=frame["enabled"].map(lambda on: texts.SOURCE_FOLLOWED if on else texts.SOURCE_PAUSED),
        last_crawl=frame["last_crawl"].map(vi_datetime),
        last_error=frame["last_error"].fillna(""),
        **{c: frame[c].map(vi_number) for c in ("articles", "fetched", "new", "failed")},
    ).drop(columns=["admin_by", "admin_at"])
    return shown.rename(columns=texts.SOURCES_COLUMNS)
