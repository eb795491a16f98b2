"""Scraped text is highlighted as inert Markdown: escaped, with only the module's own highlight markup."""

from __future__ import annotations

import re

from dashboard.ui.highlight import escape_markdown, find_spans, highlighted_markdown

HOSTILE = (
    '<script>alert("x")</script> <img src=x onerror=alert(1)> [bấm](javascript:alert(1)) :red[đỏ] $x$ **đậm**'
)


def test_escaped_text_has_no_live_html_links_directives_or_emphasis() -> None:
    out = escape_markdown(HOSTILE)
    assert "<" not in out and ">" not in out
    assert "&lt;script&gt;" in out and "&lt;img src\\=x onerror\\=alert\\(1\\)&gt;" in out
    assert "\\[bấm\\]\\(javascript\\:alert\\(1\\)\\)" in out
    assert "\\:red\\[đỏ\\]" in out and "\\$x\\$" in out and "\\*\\*đậm\\*\\*" in out
    # Every Markdown-special character is preceded by a backslash.
    assert not re.search(r"(?<!\\)[*_\[\]()`$:#|]", out)


def test_places_and_flag_phrases_are_marked_even_when_found_without_diacritics() -> None:
    text = "Người dân xã An Hưng (An Lão) bức xúc vì chậm bồi thường."
    spans = find_spans(text, [("an lao", "place"), ("An Hưng", "place"), ("buc xuc", "flag")])
    assert [(text[s.start : s.end], s.kind) for s in spans] == [
        ("An Hưng", "place"),
        ("An Lão", "place"),
        ("bức xúc", "flag"),
    ]
    out = highlighted_markdown(text, ["an lao", "An Hưng"], ["bức xúc"])
    assert ":blue-background[**An Lão**]" in out and ":orange-background[**bức xúc**]" in out
    assert "\\(" in out  # the parenthesis of the scraped text stays escaped


def test_partial_words_are_not_marked_and_hostile_text_inside_a_mark_stays_escaped() -> None:
    assert find_spans("Hải Phòngxyz", [("Hải Phòng", "place")]) == []
    out = highlighted_markdown("<b>sai phạm</b>", [], ["sai phạm"])
    assert out == "&lt;b&gt;:orange-background[**sai phạm**]&lt;/b&gt;"


def test_paragraphs_survive_as_markdown_paragraphs() -> None:
    assert (
        highlighted_markdown("Đoạn một.\n\nĐoạn hai.\nDòng", [], []) == "Đoạn một\\.\n\nĐoạn hai\\.  \nDòng"
    )
