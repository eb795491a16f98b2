"""A word diff of two revisions as safe Markdown: deleted words struck through in red, inserted words in
bold green, the rest plain.

The revisions are publisher text, so every word goes through :func:`escape_markdown` (HTML entities,
backslashes before markup) and ``st.markdown`` is never given ``unsafe_allow_html``; the colour and
strike-through markers are the only Markdown written here. Markers close at each line break, since
Markdown emphasis cannot span paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from dashboard.ui.highlight import escape_markdown

_LINE_BREAK = re.compile(r"(\s*\n\s*)")
_MARK = {"delete": ":red[~~{}~~]", "insert": ":green[**{}**]"}


def _break(gap: str) -> str:
    """A whitespace run holding a newline: a paragraph break or a hard line break."""
    return "\n\n" if gap.count("\n") > 1 else "  \n"


def _segment(text: str, op: str) -> str:
    """One line's part of a piece: its words escaped (and marked), its outer spaces kept as one space."""
    words = " ".join(escape_markdown(w) for w in text.split())
    if not words:
        return " " if text else ""
    marked = _MARK[op].format(words) if op in _MARK else words
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() else ""
    return f"{lead}{marked}{trail}"


def diff_markdown(pieces: Iterable[tuple[str, str]]) -> str:
    """The ``(op, text)`` pieces of :func:`pipeline.text.word_diff.word_diff` as escaped Markdown."""
    out: list[str] = []
    for op, text in pieces:
        parts = _LINE_BREAK.split(text)  # with the group kept: the odd parts are the line breaks
        tail = ""
        if op == "delete" and len(parts) > 1 and not parts[-1]:
            # The old text's break after deleted words: the new text's layout follows, not this one.
            parts, tail = parts[:-2], " "
        for index, part in enumerate(parts):
            out.append(_break(part) if index % 2 else _segment(part, op))
        out.append(tail)
    return "".join(out)
