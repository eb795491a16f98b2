"""crawlers.runner: the Scrapy settings a crawl runs with, taken from pressmon's settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawlers.runner import scrapy_settings
from pipeline.settings import load_settings


def test_extract_workers_reach_the_crawler(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # so that a pressmon.toml of the caller's folder is never read
    settings = load_settings(environ={"PRESSMON_CRAWL__EXTRACT_WORKERS": "2"})
    assert scrapy_settings(settings, "sqlite://", "r").getint("PRESSMON_EXTRACT_WORKERS") == 2
