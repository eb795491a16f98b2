"""The source registry (``data/sources.yaml``): loading, validation, and the addresses a source may reach.

The contract is in the README ("Source registry"). Unknown keys are errors so that a typo in the
registry is caught instead of silently disabling a feed; every error names the file and line. The demo
registry writes ``__BASE__`` where the address of the local demo server goes; :func:`load_registry`
substitutes it.

:meth:`SourceConfig.refusal` is the one check of an address for a source (http or https, a host on
the source's domains): the registry's own addresses at load, and in the crawler every address taken
from a feed, sitemap, listing or redirect.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from pipeline.errors import MissingRegistry, PressmonError
from pipeline.text.urls import domain_allowed

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
    """A section page walked back through its pagination: a "next" link (``next``, a CSS selector),
    or page addresses numbered from 2 (``pages``, a template with ``{n}``, for outlets whose later
    pages are only reached by script, as the timelines of Tuổi Trẻ and Thanh Niên)."""

    url: str
    next: str | None = None
    pages: str | None = None
    articles: str = "h3 a::attr(href)"
    max_pages: int = Field(default=10, ge=1, le=500)

    @field_validator("pages")
    @classmethod
    def _template(cls, value: str | None) -> str | None:
        if value is not None and value.count("{n}") != 1:
            raise ValueError("must hold '{n}' once, where the page number goes")
        if value is not None and re.search(r"[{}]", value.replace("{n}", "")):
            raise ValueError("must hold no braces other than '{n}'")
        return value

    @model_validator(mode="after")
    def _one_way(self) -> Listing:
        if self.next and self.pages:
            raise ValueError("give 'next' or 'pages', not both")
        return self

    def page_url(self, number: int) -> str:
        """The address of page ``number`` (1: ``url``) by the ``pages`` template."""
        return self.url if number == 1 or not self.pages else self.pages.replace("{n}", str(number))


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
    # ``pressmon poll`` reads this source's feeds at most this often (default: the crawl settings').
    poll_minutes: int | None = Field(default=None, ge=1, le=10_080)
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
        return sorted({_hostname(u) for u in urls if u} - {""})

    def refusal(self, url: str) -> str | None:
        """Why the crawler must not request ``url`` for this source (not http(s), or a host off its
        domains), or None when it may."""
        return url_refusal(url, self.allowed_domains())

    def addresses(self) -> Iterator[tuple[tuple[str | int, ...], str]]:
        """Each address of the entry with where it sits (``("feeds", 0)``), for messages."""
        if self.homepage:
            yield ("homepage",), self.homepage
        for field in ("feeds", "sitemaps"):
            for i, url in enumerate(getattr(self, field)):
                yield (field, i), url
        for i, listing in enumerate(self.listings):
            yield ("listings", i, "url"), listing.url
            if listing.pages:
                yield ("listings", i, "pages"), listing.page_url(2)


def _hostname(url: str) -> str:
    try:
        return (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:  # a malformed IPv6 literal, say
        return ""


def url_refusal(url: str, domains: Sequence[str]) -> str | None:
    """Why ``url`` is out of bounds for a source on ``domains``, or None when it is in bounds.

    Only http and https: Scrapy's other handlers (``file://`` above all, which ignores the host)
    would read this machine's files. The host must be one of ``domains`` or under one.
    """
    scheme = urlsplit(url.strip()).scheme.lower() if _hostname(url) else ""
    if scheme not in ("http", "https"):
        return "not an http(s) address"
    if not domain_allowed(url.strip(), list(domains)):
        listed = ", ".join(domains) or "none"
        return f"host {_hostname(url)} is off the source's domains ({listed})"
    return None


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
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        registry = Registry.model_validate((loader.construct_document(root) if root else None) or {})
    except yaml.YAMLError as exc:
        raise PressmonError(f"Source registry {path} is not valid YAML: {exc}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        raise _error(path, root, first["loc"], first["msg"]) from exc
    finally:
        loader.dispose()
    ids = [s.id for s in registry.sources]
    if len(ids) != len(set(ids)):
        raise PressmonError(f"Source registry {path}: duplicate source ids.")
    for i, source in enumerate(registry.sources):
        for where, url in source.addresses():
            if (reason := source.refusal(url)) is not None:
                raise _error(path, root, ("sources", i, *where), f"{url[:200]!r}: {reason}")
    return registry


def _error(path: Path, root: yaml.Node | None, loc: Sequence[str | int], message: str) -> PressmonError:
    """A registry error naming the file, the line of the value at ``loc`` and its place."""
    line = _line_of(root, loc)
    at = f"{path}:{line}" if line else str(path)
    return PressmonError(f"Source registry {at}: {'.'.join(str(p) for p in loc)}: {message}.")


def _line_of(root: yaml.Node | None, loc: Sequence[str | int]) -> int | None:
    """The line of the deepest node of ``loc`` present in the YAML tree (1-based)."""
    node, line = root, None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == str(key)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line
