"""``pressmon report``: get the period's snapshot (stored, new, or refreshed), render a format, write it.

Files are written to a temporary name and renamed (:mod:`pipeline.files`: only regular files, an
existing one replaced only when allowed), so an interrupted run leaves no half-written report.
DOCX and XLSX are zip files whose entry times and document dates are set from the snapshot, so
re-rendering a stored snapshot gives byte-identical files; each format's first hash is kept in
``reports.files`` and later runs say whether they reproduced it.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from pipeline.errors import PressmonError
from pipeline.files import check_target, write_file
from pipeline.report.content import ReportContent, build_content
from pipeline.report.period import Period
from pipeline.report.render.charts import render_charts
from pipeline.report.render.docx import render_docx
from pipeline.report.render.markdown import render_markdown
from pipeline.report.render.sheets import items_csv, render_xlsx, tables_csv
from pipeline.report.snapshot import (
    Snapshot,
    build_snapshot,
    diff_snapshots,
    load_snapshot,
    record_file,
    store_snapshot,
)
from pipeline.settings import ReportSettings
from pipeline.storage.engine import transaction
from pipeline.taxonomy import Taxonomy

FORMATS = ("docx", "md", "csv", "xlsx")
Step = Callable[[str], None]


@dataclass
class ReportResult:
    period: Period
    snapshot: Snapshot
    status: str  # created | reused | refreshed | empty
    changes: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    reproduced: bool | None = None  # same bytes as the first file of this format, when known


def choose_format(fmt: str | None, output: Path | None) -> str:
    """``--format``, else the output's suffix, else DOCX (the office's format)."""
    chosen = fmt or (output.suffix.lstrip(".").lower() if output and output.suffix else "docx")
    if chosen not in FORMATS:
        raise PressmonError(f"Unknown report format {chosen!r}; use one of {', '.join(FORMATS)}.")
    return chosen


def obtain_snapshot(
    engine: Engine, period: Period, now: datetime, refresh: bool
) -> tuple[Snapshot, str, list[str]]:
    """The stored snapshot, or a new one (stored unless the period has no items)."""
    with transaction(engine) as session:
        stored = load_snapshot(session, period)
        if stored is not None and not refresh:
            return stored, "reused", []
        fresh = build_snapshot(session, period, now)
        if not fresh.items:
            # Nothing to freeze: a later run, once items arrive, must not find an empty snapshot.
            return fresh, "empty", []
        store_snapshot(session, fresh)
        if stored is None:
            return fresh, "created", []
        return fresh, "refreshed", diff_snapshots(stored, fresh)


def stable_zip(data: bytes, when: datetime) -> bytes:
    """The same zip with every entry dated ``when`` and the OOXML modification date set to it."""
    stamp = when.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "docProps/core.xml":
                body = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + f"{stamp:%Y-%m-%dT%H:%M:%SZ}".encode() + rb"\g<2>",
                    body,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, body)
    return out.getvalue()


def render(content: ReportContent, tax: Taxonomy, fmt: str, step: Step) -> list[tuple[str, bytes]]:
    """The file(s) of one format as (suffix, bytes); CSV gives the items and the tables."""
    frozen = content.snapshot.frozen_at
    if fmt == "md":
        return [("", render_markdown(content).encode("utf-8"))]
    if fmt == "csv":
        return [("", items_csv(content)), (".tables.csv", tables_csv(content))]
    if fmt == "xlsx":
        step("writing the workbook")
        return [("", stable_zip(render_xlsx(content), frozen))]
    step("drawing the charts")
    charts = [] if content.empty else render_charts(content.snapshot, tax)
    step("writing the document")
    return [("", stable_zip(render_docx(content, charts), frozen))]


def _sibling(output: Path, suffix: str) -> Path:
    return output if not suffix else output.with_name(output.stem + suffix)


def make_report(
    engine: Engine,
    tax: Taxonomy,
    period: Period,
    fmt: str,
    output: Path,
    now: datetime,
    refresh: bool = False,
    step: Step = lambda _: None,
    issuer: ReportSettings = ReportSettings(),  # noqa: B008  (frozen: one shared default is safe)
    replace: bool = False,
) -> ReportResult:
    """Snapshot, render and write the report of ``period`` in ``fmt`` to ``output``, issued by ``issuer``
    (and, for CSV, its tables beside it); existing files are replaced only when ``replace``."""
    for suffix in ("", ".tables.csv") if fmt == "csv" else ("",):
        check_target(_sibling(output, suffix), replace)  # before any work, and before either file
    step("collecting the items")
    snapshot, status, changes = obtain_snapshot(engine, period, now, refresh)
    content = build_content(snapshot, tax, issuer)
    parts = render(content, tax, fmt, step)
    result = ReportResult(period, snapshot, status, changes)
    for suffix, data in parts:
        path = _sibling(output, suffix)
        write_file(path, data, replace)
        result.files.append(path)
    if status != "empty":
        digest = hashlib.sha256(b"".join(data for _, data in parts)).hexdigest()
        with transaction(engine) as session:
            earlier = record_file(session, period, fmt, digest)
        result.reproduced = None if earlier is None else earlier == digest
    return result


def preview_snapshot(engine: Engine, period: Period, now: datetime) -> tuple[Snapshot, bool]:
    """The stored snapshot (True), or a live one that is not stored (False), for previews."""
    with transaction(engine) as session:
        stored = load_snapshot(session, period)
        return (stored, True) if stored is not None else (build_snapshot(session, period, now), False)


MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def downloads(content: ReportContent, tax: Taxonomy) -> list[tuple[str, str, str, bytes]]:
    """Every file of every format as (format, file name, MIME type, bytes), for the dashboard."""
    out = []
    base = f"pressmon-{content.snapshot.period.label}"
    for fmt in FORMATS:
        for suffix, data in render(content, tax, fmt, lambda _: None):
            out.append((fmt, f"{base}{suffix or '.' + fmt}", MIME[fmt], data))
    return out
