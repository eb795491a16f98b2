"""Every taxonomy keyword of every label found in one pass over a text, with the matches of
:meth:`pipeline.taxonomy.KeywordSet.find` label by label.

``KeywordSet.find`` runs one regular expression per label (``(?<!\\w)(w1|w2|…)(?!\\w)``, longest
keyword first), so twenty labels scan an article twenty times. Here one pattern, the keywords of all
labels as a character trie, finds each position where some keyword starts and the longest keyword
that matches there; the keywords that also match there are the prefixes of that one (all of them
spell the text at that position). Replaying each label's left-to-right, non-overlapping search over
those positions gives exactly the list ``find`` returns. The keywords are read back from the
labels' compiled patterns and the pattern rebuilt from them must be the one compiled; when it is
not (the taxonomy module changed how it builds them), :func:`scanner` returns ``None`` and the
caller uses ``find`` label by label.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.taxonomy import KeywordSet

_HEAD, _TAIL = r"(?<!\w)(", r")(?!\w)"
_WORD_CHAR = re.compile(r"\w")


def keywords_of(pattern: re.Pattern[str] | None) -> list[str] | None:
    """The keywords of a label's pattern in their order, or ``None`` if it is not a plain alternation."""
    if pattern is None:
        return []
    source = pattern.pattern
    if not (source.startswith(_HEAD) and source.endswith(_TAIL)):
        return None
    words, current, escaped = [], [], False
    for ch in source[len(_HEAD) : -len(_TAIL)]:
        if escaped or ch not in "\\|":
            current.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        else:
            words.append("".join(current))
            current = []
    words.append("".join(current))
    rebuilt = _HEAD + "|".join(re.escape(w) for w in words) + _TAIL
    return words if rebuilt == source and all(words) else None


def _trie_source(words: Sequence[str]) -> str:
    """A regex matching the longest of ``words`` followed by no word character (children are tried
    before a word ends, so the deepest keyword with a boundary after it wins)."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alternatives = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if "" in node:
            alternatives.append(r"(?!\w)")
        return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"

    return emit(trie)


@dataclass(frozen=True)
class Scanner:
    """One pass of all labels' keywords over a text (one scanner for text with diacritics, one folded)."""

    starts: re.Pattern[str] | None  # group 1: the longest keyword starting at the match position
    prefixes: dict[str, tuple[str, ...]]  # keyword → the keywords it starts with, longest first
    owners: dict[str, tuple[int, ...]]  # keyword → the labels (by index) that hold it
    labels: int

    @classmethod
    def build(cls, per_label: Sequence[Sequence[str]]) -> Scanner:
        """A scanner for these labels' keywords (label ``i`` holds ``per_label[i]``)."""
        owners: dict[str, list[int]] = {}
        for index, words in enumerate(per_label):
            for word in words:
                owners.setdefault(word, []).append(index)
        ordered = sorted(owners, key=len, reverse=True)
        prefixes = {w: tuple(v for v in ordered if w.startswith(v)) for w in ordered}
        starts = re.compile(r"(?<!\w)(?=(" + _trie_source(ordered) + "))") if ordered else None
        return cls(starts, prefixes, {w: tuple(ix) for w, ix in owners.items()}, len(per_label))

    def find(self, text: str) -> list[list[str]]:
        """For each label, the keywords found in ``text`` as its own ``find`` lists them."""
        found: list[list[str]] = [[] for _ in range(self.labels)]
        if self.starts is None:
            return found
        free = [0] * self.labels  # where each label's next match may start (matches do not overlap)
        for match in self.starts.finditer(text):
            start, longest = match.start(), match.group(1)
            for rank, word in enumerate(self.prefixes[longest]):
                end = start + len(word)
                if rank and _WORD_CHAR.match(text, end):
                    continue  # a shorter keyword needs a word boundary of its own
                for label in self.owners[word]:
                    if start >= free[label]:
                        found[label].append(word)
                        free[label] = end
        return found


@dataclass(frozen=True)
class LabelScanners:
    """The scanners of a taxonomy's keyword sets, for text with and without diacritics."""

    exact: Scanner
    folded: Scanner


def build_scanners(sets: Sequence[KeywordSet]) -> LabelScanners | None:
    """Scanners for ``sets``, or ``None`` when their patterns are not plain keyword alternations."""
    exact = [keywords_of(ks.exact) for ks in sets]
    folded = [keywords_of(ks.folded) for ks in sets]
    if any(words is None for words in (*exact, *folded)):
        return None
    return LabelScanners(Scanner.build([w or [] for w in exact]), Scanner.build([w or [] for w in folded]))
