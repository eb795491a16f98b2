"""The report's charts (volume per week, topics, tone) as PNG bytes, drawn with matplotlib's Agg canvas.

Figures are built with the object API (no pyplot state), so charts can be drawn from the dashboard's
threads. DejaVu Sans, shipped inside matplotlib, has every Vietnamese letter with its tone marks; the
PNG metadata carries no date, so the same snapshot gives byte-identical images.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator

from pipeline.report import texts as T
from pipeline.report.figures import weekly_counts
from pipeline.report.snapshot import Snapshot
from pipeline.taxonomy import Taxonomy

FONT = "DejaVu Sans"
DPI = 150
TONE_COLOURS = {"positive": "#2e7d32", "neutral": "#9e9e9e", "negative": "#c62828"}


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    png: bytes


def _figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _style(ax: Axes) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _finish(fig: Figure, ax: Axes, title: str, labels: Iterable[Text]) -> bytes:
    """The category labels in the report's font, the title, the frame: the chart as PNG."""
    for label in labels:
        label.set_fontfamily(FONT)
    ax.set_title(title, fontsize=10, fontfamily=FONT)
    _style(ax)
    return _png(fig)


def weekly_chart(snap: Snapshot) -> bytes:
    weeks = weekly_counts(snap.items, snap.period)
    fig = _figure(7.0, 2.8)
    ax = fig.add_subplot()
    labels = [f"{d:%d/%m}" for d, _, _ in weeks]
    positions = range(len(weeks))
    ax.bar(positions, [c for _, c, _ in weeks], color="#90caf9", label=T.SERIES_COLLECTED)
    ax.bar(positions, [h for _, _, h in weeks], color="#1565c0", label=T.SERIES_HAI_PHONG)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    step = max(1, len(weeks) // 14)
    ax.set_xticks(list(positions)[::step], labels[::step], fontsize=7, fontfamily=FONT)
    ax.set_title(T.CHART_WEEKLY, fontsize=10, fontfamily=FONT)
    fig.legend(loc="outside lower center", ncols=2, prop={"family": FONT, "size": 8}, frameon=False)
    _style(ax)
    return _png(fig)


def topics_chart(snap: Snapshot, tax: Taxonomy) -> bytes:
    counts = [
        (name, snap.summary.by_topic.get(code, {}).get("hai_phong", 0)) for code, name in tax.topics.items()
    ]
    counts.sort(key=lambda c: c[1])
    fig = _figure(7.0, 3.6)
    ax = fig.add_subplot()
    ax.barh([n for n, _ in counts], [c for _, c in counts], color="#1565c0")
    ax.tick_params(axis="y", labelsize=7)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    return _finish(fig, ax, T.CHART_TOPICS, ax.get_yticklabels())


def tones_chart(snap: Snapshot, tax: Taxonomy) -> bytes:
    codes = list(tax.tones)
    values = [snap.summary.by_tone.get(c, {}).get("hai_phong", 0) for c in codes]
    fig = _figure(7.0, 2.2)
    ax = fig.add_subplot()
    bars = ax.bar(
        [tax.tones[c] for c in codes], values, color=[TONE_COLOURS.get(c, "#607d8b") for c in codes]
    )
    ax.bar_label(bars, fontsize=8, fontfamily=FONT)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    return _finish(fig, ax, T.CHART_TONES, ax.get_xticklabels())


def render_charts(snap: Snapshot, tax: Taxonomy) -> list[Chart]:
    """The three charts of section II, in document order."""
    with matplotlib.rc_context({"font.family": FONT, "svg.hashsalt": "pressmon"}):
        return [
            Chart("weekly", T.CHART_WEEKLY, weekly_chart(snap)),
            Chart("topics", T.CHART_TOPICS, topics_chart(snap, tax)),
            Chart("tones", T.CHART_TONES, tones_chart(snap, tax)),
        ]
