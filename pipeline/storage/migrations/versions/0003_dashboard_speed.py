"""dashboard speed: indexes for the overview and queue, a folded search column with its full-text index

Revision ID: 0003
Revises: 0002

``articles.search_text`` (title, summary and body folded: lower case, no diacritics, đ → d) is
backfilled here in batches and filled by ``pipeline.storage.articles`` from then on; ``pipeline.storage.fulltext``
indexes it (SQLite FTS5 with triggers; PostgreSQL a stored ``tsvector`` column with a GIN index).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pipeline.storage.fulltext import (
    drop_pg_index,
    drop_sqlite_index,
    install_pg_index,
    install_sqlite_index,
    search_text,
)

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

BATCH = 2000
SQLITE_LABELS = "ix_assessments_labels"
# name → (table, columns): what the overview, queue, search and "since your last visit" filter and sort on.
INDEXES = {
    "ix_articles_published_source": ("articles", ["published_at", "source_id"]),
    "ix_articles_source_published": ("articles", ["source_id", "published_at"]),
    "ix_articles_fetched_at": ("articles", ["fetched_at"]),
    # Covering for the queue's ranking: flagged current assessments with their article and score.
    "ix_assessments_flagged": ("assessments", ["needs_response", "is_current", "article_id", "flag_score"]),
    "ix_reviews_created_at": ("reviews", ["created_at"]),
}


def _backfill(conn: sa.Connection) -> None:
    """Fold the text of every stored article, a batch at a time (keyset on the id)."""
    articles = sa.table(
        "articles",
        sa.column("id", sa.String),
        sa.column("title", sa.Text),
        sa.column("summary", sa.Text),
        sa.column("body", sa.Text),
        sa.column("search_text", sa.Text),
    )
    update = (
        sa.update(articles)
        .where(articles.c.id == sa.bindparam("article_id"))
        .values(search_text=sa.bindparam("folded"))
    )
    last = ""
    while True:
        rows = conn.execute(
            sa.select(articles.c.id, articles.c.title, articles.c.summary, articles.c.body)
            .where(articles.c.id > last)
            .order_by(articles.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        conn.execute(
            update,
            [{"article_id": r.id, "folded": search_text(r.title, r.summary, r.body)} for r in rows],
        )
        last = rows[-1].id


def upgrade() -> None:
    conn = op.get_bind()
    # Plain ADD COLUMN on both backends (no table copy: the SQLite index below relies on rowids).
    op.add_column("articles", sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    _backfill(conn)
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns)
    if conn.dialect.name == "sqlite":
        # The overview's labels × topic lists of current assessments, counted in index order. Partial
        # (WHERE is_current IS 1, the very term the query has), not led by is_current: such an index
        # lures SQLite's planner, without statistics, into scanning it inside joins on article_id.
        # (PostgreSQL cannot index json; it scans the assessments instead.)
        op.create_index(
            SQLITE_LABELS,
            "assessments",
            ["scope", "tone", "needs_response", "topics"],
            sqlite_where=sa.text("is_current IS 1"),
        )
        install_sqlite_index(conn)
    else:
        install_pg_index(conn)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        drop_sqlite_index(conn)
        op.drop_index(SQLITE_LABELS, table_name="assessments")
    else:
        drop_pg_index(conn)
    for name, (table, _columns) in INDEXES.items():
        op.drop_index(name, table_name=table)
    with op.batch_alter_table("articles") as batch_op:
        batch_op.drop_column("search_text")
