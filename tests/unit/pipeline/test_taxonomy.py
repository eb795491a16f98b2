"""pipeline.taxonomy: the label codes fixed by the code, the Vietnamese names and topics from the file,
and a file whose scope, tone, reason or status codes differ refused with its name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.errors import PressmonError
from pipeline.taxonomy import REASONS, REVIEW_STATUSES, SCOPES, TONES, KeywordSet, Taxonomy, load_taxonomy
from tests.support.paths import DATA_DIR

FIXED = {"scopes": SCOPES, "tones": TONES, "reasons": REASONS, "review_statuses": REVIEW_STATUSES}


def _real() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DATA_DIR / "taxonomy.yaml").read_text(encoding="utf-8"))
    return data


def _write(tmp_path: Path, data: dict[str, Any], name: str = "taxonomy.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_the_real_taxonomy_has_the_codes_of_the_code_and_its_own_topics(taxonomy: Taxonomy) -> None:
    assert tuple(taxonomy.scopes) == SCOPES and tuple(taxonomy.tones) == TONES
    assert tuple(taxonomy.reasons) == REASONS and tuple(taxonomy.statuses) == REVIEW_STATUSES
    assert tuple(taxonomy.topics) == tuple(t["code"] for t in _real()["topics"])
    assert [k.code for k in taxonomy.topic_keywords] == list(taxonomy.topics)
    assert len(taxonomy.digest) == 8


def test_names_come_from_the_file(tmp_path: Path) -> None:
    data = _real()
    data["tones"][0]["name"] = "Rất tích cực"
    data["topics"] = [{"code": "cang-bien", "name": "Cảng biển", "keywords": ["cảng", "tàu biển"]}]
    taxonomy = load_taxonomy(_write(tmp_path, data))
    assert taxonomy.tones["positive"] == "Rất tích cực"
    assert taxonomy.topics == {"cang-bien": "Cảng biển"}
    (keywords,) = taxonomy.topic_keywords
    assert keywords.find("tàu biển cập cảng lạch huyện", plain=True) == ["tàu biển", "cảng"]
    assert keywords.find("tau bien cap cang lach huyen", plain=False) == ["tau bien", "cang"]


@pytest.mark.parametrize("section", list(FIXED))
@pytest.mark.parametrize("change", ["renamed", "missing", "extra", "reordered"])
def test_a_file_whose_fixed_codes_differ_is_refused_with_its_name(
    tmp_path: Path, section: str, change: str
) -> None:
    data = _real()
    entries = data[section]
    if change == "renamed":
        entries[0]["code"] = entries[0]["code"] + "-x"
    elif change == "missing":
        entries.pop()
    elif change == "extra":
        entries.append({"code": "khac", "name": "Khác"})
    else:
        entries.reverse()
    path = _write(tmp_path, data, f"taxonomy-{section}-{change}.yaml")
    with pytest.raises(PressmonError) as refused:
        load_taxonomy(path)
    message = str(refused.value)
    assert message.startswith(f"Taxonomy {path}: section {section!r} must list the codes ")
    assert ", ".join(FIXED[section]) in message


def test_keywords_match_whole_words_longest_first() -> None:
    words = KeywordSet.build("x", ["bồi thường", "bồi thường chậm", "  "])
    assert words.find("dân phản ánh bồi thường chậm và bồi thường", plain=True) == [
        "bồi thường chậm",
        "bồi thường",
    ]
    assert words.find("khoản bồithường", plain=True) == []
    assert KeywordSet.build("empty", []).find("bất kỳ", plain=True) == []
