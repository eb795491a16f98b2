"""pipeline.registry: loading and validating the source registry, every error with its file and line."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pipeline.errors import MissingRegistry, PressmonError
from pipeline.registry import Registry, SourceConfig, load_registry
from pipeline.settings import DATA_DIR
from pipeline.text.urls import domain_allowed

VALID = """\
sources:
  - id: demo-outlet
    name: Báo Demo
    kind: local
    homepage: __BASE__/demo/index.html
    feeds: [__BASE__/demo/rss.xml]
    confidence: A
  - id: off-outlet
    name: Báo Tắt
    kind: national
    domains: [tat.example]
    confidence: C
    enabled: false
"""


BASE = "http://127.0.0.1:8765"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_project_registry_loads(data_dir: Path) -> None:
    registry = load_registry(data_dir / "sources.yaml")
    ids = [s.id for s in registry.sources]
    assert "vnexpress" in ids
    assert len(ids) == len(set(ids))


def test_demo_registry_loads_with_base_substituted(data_dir: Path) -> None:
    registry = load_registry(data_dir / "demo" / "sources.yaml", base_url="http://127.0.0.1:8000/")
    assert [s.id for s in registry.sources] == ["cangxanh", "tinnhanh", "anlao-portal"]
    cangxanh = registry.sources[0]
    assert cangxanh.feeds == ["http://127.0.0.1:8000/cangxanh/rss.xml"]
    assert cangxanh.listings[0].url == "http://127.0.0.1:8000/cangxanh/index.html"


def test_base_token_substitution(tmp_path: Path) -> None:
    registry = load_registry(write(tmp_path, VALID), base_url="http://127.0.0.1:8765")
    source = registry.sources[0]
    assert source.homepage == "http://127.0.0.1:8765/demo/index.html"
    assert source.feeds == ["http://127.0.0.1:8765/demo/rss.xml"]


def test_base_token_left_without_base_url_is_no_address(tmp_path: Path) -> None:
    with pytest.raises(
        PressmonError, match=r"sources\.yaml:5: sources\.0\.homepage: '__BASE__/demo/index\.html': not"
    ):
        load_registry(write(tmp_path, VALID))


ONE = """\
sources:
  - id: mot
    name: Báo Một
    kind: local
    domains: [mot.vn]
    homepage: https://mot.vn/
    feeds:
      - https://mot.vn/rss/tin-moi.rss
      - https://www.mot.vn/rss/thoi-su.rss
    sitemaps: [https://mot.vn/sitemap.xml]
    listings:
      - url: https://mot.vn/thoi-su.html
    confidence: A
"""


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        (
            "https://www.mot.vn/rss/thoi-su.rss",
            "mot.vn/rss/thoi-su.rss",
            ":9: sources.0.feeds.1: 'mot.vn/rss/thoi-su.rss': not an http(s) address",
        ),
        (
            "[https://mot.vn/sitemap.xml]",
            "[file://mot.vn/etc/passwd]",
            ":10: sources.0.sitemaps.0: 'file://mot.vn/etc/passwd': not an http(s) address",
        ),
        (
            "url: https://mot.vn/thoi-su.html",
            "url: https://mot.vn.evil.example/x.html",
            ":12: sources.0.listings.0.url: 'https://mot.vn.evil.example/x.html': "
            "host mot.vn.evil.example is off the source's domains (mot.vn)",
        ),
        (
            "homepage: https://mot.vn/",
            "homepage: javascript:alert(1)",
            ":6: sources.0.homepage: 'javascript:alert(1)': not an http(s) address",
        ),
        (
            "https://mot.vn/rss/tin-moi.rss",
            "https://mot.vn@evil.example/rss",
            ":8: sources.0.feeds.0: 'https://mot.vn@evil.example/rss': host evil.example is off",
        ),
    ],
)
def test_every_address_is_http_on_the_source_domains_or_an_error_with_its_line(
    tmp_path: Path, old: str, new: str, where: str
) -> None:
    assert load_registry(write(tmp_path, ONE)).sources[0].feeds[1] == "https://www.mot.vn/rss/thoi-su.rss"
    with pytest.raises(PressmonError) as error:
        load_registry(write(tmp_path, ONE.replace(old, new)))
    assert str(error.value).startswith(f"Source registry {tmp_path / 'sources.yaml'}{where}")


def test_validation_errors_name_the_line_too(tmp_path: Path) -> None:
    with pytest.raises(PressmonError, match=r"sources\.yaml:13: sources\.0\.confidence: "):
        load_registry(write(tmp_path, ONE.replace("confidence: A", "confidence: Z")))


def test_allowed_domains_come_from_urls_when_not_configured(tmp_path: Path) -> None:
    registry = load_registry(write(tmp_path, VALID), base_url="http://127.0.0.1:8765")
    assert registry.sources[0].allowed_domains() == ["127.0.0.1"]
    assert registry.sources[1].allowed_domains() == ["tat.example"]


def test_unknown_key_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("    confidence: A\n", "    confidence: A\n    feed: [x]\n"))
    with pytest.raises(PressmonError, match=r"sources\.0\.feed: Extra inputs are not permitted"):
        load_registry(path)


def test_bad_kind_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PressmonError, match=r"sources\.0\.kind: .*'national', 'local' or 'official'"):
        load_registry(write(tmp_path, VALID.replace("kind: local", "kind: regional")))


def test_bad_id_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PressmonError, match=r"sources\.0\.id: .*lowercase slug"):
        load_registry(write(tmp_path, VALID.replace("id: demo-outlet", "id: Demo Outlet")))


def test_duplicate_id_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PressmonError, match="duplicate source ids"):
        load_registry(write(tmp_path, VALID.replace("id: off-outlet", "id: demo-outlet")))


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(MissingRegistry, match=r"absent\.yaml does not exist"):
        load_registry(tmp_path / "absent.yaml")


def test_invalid_yaml_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PressmonError, match="not valid YAML"):
        load_registry(write(tmp_path, "sources: [\n  - id: x\n"))


def test_enabled_lists_only_enabled_sources(tmp_path: Path) -> None:
    assert [s.id for s in load_registry(write(tmp_path, VALID), BASE).enabled()] == ["demo-outlet"]


def test_enabled_only_returns_named_sources_even_when_disabled(tmp_path: Path) -> None:
    assert [s.id for s in load_registry(write(tmp_path, VALID), BASE).enabled(only=["off-outlet"])] == [
        "off-outlet"
    ]


def test_enabled_only_unknown_id_is_an_error(tmp_path: Path) -> None:
    registry = load_registry(write(tmp_path, VALID), BASE)
    with pytest.raises(PressmonError, match=r"Unknown source id\(s\): nope\. Known: demo-outlet, off-outlet"):
        registry.enabled(only=["demo-outlet", "nope"])


# The project registry against the evidence of ../shared/docs/SOURCES-EVIDENCE.md (issue 15, point 6).
GRADES = {"A": 0, "B+": 1, "B": 1, "B-": 1, "C": 2}


def _addresses(source: SourceConfig) -> list[str]:
    return [*source.feeds, *source.sitemaps, *(x.url for x in source.listings), *source.unverified]


@pytest.fixture(scope="module")
def project() -> Registry:
    return load_registry(DATA_DIR / "sources.yaml")


def test_every_address_cites_its_evidence(project: Registry) -> None:
    for source in project.sources:
        assert sorted(source.evidence) == sorted(_addresses(source)), source.id
        for address, line in source.evidence.items():
            grade, _, seen = line.partition(" · ")
            assert grade and seen, (source.id, address)


def test_every_address_is_http_on_the_sources_domains(project: Registry) -> None:
    for source in project.sources:
        for address in [*_addresses(source), source.homepage]:
            parts = urlsplit(address)
            assert parts.scheme in ("http", "https"), address
            assert domain_allowed(address, source.domains), (source.id, address)


def test_confidence_is_the_best_grade_crawled_and_only_hai_phong_press_is_crawled_on_c(
    project: Registry,
) -> None:
    for source in project.sources:
        crawled = [*source.feeds, *source.sitemaps, *(x.url for x in source.listings)]
        grades = [GRADES[source.evidence[a].split(" · ")[0]] for a in crawled]
        if grades:
            assert "ABC"[min(grades)] == source.confidence, source.id
        if source.enabled and max(grades, default=0) == 2:
            assert source.kind == "local", source.id
        if not source.enabled:
            assert source.notes.startswith("disabled: "), source.id


def test_the_outlets_as_they_are_today(project: Registry) -> None:
    by_id = {s.id: s for s in project.sources}
    assert not by_id["laodong"].enabled and "JavaScript" in by_id["laodong"].notes
    assert not by_id["qdnd"].enabled and "cookie" in by_id["qdnd"].notes
    nld = by_id["nld"]
    assert not nld.enabled and nld.homepage == "https://tuoitre.vn/nld" and "stalled" in nld.notes
    assert by_id["vietnamnet"].feeds[0] == "https://vietnamnet.vn/rss/thoi-su.rss"
    assert not any("tin-moi-nhat" in a or "home.rss" in a for a in _addresses(by_id["vietnamnet"]))
    assert by_id["cand"].enabled and by_id["cand"].feeds == ["https://cand.vn/rss/home.rss"]
    listings = [x.url for x in by_id["thanhnien"].listings]
    assert "https://thanhnien.vn/hai-phong-tags486183.html" in listings
    assert any("/timeline/" in x.url for x in by_id["tuoitre"].listings)
    assert any("/timelinelist/" in u for u in listings)
    for shard in ("StaticSitemaps/sitemaps-YYYY-M-d1-d2.xml", "sitemaps/sitemaps-YYYY-M-d1-d2.xml"):
        assert shard in by_id["tuoitre"].notes + by_id["thanhnien"].notes
    assert {s.assumed_zone() for s in project.sources} == {"Asia/Ho_Chi_Minh"}


def test_a_source_names_its_zone_or_assumes_none(tmp_path: Path) -> None:
    foreign = VALID.replace("    enabled: false\n", "    enabled: false\n    language: en\n")
    registry = load_registry(write(tmp_path, foreign), BASE)
    assert [s.assumed_zone() for s in registry.sources] == ["Asia/Ho_Chi_Minh", ""]
    named = foreign.replace("    language: en\n", "    language: en\n    timezone: Europe/Paris\n")
    assert load_registry(write(tmp_path, named), BASE).sources[1].assumed_zone() == "Europe/Paris"
    with pytest.raises(PressmonError, match="unknown time zone 'Mars/Olympus'"):
        load_registry(write(tmp_path, named.replace("Europe/Paris", "Mars/Olympus")), BASE)


def _with_listing(listing: str) -> str:
    return VALID.replace("    confidence: A\n", f"    listings:\n      - {listing}\n    confidence: A\n", 1)


def test_a_listing_walks_numbered_pages_by_its_template(tmp_path: Path) -> None:
    text = _with_listing('{url: __BASE__/timeline/0/trang-1.htm, pages: "__BASE__/timeline/0/trang-{n}.htm"}')
    (listing,) = load_registry(write(tmp_path, text), BASE).sources[0].listings
    assert [listing.page_url(n) for n in (1, 2, 12)] == [
        f"{BASE}/timeline/0/trang-1.htm",
        f"{BASE}/timeline/0/trang-2.htm",
        f"{BASE}/timeline/0/trang-12.htm",
    ]
    # The project's two timelines walk beyond their first page.
    project = {s.id: s for s in load_registry(DATA_DIR / "sources.yaml").sources}
    assert project["tuoitre"].listings[0].page_url(3) == "https://tuoitre.vn/timeline/0/trang-3.htm"
    thanhnien = [x for x in project["thanhnien"].listings if x.pages]
    assert [x.page_url(2) for x in thanhnien] == ["https://thanhnien.vn/timelinelist/1854/2.htm"]


@pytest.mark.parametrize(
    ("listing", "message"),
    [
        ('{url: __BASE__/t/1.htm, pages: "__BASE__/t/2.htm"}', "must hold '\\{n\\}' once"),
        ('{url: __BASE__/t/1.htm, pages: "__BASE__/t/{page}.htm"}', "must hold '\\{n\\}' once"),
        ('{url: __BASE__/t/1.htm, pages: "__BASE__/{x}/{n}.htm"}', "no braces other than"),
        ('{url: __BASE__/t/1.htm, next: "a.next::attr(href)", pages: "__BASE__/t/{n}.htm"}', "not both"),
        ('{url: __BASE__/t/1.htm, pages: "https://elsewhere.example/t/{n}.htm"}', "pages: .*off the source"),
    ],
)
def test_a_bad_page_template_is_refused_with_its_line(tmp_path: Path, listing: str, message: str) -> None:
    with pytest.raises(PressmonError, match=rf"sources\.yaml:\d+: sources\.0\.listings\.0.*{message}"):
        load_registry(write(tmp_path, _with_listing(listing)), BASE)
