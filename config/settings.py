"""The settings schema: one typed object, read once at the edge (CLI start-up).

Sources, later ones winning: built-in defaults, a YAML file (``--config`` or
``NHACVIEC_CONFIG``), then environment variables. Every setting has an environment name made
of ``NHACVIEC_`` and its path in upper case: ``database_url`` → ``NHACVIEC_DATABASE_URL``,
``smtp.host`` → ``NHACVIEC_SMTP_HOST``. Secrets (passwords, tokens) come only from the
environment and are never printed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date, time
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

ENV_PREFIX = "NHACVIEC_"
# Environment names that are not simply the setting's path (kept short, as documented).
ENV_ALIASES = {"NHACVIEC_SMTP_FROM": ("smtp", "from_address")}
# Secrets: read from the environment only, never from a file that may be copied around.
SECRETS = (
    ("smtp", "password"),
    ("telegram", "token"),
    ("telegram", "webhook_secret"),
    ("zalo", "token"),
    ("zalo", "webhook_secret"),
)
CONFIG_ENV = "NHACVIEC_CONFIG"
HOME_ENV = "NHACVIEC_HOME"
TIMEZONE = "Asia/Ho_Chi_Minh"


class SettingsError(ValueError):
    """The configuration file or an environment variable holds a value we cannot use."""

    def __init__(self, source: str, detail: str) -> None:
        super().__init__(f"{source}: {detail}")
        self.source = source
        self.detail = detail


def default_home() -> Path:
    """Where nhacviec keeps its SQLite file unless told otherwise."""
    return Path(os.environ.get(HOME_ENV) or Path.home() / ".local" / "share" / "nhacviec")


def default_database_url() -> str:
    return f"sqlite:///{default_home() / 'nhacviec.db'}"


class CalendarSettings(BaseModel):
    """Working days: public holidays come from the ``holidays`` package; the government's
    yearly day swaps that it does not know yet are listed here."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    extra_days_off: tuple[date, ...] = Field(
        default=(), description="Extra days off (a swapped day off, a local holiday)."
    )
    swapped_working_days: tuple[date, ...] = Field(
        default=(), description="Saturdays or Sundays made working days (ngày làm bù)."
    )

    @field_validator("extra_days_off", "swapped_working_days", mode="before")
    @classmethod
    def _split_days(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value


class NotifySettings(BaseModel):
    """Where reminders go. ``console`` and ``file`` are the embedded default: every unit's
    reminders are printed or appended; ``email`` and ``telegram`` reach the units' contacts."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    channels: tuple[str, ...] = Field(
        default=("console",), description="Enabled channels: console, file, email, telegram, zalo."
    )
    file_path: Path | None = Field(
        default=None, description="The file the file channel appends to."
    )

    @field_validator("channels", mode="before")
    @classmethod
    def _split_channels(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value


class SmtpSettings(BaseModel):
    """The mail server reminders are sent through. The password comes from the environment."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str = Field(default="", description="SMTP server name; empty: email is off.")
    port: int = Field(default=587, ge=1, le=65535)
    security: Literal["starttls", "tls", "none"] = Field(
        default="starttls", description="starttls (port 587), tls (port 465) or none (loopback)."
    )
    user: str = Field(default="", description="Login name; empty: no login.")
    password: SecretStr | None = Field(default=None, description="NHACVIEC_SMTP_PASSWORD only.")
    from_address: str = Field(default="", description="The sender address (NHACVIEC_SMTP_FROM).")
    from_name: str = Field(default="Nhắc việc", description="The sender's display name.")
    timeout_s: float = Field(default=30.0, gt=0, description="Seconds allowed for each send.")
    ca_file: Path | None = Field(
        default=None, description="CA bundle to check the server's certificate against."
    )
    connections: int = Field(
        default=2, ge=1, le=20, description="SMTP sessions open at once (many servers allow few)."
    )


class TelegramSettings(BaseModel):
    """The Telegram bot. The token and the webhook's secret come from the environment."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    token: SecretStr | None = Field(default=None, description="NHACVIEC_TELEGRAM_TOKEN only.")
    base_url: str = Field(
        default="https://api.telegram.org/bot",
        description="Bot API address, e.g. http://127.0.0.1:8081/bot for a local server.",
    )
    timeout_s: float = Field(default=30.0, gt=0)
    bot_username: str = Field(
        default="",
        max_length=64,
        description="The bot's @username (without '@'): the console's t.me invitation links.",
    )
    bot: bool = Field(
        default=True, description="nhacviec run answers the bot's commands (with a token)."
    )
    mode: Literal["polling", "webhook"] = Field(
        default="polling", description="How updates arrive: polling (getUpdates) or webhook."
    )
    poll_timeout_s: int = Field(
        default=30, ge=0, le=50, description="Seconds a getUpdates long poll waits on Telegram."
    )
    leader_retry_s: float = Field(
        default=5.0,
        gt=0,
        description="Seconds between an instance's attempts to become the one that polls.",
    )
    webhook_url: str = Field(
        default="", description="The public HTTPS address Telegram posts updates to."
    )
    webhook_listen: str = Field(
        default="127.0.0.1", description="Address the webhook server listens on."
    )
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    webhook_secret: SecretStr | None = Field(
        default=None, description="NHACVIEC_TELEGRAM_WEBHOOK_SECRET only."
    )


class ZaloSettings(BaseModel):
    """The Zalo bot (Zalo Bot Platform). The token and the webhook's secret come from the
    environment. Zalo publishes no sending limits: the pacing defaults are conservative."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    token: SecretStr | None = Field(default=None, description="NHACVIEC_ZALO_TOKEN only.")
    base_url: str = Field(
        default="https://bot-api.zaloplatforms.com/bot",
        description="Bot API address, e.g. http://127.0.0.1:8082/bot for the loopback server.",
    )
    timeout_s: float = Field(default=30.0, gt=0)
    bot: bool = Field(
        default=True, description="nhacviec run answers Zalo messages (linking) with a token."
    )
    mode: Literal["polling", "webhook"] = Field(
        default="polling", description="How updates arrive: polling (getUpdates) or webhook."
    )
    poll_timeout_s: int = Field(
        default=30, ge=1, le=50, description="Seconds a getUpdates long poll waits on Zalo."
    )
    webhook_url: str = Field(
        default="", description="The public HTTPS address Zalo posts updates to (webhook mode)."
    )
    webhook_listen: str = Field(
        default="127.0.0.1", description="Address the Zalo webhook listens on."
    )
    webhook_port: int = Field(default=8444, ge=1, le=65535)
    webhook_secret: SecretStr | None = Field(
        default=None, description="NHACVIEC_ZALO_WEBHOOK_SECRET only (8 to 256 characters)."
    )
    overall_per_s: float = Field(
        default=5.0, gt=0, le=30, description="Messages a second to Zalo, all chats together."
    )
    chat_interval_s: float = Field(
        default=1.0, ge=0, le=60, description="Seconds between two messages to one Zalo chat."
    )


class SchedulerSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    every_s: int = Field(default=30, ge=1, description="Seconds between the service's passes.")
    batch: int = Field(default=500, ge=1, description="Events or reminders handled per step.")
    lease_s: int = Field(default=300, ge=10, description="How long a claimed reminder is held.")
    max_attempts: int = Field(default=8, ge=1, description="Attempts before a dead letter.")
    senders: int = Field(
        default=16, ge=1, le=256, description="Messages in flight at once (each address in turn)."
    )


class ReportScheduleSettings(BaseModel):
    """One report on a schedule (``reports:``): built at the due instant, emailed to the
    plan's office with the file attached and announced in its Telegram chat."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    every: Literal["monthly", "quarterly", "half_yearly", "yearly"] = Field(
        description="monthly; quarterly (the last month of each quarter); half_yearly (June and "
        "December); yearly (December)."
    )
    day: int = Field(default=20, ge=1, le=31, description="Day of the month (clipped to its end).")
    at: time = Field(default=time(8, 0), description="Local time of day (HH:MM).")
    format: Literal["docx", "xlsx"] = Field(default="docx", description="The attached file.")
    language: Literal["vi", "en"] | None = Field(
        default=None, description="The report's language; empty: the settings' language."
    )
    plans: tuple[int, ...] = Field(
        default=(), description="Plan numbers (KH…); empty: every plan that has an office."
    )
    working_day: bool = Field(
        default=False,
        description="On a weekend or holiday (the calendar's), send on the working day before.",
    )
    name: str = Field(
        default="",
        max_length=40,
        pattern=r"^[a-z0-9_-]*$",
        description="What the outbox keys call it (default: the cadence); give two schedules "
        "of the same cadence different names.",
    )


class WebSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = Field(
        default=True, description="`nhacviec run` serves the web too, on host:port, beside it."
    )
    host: str = Field(default="127.0.0.1", description="Address the web listens on.")
    port: int = Field(default=8080, ge=1, le=65535, description="Port the web listens on.")
    max_upload_mb: int = Field(
        default=20, ge=1, le=1024, description="Largest plan file the API accepts, in MB."
    )
    public_url: str = Field(
        default="",
        max_length=500,
        pattern=r"^(https?://\S+)?$",
        description="The console's address as people open it (https://nhacviec.example.gov.vn): "
        "the bot's «Xem trên web» button links there; empty, no button.",
    )


class OpsSettings(BaseModel):
    """The operator's endpoints (/healthz, /readyz, /metrics) of ``nhacviec run`` when its web
    is off (``web.enabled: false``); with the web on, they are on the web's port."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    port: int | None = Field(
        default=None,
        ge=1,
        le=65535,
        description="Port of the endpoints when the web is off; empty: not served.",
    )
    host: str = Field(default="127.0.0.1", description="Address the endpoints listen on.")


class LoggingSettings(BaseModel):
    """The service's logs, on standard error."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["json", "text"] = Field(
        default="json", description="json (one object a line) or text (for a terminal)."
    )
    level: Literal["debug", "info", "warning", "error"] = Field(
        default="info", description="The least severe records written."
    )

    @field_validator("level", "format", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.lower() if isinstance(value, str) else value


class ReadingSettings(BaseModel):
    """The most a plan file may hold (``workflows.readers.limits.ReadLimits``): a file past a
    limit is refused, before it can fill the memory or hold the machine for minutes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_part_mb: int = Field(
        default=64, ge=1, le=4096, description="A DOCX/XLSX part unpacked, or a text file, in MB."
    )
    max_ratio: int = Field(
        default=200, ge=10, description="Unpacked / packed size of a part over 1 MB."
    )
    max_rows: int = Field(default=20_000, ge=100, description="Rows of an XLSX sheet or text file.")
    max_columns: int = Field(default=256, ge=10, le=16_384, description="Columns of a sheet.")
    max_cells: int = Field(default=200_000, ge=1000, description="Filled cells of a sheet.")
    max_pages: int = Field(default=1_000, ge=1, description="Pages of a PDF.")


class WorkflowSettings(BaseModel):
    """The task workflow's knobs (issue 14: deadline extensions)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    extension_cap: int = Field(
        default=2,
        ge=0,
        le=20,
        description="Extension requests an occurrence may have open or approved at once.",
    )


class EvidenceSettings(BaseModel):
    """Files a report (or a partner's answer) carries: where they are kept, how big and of which
    types they may be. Files are assumed virus-free: nothing scans them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    folder: Path | None = Field(
        default=None,
        description="Where evidence files are kept (by their SHA-256); empty: the folder "
        "'evidence' beside the SQLite database, else under NHACVIEC_HOME.",
    )
    max_file_mb: int = Field(default=20, ge=1, le=1024, description="Largest file, in MB.")
    allowed_types: tuple[str, ...] = Field(
        default=("pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "jpg", "jpeg", "png"),
        description="File name extensions accepted (comma-separated in the environment).",
    )

    @field_validator("allowed_types", mode="before")
    @classmethod
    def _split_types(cls, value: Any) -> Any:
        """ "pdf, .PNG" (the environment) or a list (a file): bare lower-case extensions."""
        parts = value.split(",") if isinstance(value, str) else value
        if isinstance(parts, list | tuple):
            return tuple(str(part).strip().lower().lstrip(".") for part in parts if str(part))
        return value


class Settings(BaseModel):
    """Everything nhacviec can be configured with."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    database_url: str = Field(
        default_factory=default_database_url,
        description="SQLAlchemy URL: sqlite:///path/to/file.db or postgresql+psycopg://user@host/db",
    )
    language: Literal["vi", "en"] = Field(
        default="vi", description="Language of every message, report and reminder."
    )
    units_directories: tuple[Path, ...] = Field(
        default=(),
        description="Units directory files (YAML) used to resolve unit names in plans.",
    )
    calendar: CalendarSettings = Field(default_factory=CalendarSettings)
    notify: NotifySettings = Field(default_factory=NotifySettings)
    smtp: SmtpSettings = Field(default_factory=SmtpSettings)
    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    zalo: ZaloSettings = Field(default_factory=ZaloSettings)
    scheduler: SchedulerSettings = Field(default_factory=SchedulerSettings)
    web: WebSettings = Field(default_factory=WebSettings)
    ops: OpsSettings = Field(default_factory=OpsSettings)
    logging: LoggingSettings = Field(default_factory=LoggingSettings)
    reading: ReadingSettings = Field(default_factory=ReadingSettings)
    workflow: WorkflowSettings = Field(default_factory=WorkflowSettings)
    evidence: EvidenceSettings = Field(default_factory=EvidenceSettings)
    reports: tuple[ReportScheduleSettings, ...] = Field(
        default=(),
        description="Reports on a schedule, e.g. [{every: monthly, day: 20, at: '08:00'}].",
    )
    reminders: dict[str, Any] = Field(
        default_factory=dict,
        description="The reminder policy (scheduler.policy.ReminderPolicy fields), e.g. "
        "before_due_days: [7, 3, 1].",
    )

    @field_validator("units_directories", mode="before")
    @classmethod
    def _split_paths(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(part for part in value.split(os.pathsep) if part)
        return value


def load_settings(
    config_file: Path | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Defaults, then the YAML file, then ``NHACVIEC_*`` environment variables."""
    environ = os.environ if environ is None else environ
    config_file = config_file or _path_or_none(environ.get(CONFIG_ENV))
    values: dict[str, Any] = {}
    source = "defaults"
    if config_file is not None:
        values = _read_yaml(config_file)
        source = str(config_file)
        _refuse_secrets(values, source)
    values = _merge(values, _from_environment(environ))
    try:
        settings = Settings.model_validate(values)
    except ValidationError as exc:
        raise SettingsError(source, _describe(exc)) from exc
    if config_file is not None:
        settings = _anchor_paths(settings, config_file.parent)
    return settings


def _path_or_none(value: str | None) -> Path | None:
    return Path(value) if value else None


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise SettingsError(str(path), str(exc)) from exc
    except yaml.YAMLError as exc:
        raise SettingsError(str(path), str(exc)) from exc
    if not isinstance(data, dict):
        raise SettingsError(str(path), "the file must hold a mapping of setting names to values")
    return data


def _from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """Environment variables for every known setting path (nested models flattened)."""
    found: dict[str, Any] = {}
    for path in _setting_paths(Settings):
        name = ENV_PREFIX + "_".join(path).upper()
        if name in environ:
            _set(found, path, environ[name])
    for name, path in ENV_ALIASES.items():
        if name in environ:
            _set(found, path, environ[name])
    return found


def _refuse_secrets(values: dict[str, Any], source: str) -> None:
    for section, name in SECRETS:
        if isinstance(values.get(section), dict) and name in values[section]:
            variable = f"{ENV_PREFIX}{section.upper()}_{name.upper()}"
            raise SettingsError(
                source, f"{section}.{name} must not be written in a file; set {variable} instead"
            )


def _setting_paths(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths: list[tuple[str, ...]] = []
    for name, info in model.model_fields.items():
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            paths.extend(_setting_paths(annotation, (*prefix, name)))
        else:
            paths.append((*prefix, name))
    return paths


def _set(target: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _anchor_paths(settings: Settings, folder: Path) -> Settings:
    """Relative paths in a config file are relative to that file, not to where we run."""
    anchored = tuple(p if p.is_absolute() else folder / p for p in settings.units_directories)
    return settings.model_copy(update={"units_directories": anchored})


def _describe(exc: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}" for error in exc.errors()
    )
