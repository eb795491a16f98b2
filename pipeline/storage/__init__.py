"""The database: the schema (SQLAlchemy models) and its Alembic migrations, engines and transactions,
and one module per table that writes it (articles, assessments, reviews, audit, crawl runs, sources,
segments, stories), read-side views for export and summaries, the full-text index, backup and copy.
Imports only the layers below (registry, taxonomy, settings, records, text, clock, errors)."""
