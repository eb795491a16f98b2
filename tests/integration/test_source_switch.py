"""An administrator's source switch, end to end: set on the Nguồn tin page (Streamlit AppTest, signed in
as an admin), kept by ``pressmon init`` and crawls (real subprocesses, the local demo site), obeyed by
``pressmon crawl``, overridden by ``crawl --source`` with a notice, reset to the registry file."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from dashboard import texts
from pipeline.registry import load_registry
from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.migrate import upgrade
from pipeline.storage.schema import AuditLog
from pipeline.storage.sources import choose_sources, set_admin_enabled, switches
from pressmon.demo_site import DEMO_REGISTRY, serve_demo_site
from tests.support.cli import CliRun, make_cli
from tests.support.dashboard import PASSWORD, signed_in

CRAWL_ENV = {"PRESSMON_CRAWL__ALLOW_PRIVATE_ADDRESSES": "true", "PRESSMON_CRAWL__DOWNLOAD_DELAY": "0"}


def _registry(path: Path, base_url: str) -> Path:
    """The demo registry on ``base_url``, with anlao-portal disabled in the file."""
    raw = yaml.safe_load(DEMO_REGISTRY.read_text(encoding="utf-8").replace("__BASE__", base_url))
    for source in raw["sources"]:
        source["enabled"] = source["id"] != "anlao-portal"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


class Site:
    """The database, the command line on it, and what the tests query."""

    def __init__(self, workdir: Path, registry: Path) -> None:
        self.db = workdir / "pressmon.db"
        self.url = f"sqlite:///{self.db}"
        self.cli, self.registry = make_cli(workdir), registry

    def run(self, *args: str, env: dict[str, str] | None = None) -> str:
        done = self.cli("--db", self.url, "--sources", str(self.registry), *args, env=env)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def crawl(self, *args: str) -> tuple[str, set[str]]:
        """``pressmon crawl ARGS``: its output and the sources of its run."""
        out = self.run("crawl", *args, env=CRAWL_ENV)
        last = self.rows("SELECT run_id FROM crawl_runs ORDER BY id DESC LIMIT 1")[0][0]
        return out, {s for (s,) in self.rows("SELECT source_id FROM crawl_runs WHERE run_id = ?", last)}

    def rows(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.db) as conn:
            return conn.execute(sql, args).fetchall()

    def articles(self, source: str) -> int:
        return int(self.rows("SELECT count(*) FROM articles WHERE source_id = ?", source)[0][0])

    def admin(self, source: str) -> tuple[Any, ...]:
        return self.rows("SELECT enabled, admin_enabled, admin_changed_by FROM sources WHERE id = ?", source)[
            0
        ]


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    with serve_demo_site(0) as base_url:
        site = Site(tmp_path, _registry(tmp_path / "sources.yaml", base_url))
        site.run("init")
        added = site.cli(
            "--db", site.url, "users", "add", "boss", "--role", "admin", "--password-stdin", stdin=PASSWORD
        )
        assert added.returncode == 0, added.stderr
        yield site


def _switch(at: AppTest, source: str, choice: str) -> AppTest:
    """On the sources page, set ``source`` to ``choice`` (on, off, file) and apply."""
    at.selectbox(key="src_pick").select(source)
    at.selectbox(key="src_choice").select(choice)
    next(b for b in at.button if b.label == texts.SOURCE_SWITCH_APPLY).click().run()
    assert not at.exception, at.exception
    return at


def _shown(at: AppTest, source: str) -> dict[str, Any]:
    """The row of ``source`` in the page's table, by Vietnamese column heading."""
    frame = at.dataframe[0].value
    return dict(frame[frame[texts.SOURCES_COLUMNS["id"]] == source].iloc[0])


def test_a_source_switched_off_by_an_admin_stays_off_until_reset(
    monkeypatch: pytest.MonkeyPatch, site: Site
) -> None:
    at = signed_in(monkeypatch, site.url, "boss").switch_page("app_pages/sources.py").run()
    _switch(at, "tinnhanh", "off")
    said = texts.SOURCE_SWITCHED.format(
        source="Tin Nhanh Việt (demo)", state=texts.SOURCE_SWITCH_CHOICES["off"]
    )
    assert [s.value for s in at.success] == [said]
    _switch(at, "anlao-portal", "on")
    off, on, plain = _shown(at, "tinnhanh"), _shown(at, "anlao-portal"), _shown(at, "cangxanh")
    columns = texts.SOURCES_COLUMNS
    assert (off[columns["file_enabled"]], off[columns["enabled"]]) == (texts.SOURCE_ON, texts.SOURCE_PAUSED)
    assert off[columns["admin_enabled"]].startswith(f"{texts.SOURCE_OFF} (boss, ")
    assert (on[columns["file_enabled"]], on[columns["enabled"]]) == (texts.SOURCE_OFF, texts.SOURCE_FOLLOWED)
    assert (plain[columns["admin_enabled"]], plain[columns["enabled"]]) == (
        texts.SOURCE_ADMIN_NONE,
        texts.SOURCE_FOLLOWED,
    )

    # init mirrors the registry again, keeps the switch and says so.
    out = site.run("init")
    assert "1 source(s) switched off by an administrator" in out and "tinnhanh" in out
    assert site.admin("tinnhanh") == (1, 0, "boss")

    # A crawl takes the sources in force: not tinnhanh, but anlao-portal, which an admin switched on.
    out, crawled = site.crawl()
    assert crawled == {"cangxanh", "anlao-portal"}
    assert "Not crawled: tinnhanh (switched off by administrator boss on " in out
    assert (
        site.articles("tinnhanh") == 0 and site.articles("cangxanh") > 0 and site.articles("anlao-portal") > 0
    )
    assert site.rows("SELECT count(*) FROM crawl_runs WHERE source_id = 'tinnhanh'") == [(0,)]
    assert site.admin("tinnhanh") == (1, 0, "boss")

    # An operator naming it crawls it all the same, and is told it is switched off.
    out, crawled = site.crawl("--source", "tinnhanh")
    assert crawled == {"tinnhanh"}
    assert "tinnhanh: switched off by administrator boss on " in out
    assert "crawled because --source names it" in out
    assert site.articles("tinnhanh") > 0
    assert site.admin("tinnhanh") == (1, 0, "boss")  # still off for the next crawls
    assert site.crawl()[1] == {"cangxanh", "anlao-portal"}

    # Back to the registry file: the next crawl takes it again.
    _switch(at, "tinnhanh", "file")
    assert _shown(at, "tinnhanh")[columns["enabled"]] == texts.SOURCE_FOLLOWED
    assert site.admin("tinnhanh") == (1, None, "")
    assert "switched off by an administrator" not in site.run("init")
    out, crawled = site.crawl()
    assert crawled == {"cangxanh", "tinnhanh", "anlao-portal"} and "Not crawled" not in out

    audit = site.rows("SELECT actor, object_id, new FROM audit_log WHERE object_type = 'source' ORDER BY id")
    assert [(actor, source) for actor, source, _ in audit] == [
        ("boss", "tinnhanh"),
        ("boss", "anlao-portal"),
        ("boss", "tinnhanh"),
    ]


def test_the_switch_on_each_backend(backend_url: str, cli: CliRun, tmp_path: Path) -> None:
    registry = _registry(tmp_path / "sources.yaml", "http://127.0.0.1:9")
    args = ("--db", backend_url, "--sources", str(registry))
    assert cli(*args, "init").returncode == 0
    engine = make_engine(backend_url)
    with transaction(engine) as session:
        assert set_admin_enabled(session, "cangxanh", False, "boss")
        assert set_admin_enabled(session, "anlao-portal", True, "boss")
    init = cli(*args, "init")
    assert init.returncode == 0 and "1 source(s) switched off by an administrator" in init.stdout
    upgrade(engine)  # already at head: nothing rebuilt, nothing lost
    with transaction(engine) as session:
        states = switches(session)
        chosen = choose_sources(session, load_registry(registry))
        audited = session.query(AuditLog).filter(AuditLog.object_type == "source").count()
    assert {k: (s.file_enabled, s.admin_enabled, s.enabled) for k, s in states.items()} == {
        "cangxanh": (True, False, False),
        "tinnhanh": (True, None, True),
        "anlao-portal": (False, True, True),
    }
    assert states["cangxanh"].changed_by == "boss" and states["cangxanh"].changed_at is not None
    assert [s.id for s in chosen.sources] == ["tinnhanh", "anlao-portal"]
    assert [s.source_id for s in chosen.held_off] == ["cangxanh"]
    assert audited == 2
    engine.dispose()
