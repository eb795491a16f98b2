"""verbatim text: stored titles, summaries, bodies and bylines spelt as their pages spell them

Revision ID: 0006
Revises: 0005

Before this revision the stored text was the matching form: tone marks moved to the traditional vowel
("Thanh Hoá" → "Thanh Hóa", "uỷ ban" → "ủy ban") and C0/C1 control characters kept. Here every
article with a raw page gets its pages' spelling back word by word (the words of the raw page and of
its feed entry; a word the page spells both ways is left), and every article loses its control
characters; ``text_hash`` and ``search_text`` follow. Nothing else is rewritten and no revision is
added: the words are the ones the outlet published. Articles without a raw page (imports) keep their
tone marks as stored (the original is not known). ``published_method`` widens to 60 characters
("visible-date+feed-time+assumed-tz"); SQLite does not enforce lengths, so its table is not rebuilt.
"""

from __future__ import annotations

import gzip
import html
from typing import Any

import sqlalchemy as sa
from alembic import op

from pipeline.storage.articles import text_hash
from pipeline.storage.fulltext import search_text
from pipeline.text.charset import decode_page
from pipeline.text.normalise import restore_spelling, strip_controls

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

BATCH = 500
FIELDS = ("title", "summary", "body", "byline")
_ARTICLES = sa.table(
    "articles",
    sa.column("id", sa.String),
    *(sa.column(name, sa.Text) for name in FIELDS),
    sa.column("raw_sha256", sa.String),
    sa.column("feed", sa.JSON),
    sa.column("text_hash", sa.String),
    sa.column("search_text", sa.Text),
)
_RAW = sa.table(
    "raw_pages", sa.column("sha256", sa.String), sa.column("content_type", sa.String), sa.column("body_gz")
)


def _page_words(conn: sa.Connection, sha256: str | None, feed: Any) -> str:
    """The text the article's words came from: its raw page (decoded, entities resolved) and feed entry."""
    parts = [str(v) for k, v in (feed or {}).items() if k in ("title", "summary", "author")]
    if sha256:
        row = conn.execute(
            sa.select(_RAW.c.content_type, _RAW.c.body_gz).where(_RAW.c.sha256 == sha256)
        ).first()
        if row is not None:
            parts.append(html.unescape(decode_page(gzip.decompress(row.body_gz), row.content_type or "")[0]))
    return "\n".join(parts)


def _verbatim(conn: sa.Connection, row: Any) -> dict[str, str] | None:
    """The row's fields spelt as published, or None when nothing changes."""
    original = _page_words(conn, row.raw_sha256, row.feed) if row.raw_sha256 or row.feed else ""
    fields = {name: strip_controls(getattr(row, name) or "") for name in FIELDS}
    if original:
        fields = {name: restore_spelling(value, original) for name, value in fields.items()}
    if all(fields[name] == (getattr(row, name) or "") for name in FIELDS):
        return None
    return fields


def _rederive(conn: sa.Connection) -> None:
    """Every article, a batch at a time (keyset on the id)."""
    update = (
        sa.update(_ARTICLES)
        .where(_ARTICLES.c.id == sa.bindparam("article_id"))
        .values(**{name: sa.bindparam(f"new_{name}") for name in (*FIELDS, "text_hash", "search_text")})
    )
    last = ""
    while True:
        rows = conn.execute(
            sa.select(_ARTICLES).where(_ARTICLES.c.id > last).order_by(_ARTICLES.c.id).limit(BATCH)
        ).all()
        if not rows:
            return
        changes = []
        for row in rows:
            fields = _verbatim(conn, row)
            if fields is not None:
                digest = text_hash(fields["title"], fields["body"], fields["summary"])
                folded = search_text(fields["title"], fields["summary"], fields["body"])
                params = {f"new_{name}": value for name, value in fields.items()}
                changes.append(
                    {"article_id": row.id, **params, "new_text_hash": digest, "new_search_text": folded}
                )
        if changes:
            conn.execute(update, changes)
        last = rows[-1].id


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        op.alter_column("articles", "published_method", type_=sa.String(length=60), existing_nullable=False)
    _rederive(conn)


def downgrade() -> None:
    # The verbatim text stays (the matching form is computed, never stored); only the column narrows.
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        conn.execute(sa.text("UPDATE articles SET published_method = left(published_method, 20)"))
        op.alter_column("articles", "published_method", type_=sa.String(length=20), existing_nullable=False)
