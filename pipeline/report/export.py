"""``pressmon export``: articles with their assessment and review status as JSONL or CSV.

The file is written to a temporary name beside the target and renamed at the end, so an
interrupted export never leaves a half-written file under the requested name.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline.storage.views import EXPORT_FIELDS


def _csv_value(value: Any) -> Any:
    return "|".join(value) if isinstance(value, list) else value


def write_records(records: Iterable[dict[str, Any]], output: Path, fmt: str) -> int:
    """Write ``records`` to ``output`` in ``fmt`` (jsonl or csv) atomically; returns the count."""
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.parent)
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=EXPORT_FIELDS) if fmt == "csv" else None
            if writer:
                writer.writeheader()
            for record in records:
                if writer:
                    writer.writerow({k: _csv_value(record[k]) for k in EXPORT_FIELDS})
                else:
                    fh.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
        os.replace(tmp_name, output)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return count
