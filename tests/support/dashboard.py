"""Shared set-up of the dashboard tests: a demo database built by the real CLI (the ``demo_db`` fixture
of tests/conftest.py copies it), signed-in AppTests, and the flagged items to check pages
against."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from pipeline.storage.engine import make_engine
from tests.support.cli import make_cli
from tests.support.paths import DASHBOARD_APP

APP = str(DASHBOARD_APP)
PASSWORD = "mat-khau-dai-123"
USERS = {"ana": "analyst", "binh": "analyst", "boss": "admin", "xem": "viewer"}


def build_demo(workdir: Path) -> Path:
    """`pressmon demo` (crawl of the local demo site, process) into ``workdir/var/demo.db``, plus accounts."""
    cli = make_cli(workdir)
    done = cli("demo", "--port", "0", timeout=600)
    assert done.returncode == 0, done.stderr
    db = workdir / "var" / "demo.db"
    for name, role in USERS.items():
        added = cli(
            "--db",
            f"sqlite:///{db}",
            "users",
            "add",
            name,
            "--role",
            role,
            "--password-stdin",
            stdin=PASSWORD,
        )
        assert added.returncode == 0, added.stderr
    return db


def app(monkeypatch: pytest.MonkeyPatch, db_url: str) -> AppTest:
    """The app on ``db_url``, run once (the login form when nobody is signed in)."""
    monkeypatch.setenv("PRESSMON_DATABASE_URL", db_url)
    return AppTest.from_file(APP, default_timeout=60).run()


def sign_in(at: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    """Fill the login form and submit it."""
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_password").input(password)
    return at.button[0].click().run()


def signed_in(monkeypatch: pytest.MonkeyPatch, db_url: str, name: str) -> AppTest:
    """The app with ``name`` signed in, on the overview page."""
    at = sign_in(app(monkeypatch, db_url), name)
    assert not at.exception, at.exception
    assert at.session_state["identity"].name == name
    return at


@dataclass(frozen=True)
class Flagged:
    """What the database holds about flagged items, read directly, to check the dashboard against."""

    scores: dict[str, float]  # article id → flag score
    stories: dict[str, list[str]]  # story key → article ids
    sources: dict[str, str]  # article id → source id

    @property
    def count(self) -> int:
        return len(self.scores)


def flagged_facts(db_url: str) -> Flagged:
    """Flagged items of the database (those the model of this checkout flagged)."""
    query = text(
        "SELECT a.id, COALESCE(a.story_id, a.id), a.source_id, s.flag_score FROM articles a "
        "JOIN assessments s ON s.article_id = a.id AND s.is_current WHERE s.needs_response"
    )
    scores, stories, sources = {}, defaultdict(list), {}
    with make_engine(db_url).connect() as conn:
        for article_id, story, source, score in conn.execute(query):
            scores[article_id], sources[article_id] = score, source
            stories[story].append(article_id)
    assert len(scores) >= 3, "the demo should flag a few items"
    return Flagged(scores, dict(stories), sources)
