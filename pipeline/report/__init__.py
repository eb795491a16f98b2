"""The quarterly press briefing: periods, the figures counted, the frozen snapshot of a period, the
report's content and tables, and ``render/`` (DOCX, Markdown, CSV/XLSX, charts); also ``export``, the
articles with their labels as JSONL or CSV. Imports storage and the layers below it."""
