"""``pressmon import`` puts items under their registry outlet, so the Sources page and the briefing count one
outlet once ("Thanh Niên" and "thanhnien" are not two), and names what it could not match."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from dashboard.queries.sources import sources_table
from pipeline.report.output import preview_snapshot
from pipeline.report.period import parse_quarter
from pipeline.storage.engine import make_engine
from tests.support.cli import CliRun
from tests.support.clock import REPORT_NOW
from tests.support.files import write_jsonl


def _item(n: int, source: str, url: str = "") -> dict[str, str]:
    return {
        "id": "" if url else f"item-{n}",
        "url": url,
        "source": source,
        "title": f"Tin số {n} về Hải Phòng",
        "published": f"2026-05-{n:02d}T08:00:00+07:00",
    }


def test_imported_outlet_names_meet_the_registry(cli: CliRun, db_url: str, tmp_path: Path) -> None:
    items = [
        _item(1, "Thanh Niên"),
        _item(2, "thanhnien"),
        _item(3, unicodedata.normalize("NFD", "THANH NIÊN")),
        _item(4, "VnExpress - Kinh Doanh", "https://vnexpress.net/kinh-doanh/tin-4.html"),
        _item(5, "VietNews"),
        _item(6, "VietNews"),
        _item(7, "Báo Mới"),
    ]
    items = [{k: v for k, v in i.items() if v} for i in items]
    assert cli("--db", db_url, "init").returncode == 0
    done = cli("--db", db_url, "import", str(write_jsonl(tmp_path / "items.jsonl", items)))
    assert done.returncode == 0, done.stderr  # unmatched names are not an error
    assert "7 items — 7 new" in done.stdout
    assert "2 outlet name(s) matched no registry id, name or domain" in done.stdout
    assert "VietNews (2), Báo Mới (1)" in done.stdout

    engine = make_engine(db_url)
    frame = sources_table(engine)
    counts = dict(zip(frame["id"], frame["articles"], strict=True))
    assert counts["thanhnien"] == 3 and counts["vnexpress"] == 1  # the Sources page
    snap, _ = preview_snapshot(engine, parse_quarter("2026Q2"), REPORT_NOW)
    by_source = {s: row["collected"] for s, row in snap.summary.by_source.items()}
    assert by_source == {"thanhnien": 3, "vnexpress": 1, "VietNews": 2, "Báo Mới": 1}
    assert not any(s["name"] == "Thanh Niên" and s["id"] != "thanhnien" for s in snap.sources)
