"""Benchmark: each site rule against the generic extractor on its outlet's fixture page, in one run.

Usage: ``.venv/bin/python bench/site_rules.py [--values]``.

For every page in ``tests/fixtures/site_rules/`` (written from the public evidence each page cites),
the page is extracted twice with the real ``extract_article``: once for its registry source (the rule
applies) and once as if from a source and host no rule knows (the generic path: trafilatura plus
pressmon's own selectors); plain ``trafilatura.extract`` with its defaults is shown beside. Body:
token F1 against the page's text in ``expected.yaml``; title, byline, published time (ISO with
offset) and summary: exact (1) or not (0). A rule keeps a field only where it scores higher than the
generic path; ``--values`` prints what each path found where they differ.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from pipeline.collect.site_rules import rule_for  # noqa: E402
from tests.support.scoring import token_f1  # noqa: E402
from tests.support.site_rule_pages import EXPECTED, FIELDS, PAGES_DIR, compare  # noqa: E402


def plain_trafilatura_f1(name: str) -> float:
    """Body F1 of ``trafilatura.extract`` with its defaults on the page (the library pressmon wraps)."""
    html = (PAGES_DIR / f"{name}.html").read_text(encoding="utf-8")
    return token_f1(trafilatura.extract(html) or "", EXPECTED[name]["body"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--values", action="store_true", help="print both values where they differ")
    args = parser.parse_args()
    header = [
        "outlet",
        "rule",
        *(f"{f} generic→rule" for f in FIELDS),
        "body, plain trafilatura",
        "rule gives",
    ]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    worse = 0
    for name in sorted(EXPECTED):
        gold = EXPECTED[name]
        rule = rule_for(gold["source"], gold["url"])
        rows = compare(name)
        cells = [
            f"{c.generic:.3f} → {c.rule:.3f}" if c.field == "body" else f"{c.generic:.0f} → {c.rule:.0f}"
            for c in rows
        ]
        given = ", ".join(rule.fields()) if rule else ""
        plain = f"{plain_trafilatura_f1(name):.3f}"
        print(f"| {name} | {rule.name if rule else '—'} | " + " | ".join(cells) + f" | {plain} | {given} |")
        worse += sum(c.rule < c.generic for c in rows)
        if args.values:
            for c in rows:
                if c.generic_value != c.rule_value:
                    print(f"    {c.field}: generic {c.generic_value[:160]!r}")
                    print(f"    {c.field}: rule    {c.rule_value[:160]!r}")
    print(f"\nfields where a rule scores below the generic path: {worse}")


if __name__ == "__main__":
    main()
