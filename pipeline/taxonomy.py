"""The label vocabulary: its codes, and the taxonomy (``data/taxonomy.yaml``) that names them in
Vietnamese and gives the keyword evidence of topics, tones and reasons.

This is the one place that knows the codes. Scopes, tones, reasons and review statuses are a contract
(the labelled data, ``tag`` and ``export`` records, the stored assessments), so the code names them
here once and :func:`load_taxonomy` refuses a file whose codes differ; topics are the file's own. The
Vietnamese names come only from the file, validated like the registry (unknown keys, wrong types,
missing sections and duplicate codes refused with ``file:line``). Each topic, tone and reason may carry
keywords; :class:`KeywordSet` finds them in text with word boundaries, on the normalised text or, for
text typed without diacritics, on its folded form.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.errors import PressmonError
from pipeline.text.normalise import fold, normalise_text
from pipeline.text.yaml_lines import compose, line_of

SCOPES = ("an-lao", "hai-phong", "incidental", "other")
# Items about the city, An Lão included: what the office follows; incidental mentions are counted apart.
RELEVANT_SCOPES = ("an-lao", "hai-phong")
TONES = ("positive", "neutral", "negative")
REASONS = ("wrongdoing", "complaint", "misinformation", "sensitive", "public-impact")
REVIEW_STATUSES = ("new", "in-review", "response-needed", "responded", "dismissed")
OPEN_STATUSES = ("new", "in-review", "response-needed")
CLOSED_STATUSES = ("responded", "dismissed")
# The sections whose codes are fixed by the code, in the file's order.
_FIXED = {"scopes": SCOPES, "tones": TONES, "reasons": REASONS, "review_statuses": REVIEW_STATUSES}


@dataclass(frozen=True)
class KeywordSet:
    """Keywords of one label, compiled for text with and without diacritics."""

    code: str
    exact: re.Pattern[str] | None
    folded: re.Pattern[str] | None

    @classmethod
    def build(cls, code: str, keywords: list[str]) -> KeywordSet:
        """Compile ``keywords`` (longest first so a phrase beats its own prefix)."""
        words = sorted({normalise_text(k).lower() for k in keywords if k.strip()}, key=len, reverse=True)
        if not words:
            return cls(code, None, None)
        folded = sorted({fold(w) for w in words}, key=len, reverse=True)
        return cls(code, _alternation(words), _alternation(folded))

    def find(self, haystack: str, plain: bool) -> list[str]:
        """The keywords present in ``haystack`` (already lower-cased, or folded when not ``plain``)."""
        pattern = self.exact if plain else self.folded
        return pattern.findall(haystack) if pattern else []


def _alternation(words: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)")


@dataclass(frozen=True)
class Taxonomy:
    scopes: dict[str, str]
    topics: dict[str, str]
    tones: dict[str, str]
    reasons: dict[str, str]
    statuses: dict[str, str]
    topic_keywords: tuple[KeywordSet, ...]
    tone_keywords: tuple[KeywordSet, ...]
    reason_keywords: tuple[KeywordSet, ...]
    digest: str
    # Keywords written with a capital letter: names, matched only where the text capitalises them too
    # ("biển Đông", the East Sea, against "biển đông", a crowded beach: pipeline.understand.case_bound).
    names: tuple[str, ...] = ()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class _Entry(_Strict):
    """One label: its code, the Vietnamese name analysts see, what it covers, its keyword evidence."""

    code: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1)
    description: str = ""
    keywords: list[str] = []


class _TaxonomyFile(_Strict):
    version: int = Field(default=1, ge=1)
    scopes: list[_Entry] = Field(min_length=1)
    topics: list[_Entry] = Field(min_length=1)
    tones: list[_Entry] = Field(min_length=1)
    reasons: list[_Entry] = Field(min_length=1)
    review_statuses: list[_Entry] = Field(min_length=1)


def _names(entries: list[_Entry]) -> dict[str, str]:
    return {e.code: e.name for e in entries}


def _keywords(entries: list[_Entry]) -> tuple[KeywordSet, ...]:
    return tuple(KeywordSet.build(e.code, e.keywords) for e in entries)


def _parse(path: Path, text: str) -> _TaxonomyFile:
    """The file validated, or one ``file:line`` sentence saying what is wrong and where."""
    try:
        root = compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise PressmonError(
            f"Taxonomy {path}:{line}: not valid YAML ({getattr(exc, 'problem', exc)})."
        ) from None
    try:
        return _TaxonomyFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "the file"
        line = line_of(root, first["loc"])
        raise PressmonError(f"Taxonomy {path}:{line}: {where}: {first['msg']}.") from None


def _check_codes(path: Path, text: str, parsed: _TaxonomyFile) -> None:
    """No code twice in a section; the fixed sections list exactly the codes of the code."""
    root = compose(text)
    for section in ("scopes", "topics", "tones", "reasons", "review_statuses"):
        codes = [e.code for e in getattr(parsed, section)]
        for index, code in enumerate(codes):
            if code in codes[:index]:
                first = line_of(root, (section, codes.index(code)))
                raise PressmonError(
                    f"Taxonomy {path}:{line_of(root, (section, index))}: {section}: the code {code!r} is "
                    f"already used at line {first}."
                )
        fixed = _FIXED.get(section)
        if fixed is not None and tuple(codes) != fixed:
            raise PressmonError(
                f"Taxonomy {path}:{line_of(root, (section,))}: section {section!r} must list the codes "
                f"{', '.join(fixed)} in this order (they are the contract of the labelled data and the "
                f"exports); it lists {tuple(codes)}."
            )


def _capitalised(*sections: list[_Entry]) -> tuple[str, ...]:
    words = {k.strip() for entries in sections for e in entries for k in e.keywords}
    return tuple(sorted(normalise_text(k) for k in words if k != k.lower()))


@lru_cache(maxsize=4)
def load_taxonomy(path: Path) -> Taxonomy:
    """Read and validate ``taxonomy.yaml`` once per process."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PressmonError(f"Taxonomy {path} cannot be read: {exc}.") from None
    data = _parse(path, text)
    _check_codes(path, text, data)
    return Taxonomy(
        scopes=_names(data.scopes),
        topics=_names(data.topics),
        tones=_names(data.tones),
        reasons=_names(data.reasons),
        statuses=_names(data.review_statuses),
        topic_keywords=_keywords(data.topics),
        tone_keywords=_keywords(data.tones),
        reason_keywords=_keywords(data.reasons),
        digest=hashlib.sha256(text.encode("utf-8")).hexdigest()[:8],
        names=_capitalised(data.topics, data.tones, data.reasons),
    )
