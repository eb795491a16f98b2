"""``pressmon report`` as a real subprocess: the DOCX opened by LibreOffice, totals equal to ``export``,
the frozen snapshot across runs, and bad input."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from docx import Document

from pipeline.report.period import parse_quarter
from pipeline.settings import DATA_DIR
from pipeline.taxonomy import load_taxonomy
from tests.support.cli import CliRun, make_cli
from tests.support.files import write_jsonl
from tests.support.paths import FIXTURES
from tests.support.synthetic_reports import synthetic_database

TAXONOMY = load_taxonomy(DATA_DIR / "taxonomy.yaml")
RELEVANT = ("an-lao", "hai-phong")


def _load(cli: CliRun, db_url: str) -> str:
    for args in (("init",), ("import", str(FIXTURES / "items.jsonl")), ("process",)):
        result = cli("--db", db_url, *args)
        assert result.returncode == 0, result.stderr
    return db_url


@pytest.fixture
def loaded_db(cli: CliRun, db_url: str) -> str:
    """A database of its own with the fixture items, imported and processed."""
    return _load(cli, db_url)


@pytest.fixture(scope="module")
def shared_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One processed database for the tests that only read (the CLI costs seconds per call)."""
    folder = tmp_path_factory.mktemp("report-cli")
    return _load(make_cli(folder), f"sqlite:///{folder / 'pressmon.db'}")


def _pdf_text(docx: Path, tmp_path: Path) -> str:
    """The text of the PDF LibreOffice makes of ``docx`` (skips where LibreOffice is not installed)."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None or shutil.which("pdftotext") is None:
        pytest.skip(
            "libreoffice or pdftotext is absent: install libreoffice-writer and poppler-utils (.ci/run does)"
        )
    out = tmp_path / "pdf"
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    subprocess.run(
        [office, profile, "--headless", "--convert-to", "pdf", "--outdir", str(out), str(docx)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = out / (docx.stem + ".pdf")
    assert pdf.is_file(), "LibreOffice produced no PDF"
    return subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout


@pytest.mark.slow
def test_docx_opens_in_libreoffice_with_the_report_text(cli: CliRun, shared_db: str, tmp_path: Path) -> None:
    docx = tmp_path / "q3.docx"
    result = cli("--db", shared_db, "report", "--quarter", "2026Q3", "--output", str(docx))
    assert result.returncode == 0, result.stderr
    text = _pdf_text(docx, tmp_path)
    flat = " ".join(text.split())
    for expected in (
        "UBND XÃ AN LÃO",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BÁO CÁO",
        "quý III năm 2026",
        "I. KỲ BÁO CÁO VÀ NGUỒN THEO DÕI",
        "IV. THÔNG TIN CẦN RÀ SOÁT, PHẢN HỒI",
        "Người dân An Lão bức xúc vì chậm bồi thường giải phóng mặt bằng",
        "Hải Phòng khánh thành cầu mới",
        "Biểu đồ 1.",
    ):
        assert expected in flat, expected
    assert re.search(r"An Lão, ngày \d{2} tháng \d{2} năm 2026", flat)
    pages = [page.splitlines() for page in text.split("\f") if page.strip()]
    assert len(pages) >= 2
    for number, lines in enumerate(pages, 1):  # the footer's PAGE field, filled in by LibreOffice
        assert str(number) in [line.strip() for line in lines], f"no page number on page {number}"


def _export(cli: CliRun, db_url: str, since: str, until: str, tmp_path: Path) -> list[dict]:
    out = tmp_path / f"export-{since}.jsonl"
    result = cli("--db", db_url, "export", "--since", since, "--until", until, "--output", str(out))
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def _docx_tables(path: Path) -> dict[str, dict[str, list[str]]]:
    """The data tables of the report by their first header cell, as {first cell: row cells}."""
    tables: dict[str, dict[str, list[str]]] = {}
    for table in Document(str(path)).tables[1:-1]:
        rows = [[c.text for c in row.cells] for row in table.rows]
        tables.setdefault(rows[0][0], {r[0]: r[1:] for r in rows[1:]})
    return tables


@pytest.mark.parametrize(
    ("option", "since", "until"),
    [("--quarter=2026Q2", "2026-04-01", "2026-07-01"), ("--year=2026", "2026-01-01", "2027-01-01")],
)
def test_docx_totals_equal_those_of_export(
    cli: CliRun, tmp_path: Path, option: str, since: str, until: str
) -> None:
    q2 = parse_quarter("2026Q2")
    url = f"sqlite:///{tmp_path / 'synthetic.db'}"
    counts = {q2: 400, q2.previous(): 150, parse_quarter("2026Q3"): 80}
    synthetic_database(url, counts, DATA_DIR / "sources.yaml").dispose()
    docx = tmp_path / "report.docx"
    assert cli("--db", url, "report", option, "--output", str(docx)).returncode == 0
    records = _export(cli, url, since, until, tmp_path)
    relevant = [r for r in records if r["scope"] in RELEVANT]
    tables = _docx_tables(docx)
    totals = tables["Chỉ tiêu"]
    assert int(totals["Tổng số tin thu thập"][0]) == len(records)
    assert int(totals["Tin, bài về Hải Phòng (gồm An Lão)"][0]) == len(relevant)
    assert int(totals["Tin, bài về An Lão"][0]) == sum(r["scope"] == "an-lao" for r in records)
    assert int(totals["Tin, bài cần rà soát, phản hồi"][0]) == sum(r["needs_response"] for r in records)
    names = {"Báo Hải Phòng": "baohaiphong", "VnExpress": "vnexpress", "Dân Trí": "dantri"}
    by_source = Counter(r["source"] for r in records)
    for name, source in names.items():
        assert int(tables["Cơ quan báo chí"][name][0]) == by_source[source]
    by_topic = Counter(t for r in relevant for t in r["topics"])
    for code, name in TAXONOMY.topics.items():
        assert int(tables["Chủ đề"][name][0]) == by_topic[code]
    by_tone = Counter(r["tone"] for r in relevant)
    for code, name in TAXONOMY.tones.items():
        assert int(tables["Sắc thái"][name][0]) == by_tone[code]


def test_later_runs_reproduce_and_refresh_says_what_changed(
    cli: CliRun, loaded_db: str, tmp_path: Path
) -> None:
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    created = cli("--db", loaded_db, "report", "--quarter", "2026Q3", "--output", str(first))
    assert "Froze a snapshot of 2026Q3 (3 items)" in created.stdout
    late = tmp_path / "late.jsonl"
    item = {
        "url": "https://baohaiphong.example/an-lao-le-hoi-200001.html",
        "source": "baohaiphong",
        "title": "An Lão rộn ràng lễ hội đầu mùa",
        "summary": "Lễ hội ở xã An Lão, Hải Phòng.",
        "body": "",
        "published": "2026-09-20T08:00:00+07:00",
    }
    write_jsonl(late, [item])
    assert cli("--db", loaded_db, "import", str(late)).returncode == 0
    assert cli("--db", loaded_db, "process").returncode == 0
    reused = cli("--db", loaded_db, "report", "--quarter", "2026Q3", "--output", str(second))
    assert "identical to the first file" in reused.stdout
    assert first.read_bytes() == second.read_bytes()
    refreshed = cli(
        "--db", loaded_db, "report", "--quarter", "2026Q3", "--output", str(second), "--refresh", "--force"
    )
    assert refreshed.returncode == 0, refreshed.stderr
    assert "collected: 3 → 4" in refreshed.stdout and "1 new items" in refreshed.stdout
    assert "| Tổng số tin thu thập | 4 |" in second.read_text(encoding="utf-8")


def test_future_quarter_gives_a_document_that_says_so(cli: CliRun, shared_db: str, tmp_path: Path) -> None:
    docx = tmp_path / "future.docx"
    result = cli("--db", shared_db, "report", "--quarter", "2031Q1", "--output", str(docx))
    assert result.returncode == 0 and "No articles published in 2031Q1" in result.stderr
    assert any("chưa bắt đầu" in p.text for p in Document(str(docx)).paragraphs)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--quarter", "2026-3"), "YYYYQn"),
        (("--year", "26"), "YYYY"),
        (("--quarter", "2026Q3", "--year", "2026"), "exactly one"),
        ((), "exactly one"),
        (("--quarter", "2026Q3", "--format", "pdf"), "docx, md, csv, xlsx"),
    ],
)
def test_bad_input_is_one_clear_line(
    cli: CliRun, shared_db: str, args: tuple[str, ...], message: str
) -> None:
    result = cli("--db", shared_db, "report", *args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
