"""pipeline.report.render.charts: PNG charts whose font has every Vietnamese letter of their labels."""

from __future__ import annotations

import warnings

from fontTools.ttLib import TTFont
from matplotlib import font_manager

from pipeline.report.content import ReportContent
from pipeline.report.render.charts import FONT, render_charts
from pipeline.taxonomy import Taxonomy


def test_charts_have_every_vietnamese_letter_in_their_font(
    content: ReportContent, taxonomy: Taxonomy
) -> None:
    path = font_manager.findfont(font_manager.FontProperties(family=FONT), fallback_to_default=False)
    cmap = TTFont(path)["cmap"].getBestCmap()
    labels = "".join([*taxonomy.topics.values(), *taxonomy.tones.values(), "Số tin, bài theo tuần"])
    assert not [c for c in labels if ord(c) not in cmap]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        charts = render_charts(content.snapshot, taxonomy)
    assert not [w for w in caught if "Glyph" in str(w.message)]
    assert [c.png[:8] for c in charts] == [b"\x89PNG\r\n\x1a\n"] * 3
