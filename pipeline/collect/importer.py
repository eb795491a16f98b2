"""``pressmon import``: items from JSONL or CSV (the item contract of the README) as if crawled.

The whole file is read and validated before anything is written; the first bad line ends the
import with its file and line number, and nothing of that file is stored. Extra fields (such as
the ``labels`` of a labelled set) are ignored; known fields must have the right type. Each item's
``source`` is matched to a registry id (``pipeline.collect.outlets``); names the registry does not
know are stored as given and counted in the import's summary.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, StrictStr, ValidationError
from sqlalchemy.orm import Session

from pipeline.collect.outlets import OutletMatcher
from pipeline.errors import PressmonError
from pipeline.records import ArticleRecord, ItemText
from pipeline.storage.articles import UpsertResult, upsert_article
from pipeline.text.dates import parse_iso, read_iso
from pipeline.text.normalise import clean_text
from pipeline.text.urls import article_id, canonical_url

IMPORT_METHOD = "import"


class ItemIn(BaseModel):
    """One item of the import/tag contract."""

    model_config = ConfigDict(extra="ignore")
    id: StrictStr | None = None
    url: StrictStr = ""
    source: StrictStr = ""
    title: StrictStr = ""
    summary: StrictStr = ""
    body: StrictStr = ""
    published: StrictStr | None = ""


@dataclass(frozen=True)
class LoadedItem:
    line: int
    item: ItemIn
    published: datetime | None

    def text(self) -> ItemText:
        """The text fields the stages read, as given (``tag`` labels them without storing them)."""
        return ItemText(self.item.title, self.item.summary, self.item.body, self.published)


def decode_file(path: Path) -> str:
    """The file's text: UTF-8 (BOM optional) or UTF-16 with BOM; anything else names the bad line."""
    data = path.read_bytes()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise PressmonError(
            f"{path}:{line}: not UTF-8 text (byte {exc.object[exc.start]:#04x}); convert the file to UTF-8."
        ) from exc


def _validate(path: Path, line: int, raw: Any) -> LoadedItem:
    if not isinstance(raw, dict):
        raise PressmonError(f"{path}:{line}: expected a JSON object with item fields.")
    try:
        item = ItemIn.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise PressmonError(f"{path}:{line}: field '{err['loc'][0]}': {err['msg']}.") from exc
    if not item.url and not item.id:
        raise PressmonError(f"{path}:{line}: an item needs a 'url' or an 'id'.")
    published = parse_iso(item.published) if item.published else None
    if item.published and published is None:
        raise PressmonError(f"{path}:{line}: 'published' is not an ISO-8601 date: {item.published!r}.")
    if item.url:
        try:
            canonical_url(item.url)
        except ValueError as exc:
            raise PressmonError(f"{path}:{line}: 'url' {exc}.") from exc
    return LoadedItem(line, item, published)


def _rows(path: Path, text: str) -> list[tuple[int, Any]]:
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        return [(reader.line_num, dict(row)) for row in reader]
    rows = []
    # Not splitlines(): it also breaks at U+2028/U+2029, which JSON strings may hold unescaped.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            rows.append((number, json.loads(line)))
        except json.JSONDecodeError as exc:
            raise PressmonError(f"{path}:{number}: not valid JSON ({exc.msg}).") from exc
        except RecursionError:  # arrays or objects nested thousands deep: no item looks like that
            raise PressmonError(f"{path}:{number}: JSON nested too deeply to be an item.") from None
    return rows


def load_items(path: Path) -> list[LoadedItem]:
    """Every item of a JSONL or CSV file, validated; raises :class:`PressmonError` at the first bad line."""
    if not path.is_file():
        raise PressmonError(f"Input file {path} does not exist.")
    text = decode_file(path)
    return [_validate(path, line, raw) for line, raw in _rows(path, text)]


def duplicate_ids(items: Sequence[LoadedItem]) -> dict[str, list[int]]:
    """Ids given by more than one line of the file, with those lines: the last line wins on import."""
    lines: dict[str, list[int]] = {}
    for loaded in items:
        lines.setdefault(item_id(loaded), []).append(loaded.line)
    return {aid: found for aid, found in lines.items() if len(found) > 1}


def _canonical(item: ItemIn) -> str:
    return canonical_url(item.url) if item.url else f"urn:pressmon:{item.id}"


def item_id(loaded: LoadedItem) -> str:
    """The item's id: the one it gives, else the hash of its canonical URL."""
    return loaded.item.id or article_id(_canonical(loaded.item))


def to_record(loaded: LoadedItem, fetched_at: datetime, source_id: str | None = None) -> ArticleRecord:
    """The article record an imported item becomes; ``source_id`` is its registry id, when matched."""
    item = loaded.item
    canonical = _canonical(item)
    return ArticleRecord(
        id=item_id(loaded),
        url=item.url,
        canonical_url=canonical,
        source_id=source_id or clean_text(item.source) or "import",
        # As given (NFC, no invisible or control characters): an office quotes these titles.
        title=clean_text(item.title),
        summary=clean_text(item.summary),
        body=clean_text(item.body),
        byline="",
        published_at=loaded.published,
        fetched_at=fetched_at,
        extraction_method=IMPORT_METHOD,
        published_method=_import_method(item),
    )


def _import_method(item: ItemIn) -> str:
    """The import's published_method: "+assumed-tz" when the time had no offset (the office's zone)."""
    given = read_iso(item.published) if item.published else None
    if given is None:
        return ""
    return "import+assumed-tz" if given.tzinfo is None else "import"


@dataclass
class ImportSummary:
    """How many items were new, updated and unchanged, and the outlet names the registry did not know."""

    counts: Counter[UpsertResult] = field(
        default_factory=lambda: Counter({"new": 0, "updated": 0, "unchanged": 0})
    )
    unmatched: Counter[str] = field(default_factory=Counter)


def import_items(
    session: Session, items: Sequence[LoadedItem], fetched_at: datetime, outlets: OutletMatcher
) -> ImportSummary:
    """Store every item as if crawled at ``fetched_at``, in the caller's transaction (all or nothing),
    under the registry id of its outlet where ``outlets`` finds one."""
    summary = ImportSummary()
    for loaded in items:
        source_id = outlets.match(loaded.item.source, loaded.item.url)
        if source_id is None:
            summary.unmatched[clean_text(loaded.item.source) or "import"] += 1
        summary.counts[upsert_article(session, to_record(loaded, fetched_at, source_id))] += 1
    return summary
