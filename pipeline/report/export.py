"""``pressmon export``: articles with their assessment and review status as JSONL or CSV.

The file is written through :func:`pipeline.files.output_file` (a temporary name beside the target,
renamed at the end; only a regular file, replaced only when allowed), so an interrupted export never
leaves a half-written file under the requested name. CSV cells are made inert for spreadsheets.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline.files import output_file
from pipeline.storage.views import EXPORT_FIELDS
from pipeline.text.cells import inert_cell


def _csv_value(value: Any) -> Any:
    return inert_cell("|".join(value) if isinstance(value, list) else value)


def write_records(records: Iterable[dict[str, Any]], output: Path, fmt: str, replace: bool = False) -> int:
    """Write ``records`` to ``output`` in ``fmt`` (jsonl or csv) atomically; returns the count.
    An existing ``output`` is replaced only when ``replace``."""
    count = 0
    with output_file(output, replace) as tmp, tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=EXPORT_FIELDS) if fmt == "csv" else None
        if writer:
            writer.writeheader()
        for record in records:
            if writer:
                writer.writerow({k: _csv_value(record[k]) for k in EXPORT_FIELDS})
            else:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count
