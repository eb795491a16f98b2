"""pipeline.storage.sources: the registry mirrored, an administrator's switch that wins over the file,
and the choice of what a crawl takes; on an empty migrated SQLite database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select
from sqlalchemy.engine import Engine

from pipeline.errors import PressmonError
from pipeline.registry import Registry, SourceConfig
from pipeline.storage.engine import transaction
from pipeline.storage.schema import AuditLog, Base, Source
from pipeline.storage.sources import choose_sources, set_admin_enabled, switches, sync_sources

WHEN = datetime(2026, 11, 30, 3, 15, tzinfo=UTC)


def _source(source_id: str, enabled: bool) -> SourceConfig:
    return SourceConfig(
        id=source_id,
        name=f"Báo {source_id}",
        kind="local",
        homepage=f"https://{source_id}.example/",
        feeds=[f"https://{source_id}.example/rss.xml"],
        confidence="A",
        enabled=enabled,
    )


def _sync(engine: Engine, *sources: SourceConfig) -> None:
    with transaction(engine) as session:
        sync_sources(session, [s.model_dump() for s in sources])


def _set(engine: Engine, source_id: str, enabled: bool | None, actor: str = "boss") -> bool:
    with transaction(engine) as session:
        return set_admin_enabled(session, source_id, enabled, actor, now=WHEN)


def _audit(engine: Engine) -> list[tuple[str, str, str, dict[str, object], dict[str, object]]]:
    with transaction(engine) as session:
        rows = session.scalars(select(AuditLog).where(AuditLog.object_type == "source").order_by(AuditLog.id))
        return [(r.actor, r.object_id, r.action, r.old, r.new) for r in rows]


# A registry with one source of each case: file on; file off; file on, switched off by an administrator;
# file off, switched on by one; file on and not yet in the database (never synced).
REGISTRY = Registry(
    sources=[
        _source("bat", True),
        _source("tat", False),
        _source("quan-tri-tat", True),
        _source("quan-tri-bat", False),
        _source("moi", True),
    ]
)


@pytest.fixture
def switched(engine: Engine) -> Engine:
    _sync(engine, *REGISTRY.sources[:4])
    assert _set(engine, "quan-tri-tat", False)
    assert _set(engine, "quan-tri-bat", True, actor="lan")
    return engine


def test_sync_keeps_the_administrators_choice(engine: Engine) -> None:
    _sync(engine, _source("bat", True))
    _set(engine, "bat", False)
    for file_value in (True, False, True):  # init and crawls mirror the file again and again
        _sync(engine, _source("bat", file_value))
        with transaction(engine) as session:
            state = switches(session)["bat"]
            row = session.get(Source, "bat")
            assert row is not None and row.enabled is file_value
        assert state.file_enabled is file_value
        assert (state.admin_enabled, state.changed_by, state.changed_at) == (False, "boss", WHEN)
        assert state.enabled is False


def test_set_and_reset_are_audited_old_to_new(engine: Engine) -> None:
    _sync(engine, _source("bat", True))
    assert _set(engine, "bat", False)
    assert not _set(engine, "bat", False)  # already the choice: nothing written
    with transaction(engine) as session:
        assert not switches(session)["bat"].enabled
    assert _set(engine, "bat", None, actor="lan")
    with transaction(engine) as session:
        state = switches(session)["bat"]
    assert (state.admin_enabled, state.changed_by, state.changed_at, state.enabled) == (None, "", None, True)
    assert not _set(engine, "bat", None)
    follow_file = {"admin_enabled": None, "enabled": True}
    switched_off = {"admin_enabled": False, "enabled": False}
    assert _audit(engine) == [
        ("boss", "bat", "enabled", follow_file, switched_off),
        ("lan", "bat", "enabled", switched_off, follow_file),
    ]


def test_an_unknown_source_cannot_be_switched(engine: Engine) -> None:
    with pytest.raises(PressmonError, match="khong-co"), transaction(engine) as session:
        set_admin_enabled(session, "khong-co", False, "boss")
    assert _audit(engine) == []


def test_effective_value_is_the_administrators_choice_else_the_files(switched: Engine) -> None:
    with transaction(switched) as session:
        states = switches(session)
    assert {k: (s.file_enabled, s.admin_enabled, s.enabled) for k, s in states.items()} == {
        "bat": (True, None, True),
        "tat": (False, None, False),
        "quan-tri-tat": (True, False, False),
        "quan-tri-bat": (False, True, True),
    }
    assert states["quan-tri-bat"].changed_by == "lan" and states["quan-tri-bat"].changed_at == WHEN
    assert [k for k, s in states.items() if s.switched_off_by_admin] == ["quan-tri-tat"]


def test_a_crawl_takes_the_sources_in_force(switched: Engine) -> None:
    with transaction(switched) as session:
        selection = choose_sources(session, REGISTRY)
    assert [s.id for s in selection.sources] == ["bat", "quan-tri-bat", "moi"]
    assert [(s.source_id, s.changed_by) for s in selection.held_off] == [("quan-tri-tat", "boss")]
    assert selection.named_off == []


def test_named_sources_are_crawled_even_switched_off_and_said_so(switched: Engine) -> None:
    with transaction(switched) as session:
        selection = choose_sources(session, REGISTRY, ["quan-tri-tat", "tat", "bat", "quan-tri-bat"])
        with pytest.raises(PressmonError, match="khong-co"):
            choose_sources(session, REGISTRY, ["bat", "khong-co"])
    assert [s.id for s in selection.sources] == ["quan-tri-tat", "tat", "bat", "quan-tri-bat"]
    assert [(s.source_id, s.admin_enabled) for s in selection.named_off] == [
        ("quan-tri-tat", False),
        ("tat", None),
    ]
    assert selection.held_off == []


def test_a_file_change_reaches_sources_without_a_choice_only(switched: Engine) -> None:
    flipped = Registry(sources=[s.model_copy(update={"enabled": not s.enabled}) for s in REGISTRY.sources])
    _sync(switched, *flipped.sources)
    with transaction(switched) as session:
        selection = choose_sources(session, flipped)
    assert [s.id for s in selection.sources] == ["tat", "quan-tri-bat"]


def test_the_migrations_build_the_sources_table_of_the_models(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = [d for d in compare_metadata(context, Base.metadata) if "sources" in repr(d)]
    assert diffs == []
    assert {"admin_enabled", "admin_changed_by", "admin_changed_at"} <= set(Source.__table__.columns.keys())
