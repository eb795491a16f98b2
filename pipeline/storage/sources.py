"""The ``sources`` table: the registry mirrored into the database, and an administrator's switch; the only
module that writes it.

The registry file (``data/sources.yaml``) says which sources exist, their addresses and their default
``enabled``; :func:`sync_sources` (``pressmon init``, every crawl) mirrors it. An administrator's switch in
the dashboard (:func:`set_admin_enabled`) is an explicit decision that wins over the file's ``enabled``
until it is reset to the file; syncing never touches it. :func:`choose_sources` decides what a crawl takes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.clock import utcnow
from pipeline.errors import PressmonError
from pipeline.registry import Registry, SourceConfig
from pipeline.storage.audit import audit
from pipeline.storage.schema import Source

# The administrator's fields of a source with no choice made (or not yet in the database).
_NO_CHOICE: tuple[bool | None, str, datetime | None] = (None, "", None)


@dataclass(frozen=True)
class SourceSwitch:
    """Whether a source is followed: the file's value, the administrator's choice, and what is in force."""

    source_id: str
    file_enabled: bool
    admin_enabled: bool | None  # None: the administrator left it to the file
    changed_by: str = ""
    changed_at: datetime | None = None

    @property
    def enabled(self) -> bool:
        """What is in force: the administrator's choice when there is one, else the file's value."""
        return self.file_enabled if self.admin_enabled is None else self.admin_enabled

    @property
    def switched_off_by_admin(self) -> bool:
        return self.admin_enabled is False


@dataclass(frozen=True)
class Selection:
    """The sources a crawl takes, with what the operator should be told about the switches."""

    sources: list[SourceConfig]
    # Named on the command line though switched off (in the file or by an administrator): crawled.
    named_off: list[SourceSwitch]
    # Enabled in the file but switched off by an administrator: left out.
    held_off: list[SourceSwitch]


def sync_sources(session: Session, sources: Iterable[dict[str, Any]]) -> int:
    """Mirror the registry into the ``sources`` table; returns how many entries it holds.

    ``enabled`` is the file's value; an administrator's switch (``admin_*``) is left as it is.
    """
    count = 0
    for entry in sources:
        row = session.get(Source, entry["id"]) or Source(id=entry["id"])
        row.name = entry["name"]
        row.kind = entry["kind"]
        row.homepage = entry.get("homepage", "")
        row.confidence = entry["confidence"]
        row.enabled = bool(entry.get("enabled", True))
        row.config = {k: v for k, v in entry.items() if k not in {"id", "name", "kind", "confidence"}}
        row.updated_at = utcnow()
        session.add(row)
        count += 1
    return count


def record_crawl(session: Session, source_id: str, finished: datetime, status: str) -> None:
    """Remember when a source was last crawled and how that crawl ended."""
    source = session.get(Source, source_id)
    if source is not None:
        source.last_crawl_at, source.last_status = finished, status


def switches(session: Session) -> dict[str, SourceSwitch]:
    """Per source id of the database: the file's value, the administrator's choice (who, when), in force."""
    return {row.id: _switch(row) for row in session.scalars(select(Source).order_by(Source.id))}


def _switch(row: Source) -> SourceSwitch:
    return SourceSwitch(row.id, row.enabled, row.admin_enabled, row.admin_changed_by, row.admin_changed_at)


def set_admin_enabled(
    session: Session, source_id: str, enabled: bool | None, actor: str, now: datetime | None = None
) -> bool:
    """An administrator switches a source on (True), off (False) or back to the registry file (None).

    Audited (object ``source``, old → new); returns False, writing nothing, when that is already the choice.
    """
    row = session.get(Source, source_id)
    if row is None:
        raise PressmonError(f"Unknown source id: {source_id}.")
    before = _switch(row)
    if before.admin_enabled is enabled:
        return False
    row.admin_enabled = enabled
    row.admin_changed_by = actor if enabled is not None else ""
    row.admin_changed_at = (now or utcnow()) if enabled is not None else None
    after = _switch(row)
    audit(
        session,
        actor,
        "source",
        source_id,
        "enabled",
        {"admin_enabled": before.admin_enabled, "enabled": before.enabled},
        {"admin_enabled": after.admin_enabled, "enabled": after.enabled},
    )
    return True


def choose_sources(session: Session, registry: Registry, only: Sequence[str] | None = None) -> Selection:
    """What a crawl takes from ``registry``.

    Without ``only``: the sources in force, in registry order (enabled in the file and not switched off by
    an administrator, or switched on by one); ``held_off`` lists those the file enables but an administrator
    switched off. With ``only``: exactly those sources (an unknown id is an error), even switched off, since
    an operator named them; ``named_off`` lists those that are.
    """
    admin = {
        row.id: (row.admin_enabled, row.admin_changed_by, row.admin_changed_at)
        for row in session.scalars(select(Source).where(Source.id.in_([s.id for s in registry.sources])))
    }
    states = {s.id: SourceSwitch(s.id, s.enabled, *admin.get(s.id, _NO_CHOICE)) for s in registry.sources}
    if only:
        named = registry.enabled(list(only))
        return Selection(named, [states[s.id] for s in named if not states[s.id].enabled], [])
    held_off = [states[s.id] for s in registry.sources if s.enabled and not states[s.id].enabled]
    return Selection([s for s in registry.sources if states[s.id].enabled], [], held_off)
