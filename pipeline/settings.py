"""Layered settings: packaged defaults → config file → environment → command line.

Settings are read once per process by :func:`load_settings` and passed down explicitly.
An unknown key in the file or an unknown ``PRESSMON_*`` environment variable is an error,
so a typo never silently falls back to a default.

Environment variables: ``PRESSMON_CONFIG`` (path of the config file; default ``pressmon.toml``
in the working directory when it exists), and ``PRESSMON_<KEY>`` or ``PRESSMON_<SECTION>__<KEY>``
for every setting, e.g. ``PRESSMON_DATABASE_URL``, ``PRESSMON_CRAWL__DOWNLOAD_DELAY``.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pipeline.clock import DEFAULT_ZONE, zone_named
from pipeline.errors import PressmonError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_VAR_DIR = PROJECT_ROOT / "var"
ENV_PREFIX = "PRESSMON_"
CONFIG_ENV = "PRESSMON_CONFIG"
RULES_FLAG_THRESHOLD = 0.5


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CrawlSettings(_Strict):
    """How the crawler behaves towards the outlets: every knob of the crawl, Scrapy's included, with its
    default (``crawlers.config`` turns them into Scrapy settings and ``crawlers/settings.py`` takes its
    values from these defaults, so ``scrapy crawl`` and ``pressmon crawl`` behave alike)."""

    user_agent: str = "pressmon/0.1 (media monitoring for the Hai Phong information office)"
    contact: str = ""
    # Every number is bounded: 0 requests per domain hangs a crawl, a negative size or time is nonsense.
    download_delay: float = Field(default=1.0, ge=0, le=3600)
    concurrent_per_domain: int = Field(default=2, ge=1, le=64)
    # All sources together; the per-domain limit and the delay keep each outlet's share polite.
    concurrent_requests: int = Field(default=16, ge=1, le=256)
    # AutoThrottle adapts the delay to each outlet's response times, starting at ``download_delay``.
    autothrottle: bool = True
    autothrottle_max_delay: float = Field(default=30.0, gt=0, le=3600)
    autothrottle_target_concurrency: float = Field(default=1.0, gt=0, le=64)
    timeout: float = Field(default=30.0, gt=0, le=3600)
    retries: int = Field(default=3, ge=0, le=20)
    # Seconds before the first retry of a 5xx or timeout; doubles with each further retry.
    retry_backoff: float = Field(default=1.0, ge=0, le=3600)
    redirect_max_times: int = Field(default=5, ge=0, le=20)
    max_page_bytes: int = Field(default=5_000_000, gt=0, le=1_000_000_000)
    max_feed_items: int = Field(default=200, ge=1, le=100_000)
    # Per source and run: sitemap entries (newer than the last crawl, or undated) turned into requests.
    max_sitemap_items: int = Field(default=1000, ge=1, le=1_000_000)
    # Extraction in this many worker processes beside the fetching one; 0 extracts in-process.
    extract_workers: int = Field(default=0, ge=0, le=16)
    # Extracted pages stored per transaction, and the longest a page waits for its batch (seconds).
    store_batch: int = Field(default=50, ge=1, le=10_000)
    store_batch_seconds: float = Field(default=1.0, gt=0, le=3600)
    obey_robots: bool = True
    # Loopback and private addresses are refused unless this is set (tests, the demo site).
    allow_private_addresses: bool = False


class Settings(_Strict):
    """Every setting pressmon reads; see README "Configuration"."""

    database_url: str = ""
    sources: Path = DATA_DIR / "sources.yaml"
    gazetteer: Path = DATA_DIR / "gazetteer.yaml"
    taxonomy: Path = DATA_DIR / "taxonomy.yaml"
    var_dir: Path = DEFAULT_VAR_DIR
    # The office's time zone: local days, report periods and every time shown (pipeline.clock).
    timezone: str = DEFAULT_ZONE
    # The keyword rules' flag threshold, when no trained model labels (a model carries its own).
    flag_threshold: float = Field(default=RULES_FLAG_THRESHOLD, ge=0, le=1)
    crawl: CrawlSettings = CrawlSettings()

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            zone_named(value)
        except PressmonError as exc:
            raise ValueError(str(exc)) from exc
        return value

    @property
    def effective_database_url(self) -> str:
        """The configured database URL, or the default SQLite file under ``var_dir``."""
        return self.database_url or f"sqlite:///{self.var_dir / 'pressmon.db'}"


_SECTIONS = {"crawl": CrawlSettings}


def _read_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise PressmonError(f"Config file {path} does not exist.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise PressmonError(f"Config file {path} is not valid TOML: {exc}") from exc


def _from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """Turn ``PRESSMON_*`` variables into a nested dict; unknown names are errors."""
    out: dict[str, Any] = {}
    for name, value in environ.items():
        if not name.startswith(ENV_PREFIX) or name == CONFIG_ENV:
            continue
        key = name[len(ENV_PREFIX) :].lower()
        section, _, sub = key.partition("__")
        if sub:
            model = _SECTIONS.get(section)
            if model is None or sub not in model.model_fields:
                raise PressmonError(f"Unknown setting in environment variable {name}.")
            out.setdefault(section, {})[sub] = value
        elif key in Settings.model_fields and key not in _SECTIONS:
            out[key] = value
        else:
            raise PressmonError(f"Unknown setting in environment variable {name}.")
    return out


def _merge(base: dict[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in top.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(dict(merged[key]), value)
        elif value is not None:
            merged[key] = value
    return merged


def _problem(err: Mapping[str, Any]) -> str:
    """``crawl.timeout: Input should be greater than 0 (got -1)``: the key, the bound, the value."""
    where = ".".join(str(p) for p in err["loc"])
    got = f" (got {err['input']!r})" if err["type"] not in ("extra_forbidden", "missing") else ""
    return f"{where}: {err['msg']}{got}"


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Read the settings once: defaults, then file, then environment, then ``overrides``."""
    env = os.environ if environ is None else environ
    layers: dict[str, Any] = {}
    path = config_file or (Path(env[CONFIG_ENV]) if env.get(CONFIG_ENV) else None)
    if path is None and Path("pressmon.toml").is_file():
        path = Path("pressmon.toml")
    if path is not None:
        layers = _merge(layers, _read_file(path))
    layers = _merge(layers, _from_environment(env))
    layers = _merge(layers, overrides or {})
    try:
        return Settings.model_validate(layers)
    except ValidationError as exc:
        problems = "; ".join(_problem(err) for err in exc.errors())
        raise PressmonError(f"Invalid settings ({problems}).") from exc
