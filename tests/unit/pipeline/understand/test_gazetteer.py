"""pipeline.understand.gazetteer: loading gazetteer.yaml into alias tables (with and without
diacritics), homonym patterns, validity dates and the digest recorded with every assessment."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from pipeline.understand.gazetteer import Gazetteer, load_gazetteer

SMALL = """\
places:
  - id: alias-an-duong
    name: An Dương
    kind: alias
    scope: hai-phong
    aliases: [An Dương]
    ambiguous: true
  - id: old-quan-an-duong
    name: An Dương
    kind: former-district
    scope: hai-phong
    aliases: [quận An Dương, An Dương]
    ambiguous: false
  - id: hp-xa-chi-linh
    name: Chí Linh
    kind: ward
    scope: hai-phong
    aliases: [Chí Linh, thành phố Chí Linh]
    valid_from: "2025-07-01"
  - id: anlao-xa-an-hung
    name: An Hưng
    kind: commune
    scope: an-lao
    aliases: [xã An Hưng]
    valid_from: 2025-07-01
homonyms:
  - pattern: "đường an dương"
    cancels: hai-phong
"""


def _write(tmp_path: Path, text: str, name: str = "gazetteer.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_aliases_are_keyed_by_syllables_with_and_without_diacritics(tmp_path: Path) -> None:
    gaz = load_gazetteer(_write(tmp_path, SMALL))
    assert gaz.exact[("xã", "an", "hưng")].id == "anlao-xa-an-hung"
    assert gaz.folded[("xa", "an", "hung")].id == "anlao-xa-an-hung"
    assert gaz.exact[("thành", "phố", "chí", "linh")].scope == "hai-phong"
    assert ("thanh", "pho", "chi", "linh") in gaz.folded


def test_a_distinctive_place_wins_a_surface_form_over_an_ambiguous_one(tmp_path: Path) -> None:
    gaz = load_gazetteer(_write(tmp_path, SMALL))
    # The ambiguous alias comes first in the file; the former district takes "an dương" from it.
    assert gaz.exact[("an", "dương")].id == "old-quan-an-duong"
    assert gaz.folded[("an", "duong")].ambiguous is False


def test_validity_dates_are_read_from_text_or_yaml_dates(tmp_path: Path) -> None:
    gaz = load_gazetteer(_write(tmp_path, SMALL))
    assert gaz.exact[("chí", "linh")].valid_from == date(2025, 7, 1)
    assert gaz.exact[("xã", "an", "hưng")].valid_from == date(2025, 7, 1)
    assert gaz.exact[("quận", "an", "dương")].valid_from is None


def test_homonyms_compile_with_a_folded_twin(tmp_path: Path) -> None:
    (homonym,) = load_gazetteer(_write(tmp_path, SMALL)).homonyms
    assert homonym.cancels == "hai-phong"
    assert homonym.pattern.search("vỉa hè đường an dương")
    assert homonym.folded.search("via he duong an duong")


def test_longest_alias_per_first_syllable_bounds_the_scan(tmp_path: Path) -> None:
    gaz = load_gazetteer(_write(tmp_path, SMALL))
    assert gaz.longest["thành"] == gaz.longest["thanh"] == 4
    assert gaz.longest["an"] == 2
    assert gaz.longest["xã"] == 3


def test_digest_is_the_files_and_the_file_is_read_once(tmp_path: Path) -> None:
    path = _write(tmp_path, SMALL)
    gaz = load_gazetteer(path)
    assert gaz.digest == hashlib.sha256(SMALL.encode("utf-8")).hexdigest()[:8]
    assert load_gazetteer(path) is gaz
    other = load_gazetteer(_write(tmp_path, SMALL + "  # edited\n", "other.yaml"))
    assert other.digest != gaz.digest


def test_a_file_without_homonyms_has_none(tmp_path: Path) -> None:
    gaz = load_gazetteer(_write(tmp_path, "places: []\n"))
    assert (gaz.exact, gaz.folded, gaz.homonyms, gaz.longest) == ({}, {}, (), {})


def test_real_gazetteer_knows_the_city_an_lao_and_their_homonyms(gazetteer: Gazetteer) -> None:
    assert gazetteer.exact[("hải", "phòng")].id == "haiphong"
    assert gazetteer.folded[("hai", "phong")].id == "haiphong"
    assert gazetteer.exact[("xã", "an", "hưng")].scope == "an-lao"
    assert any(h.cancels == "an-lao" for h in gazetteer.homonyms)
    assert len(gazetteer.digest) == 8
