"""Word-level difference of two texts (an article's revisions), for the case page.

Words are compared whole (a changed diacritic changes the word: "phạt" → "phát" is one deletion and one
insertion); the whitespace after each word travels with it, so joining the pieces gives the texts back:
the 'equal' and 'insert' pieces give ``new`` exactly, the 'equal' and 'delete' pieces give ``old``
with ``new``'s spacing between unchanged words. Pure: no settings, no I/O.
"""

from __future__ import annotations

import difflib
import re
from typing import Literal

Op = Literal["equal", "delete", "insert"]

# A word and the whitespace after it; text before the first word is a token of its own.
_TOKEN = re.compile(r"^\s+|\S+\s*")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[tuple[Op, str]]:
    """``(op, text)`` pieces turning ``old`` into ``new`` word by word; neighbouring pieces of the same op
    are merged, and a replaced run is its deletion followed by its insertion."""
    old_tokens, new_tokens = _tokens(old), _tokens(new)
    # Compared without their trailing whitespace: a re-wrapped line is not an edit.
    matcher = difflib.SequenceMatcher(
        None, [t.strip() for t in old_tokens], [t.strip() for t in new_tokens], autojunk=False
    )
    pieces: list[tuple[Op, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _add(pieces, "equal", "".join(new_tokens[j1:j2]))
            continue
        _add(pieces, "delete", "".join(old_tokens[i1:i2]))
        _add(pieces, "insert", "".join(new_tokens[j1:j2]))
    return pieces


def _add(pieces: list[tuple[Op, str]], op: Op, text: str) -> None:
    if not text:
        return
    if pieces and pieces[-1][0] == op:
        pieces[-1] = (op, pieces[-1][1] + text)
    else:
        pieces.append((op, text))


def with_context(pieces: list[tuple[Op, str]], words: int = 12) -> list[tuple[Op, str]]:
    """``pieces`` with each long unchanged stretch cut to the ``words`` words next to a change, the cut
    marked "…" (the whole article around one changed word is more than a reader needs)."""
    out: list[tuple[Op, str]] = []
    last = len(pieces) - 1
    for index, (op, text) in enumerate(pieces):
        tokens = _tokens(text)
        keep_head = words if index > 0 else 0  # the words just after the previous change
        keep_tail = words if index < last else 0  # the words just before the next change
        if op != "equal" or len(tokens) <= keep_head + keep_tail + 1:
            out.append((op, text))
            continue
        head = "".join(tokens[:keep_head])
        tail = "".join(tokens[len(tokens) - keep_tail :]) if keep_tail else ""
        out.append((op, f"{head}…{' ' if tail else ''}{tail}"))
    return out
