"""The folded search text of an article and the full-text index built on it, on SQLite and PostgreSQL.

``articles.search_text`` holds title, summary and body folded by ``pipeline.text.normalise.fold`` (lower case,
no diacritics, đ → d), so "hai phong", "Hải Phòng" and "Hải Phòng" written with combining marks or
either tone-mark placement ("hoà"/"hòa") all meet. It is filled when an article is stored
(``pipeline.storage.articles``) and backfilled by migration 0003.

The index over it: SQLite's FTS5 (an external-content table ``articles_fts`` on ``articles.rowid``,
kept in step by triggers), PostgreSQL's built-in full-text search (a generated, stored column
``search_tsv = to_tsvector('simple', search_text)`` with a GIN index; no extension needed). Both
split words on the same boundaries, and a query matches articles holding every word as a word
prefix; a quoted phrase must occur as written.
"""

from __future__ import annotations

import re

from sqlalchemy import TextClause, text
from sqlalchemy.engine import Connection

from pipeline.text.normalise import fold

FTS_TABLE = "articles_fts"
PG_COLUMN = "search_tsv"
PG_INDEX = "ix_articles_search_fts"
# Words as both indexes see them: runs of letters and digits (the underscore separates, as in FTS5).
_WORD = re.compile(r"[^\W_]+")
_QUERY_PART = re.compile(r'"([^"]*)"?|([^\s"]+)')

# The f-strings below only put this module's constant names into SQL (bandit B608); user text is
# always a bound parameter.
_DELETE = (
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) "  # nosec B608
    "VALUES ('delete', old.rowid, old.search_text);"
)
_INSERT = f"INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.rowid, new.search_text);"  # nosec B608
_SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "search_text, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 0')",
    # External content: the index reads the text from articles; these keep it in step with every write.
    f"CREATE TRIGGER IF NOT EXISTS articles_fts_ai AFTER INSERT ON articles BEGIN {_INSERT} END",
    f"CREATE TRIGGER IF NOT EXISTS articles_fts_ad AFTER DELETE ON articles BEGIN {_DELETE} END",
    f"CREATE TRIGGER IF NOT EXISTS articles_fts_au AFTER UPDATE OF search_text ON articles "
    f"BEGIN {_DELETE} {_INSERT} END",
)


def search_text(title: str, summary: str, body: str) -> str:
    """The folded text an article is found by (title, summary and body, one line each)."""
    return fold("\n".join(part for part in (title, summary, body) if part))


def query_groups(query: str) -> list[list[str]]:
    """The query as groups of folded words: one group per quoted phrase, one per other word.

    ``'Hải Phòng "bồi thường"'`` → ``[["hai"], ["phong"], ["boi", "thuong"]]``.
    """
    groups = []
    for phrase, word in _QUERY_PART.findall(query):
        words = _WORD.findall(fold(phrase or word))
        if phrase and words:
            groups.append(words)
        elif not phrase:
            groups.extend([w] for w in words)
    return groups


def fts5_match(groups: list[list[str]]) -> str:
    """An FTS5 MATCH expression: every group, its last word as a prefix (words are [^\\W_]+, no quotes)."""
    return " AND ".join('"' + " ".join(words) + '"*' for words in groups)


def pg_tsquery(groups: list[list[str]]) -> str:
    """A ``to_tsquery('simple', …)`` text with the same meaning as ``fts5_match``."""
    return " & ".join("(" + " <-> ".join([*words[:-1], words[-1] + ":*"]) + ")" for words in groups)


def install_sqlite_index(conn: Connection) -> None:
    """Create the FTS5 table and its triggers (idempotent) and index every stored article.

    A migration that rebuilds the ``articles`` table (SQLite batch mode) drops the triggers and
    renumbers rows: it must call this again afterwards.
    """
    for statement in _SQLITE_DDL:
        conn.execute(text(statement))
    conn.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"))  # nosec B608


def drop_sqlite_index(conn: Connection) -> None:
    """Remove the FTS5 table and its triggers."""
    for trigger in ("articles_fts_ai", "articles_fts_ad", "articles_fts_au"):
        conn.execute(text(f"DROP TRIGGER IF EXISTS {trigger}"))
    conn.execute(text(f"DROP TABLE IF EXISTS {FTS_TABLE}"))


def install_pg_index(conn: Connection) -> None:
    """A stored ``tsvector`` of the folded text and its GIN index (PostgreSQL 12 or later).

    Stored, not an expression index: a phrase query rechecks word positions on every candidate row,
    which would otherwise recompute ``to_tsvector`` over the whole text each time.
    """
    conn.execute(
        text(
            f"ALTER TABLE articles ADD COLUMN IF NOT EXISTS {PG_COLUMN} tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED"
        )
    )
    conn.execute(text(f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON articles USING gin ({PG_COLUMN})"))


def drop_pg_index(conn: Connection) -> None:
    """Remove the stored ``tsvector`` column (and with it its index)."""
    conn.execute(text(f"ALTER TABLE articles DROP COLUMN IF EXISTS {PG_COLUMN}"))


def match_clause(dialect: str, groups: list[list[str]]) -> TextClause:
    """A WHERE clause on ``articles`` (named so in the query) matching every group, parameters bound."""
    if dialect == "sqlite":
        match = f"articles.rowid IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts)"  # nosec B608
        clause = text(match)
        return clause.bindparams(fts=fts5_match(groups))
    clause = text(f"articles.{PG_COLUMN} @@ to_tsquery('simple', :fts)")
    return clause.bindparams(fts=pg_tsquery(groups))
