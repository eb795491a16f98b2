"""Safe highlighting of scraped text: matched places and flag phrases marked, nothing rendered as HTML.

Scraped text is untrusted. Every piece is HTML-escaped and then Markdown-escaped before it reaches
``st.markdown`` (which is never given ``unsafe_allow_html``); the highlight markers are the only
Markdown this module writes, around pieces escaped the same way. Phrases are found on folded text
(no diacritics, lower case) so evidence recorded without diacritics still marks the original words;
a name of the taxonomy ("biển Đông") is not marked where the text shows it without its capitals
("người tắm biển đông"), as the keyword rules do not count it there either.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.text.normalise import fold
from pipeline.understand.case_bound import uncapitalised_spans

# Everything Markdown, Streamlit's directives (":red[…]") or its LaTeX ("$") could interpret.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:$<>=])")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # "place" or "flag"
    phrase: str = ""  # the phrase (as given) that matched here


def escape_markdown(text: str) -> str:
    """``text`` as inert Markdown: HTML entities for <, > and &, and backslashes before markup."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def _folded_with_map(text: str) -> tuple[str, list[int]]:
    """Folded text and, for each folded character, the index of the original character it came from."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = fold(char)
        out.append(folded)
        origin.extend([index] * len(folded))
    return "".join(out), origin


def find_spans(text: str, phrases: Iterable[tuple[str, str]], names: Iterable[str] = ()) -> list[Span]:
    """Non-overlapping spans of ``text`` where a (phrase, kind) occurs as whole words, longest first;
    never inside one of ``names`` written without its capitals."""
    folded, origin = _folded_with_map(text)
    found: list[Span] = [Span(a, b, "") for a, b in uncapitalised_spans(text, names)]
    for phrase, kind in sorted(set(phrases), key=lambda p: -len(p[0])):
        needle = fold(phrase).strip()
        if not needle:
            continue
        for match in re.finditer(rf"(?<!\w){re.escape(needle)}(?!\w)", folded):
            start, end = origin[match.start()], origin[match.end() - 1] + 1
            if all(end <= s.start or start >= s.end for s in found):
                found.append(Span(start, end, kind, phrase))
    return sorted((s for s in found if s.kind), key=lambda s: s.start)


def _pairs(places: Iterable[str], flags: Iterable[str]) -> list[tuple[str, str]]:
    return [(p, "place") for p in places] + [(f, "flag") for f in flags]


def shown_phrases(
    texts: Iterable[str], places: Iterable[str], flags: Iterable[str], names: Iterable[str] = ()
) -> set[str]:
    """The flag phrases that :func:`highlighted_markdown` marks somewhere in ``texts``."""
    pairs, names = _pairs(places, flags), list(names)
    return {s.phrase for text in texts for s in find_spans(text, pairs, names) if s.kind == "flag"}


def highlighted_markdown(
    text: str, places: Iterable[str], flags: Iterable[str], names: Iterable[str] = ()
) -> str:
    """Escaped Markdown of ``text`` with places on a blue and flag phrases on an orange background."""
    spans = find_spans(text, _pairs(places, flags), names)
    colour = {"place": "blue", "flag": "orange"}
    pieces: list[str] = []
    cursor = 0
    for span in spans:
        pieces.append(escape_markdown(text[cursor : span.start]))
        inner = escape_markdown(text[span.start : span.end])
        pieces.append(f":{colour[span.kind]}-background[**{inner}**]")
        cursor = span.end
    pieces.append(escape_markdown(text[cursor:]))
    # Paragraph breaks survive as Markdown paragraphs; single newlines as hard line breaks.
    return "".join(pieces).replace("\n\n", "\u2029").replace("\n", "  \n").replace("\u2029", "\n\n")
