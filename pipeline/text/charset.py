"""Decoding fetched pages: BOM, then HTTP header, then ``<meta charset>``, then a guess.

Vietnamese outlets still serve Windows-1258 (whose tone marks are combining characters, so the
decoded text is NFD until normalised) and, rarely, UTF-16 with a BOM. w3lib implements the
browser's order of precedence; this module adds the aliases w3lib does not know and says which
encoding won, so a wrong declared charset can be logged.
"""

from __future__ import annotations

import codecs
import logging
import re

from w3lib.encoding import html_body_declared_encoding, html_to_unicode, http_content_type_encoding

log = logging.getLogger(__name__)

# Names seen on Vietnamese pages that Python does not resolve itself.
_ALIASES = {"windows-1258": "cp1258", "x-cp1258": "cp1258", "vn-1258": "cp1258", "utf8": "utf-8"}
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_META_IN_UTF16 = re.compile(rb"<\x00m\x00e\x00t\x00a\x00|\x00<\x00m\x00e\x00t\x00a", re.IGNORECASE)


def _known(name: str | None) -> str | None:
    if not name:
        return None
    name = _ALIASES.get(name.strip().lower(), name.strip().lower())
    try:
        return codecs.lookup(name).name
    except LookupError:
        log.info("unknown charset %r declared; ignoring it", name)
        return None


def decode_page(body: bytes, content_type: str = "") -> tuple[str, str]:
    """The page as text and the encoding used (BOM > header > meta > UTF-8 or cp1252 guess)."""
    if body.startswith(_UTF16_BOMS) or (body[:2] != b"<\x00" and _META_IN_UTF16.search(body[:512])):
        return body.decode("utf-16", errors="replace"), "utf-16"
    header = _known(http_content_type_encoding(content_type)) if content_type else None
    if header is None and not body.startswith(codecs.BOM_UTF8):
        declared = _known(html_body_declared_encoding(body))
        if declared == "cp1258":  # w3lib maps unknown names to cp1252, which garbles tone marks
            return body.decode("cp1258", errors="replace"), "cp1258"
    if header == "cp1258":
        return body.decode("cp1258", errors="replace"), "cp1258"
    encoding, text = html_to_unicode(f"text/html; charset={header}" if header else None, body)
    return text, encoding
