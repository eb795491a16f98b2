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

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

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
    # ``pressmon poll`` reads a source's feeds at most this often unless the registry says otherwise.
    poll_minutes: int = Field(default=15, ge=0, le=10_080)
    # ``pressmon poll`` rechecks the items of open and responded cases at most this often (0: every poll).
    recheck_minutes: int = Field(default=60, ge=0, le=10_080)
    # Several crawl servers on one database: a crawl's lease on its sources, renewed every third of this
    # while it runs; a killed crawl's sources are free, and its rows marked interrupted, after this.
    lease_seconds: float = Field(default=180.0, ge=3, le=86_400)
    # Loopback and private addresses are refused unless this is set (tests, the demo site).
    allow_private_addresses: bool = False


class AlertSettings(_Strict):
    """How alerts reach analysts: e-mail over SMTP (a local relay needs no login) and webhooks. The SMTP
    password is read only from ``PRESSMON_ALERTS__SMTP_PASSWORD``, never from the file."""

    smtp_host: str = ""
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_starttls: bool = False
    smtp_user: str = ""
    smtp_password: SecretStr = SecretStr("")
    sender: str = "pressmon@localhost"
    # The dashboard's address as analysts open it; each alert links to its item there.
    dashboard_url: str = "http://localhost:8501"
    # Only items stored within this many hours raise a "new flagged item" alert (an archive import or a
    # re-assessment with a new model does not flood the analysts).
    max_age_hours: float = Field(default=72.0, gt=0)
    # A story carried by at least this many outlets within 24 hours is "spreading".
    spread_outlets: int = Field(default=3, ge=2, le=100)
    # Local hour at which digests are sent.
    digest_hour: int = Field(default=7, ge=0, le=23)
    # Sending: seconds to wait for a server, attempts before giving up, first retry delay (doubles).
    timeout: float = Field(default=20.0, gt=0, le=300)
    max_attempts: int = Field(default=8, ge=1, le=50)
    retry_seconds: float = Field(default=60.0, gt=0)
    # How long a sender holds a delivery it is sending; one that dies mid-send frees it after this.
    claim_seconds: float = Field(default=300.0, gt=0, le=86_400)


class ReportSettings(_Strict):
    """Who issues the quarterly briefing (the header, signature and recipients of the DOCX form of Nghị
    định 30/2020): the office's own values, never edited in code. ``unit`` names the administrative unit
    once (header, intro and appendix all take it from here); ``issuer`` is the office inside it."""

    unit: str = "UBND xã An Lão"
    issuer: str = "Phòng Văn hóa - Xã hội"
    number: str = "Số:      /BC-VHXH"
    place: str = "An Lão"
    signer_title: str = "Trưởng phòng"
    signer_name: str = ""
    recipients: list[str] = Field(
        default=["Thường trực Đảng ủy, UBND xã;", "Sở Văn hóa, Thể thao và Du lịch;", "Lưu: VT."]
    )

    @field_validator("recipients", mode="before")
    @classmethod
    def _split_recipients(cls, value: Any) -> Any:
        # The environment carries one string: recipients separated by "|".
        return (
            [part.strip() for part in value.split("|") if part.strip()] if isinstance(value, str) else value
        )


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
    alerts: AlertSettings = AlertSettings()
    report: ReportSettings = ReportSettings()
    # The key that signs the dashboard's session cookies; empty: ``var_dir/session.key``, made once.
    session_secret: str = ""

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


_SECTIONS: dict[str, type[_Strict]] = {
    "crawl": CrawlSettings,
    "alerts": AlertSettings,
    "report": ReportSettings,
}


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
        if "smtp_password" in layers.get("alerts", {}):
            raise PressmonError(
                f"Config file {path}: the SMTP password is read only from the environment "
                "(PRESSMON_ALERTS__SMTP_PASSWORD), never from a file."
            )
    layers = _merge(layers, _from_environment(env))
    layers = _merge(layers, overrides or {})
    try:
        return Settings.model_validate(layers)
    except ValidationError as exc:
        problems = "; ".join(_problem(err) for err in exc.errors())
        raise PressmonError(f"Invalid settings ({problems}).") from exc
