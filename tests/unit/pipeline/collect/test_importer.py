"""pipeline.collect.importer: JSONL/CSV items validated line by line, with errors naming file:line."""

from __future__ import annotations

import codecs
import json
import unicodedata
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from pipeline.collect.importer import duplicate_ids, load_items, to_record
from pipeline.errors import PressmonError
from pipeline.text.urls import article_id, canonical_url

ITEM_1: dict[str, Any] = {
    "url": "https://baohaiphong.example/hai-phong-khanh-thanh-cau-moi-1.html?utm_source=fb",
    "source": "baohaiphong",
    "title": "Hải Phòng khánh thành cầu mới",
    "summary": "Cây cầu dài 1,2 km.",
    "body": "Sáng nay, thành phố Hải Phòng khánh thành cây cầu mới.",
    "published": "2026-08-14T09:30:00+07:00",
    "labels": {"scope": "hai-phong"},
}
ITEM_2 = {"id": "vietnews-42", "title": "Người dân An Lão thu hoạch lúa", "body": "Nông dân thu hoạch."}


def jsonl(*items: Any) -> str:
    return "".join((x if isinstance(x, str) else json.dumps(x, ensure_ascii=False)) + "\n" for x in items)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_valid_jsonl_loads(tmp_path: Path) -> None:
    loaded = load_items(write(tmp_path, "items.jsonl", jsonl(ITEM_1, ITEM_2).encode()))
    assert [(x.line, x.item.title) for x in loaded] == [(1, ITEM_1["title"]), (2, ITEM_2["title"])]


def test_published_is_parsed_with_offset(tmp_path: Path) -> None:
    loaded = load_items(write(tmp_path, "items.jsonl", jsonl(ITEM_1, ITEM_2).encode()))
    assert loaded[0].published == datetime(2026, 8, 14, 9, 30, tzinfo=timezone(timedelta(hours=7)))
    assert loaded[1].published is None


def test_blank_lines_are_skipped_and_numbering_kept(tmp_path: Path) -> None:
    loaded = load_items(
        write(tmp_path, "items.jsonl", ("\n" + jsonl(ITEM_1) + "\n" + jsonl(ITEM_2)).encode())
    )
    assert [x.line for x in loaded] == [2, 4]


def test_malformed_json_line_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "items.jsonl", jsonl(ITEM_1, '{"title": "thiếu ngoặc"', ITEM_2).encode())
    with pytest.raises(PressmonError, match=r"items\.jsonl:2: not valid JSON"):
        load_items(path)


def test_number_in_title_names_field_and_line(tmp_path: Path) -> None:
    path = write(
        tmp_path, "items.jsonl", jsonl(ITEM_1, ITEM_2, {"url": "https://a.example/3", "title": 5}).encode()
    )
    with pytest.raises(PressmonError, match=r"items\.jsonl:3: field 'title'"):
        load_items(path)


def test_non_object_line_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PressmonError, match=r"items\.jsonl:1: expected a JSON object"):
        load_items(write(tmp_path, "items.jsonl", b"[1, 2]\n"))


@pytest.mark.parametrize(
    ("encoding", "text"),
    [("latin-1", "Hòa Bình"), ("cp1258", unicodedata.normalize("NFD", "Hải Phòng"))],
    ids=["latin-1", "windows-1258"],
)
def test_legacy_encoding_names_the_line(tmp_path: Path, encoding: str, text: str) -> None:
    data = jsonl(ITEM_1).encode("utf-8") + jsonl({"url": "https://a.example/2", "title": text}).encode(
        encoding
    )
    with pytest.raises(PressmonError, match=r"items\.jsonl:2: not UTF-8 text.*convert the file to UTF-8"):
        load_items(write(tmp_path, "items.jsonl", data))


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    ],
    ids=["utf-16-le-bom", "utf-16-be-bom", "utf-8-bom"],
)
def test_unicode_files_with_bom_load(tmp_path: Path, encode: Callable[[str], bytes]) -> None:
    loaded = load_items(write(tmp_path, "items.jsonl", encode(jsonl(ITEM_1, ITEM_2))))
    assert [x.item.title for x in loaded] == [ITEM_1["title"], ITEM_2["title"]]


def test_csv_loads(tmp_path: Path) -> None:
    text = (
        "url,source,title,published,labels\n"
        "https://a.example/1,tinnhanh,Hải Phòng mở đường,2026-10-14T08:00:00+07:00,x\n"
        '"https://a.example/2",tinnhanh,"Tin, có dấu phẩy",,\n'
    )
    loaded = load_items(write(tmp_path, "items.csv", text.encode()))
    assert [(x.line, x.item.title) for x in loaded] == [(2, "Hải Phòng mở đường"), (3, "Tin, có dấu phẩy")]
    assert loaded[0].published == datetime(2026, 10, 14, 8, tzinfo=timezone(timedelta(hours=7)))


def test_csv_error_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "items.csv", "url,title\nhttps://a.example/1,Một\n,Hai\n".encode())
    with pytest.raises(PressmonError, match=r"items\.csv:3: an item needs a 'url' or an 'id'"):
        load_items(path)


def test_missing_url_and_id_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "items.jsonl", jsonl(ITEM_1, {"title": "Không có địa chỉ"}).encode())
    with pytest.raises(PressmonError, match=r"items\.jsonl:2: an item needs a 'url' or an 'id'"):
        load_items(path)


@pytest.mark.parametrize("published", ["hôm qua", "22/10/2025 19:25", "2026-13-01"])
def test_bad_published_is_an_error(tmp_path: Path, published: str) -> None:
    path = write(
        tmp_path, "items.jsonl", jsonl({"url": "https://a.example/1", "published": published}).encode()
    )
    with pytest.raises(PressmonError, match=r"items\.jsonl:1: 'published' is not an ISO-8601 date"):
        load_items(path)


def test_non_http_url_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "items.jsonl", jsonl({"url": "ftp://a.example/1"}).encode())
    with pytest.raises(PressmonError, match=r"items\.jsonl:1: 'url'"):
        load_items(path)


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PressmonError, match="does not exist"):
        load_items(tmp_path / "absent.jsonl")


def test_line_separator_inside_a_json_string_is_kept(tmp_path: Path) -> None:
    item = {"url": "https://a.example/1", "title": "Hải Phòng", "body": "Đoạn một\u2028đoạn hai"}
    loaded = load_items(write(tmp_path, "items.jsonl", jsonl(item, ITEM_2).encode()))
    assert [x.line for x in loaded] == [1, 2]


def test_to_record_uses_canonical_url_and_the_text_as_given(tmp_path: Path, frozen_now: datetime) -> None:
    # Decomposed "ỷ", a zero-width space, NUL and U+001F: NFC, the invisibles and controls go,
    # the tone marks stay where the item put them ("hoà", "uỷ", not "hòa", "ủy").
    title = "Hải Phòng hoà\u200b nhịp, uy\u0309 ban\x00 toà\x1f án\tmở"
    item = {**ITEM_1, "title": title, "body": "Dòng một\r\nDòng  hai\x1b"}
    loaded = load_items(write(tmp_path, "items.jsonl", jsonl(item).encode()))[0]
    record = to_record(loaded, frozen_now)
    canonical = canonical_url(ITEM_1["url"])
    assert (
        record.canonical_url
        == canonical
        == "https://baohaiphong.example/hai-phong-khanh-thanh-cau-moi-1.html"
    )
    assert record.id == article_id(canonical)
    assert record.title == "Hải Phòng hoà nhịp, uỷ ban toà án\tmở"
    assert record.body == "Dòng một\nDòng  hai"
    assert record.source_id == "baohaiphong"
    assert record.published_method == "import"


def test_to_record_without_url_keeps_the_given_id(tmp_path: Path, frozen_now: datetime) -> None:
    loaded = load_items(write(tmp_path, "items.jsonl", jsonl(ITEM_2).encode()))[0]
    record = to_record(loaded, frozen_now)
    assert record.id == "vietnews-42"
    assert record.canonical_url == "urn:pressmon:vietnews-42"
    assert record.source_id == "import"
    assert record.published_at is None


@pytest.mark.parametrize(
    ("published", "method"),
    [("2026-08-14T09:30:00+07:00", "import"), ("2026-08-14T09:30:00", "import+assumed-tz"), ("", "")],
)
def test_the_method_says_when_a_zone_was_assumed(
    tmp_path: Path, frozen_now: datetime, published: str, method: str
) -> None:
    loaded = load_items(write(tmp_path, "items.jsonl", jsonl({**ITEM_1, "published": published}).encode()))
    assert to_record(loaded[0], frozen_now).published_method == method


def test_json_nested_a_hundred_thousand_deep_names_its_line(tmp_path: Path) -> None:
    deep = '{"url": "https://a.vn/2.html", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    path = write(tmp_path, "deep.jsonl", (jsonl({"url": "https://a.vn/1.html"}) + deep + "\n").encode())
    with pytest.raises(PressmonError, match=r"deep\.jsonl:2: JSON nested too deeply to be an item\.$"):
        load_items(path)


def test_duplicate_ids_are_found_with_their_lines(tmp_path: Path) -> None:
    text = jsonl(
        {"url": "https://a.vn/1.html", "title": "A"},
        {"url": "https://a.vn/2.html"},
        {"url": "https://a.vn/1.html?utm_source=fb", "title": "B"},  # the same canonical URL
        {"id": "k", "url": "https://a.vn/3.html"},
        {"id": "k", "url": "https://a.vn/4.html"},
    )
    items = load_items(write(tmp_path, "dup.jsonl", text.encode()))
    assert duplicate_ids(items) == {article_id(canonical_url("https://a.vn/1.html")): [1, 3], "k": [4, 5]}
    assert duplicate_ids(items[:2]) == {}
