"""pipeline.taxonomy: the label codes fixed by the code, the Vietnamese names and topics from the file,
and a file whose scope, tone, reason or status codes differ refused with its name."""

from __future__ import annotations

import re
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
    assert re.match(
        rf"Taxonomy {re.escape(str(path))}:\d+: section {section!r} must list the codes ", message
    )
    assert ", ".join(FIXED[section]) in message


def test_keywords_match_whole_words_longest_first() -> None:
    words = KeywordSet.build("x", ["bồi thường", "bồi thường chậm", "  "])
    assert words.find("dân phản ánh bồi thường chậm và bồi thường", plain=True) == [
        "bồi thường chậm",
        "bồi thường",
    ]
    assert words.find("khoản bồithường", plain=True) == []
    assert KeywordSet.build("empty", []).find("bất kỳ", plain=True) == []


def _refused(path: Path) -> str:
    with pytest.raises(PressmonError) as refused:
        load_taxonomy(path)
    return str(refused.value)


def _line(path: Path, fragment: str, nth: int = 1) -> int:
    """The line of the ``nth`` line of ``path`` containing ``fragment``."""
    lines = [n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if fragment in text]
    return lines[nth - 1]


def test_a_duplicate_code_is_refused_with_both_lines(tmp_path: Path) -> None:
    data = _real()
    data["topics"].append(dict(data["topics"][2]))
    path = _write(tmp_path, data)
    code = data["topics"][2]["code"]
    first, again = _line(path, f"code: {code}"), _line(path, f"code: {code}", 2)
    assert _refused(path) == (
        f"Taxonomy {path}:{again}: topics: the code {code!r} is already used at line {first}."
    )


@pytest.mark.parametrize("section", ["topics", "review_statuses"])
def test_a_missing_section_is_refused(tmp_path: Path, section: str) -> None:
    data = _real()
    del data[section]
    path = _write(tmp_path, data)
    assert _refused(path) == f"Taxonomy {path}:1: {section}: Field required."


@pytest.mark.parametrize(
    ("change", "where", "said"),
    [
        (
            lambda d: d["topics"][1].update(keywords="kinh tế"),
            "topics.1.keywords",
            "Input should be a valid list",
        ),
        (
            lambda d: d["topics"][1]["keywords"].append(2025),
            "topics.1.keywords.",
            "Input should be a valid string",
        ),
        (lambda d: d["tones"][0].pop("name"), "tones.0.name", "Field required"),
        (lambda d: d["reasons"][3].update(nam="typo"), "reasons.3.nam", "Extra inputs are not permitted"),
        (lambda d: d.update(topics={"code": "x"}), "topics", "Input should be a valid list"),
        (lambda d: d["scopes"][0].update(code="An Lão"), "scopes.0.code", "String should match pattern"),
    ],
)
def test_a_malformed_entry_is_refused_with_file_and_line(
    tmp_path: Path, change: Any, where: str, said: str
) -> None:
    data = _real()
    change(data)
    path = _write(tmp_path, data)
    message = _refused(path)
    assert re.match(rf"Taxonomy {re.escape(str(path))}:\d+: {re.escape(where)}", message), message
    assert said in message and "Traceback" not in message
    line = int(message.split(":")[1])
    assert line > 1 and where.split(".")[0] in "".join(path.read_text().splitlines()[:line])


@pytest.mark.parametrize(
    ("text", "line", "said"),
    [
        ("version: 1\nscopes: [\n", 3, "not valid YAML"),
        ("- just\n- a list\n", 1, "the file: Input should be a valid dictionary"),
        ("", 1, "the file: Input should be a valid dictionary"),
    ],
)
def test_a_file_that_is_no_taxonomy_is_refused(tmp_path: Path, text: str, line: int, said: str) -> None:
    path = tmp_path / "taxonomy.yaml"
    path.write_text(text, encoding="utf-8")
    message = _refused(path)
    assert message.startswith(f"Taxonomy {path}:{line}: ") and said in message
