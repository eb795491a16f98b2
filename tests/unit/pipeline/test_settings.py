"""pipeline.settings: defaults → file → environment → overrides; unknown keys are errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import PressmonError
from pipeline.settings import DATA_DIR, CrawlSettings, Settings, load_settings

FILE = """\
database_url = "sqlite:////srv/from-file.db"
flag_threshold = 0.7

[crawl]
download_delay = 2.5
retries = 5
"""


@pytest.fixture(autouse=True)
def _no_project_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in an empty directory so that a ``pressmon.toml`` of the caller's cwd is never read."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "custom.toml"
    path.write_text(FILE, encoding="utf-8")
    return path


def test_defaults() -> None:
    settings = load_settings(environ={})
    assert settings.database_url == ""
    assert settings.sources == DATA_DIR / "sources.yaml"
    assert settings.timezone == "Asia/Ho_Chi_Minh"
    assert settings.flag_threshold == 0.5
    assert settings.crawl.download_delay == 1.0
    assert settings.crawl.obey_robots is True
    assert settings.crawl.allow_private_addresses is False


def test_default_database_is_sqlite_under_var_dir(tmp_path: Path) -> None:
    settings = load_settings(overrides={"var_dir": tmp_path / "var"}, environ={})
    assert settings.effective_database_url == f"sqlite:///{tmp_path / 'var' / 'pressmon.db'}"


def test_file_layer(config: Path) -> None:
    settings = load_settings(config_file=config, environ={})
    assert settings.database_url == "sqlite:////srv/from-file.db"
    assert settings.flag_threshold == 0.7
    assert settings.crawl.download_delay == 2.5
    assert settings.crawl.retries == 5
    assert settings.crawl.timeout == 30.0


def test_config_file_from_environment(config: Path) -> None:
    assert load_settings(environ={"PRESSMON_CONFIG": str(config)}).crawl.retries == 5


def test_pressmon_toml_in_working_directory_is_read(tmp_path: Path) -> None:
    (tmp_path / "pressmon.toml").write_text("flag_threshold = 0.9\n", encoding="utf-8")
    assert load_settings(environ={}).flag_threshold == 0.9


def test_environment_database_url() -> None:
    settings = load_settings(environ={"PRESSMON_DATABASE_URL": "postgresql://db/pressmon"})
    assert settings.database_url == "postgresql://db/pressmon"
    assert settings.effective_database_url == "postgresql://db/pressmon"


def test_environment_section_key_is_converted() -> None:
    settings = load_settings(environ={"PRESSMON_CRAWL__DOWNLOAD_DELAY": "0.25"})
    assert settings.crawl.download_delay == 0.25


def test_environment_wins_over_file_and_keeps_other_file_keys(config: Path) -> None:
    env = {"PRESSMON_DATABASE_URL": "sqlite:////srv/env.db", "PRESSMON_CRAWL__DOWNLOAD_DELAY": "3"}
    settings = load_settings(config_file=config, environ=env)
    assert settings.database_url == "sqlite:////srv/env.db"
    assert settings.crawl.download_delay == 3.0
    assert settings.crawl.retries == 5


def test_overrides_win_over_environment_and_file(config: Path) -> None:
    env = {"PRESSMON_DATABASE_URL": "sqlite:////srv/env.db", "PRESSMON_CRAWL__DOWNLOAD_DELAY": "3"}
    overrides = {"database_url": "sqlite:////srv/cli.db", "crawl": {"download_delay": 0.1}}
    settings = load_settings(overrides=overrides, config_file=config, environ=env)
    assert settings.database_url == "sqlite:////srv/cli.db"
    assert settings.crawl.download_delay == 0.1
    assert settings.crawl.retries == 5


def test_override_of_none_leaves_lower_layer(config: Path) -> None:
    settings = load_settings(overrides={"database_url": None}, config_file=config, environ={})
    assert settings.database_url == "sqlite:////srv/from-file.db"


@pytest.mark.parametrize(
    ("text", "where"),
    [("databse_url = 'x'\n", "databse_url"), ("[crawl]\ndownload_dealy = 2\n", r"crawl\.download_dealy")],
)
def test_unknown_key_in_file_is_an_error(tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PressmonError, match=rf"Invalid settings \({where}: Extra inputs are not permitted"):
        load_settings(config_file=path, environ={})


@pytest.mark.parametrize(
    "name", ["PRESSMON_DATABSE_URL", "PRESSMON_CRAWL__DOWNLOAD_DEALY", "PRESSMON_NOPE__X", "PRESSMON_CRAWL"]
)
def test_unknown_environment_variable_is_an_error(name: str) -> None:
    with pytest.raises(PressmonError, match=f"Unknown setting in environment variable {name}"):
        load_settings(environ={name: "1"})


def test_unrelated_environment_variables_are_ignored() -> None:
    assert load_settings(environ={"HOME": "/root", "PATH": "/bin"}).database_url == ""


def test_invalid_value_is_an_error() -> None:
    with pytest.raises(PressmonError, match=r"Invalid settings \(crawl\.download_delay"):
        load_settings(environ={"PRESSMON_CRAWL__DOWNLOAD_DELAY": "soon"})


def test_extract_workers_are_bounded() -> None:
    with pytest.raises(PressmonError, match=r"crawl\.extract_workers"):
        load_settings(environ={"PRESSMON_CRAWL__EXTRACT_WORKERS": "-1"})


def test_missing_config_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PressmonError, match="does not exist"):
        load_settings(config_file=tmp_path / "absent.toml", environ={})


def test_invalid_toml_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("database_url = \n", encoding="utf-8")
    with pytest.raises(PressmonError, match="not valid TOML"):
        load_settings(config_file=path, environ={})


def test_the_issuing_body_is_layered_like_every_other_setting(tmp_path: Path) -> None:
    path = tmp_path / "office.toml"
    path.write_text(
        '[report]\nunit = "UBND phường Hồng Bàng"\nsigner_name = "Nguyễn Văn A"\n'
        'recipients = ["UBND phường;", "Lưu: VT."]\n',
        encoding="utf-8",
    )
    env = {
        "PRESSMON_REPORT__NUMBER": "Số: 12/BC-VHXH",
        "PRESSMON_REPORT__RECIPIENTS": "Sở VHTTDL; | Lưu: VT.",
    }
    report = load_settings(config_file=path, environ=env).report
    assert report.unit == "UBND phường Hồng Bàng" and report.signer_name == "Nguyễn Văn A"  # the file
    assert report.number == "Số: 12/BC-VHXH"  # the environment
    assert report.recipients == ["Sở VHTTDL;", "Lưu: VT."]  # the environment wins over the file
    assert report.issuer == "Phòng Văn hóa - Xã hội"  # the packaged default
    assert load_settings(environ={}).report.unit == "UBND xã An Lão"


def test_an_unknown_report_setting_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PressmonError, match="PRESSMON_REPORT__SIGNER"):
        load_settings(environ={"PRESSMON_REPORT__SIGNER": "x"})
    path = tmp_path / "typo.toml"
    path.write_text('[report]\nunnit = "UBND xã An Lão"\n', encoding="utf-8")
    with pytest.raises(PressmonError, match=r"report\.unnit"):
        load_settings(config_file=path, environ={})


@pytest.mark.parametrize(
    ("key", "value", "bound"),
    [
        ("crawl.concurrent_per_domain", "0", "greater than or equal to 1"),
        ("crawl.max_feed_items", "-5", "greater than or equal to 1"),
        ("crawl.max_page_bytes", "-1", "greater than 0"),
        ("crawl.max_page_bytes", "0", "greater than 0"),
        ("crawl.timeout", "0", "greater than 0"),
        ("crawl.timeout", "-30", "greater than 0"),
        ("crawl.download_delay", "-1", "greater than or equal to 0"),
        ("crawl.retries", "-1", "greater than or equal to 0"),
        ("crawl.retries", "1000", "less than or equal to 20"),
        ("crawl.store_batch_seconds", "0", "greater than 0"),
        ("crawl.concurrent_requests", "0", "greater than or equal to 1"),
        ("flag_threshold", "7.5", "less than or equal to 1"),
        ("flag_threshold", "-0.1", "greater than or equal to 0"),
    ],
)
def test_numbers_out_of_bounds_name_the_key_and_the_bound(key: str, value: str, bound: str) -> None:
    name = "PRESSMON_" + key.upper().replace(".", "__")
    with pytest.raises(PressmonError) as caught:
        load_settings(environ={name: value})
    message = str(caught.value)
    assert f"{key}: Input should be {bound}" in message and f"(got '{value}')" in message


def test_bounds_hold_in_the_file_too(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("flag_threshold = 7.5\n[crawl]\nconcurrent_per_domain = 0\n", encoding="utf-8")
    with pytest.raises(
        PressmonError, match=r"crawl\.concurrent_per_domain: .*equal to 1 \(got 0\)"
    ) as caught:
        load_settings(config_file=path, environ={})
    assert "flag_threshold: Input should be less than or equal to 1 (got 7.5)" in str(caught.value)


def test_every_number_has_both_bounds() -> None:
    numbers = [(m, n, i) for m in (Settings, CrawlSettings) for n, i in m.model_fields.items()]
    numbers = [(m, n, i) for m, n, i in numbers if i.annotation in (int, float)]
    assert len(numbers) >= 16
    for model, name, info in numbers:
        lower = [
            m
            for m in info.metadata
            if getattr(m, "ge", None) is not None or getattr(m, "gt", None) is not None
        ]
        upper = [
            m
            for m in info.metadata
            if getattr(m, "le", None) is not None or getattr(m, "lt", None) is not None
        ]
        assert lower and upper, f"{model.__name__}.{name} is not bounded on both sides"
