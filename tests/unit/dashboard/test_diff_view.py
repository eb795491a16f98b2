"""dashboard.ui.diff_view: a word diff as safe Markdown (deleted words struck through in red, inserted
words in bold green, publisher text escaped)."""

from __future__ import annotations

import re

from dashboard.ui.diff_view import diff_markdown
from pipeline.text.word_diff import word_diff

HOSTILE = '<script>alert("x")</script> [bấm](javascript:alert(1)) :red[giả] **đậm**'


def test_deleted_words_are_struck_through_in_red_and_inserted_ones_green() -> None:
    out = diff_markdown(word_diff("Cầu Khuể bị sập một nhịp", "Cầu Khuể bị nứt một nhịp"))
    assert out == "Cầu Khuể bị :red[~~sập~~] :green[**nứt**] một nhịp"


def test_publisher_text_is_escaped_inside_and_outside_the_marks() -> None:
    out = diff_markdown(word_diff(f"Tin cũ {HOSTILE}", f"Tin mới {HOSTILE} thêm <b>chữ</b>"))
    assert "<" not in out and ">" not in out
    assert "&lt;script&gt;" in out and "\\[bấm\\]\\(javascript\\:alert\\(1\\)\\)" in out
    assert "\\:red\\[giả\\]" in out and "\\*\\*đậm\\*\\*" in out
    assert ":green[**thêm &lt;b&gt;chữ&lt;/b&gt;**]" in out
    # Outside the module's own markers, every Markdown-special character is escaped.
    bare = re.sub(r":(red|green)\[(~~|\*\*)|(~~|\*\*)\]", "", out)
    assert not re.search(r"(?<!\\)[*_\[\]()`$:#|~]", bare)


def test_marks_close_at_line_breaks_and_paragraphs_survive() -> None:
    old = "Tiêu đề cũ\n\nĐoạn một.\nDòng hai."
    new = "Tiêu đề mới\n\nĐoạn một đã sửa.\nDòng hai."
    out = diff_markdown(word_diff(old, new))
    # The old title's break after the deleted word gives way to the new text's layout.
    assert out.startswith("Tiêu đề :red[~~cũ~~] :green[**mới**]\n\n")
    assert ":red[~~một.~~] :green[**một đã sửa.**]".replace(".", "\\.") in out
    assert out.endswith("  \nDòng hai\\.")


def test_a_deleted_paragraph_is_struck_line_by_line() -> None:
    out = diff_markdown(
        [("equal", "Mở đầu. "), ("delete", "Câu sai một.\n\nCâu sai hai. "), ("equal", "Kết.")]
    )
    assert out == "Mở đầu\\. :red[~~Câu sai một\\.~~]\n\n:red[~~Câu sai hai\\.~~] Kết\\."
