"""The source registry (``data/sources.yaml``): loading and validation.

The contract is in the README ("Source registry"). Unknown keys are errors so that a typo in the
registry is caught instead of silently disabling a feed. The demo registry writes ``__BASE__`` where
the address of the local demo server goes; :func:`load_registry` substitutes it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pipeline.errors import MissingRegistry, PressmonError

BASE_TOKEN = "__BASE__"
# What kind of outlet a source is, and its Vietnamese name (the sources page, the report's appendix).
SOURCE_KINDS = {"national": "Báo trung ương", "local": "Báo địa phương", "official": "Cổng thông tin"}
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# The zone assumed for times a source writes without an offset, by its language (Vietnamese outlets
# write Vietnam time); other languages assume none unless the entry names a ``timezone``.
_VIETNAM = "Asia/Ho_Chi_Minh"
_LANGUAGE_ZONES = {"vi": _VIETNAM}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Listing(_Strict):
    """A section page walked back through its pagination."""

    url: str
    next: str | None = None
    articles: str = "h3 a::attr(href)"
    max_pages: int = Field(default=10, ge=1, le=500)


class SourceConfig(_Strict):
    """One outlet of the registry."""

    id: str
    name: str
    kind: Literal["national", "local", "official"]
    homepage: str = ""
    domains: list[str] = []
    feeds: list[str] = []
    sitemaps: list[str] = []
    listings: list[Listing] = []
    confidence: Literal["A", "B", "C"]
    enabled: bool = True
    unverified: list[str] = []
    notes: str = ""
    language: str = "vi"
    timezone: str = ""
    # Address → its grade and evidence ("B+ · checked fresh 2026-09-27 (NB)"), for an administrator.
    evidence: dict[str, str] = {}

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _SLUG.match(value):
            raise ValueError("must be a lowercase slug of letters, digits and '-'")
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        if value:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError) as exc:
                raise ValueError(f"unknown time zone {value!r}; use an IANA name such as {_VIETNAM}") from exc
        return value

    def assumed_zone(self) -> str:
        """The IANA zone of times this source writes without an offset; "" when none is assumed."""
        return self.timezone or _LANGUAGE_ZONES.get(self.language, "")

    def allowed_domains(self) -> list[str]:
        """Domains the crawler may follow: the configured ones, else those of the source's URLs."""
        if self.domains:
            return list(self.domains)
        urls = [*self.feeds, *self.sitemaps, *(x.url for x in self.listings), self.homepage]
        return sorted({urlsplit(u).hostname or "" for u in urls if u} - {""})


class Registry(_Strict):
    sources: list[SourceConfig]

    def enabled(self, only: list[str] | None = None) -> list[SourceConfig]:
        """Enabled sources, or exactly the sources named in ``only`` (an unknown id is an error)."""
        if only:
            known = {s.id: s for s in self.sources}
            missing = [i for i in only if i not in known]
            if missing:
                raise PressmonError(f"Unknown source id(s): {', '.join(missing)}. Known: {', '.join(known)}.")
            return [known[i] for i in only]
        return [s for s in self.sources if s.enabled]


def load_registry(path: Path, base_url: str = "") -> Registry:
    """Read and validate the registry at ``path``; ``base_url`` replaces ``__BASE__``."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise MissingRegistry(f"Source registry {path} does not exist.") from exc
    if base_url:
        text = text.replace(BASE_TOKEN, base_url.rstrip("/"))
    try:
        raw = yaml.safe_load(text) or {}
        registry = Registry.model_validate(raw)
    except yaml.YAMLError as exc:
        raise PressmonError(f"Source registry {path} is not valid YAML: {exc}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise PressmonError(f"Source registry {path}: {where}: {first['msg']}.") from exc
    ids = [s.id for s in registry.sources]
    if len(ids) != len(set(ids)):
        raise PressmonError(f"Source registry {path}: duplicate source ids.")
    return registry
