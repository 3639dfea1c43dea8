"""Configuration read from the environment.

Every setting the app reads is listed in `SETTINGS` with its default, so the
README's configuration table and the code cannot drift apart.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_PATH = PROJECT_ROOT / "instance"


class ConfigError(RuntimeError):
    """The environment asks for something the app refuses to run with."""


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _secret_key_from_instance(instance_path: Path) -> str:
    """Read the development secret key, generating it on first use."""
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return key_file.read_text().strip()


class Config:
    """Settings for development and production, built from the environment."""

    TESTING = False
    ENV_NAME = "development"
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session, which is bounded below
    BOOTSTRAP_SERVE_LOCAL = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "carespace_session"
    SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=12)
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    LOCKOUT_THRESHOLD = 5
    LOCKOUT_WINDOW = timedelta(minutes=15)
    LOCKOUT_DURATION = timedelta(minutes=15)
    PASSWORD_RESET_LIFETIME = timedelta(hours=24)
    INVITATION_LIFETIME = timedelta(hours=72)
    EMERGENCY_NUMBER = "911"
    ARGON2_PROFILE = "RFC_9106_LOW_MEMORY"
    PAGE_SIZE = 25

    def __init__(self, instance_path: Path = INSTANCE_PATH) -> None:
        self.ENV_NAME = _env("CARESPACE_ENV", self.ENV_NAME)
        self.SQLALCHEMY_DATABASE_URI = _env("CARESPACE_DATABASE_URL", f"sqlite:///{instance_path / 'carespace.db'}")
        self.TIMEZONE = _env("CARESPACE_TIMEZONE", "America/Toronto")
        self.RATELIMIT_STORAGE_URI = _env("CARESPACE_RATELIMIT_STORAGE_URL", "memory://")
        self.LOGIN_RATE_LIMIT = _env("CARESPACE_LOGIN_RATE_LIMIT", "20 per minute")
        self.PROXY_HOPS = int(_env("CARESPACE_PROXY_HOPS", "0"))
        self.ALLOW_SQLITE_IN_PRODUCTION = _env("CARESPACE_ALLOW_SQLITE_IN_PRODUCTION", "0") == "1"
        self.SESSION_COOKIE_SECURE = self.is_production
        self.SECRET_KEY = _env("CARESPACE_SECRET_KEY")
        if self.SECRET_KEY is None and not self.is_production:
            self.SECRET_KEY = _secret_key_from_instance(instance_path)
        self.validate()

    @property
    def is_production(self) -> bool:
        return self.ENV_NAME == "production"

    def validate(self) -> None:
        """Refuse settings that are unsafe or unusable.

        :raises ConfigError: with a message naming the variable to fix.
        """
        if self.ENV_NAME not in ("development", "production"):
            raise ConfigError("CARESPACE_ENV must be 'development' or 'production'.")
        if self.is_production and not self.SECRET_KEY:
            raise ConfigError("CARESPACE_SECRET_KEY must be set when CARESPACE_ENV=production.")
        if (
            self.is_production
            and self.SQLALCHEMY_DATABASE_URI.startswith("sqlite")
            and not self.ALLOW_SQLITE_IN_PRODUCTION
        ):
            raise ConfigError(
                "Production needs PostgreSQL (CARESPACE_DATABASE_URL); "
                "set CARESPACE_ALLOW_SQLITE_IN_PRODUCTION=1 to run on SQLite anyway."
            )
        try:
            ZoneInfo(self.TIMEZONE)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ConfigError(f"CARESPACE_TIMEZONE {self.TIMEZONE!r} is not a known time zone.") from exc
        if self.PROXY_HOPS < 0:
            raise ConfigError("CARESPACE_PROXY_HOPS must be 0 or more.")


class TestConfig(Config):
    """Settings for the test suite: a given database, cheap hashing, no throttling."""

    __test__ = False  # not a pytest test class
    TESTING = True
    ARGON2_PROFILE = "CHEAPEST"
    RATELIMIT_ENABLED = False

    def __init__(self, database_url: str, instance_path: Path) -> None:
        super().__init__(instance_path)
        self.SQLALCHEMY_DATABASE_URI = database_url
        self.SECRET_KEY = secrets.token_hex(32)
        self.SERVER_NAME = None


# Every environment variable the app reads: (name, default, what it does).
SETTINGS: list[tuple[str, str, str]] = [
    ("CARESPACE_ENV", "development", "`production` turns on secure cookies and HSTS and checks the settings"),
    ("CARESPACE_DATABASE_URL", "sqlite:///instance/carespace.db", "database URL"),
    ("CARESPACE_SECRET_KEY", "generated into instance/secret_key", "signs sessions and CSRF tokens"),
    ("CARESPACE_TIMEZONE", "America/Toronto", "the clinic's time zone for display"),
    ("CARESPACE_RATELIMIT_STORAGE_URL", "memory://", "Flask-Limiter storage, e.g. redis://127.0.0.1:6379/0"),
    ("CARESPACE_LOGIN_RATE_LIMIT", "20 per minute", "log-in attempts allowed per client address"),
    ("CARESPACE_PROXY_HOPS", "0", "number of trusted reverse proxies in front of the app"),
    ("CARESPACE_ALLOW_SQLITE_IN_PRODUCTION", "0", "`1` lets production run on SQLite"),
]
