"""Flask-Limiter caps log-in attempts per client address, in memory or in Redis."""

import socket

import pytest

from carespace import create_app
from carespace.config import TestConfig
from tests.conftest import CarespaceClient


def limited_app(database_url, tmp_path, storage="memory://"):
    config = TestConfig(database_url, tmp_path)
    config.RATELIMIT_ENABLED = True
    config.RATELIMIT_STORAGE_URI = storage
    config.LOGIN_RATE_LIMIT = "3 per minute"
    app = create_app(config)
    app.test_client_class = CarespaceClient
    return app


def attempt(client, address="198.51.100.7"):
    return client.post_form(
        "/login",
        {"email": "someone@clinic.test", "password": "wrong-password-123"},
        environ_base={"REMOTE_ADDR": address},
    )


def check_limit(app):
    client = app.test_client()
    statuses = [attempt(client).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert "Too many attempts" in attempt(client).get_data(as_text=True)
    assert attempt(client, "198.51.100.8").status_code == 200  # another address is not affected
    assert client.get("/login", environ_base={"REMOTE_ADDR": "198.51.100.7"}).status_code == 200  # GET is free


def redis_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


def test_login_attempts_are_limited_per_address(app, database_url, tmp_path):
    check_limit(limited_app(database_url, tmp_path))


@pytest.mark.skipif(not redis_reachable(), reason="no Redis on 127.0.0.1:6379")
def test_limits_are_kept_in_redis_when_configured(app, database_url, tmp_path):
    storage = "redis://127.0.0.1:6379/15"
    app = limited_app(database_url, tmp_path, storage)
    from carespace.extensions import limiter

    assert type(limiter.storage).__name__ == "RedisStorage"
    limiter.storage.reset()
    check_limit(app)
    limiter.storage.reset()
