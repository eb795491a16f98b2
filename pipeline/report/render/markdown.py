"""The report as Markdown, for quick review (same sections and tables as the DOCX, no charts).

Table cells carry scraped titles and outlets' text: HTML in them is escaped (``&lt;script&gt;``) and
so is the inline Markdown that could make a link, an image or emphasis, so a Markdown viewer shows the
text as the outlet wrote it and runs or fetches nothing.
"""

from __future__ import annotations

import html
import re

from pipeline.clock import local_zone
from pipeline.report import texts as T
from pipeline.report.content import ReportContent
from pipeline.report.figures import number as thousands
from pipeline.report.tables import ReportTable

# Inline Markdown a cell could hold: emphasis, code, links and images, strike-through, the cell separator.
_INLINE = re.compile(r"([\\`*_\[\]|~!])")


def _cell(value: str | int) -> str:
    text = thousands(value) if isinstance(value, int) else str(value)
    text = _INLINE.sub(r"\\\1", html.escape(text, quote=False))
    return text.replace("\n", "<br>")


def md_table(table: ReportTable) -> list[str]:
    """A pipe table; an empty table becomes the sentence "Không có."."""
    if not table.rows:
        return [T.NONE, ""]
    lines = ["| " + " | ".join(table.headers) + " |", "|" + "---|" * len(table.headers)]
    for index, row in enumerate(table.rows):
        cells = [_cell(c) for c in row]
        if table.total_row and index == len(table.rows) - 1:
            cells = [f"**{c}**" for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


def render_markdown(content: ReportContent) -> str:
    """The whole report as Markdown (Vietnamese)."""
    snap = content.snapshot
    frozen = snap.frozen_at.astimezone(local_zone())
    issuer = content.issuer
    out = [
        f"# {T.DOC_KIND}: {content.title}",
        "",
        f"*{issuer.unit} — {issuer.issuer}. {issuer.number}. "
        f"{issuer.place}, ngày {frozen:%d} tháng {frozen:%m} năm {frozen:%Y}.*",
        "",
        content.intro,
        "",
        f"## I. {T.SECTION_PERIOD}",
        "",
        *(line for text in content.period_lines for line in (text, "")),
    ]
    if content.empty:
        return "\n".join([*out, f"**{content.empty}**", ""])
    out += [f"## II. {T.SECTION_FIGURES}", ""]
    for number, table in enumerate(content.figures, 1):
        out += [f"### {number}. {table.title}", "", *md_table(table)]
    out += [f"*{T.TOPIC_NOTE}*", "", f"## III. {T.SECTION_POSITIVE}", ""]
    for number, table in enumerate(content.positive, 1):
        out += [f"### {number}. {table.title}", "", *md_table(table)]
    if not content.positive:
        out += [T.NONE, ""]
    out += [f"## IV. {T.SECTION_FLAGGED}", ""]
    out += [f"### 1. {content.flagged.title}", "", *md_table(content.flagged)]
    out += [f"### 2. {content.still_open.title}", "", *md_table(content.still_open)]
    out += [
        f"### 3. {content.cases.title}",
        "",
        *(line for text in content.case_lines for line in (text, "")),
    ]
    if content.cases.rows:
        out += md_table(content.cases)
        out += [f"### 4. {content.case_outcomes.title}", "", *md_table(content.case_outcomes)]
    for heading, lines in (
        (f"## V. {T.SECTION_ASSESSMENT}", content.assessment),
        (f"## VI. {T.SECTION_PROPOSALS}", content.proposals),
    ):
        out += [heading, "", *(line for text in lines or [T.NONE] for line in (text, ""))]
    out += [
        f"## VII. {T.SECTION_APPENDIX}",
        "",
        f"### 1. {content.sources.title}",
        "",
        *md_table(content.sources),
    ]
    out += [f"### 2. {T.SUB_METHOD}", "", *(line for text in content.method for line in (text, ""))]
    signer = f"**{issuer.signer_title.upper()}**" + (f" — {issuer.signer_name}" if issuer.signer_name else "")
    out += [f"*{T.RECIPIENTS}*", "", *(f"- {r}" for r in issuer.recipients), "", signer, ""]
    return "\n".join(out)
