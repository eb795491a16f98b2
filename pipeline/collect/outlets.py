"""Imported outlet names meet the registry: "Thanh Niên", "thanhnien" and a thanhnien.vn URL are one outlet.

An imported item's ``source`` is whatever the file says: a registry id, the outlet's name as people
write it (with or without diacritics, any case, NFC or NFD), or a section name ("VnExpress - Kinh
Doanh"). :class:`OutletMatcher` maps it to the registry id by id, then by name, then by the domain of
the item's URL; what matches none of them is kept as given and counted for the import summary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.registry import SourceConfig
from pipeline.text.normalise import fold
from pipeline.text.urls import domain_allowed

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def outlet_key(text: str) -> str:
    """``"Thanh Niên"``, ``"THANH NIEN"``, ``"thanh-nien"`` → ``"thanhnien"``: what names are compared on."""
    return _NOT_ALNUM.sub("", fold(text))


@dataclass(frozen=True)
class OutletMatcher:
    """Registry ids by the key of their id and name, and by domain (longest domain first)."""

    by_key: dict[str, str]
    by_domain: tuple[tuple[str, str], ...]

    @classmethod
    def from_registry(cls, sources: Iterable[SourceConfig]) -> OutletMatcher:
        by_key: dict[str, str] = {}
        domains: list[tuple[str, str]] = []
        for source in sources:
            by_key.setdefault(outlet_key(source.id), source.id)
            by_key.setdefault(outlet_key(source.name), source.id)
            domains += [(d.lower(), source.id) for d in source.allowed_domains()]
        # The longest domain first, so a subdomain with its own entry wins over its parent.
        return cls(by_key, tuple(sorted(domains, key=lambda d: -len(d[0]))))

    def match(self, source: str, url: str = "") -> str | None:
        """The registry id of an item's outlet (by id, name, then URL domain), or None."""
        found = self.by_key.get(outlet_key(source)) if source.strip() else None
        if found is not None:
            return found
        return next((sid for domain, sid in self.by_domain if url and domain_allowed(url, [domain])), None)
