"""The report's formats, each drawn from the same :class:`pipeline.report.content.ReportContent`:
DOCX (the administrative form), Markdown, CSV/XLSX, and the charts (PNG)."""
