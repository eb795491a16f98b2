"""Real crawls: a feed whose host NAME resolves to a private address is refused, and says so.

No internet is needed: ``127.1`` and ``2130706433`` are names the system resolver answers with
127.0.0.1 (they are not IP literals to the URL parser, so a check of the host as written lets them
through), and this machine's own host name (``/etc/hosts``) usually resolves to a loopback or
private address too. The fixture site is served on 127.0.0.1 and reached only through such names.
"""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from crawlers.resolver import is_public_address
from tests.support.cli import make_cli
from tests.support.crawl_site import serve_crawl_site
from tests.support.files import write_registry

QUICK = {
    "PRESSMON_CRAWL__DOWNLOAD_DELAY": "0",
    "PRESSMON_CRAWL__TIMEOUT": "10",
    "PRESSMON_CRAWL__RETRIES": "1",
}


def _own_host_name() -> Any:
    name = socket.gethostname()
    try:
        address = socket.gethostbyname(name)
    except OSError:
        address = ""
    if address and not is_public_address(address):
        return name
    return pytest.param(name, marks=pytest.mark.skip(reason=f"host name {name!r} resolves to {address!r}"))


def _registry(path: Path, base: str) -> Path:
    source = {"id": "ten-mien", "name": "Báo qua tên miền", "kind": "local", "feeds": [f"{base}/rss.xml"]}
    source["confidence"] = "C"
    return write_registry(path, [source])


def _crawl(tmp_path: Path, alias: str, env: dict[str, str]) -> tuple[Any, list[tuple[int, str]], Path]:
    run, db = make_cli(tmp_path), tmp_path / "dns.db"
    with serve_crawl_site() as site:
        site.base_url = (
            f"http://{alias}:{urlsplit(site.base_url).port}"  # the pages link through the name too
        )
        args = (
            "--db",
            f"sqlite:///{db}",
            "--sources",
            str(_registry(tmp_path / "sources.yaml", site.base_url)),
        )
        assert run(*args, "init").returncode == 0
        result = run(*args, "crawl", env=env)
        return result, list(site.requests), db


def _run_row(db: Path) -> tuple[Any, ...]:
    with sqlite3.connect(db) as conn:
        row: tuple[Any, ...] = conn.execute(
            "SELECT status, fetched, new, skipped, skipped_detail FROM crawl_runs"
        ).fetchone()
    return row


@pytest.mark.parametrize("alias", ["127.1", "2130706433", _own_host_name()])
def test_a_name_resolving_to_a_private_address_is_refused_and_reported(tmp_path: Path, alias: str) -> None:
    result, requests, db = _crawl(tmp_path, alias, QUICK)
    assert requests == []  # not even robots.txt reached the server
    status, fetched, new, skipped, detail = _run_row(db)
    assert (status, fetched, new) == ("unreachable", 0, 0)
    assert skipped >= 1
    (line,) = [x for x in yaml.safe_load(detail) if "/rss.xml" in x]
    assert f"refused {alias.lower()}: it resolves to the non-public address" in line
    assert result.returncode == 3, result.stdout + result.stderr
    assert "resolves to the non-public address" in result.stdout  # listed under the crawl table


def test_the_same_name_is_crawled_when_private_addresses_are_allowed(tmp_path: Path) -> None:
    env = {**QUICK, "PRESSMON_CRAWL__ALLOW_PRIVATE_ADDRESSES": "true"}
    result, requests, db = _crawl(tmp_path, "127.1", env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert any(path == "/rss.xml" for _, path in requests)
    status, fetched, new, _, _ = _run_row(db)
    assert (status, fetched, new) == ("ok", 3, 3)


def test_a_dead_name_is_looked_up_once_per_attempt_and_reported_without_traceback(tmp_path: Path) -> None:
    # `.invalid` never resolves (RFC 6761); the system resolver answers so at once, offline too.
    registry = _registry(tmp_path / "sources.yaml", "http://no-such-host.invalid")
    run, db = make_cli(tmp_path), tmp_path / "dead.db"
    args = ("--db", f"sqlite:///{db}", "--sources", str(registry))
    assert run(*args, "init").returncode == 0
    result = run("-v", *args, "crawl", env=QUICK)
    assert result.returncode == 3, result.stderr
    assert _run_row(db)[:3] == ("unreachable", 0, 0)
    # robots.txt and the feed, each tried twice (RETRIES=1): four lookups, not two per attempt.
    assert result.stderr.count("could not resolve no-such-host.invalid") == 4
    assert "Traceback" not in result.stderr
    assert "no-such-host.invalid" in result.stdout  # the crawl table names what failed
