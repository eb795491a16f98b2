"""Benchmark: pressmon's article extraction beside trafilatura, on general and on Vietnamese pages.

Usage: ``.venv/bin/python bench/extraction.py [--systems all|main] [--sets general vi] [--limit N]
[--pages-per-set] [--out FILE]``.

Pages and their gold:

- ``general``: the pages in ``bench/pages/general`` (blogs, news sites with cookie banners, comments,
  sidebars, inline boxes, a table, inline HTML comments, ``<br>`` text; English, German, French),
  gold in ``bench/pages/gold.yaml``; read as from a foreign outlet (no time zone assumed).
- ``vi``: the pages in ``bench/pages/vi`` (outlet-like Vietnamese templates, gold in the same file);
  the 30 demo pages of ``data/demo/site`` (title, byline, time from ``data/demo/expected.yaml``; body
  = the lead and the paragraphs of the article's text block of each of the three demo templates,
  read by :data:`DEMO_BODY`); the saved VnExpress pages of ``../shared/data/pages`` where present
  (read in place; title, byline, time from ``tests/fixtures/extract_golden.yaml``, body from the
  page's ``expected.json`` where it has one). Vietnamese pages are read in Vietnam's zone, as the
  registry does for a Vietnamese source.

Systems, all in the same run: ``pressmon`` (:func:`pipeline.collect.extract.extract_article` as
shipped), pressmon with one choice of its trafilatura call changed (``pressmon ~ ...``), the call
before issue 15 (``pressmon before``), and the library on its own: ``trafilatura.extract`` with
its defaults (body) and ``trafilatura.extract_metadata`` (title, author, date), and the library
with ``favor_precision`` / ``favor_recall``.

Figures per set and overall: mean per-page token precision, recall and F1 of the body against the
gold (lower-cased ``\\w+`` tokens, bags; an empty body scores 0), pages with an empty body, exact
title, exact byline, the right day, the right time with its offset (only where the gold has a time;
trafilatura gives no time of day), and milliseconds per page. A Markdown copy of the tables goes to
``bench/results/extraction.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from statistics import mean
from typing import Any

import trafilatura
import yaml
from parsel import Selector

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.collect import extract  # noqa: E402
from pipeline.collect.extract import MainTextOptions, extract_article  # noqa: E402
from pipeline.records import RawPage  # noqa: E402
from pipeline.text.normalise import page_text  # noqa: E402
from tests.support.paths import DEMO_DIR, FIXTURES, SHARED_DATA  # noqa: E402
from tests.support.scoring import reference_body, token_scores  # noqa: E402

PAGES = ROOT / "bench" / "pages"
RESULTS = ROOT / "bench" / "results" / "extraction.md"
VIETNAM = "Asia/Ho_Chi_Minh"
FETCHED = datetime(2026, 12, 31, 12, 0, tzinfo=UTC)  # after every page's date
DEMO_BASE = "http://127.0.0.1:8000"
# The demo templates' lead and article text (each demo outlet writes its own markup).
DEMO_BODY = {
    "cangxanh": ".sapo, .article-body p:not(.author)",
    "tinnhanh": ".lead, .content p",
    "anlao-portal": ".lead, .news-content p",
}


@dataclass(frozen=True)
class Page:
    """One page and its gold; ``body`` None where there is no gold body, ``published`` "" likewise."""

    set: str
    name: str
    url: str
    html: bytes
    zone: str | None
    title: str
    byline: str
    published: str
    body: str | None


@dataclass(frozen=True)
class Found:
    title: str
    byline: str
    body: str
    day: date | None
    time: datetime | None  # None when the system gave no time of day


def _gold_pages(set_name: str, zone: str | None) -> Iterator[Page]:
    gold = yaml.safe_load((PAGES / "gold.yaml").read_text(encoding="utf-8"))[set_name]
    for name, g in gold.items():
        html = (PAGES / set_name / name).read_bytes()
        body = "\n".join(g["body"])
        yield Page(set_name, name, g["url"], html, zone, g["title"], g["byline"], g["published"], body)


def _demo_pages() -> Iterator[Page]:
    for g in yaml.safe_load((DEMO_DIR / "expected.yaml").read_text(encoding="utf-8"))["articles"]:
        html = (DEMO_DIR / "site" / g["path"]).read_bytes().replace(b"__BASE__", DEMO_BASE.encode())
        paragraphs = Selector(text=html.decode("utf-8")).css(DEMO_BODY[g["source"]])
        body = "\n".join(page_text(" ".join(p.xpath(".//text()").getall())) for p in paragraphs)
        url = f"{DEMO_BASE}/{g['path']}"
        yield Page(
            "vi", "demo/" + g["path"], url, html, VIETNAM, g["title"], g["byline"], g["published"], body
        )


def _shared_pages() -> Iterator[Page]:
    golden = yaml.safe_load((FIXTURES / "extract_golden.yaml").read_text(encoding="utf-8"))["pages"]
    for name, g in sorted(golden.items()):
        folder = SHARED_DATA / "pages" / name
        if not (folder / "page.html").is_file():
            print(f"({folder} is absent: left out)")
            continue
        expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        body = reference_body(expected["V1"]) if "V1" in expected else None
        html = (folder / "page.html").read_bytes()
        yield Page(
            "vi", "shared/" + name, g["url"], html, VIETNAM, g["title"], g["byline"], g["published"], body
        )


def load_pages(sets: list[str]) -> list[Page]:
    """The pages of ``sets`` ("general", "vi") with their gold."""
    pages: list[Page] = []
    if "general" in sets:
        pages += _gold_pages("general", None)
    if "vi" in sets:
        pages += [*_gold_pages("vi", VIETNAM), *_demo_pages(), *_shared_pages()]
    return pages


@contextmanager
def _main_text_call(call: MainTextOptions) -> Iterator[None]:
    shipped = extract.MAIN_TEXT
    extract.MAIN_TEXT = call
    try:
        yield
    finally:
        extract.MAIN_TEXT = shipped


def pressmon(call: MainTextOptions | None = None) -> Callable[[Page], Found]:
    """pressmon's whole extraction, with ``call`` in place of the shipped trafilatura call."""

    def run(page: Page) -> Found:
        raw = RawPage(page.url, page.url, 200, {}, page.html, FETCHED, "bench", timezone=page.zone or "")
        with _main_text_call(call or extract.MAIN_TEXT):
            record = extract_article(raw)
        if record is None:
            return Found("", "", "", None, None)
        when = record.published_at
        return Found(record.title, record.byline, record.body, when.date() if when else None, when)

    return run


def library(**options: Any) -> Callable[[Page], Found]:
    """trafilatura on its own: ``extract`` (with ``options``) for the body, ``extract_metadata``."""

    def run(page: Page) -> Found:
        body = trafilatura.extract(page.html, url=page.url, **options) or ""
        meta = trafilatura.extract_metadata(page.html, default_url=page.url)
        day = date.fromisoformat(meta.date[:10]) if meta and meta.date else None
        return Found((meta and meta.title) or "", (meta and meta.author) or "", body, day, None)

    return run


SHIPPED = extract.MAIN_TEXT
# The call before issue 15: none of the preparation, the lead or the fallback.
BEFORE = MainTextOptions(
    fast=True,
    favor_precision=True,
    parse="tree",
    drop_comment_blocks=False,
    unwrap_layout_tables=False,
    find_lead=False,
)
MAIN_SYSTEMS: dict[str, Callable[[Page], Found]] = {
    "pressmon": pressmon(),
    "trafilatura.extract (defaults)": library(),
}
VARIANTS: dict[str, Callable[[Page], Found]] = {
    "pressmon before (fast, precision, tree)": pressmon(BEFORE),
    "pressmon ~ full mode": pressmon(replace(SHIPPED, fast=False)),
    "pressmon ~ no favor_precision": pressmon(replace(SHIPPED, favor_precision=False)),
    "pressmon ~ full mode, no favor_precision": pressmon(replace(SHIPPED, fast=False, favor_precision=False)),
    "pressmon ~ favor_recall": pressmon(replace(SHIPPED, favor_precision=False, favor_recall=True)),
    "pressmon ~ include_comments": pressmon(replace(SHIPPED, include_comments=True)),
    "pressmon ~ no tables": pressmon(replace(SHIPPED, include_tables=False)),
    "pressmon ~ tree as parsed": pressmon(replace(SHIPPED, parse="tree")),
    "pressmon ~ library parses": pressmon(replace(SHIPPED, parse="library")),
    "pressmon ~ comment blocks kept": pressmon(replace(SHIPPED, drop_comment_blocks=False)),
    "pressmon ~ layout tables kept": pressmon(replace(SHIPPED, unwrap_layout_tables=False)),
    "pressmon ~ no lead rule": pressmon(replace(SHIPPED, find_lead=False)),
    "pressmon ~ no baseline fallback": pressmon(replace(SHIPPED, fallback_below=0)),
    "pressmon ~ baseline fallback < 250": pressmon(replace(SHIPPED, fallback_below=250)),
    "trafilatura.extract favor_precision": library(favor_precision=True),
    "trafilatura.extract favor_recall": library(favor_recall=True),
    "trafilatura.extract fast": library(fast=True),
}


@dataclass
class Score:
    p: float = 0.0
    r: float = 0.0
    f1: float = 0.0
    empty: bool = False
    title: bool = False
    byline: bool = False
    day: bool = False
    time: bool | None = None  # None: the gold has no time of day
    ms: float = 0.0


def score(page: Page, found: Found, ms: float) -> Score:
    """How ``found`` matches the gold of ``page``."""
    s = Score(title=found.title == page.title, byline=found.byline == page.byline, ms=ms)
    if page.body is not None:
        s.p, s.r, s.f1 = token_scores(found.body, page.body)
        s.empty = not found.body.strip()
    if page.published:
        gold = datetime.fromisoformat(page.published)
        s.day = found.day == gold.date()
        if len(page.published) > 10:
            s.time = found.time is not None and found.time.isoformat() == gold.isoformat()
    return s


def _pct(flags: list[bool]) -> str:
    return f"{sum(flags)}/{len(flags)}" if flags else "–"


def table(rows: dict[str, list[tuple[Score, bool]]]) -> list[str]:
    """Markdown rows: one line per system, the body means over pages with a gold body."""
    lines = [
        "| system | pages | body P | body R | body F1 | empty | title | byline | day | time+offset | ms/page"
        " |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for system, scores in rows.items():
        bodies = [s for s, has in scores if has]
        times = [s.time for s, _ in scores if s.time is not None]
        lines.append(
            f"| {system} | {len(scores)} | {mean(s.p for s in bodies):.3f} | {mean(s.r for s in bodies):.3f} "
            f"| {mean(s.f1 for s in bodies):.3f} | {sum(s.empty for s in bodies)} "
            f"| {_pct([s.title for s, _ in scores])} | {_pct([s.byline for s, _ in scores])} "
            f"| {_pct([s.day for s, _ in scores])} | {_pct(times)} "
            f"| {mean(s.ms for s, _ in scores):.1f} |"
        )
    return lines


def run(pages: list[Page], systems: dict[str, Callable[[Page], Found]]) -> dict[str, dict[str, Score]]:
    """Every system on every page: {system: {page name: score}}. Timed on a second pass: the first
    pays one-off costs (jusText loading its stoplists took half a second) and fills the libraries'
    caches for every system alike; on the second the systems take turns page by page, so that a
    burst of load elsewhere on the machine falls on all of them."""
    for page in pages:
        for extractor in systems.values():
            extractor(page)
    results: dict[str, dict[str, Score]] = {system: {} for system in systems}
    for page in pages:
        for system, extractor in systems.items():
            start = time.perf_counter()
            found = extractor(page)
            results[system][page.name] = score(page, found, (time.perf_counter() - start) * 1000)
    return results


def report(pages: list[Page], results: dict[str, dict[str, Score]], per_page: bool) -> list[str]:
    """The Markdown tables per set and overall (and per page with ``per_page``)."""
    lines: list[str] = []
    groups = [(s, [p for p in pages if p.set == s]) for s in ("general", "vi")]
    for label, members in [*groups, ("overall", pages)]:
        if not members:
            continue
        has_body = {p.name: p.body is not None for p in members}
        rows = {
            system: [(scores[p.name], has_body[p.name]) for p in members]
            for system, scores in results.items()
        }
        lines += ["", f"### {label} ({len(members)} pages, {sum(has_body.values())} with a gold body)", ""]
        lines += table(rows)
    if per_page:
        systems = list(results)
        lines += ["", "### body F1 per page", "", "| page | " + " | ".join(systems) + " |"]
        lines.append("|---" * (len(systems) + 1) + "|")
        for p in pages:
            if p.body is not None:
                cells = " | ".join(f"{results[s][p.name].f1:.3f}" for s in systems)
                lines.append(f"| {p.name} | {cells} |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--systems", choices=["all", "main"], default="all", help="main: pressmon and plain")
    parser.add_argument("--sets", nargs="+", choices=["general", "vi"], default=["general", "vi"])
    parser.add_argument("--limit", type=int, help="at most N pages per set (a quick run)")
    parser.add_argument("--per-page", action="store_true", help="also a table of body F1 per page")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where the Markdown tables go")
    args = parser.parse_args()
    pages = load_pages(args.sets)
    if args.limit:
        pages = [p for s in args.sets for p in [q for q in pages if q.set == s][: args.limit]]
    systems = MAIN_SYSTEMS if args.systems == "main" else {**MAIN_SYSTEMS, **VARIANTS}
    results = run(pages, systems)
    head = [
        "# Extraction benchmark",
        "",
        f"`bench/extraction.py` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; trafilatura "
        f"{trafilatura.__version__}, Python {platform.python_version()}, load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; shipped call: `{SHIPPED}`.",
    ]
    lines = head + report(pages, results, args.per_page)
    print("\n".join(lines))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nwritten to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
