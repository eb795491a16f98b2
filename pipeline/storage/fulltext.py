"""The folded search text of an article and the full-text index built on it, on SQLite and PostgreSQL.

``articles.search_text`` holds title, summary and body folded by ``pipeline.text.normalise.fold`` (lower case,
no diacritics, đ → d), so "hai phong", "Hải Phòng" and "Hải Phòng" written with combining marks or
either tone-mark placement ("hoà"/"hòa") all meet. It is filled when an article is stored
(``pipeline.storage.articles``) and backfilled by migration 0003.

The index over it: SQLite's FTS5 (an external-content table ``articles_fts`` on ``articles.rowid``,
kept in step by triggers), PostgreSQL's built-in full-text search (a generated, stored column
``search_tsv = to_tsvector('simple', search_text)`` with a GIN index; no extension needed). Both
split words on the same boundaries, and a query matches articles holding every word as a word
prefix; a quoted phrase, or a known place name given by the caller, must occur as written. Matches are
ranked by the index's own relevance (bm25 on FTS5, ts_rank on PostgreSQL), the words found next to
each other as typed first.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from sqlalchemy import Boolean, Float, String, Subquery, TextClause, text
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


def query_groups(query: str, phrases: Collection[tuple[str, ...]] = ()) -> list[list[str]]:
    """The query as groups of folded words: one group per quoted phrase, one per other word, except that
    unquoted words forming one of ``phrases`` (folded place names of the gazetteer) make one group.

    ``'Hải Phòng "bồi thường"'`` → ``[["hai"], ["phong"], ["boi", "thuong"]]``; with ``("hai", "phong")``
    among ``phrases`` → ``[["hai", "phong"], ["boi", "thuong"]]``.
    """
    groups: list[list[str]] = []
    loose: list[str] = []  # unquoted words in a row, joined into known phrases when a quote or the end comes
    for phrase, word in _QUERY_PART.findall(query):
        if phrase:
            groups.extend(_phrase_runs(loose, phrases))
            loose = []
            if words := _WORD.findall(fold(phrase)):
                groups.append(words)
        else:
            loose.extend(_WORD.findall(fold(word)))
    groups.extend(_phrase_runs(loose, phrases))
    return groups


def _phrase_runs(words: list[str], phrases: Collection[tuple[str, ...]]) -> list[list[str]]:
    """``words`` one group each, except the longest runs found in ``phrases`` (left to right)."""
    longest = max((len(p) for p in phrases), default=1)
    groups, i = [], 0
    while i < len(words):
        size = next(
            (n for n in range(min(longest, len(words) - i), 1, -1) if tuple(words[i : i + n]) in phrases), 1
        )
        groups.append(words[i : i + size])
        i += size
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
    """A WHERE clause on ``articles`` (named so in the query) matching every group, parameters bound:
    enough to count and to list the newest, without the cost of scoring every match."""
    if dialect == "sqlite":
        match = f"articles.rowid IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts)"  # nosec B608
        clause = text(match)
        return clause.bindparams(fts=fts5_match(groups))
    clause = text(f"articles.{PG_COLUMN} @@ to_tsquery('simple', :fts)")
    return clause.bindparams(fts=pg_tsquery(groups))


def _typed_order(groups: list[list[str]]) -> list[list[str]] | None:
    """Every word of the query as one phrase, in the order typed; None when that is already a group."""
    return [[w for g in groups for w in g]] if len(groups) > 1 else None


def ranked_matches(dialect: str, groups: list[list[str]]) -> Subquery:
    """The articles matching every group, as ``(id, score, adjacent)``: the index's own relevance
    (higher is better: FTS5's bm25 negated, PostgreSQL's ts_rank) and whether the words occur next to
    each other as typed (ranked first)."""
    adjacent = _typed_order(groups)
    if dialect == "sqlite":
        phrase = f"rowid IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :near)"  # nosec B608
        near = phrase if adjacent else "0"
        sql = (
            f"SELECT articles.id AS id, f.score AS score, f.adjacent AS adjacent FROM ("  # nosec B608
            f"SELECT rowid, -bm25({FTS_TABLE}) AS score, {near} AS adjacent "
            f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts) AS f JOIN articles ON articles.rowid = f.rowid"
        )
        clause, expression = text(sql).bindparams(fts=fts5_match(groups)), fts5_match
    else:
        near = f"{PG_COLUMN} @@ to_tsquery('simple', :near)" if adjacent else "false"
        sql = (
            f"SELECT id, ts_rank({PG_COLUMN}, q) AS score, {near} AS adjacent "  # nosec B608
            f"FROM articles, to_tsquery('simple', :fts) AS q WHERE {PG_COLUMN} @@ q"
        )
        clause, expression = text(sql).bindparams(fts=pg_tsquery(groups)), pg_tsquery
    if adjacent:
        clause = clause.bindparams(near=expression(adjacent))
    return clause.columns(id=String, score=Float, adjacent=Boolean).subquery("ranked")
