"""pipeline.text.charset: BOM, HTTP header and <meta> in the browser's order, Windows-1258 and UTF-16."""

from __future__ import annotations

import codecs
import unicodedata

import pytest

from pipeline.text.charset import decode_page
from tests.support.crawl_site import to_cp1258

TEXT = "<html><head>{meta}</head><body><p>Hải Phòng, An Lão, Thủy Nguyên: người dân ưng ý.</p></body></html>"
WORDS = "Hải Phòng, An Lão, Thủy Nguyên: người dân ưng ý."


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def test_windows_1258_from_meta_only() -> None:
    body = to_cp1258(TEXT.format(meta='<meta charset="windows-1258">'))
    assert unicodedata.normalize("NFD", WORDS).encode("utf-8") not in body
    text, encoding = decode_page(body, "text/html")
    assert encoding == "cp1258" and WORDS in _nfc(text)


def test_windows_1258_from_the_header() -> None:
    text, encoding = decode_page(to_cp1258(TEXT.format(meta="")), "text/html; charset=windows-1258")
    assert encoding == "cp1258" and WORDS in _nfc(text)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_needs_no_declaration(codec: str) -> None:
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(codec, b"")
    body = bom + TEXT.format(meta="").encode(codec)
    text, encoding = decode_page(body, "text/html")
    assert encoding == "utf-16" and WORDS in text


def test_utf8_bom_beats_a_wrong_header() -> None:
    body = codecs.BOM_UTF8 + TEXT.format(meta="").encode("utf-8")
    text, encoding = decode_page(body, "text/html; charset=iso-8859-1")
    assert encoding == "utf-8" and WORDS in text


def test_header_beats_meta() -> None:
    body = TEXT.format(meta='<meta charset="windows-1258">').encode("utf-8")
    text, _ = decode_page(body, "text/html; charset=utf-8")
    assert WORDS in text


def test_unknown_declared_charset_falls_back_to_utf8() -> None:
    body = TEXT.format(meta='<meta charset="x-khong-ro">').encode("utf-8")
    text, _ = decode_page(body, "text/html; charset=x-khong-ro")
    assert WORDS in text


def test_nfd_page_decodes_to_the_same_words_after_nfc() -> None:
    body = unicodedata.normalize("NFD", TEXT.format(meta="")).encode("utf-8")
    text, _ = decode_page(body, "text/html; charset=utf-8")
    assert WORDS not in text and WORDS in _nfc(text)
