"""Configuration comes from the environment; unsafe production settings stop the app from starting."""

import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from carespace import create_app
from carespace.config import SETTINGS, Config, ConfigError
from carespace.timefmt import local

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.fixture
def clean_env(monkeypatch):
    for name, _default, _what in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_development_generates_a_secret_key_once_and_keeps_it(clean_env, tmp_path):
    first = Config(tmp_path)
    key_file = tmp_path / "secret_key"
    assert len(first.SECRET_KEY) == 64
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert Config(tmp_path).SECRET_KEY == first.SECRET_KEY


def test_defaults(clean_env, tmp_path):
    config = Config(tmp_path)
    assert config.SQLALCHEMY_DATABASE_URI == f"sqlite:///{tmp_path / 'carespace.db'}"
    assert config.TIMEZONE == "America/Toronto"
    assert config.RATELIMIT_STORAGE_URI == "memory://"
    assert config.SESSION_COOKIE_SECURE is False


def test_secret_key_from_the_environment_wins(clean_env, tmp_path):
    clean_env.setenv("CARESPACE_SECRET_KEY", "k" * 40)
    assert Config(tmp_path).SECRET_KEY == "k" * 40
    assert not (tmp_path / "secret_key").exists()


def test_production_refuses_to_start_without_a_secret_key(clean_env, tmp_path):
    clean_env.setenv("CARESPACE_ENV", "production")
    clean_env.setenv("CARESPACE_DATABASE_URL", "postgresql+psycopg://db.invalid/carespace")
    with pytest.raises(ConfigError, match="CARESPACE_SECRET_KEY"):
        Config(tmp_path)
    assert not (tmp_path / "secret_key").exists()


def test_production_refuses_sqlite_unless_allowed(clean_env, tmp_path):
    clean_env.setenv("CARESPACE_ENV", "production")
    clean_env.setenv("CARESPACE_SECRET_KEY", "k" * 40)
    with pytest.raises(ConfigError, match="PostgreSQL"):
        Config(tmp_path)
    clean_env.setenv("CARESPACE_ALLOW_SQLITE_IN_PRODUCTION", "1")
    assert Config(tmp_path).SESSION_COOKIE_SECURE is True


def test_production_never_runs_the_debugger(clean_env, tmp_path):
    clean_env.setenv("CARESPACE_ENV", "production")
    clean_env.setenv("CARESPACE_SECRET_KEY", "k" * 40)
    clean_env.setenv("CARESPACE_ALLOW_SQLITE_IN_PRODUCTION", "1")
    clean_env.setenv("FLASK_DEBUG", "1")
    with pytest.raises(ConfigError, match="debugger"):
        create_app(Config(tmp_path))


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("CARESPACE_TIMEZONE", "Mars/Olympus_Mons", "time zone"),
        ("CARESPACE_ENV", "staging", "CARESPACE_ENV"),
        ("CARESPACE_PROXY_HOPS", "-1", "CARESPACE_PROXY_HOPS"),
    ],
)
def test_bad_values_are_refused_with_the_variable_named(clean_env, tmp_path, name, value, message):
    clean_env.setenv(name, value)
    with pytest.raises(ConfigError, match=message):
        Config(tmp_path)


def test_proxy_fix_only_with_a_configured_hop_count(clean_env, tmp_path, database_url):
    clean_env.setenv("CARESPACE_DATABASE_URL", database_url)
    app = create_app(Config(tmp_path))
    assert app.test_client().get("/healthz", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 200
    assert type(app.wsgi_app).__name__ != "ProxyFix"
    clean_env.setenv("CARESPACE_PROXY_HOPS", "1")
    assert type(create_app(Config(tmp_path)).wsgi_app).__name__ == "ProxyFix"


def test_times_are_shown_in_the_clinic_time_zone(app):
    summer = datetime(2026, 7, 1, 16, 30, tzinfo=UTC)
    winter = datetime(2026, 1, 15, 16, 30, tzinfo=UTC)
    assert local(summer) == "2026-07-01 12:30"  # EDT, UTC-4
    assert local(winter) == "2026-01-15 11:30"  # EST, UTC-5
    app.config["TIMEZONE"] = "Europe/Paris"
    assert local(winter) == "2026-01-15 17:30"


def test_readme_documents_every_setting():
    readme = README.read_text()
    for name, _default, _what in SETTINGS:
        assert name in readme, name
