"""A real crawl (``pressmon crawl``) of the site-rule fixture pages served on 127.0.0.1: each page is
fetched for its registry source, so its outlet's rule applies although the host is 127.0.0.1, and
the stored article carries exactly the page's byline, lead and body.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pressmon.demo_site import serve_demo_site
from tests.support.cli import make_cli
from tests.support.files import write_registry
from tests.support.site_rule_pages import EXPECTED, PAGES_DIR

pytestmark = pytest.mark.slow
CRAWL_ENV = {"PRESSMON_CRAWL__ALLOW_PRIVATE_ADDRESSES": "true", "PRESSMON_CRAWL__DOWNLOAD_DELAY": "0"}


# The page's own file name, as .html: the local server types files by extension (".ldo" and ".tpo"
# would go out as application/octet-stream, which the real sites never send).
def _file(name: str) -> str:
    return urlsplit(EXPECTED[name]["url"]).path.rsplit("/", 1)[-1].rsplit(".", 1)[0] + ".html"


def _feed(name: str) -> str:
    gold = EXPECTED[name]
    when = format_datetime(datetime.fromisoformat(gold["published"]))
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>__BASE__</title>'
        f"<link>__BASE__/{name}/</link><item><title>{gold['title']}</title>"
        f"<link>__BASE__/{name}/{_file(name)}</link><pubDate>{when}</pubDate></item></channel></rss>"
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Each fixture page under /<name>/ with a one-item feed /<name>/rss.xml."""
    root = tmp_path_factory.mktemp("site-rules-site")
    for name in EXPECTED:
        (root / name).mkdir()
        shutil.copy(PAGES_DIR / f"{name}.html", root / name / _file(name))
        (root / name / "rss.xml").write_text(_feed(name), encoding="utf-8")
    with serve_demo_site(root=root) as base_url:
        yield base_url


def test_crawled_fixture_pages_are_stored_by_their_rules(site: str, tmp_path: Path) -> None:
    sources = [
        {
            "id": gold["source"],
            "name": gold["source"],
            "kind": "national",
            "feeds": [f"{site}/{name}/rss.xml"],
            "confidence": "A",
        }
        for name, gold in EXPECTED.items()
    ]
    registry = write_registry(tmp_path / "sources.yaml", sources)
    run = make_cli(tmp_path)
    db_url = f"sqlite:///{tmp_path / 'crawl.db'}"
    assert run("--db", db_url, "--sources", str(registry), "init").returncode == 0
    result = run("--db", db_url, "--sources", str(registry), "crawl", env=CRAWL_ENV)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "crawl.db") as conn:
        rows = conn.execute(
            "SELECT source_id, title, byline, summary, body, extraction_method FROM articles"
        ).fetchall()
    stored = {row[0]: row[1:] for row in rows}
    assert len(rows) == len(EXPECTED)
    for gold in EXPECTED.values():
        title, byline, summary, body, method = stored[gold["source"]]
        assert (title, byline, summary, body) == (
            gold["title"],
            gold["byline"],
            gold["summary"],
            gold["body"],
        )
        assert method.startswith("rule-"), gold["source"]
