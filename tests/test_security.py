"""Every response carries the security headers; every route declares who may reach it; errors are friendly."""

import pytest
from flask import Flask

from carespace import create_app
from carespace.config import Config, TestConfig
from carespace.models import Role
from carespace.permissions import access_for, public
from tests.factories import make_user

ROLES = [None, *Role]  # None: not signed in


def get_routes(app: Flask, user_id: int) -> list[str]:
    """Every GET route, with a real account's id for the parameters."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint.endswith("static"):
            continue
        values = {
            arg: ("some-token" if arg == "token" else user_id if arg == "user_id" else 1) for arg in rule.arguments
        }
        urls.append(rule.build(values)[1])
    return urls


def assert_security_headers(response, url: str) -> None:
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp, url
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp, url
    assert headers["X-Content-Type-Options"] == "nosniff", url
    assert headers["Referrer-Policy"] == "no-referrer", url
    assert "Strict-Transport-Security" not in headers, url  # development: plain HTTP


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value if r else "anonymous")
def test_every_page_sends_security_headers_and_no_store(app, client, login_as, role):
    if role:
        login_as(role)
    target = make_user(Role.PRACTITIONER)
    urls = get_routes(app, target.id)
    assert len(urls) >= 10
    for url in urls:
        response = client.get(url)
        assert_security_headers(response, url)
        assert response.headers["Cache-Control"] == "no-store", url


def test_error_pages_send_security_headers(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert_security_headers(response, "404")
    assert "Page not found" in response.get_data(as_text=True)


def test_static_files_send_security_headers_and_may_be_cached(client):
    for url in ("/static/carespace.css", "/bootstrap/static/css/bootstrap.min.css"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response, url)
        assert "no-store" not in response.headers.get("Cache-Control", "")


def test_production_adds_hsts_and_secure_cookies(monkeypatch, tmp_path, database_url):
    monkeypatch.setenv("CARESPACE_ENV", "production")
    monkeypatch.setenv("CARESPACE_SECRET_KEY", "x" * 64)
    monkeypatch.setenv("CARESPACE_DATABASE_URL", database_url)
    monkeypatch.setenv("CARESPACE_ALLOW_SQLITE_IN_PRODUCTION", "1")
    app = create_app(Config(tmp_path))
    response = app.test_client().get("/login")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie
    assert app.debug is False


def test_pages_link_no_outside_resources(client):
    html = client.get("/login").get_data(as_text=True)
    assert "http://" not in html.replace('xmlns="http://', "") and "https://" not in html
    assert "/bootstrap/static/css/bootstrap.min.css" in html


def test_every_route_declares_who_may_reach_it(app):
    undeclared = [rule.endpoint for rule in app.url_map.iter_rules() if access_for(rule.endpoint, app) is None]
    assert undeclared == []


def test_a_route_that_declares_nothing_is_refused(database_url, tmp_path, login_as):
    app = create_app(TestConfig(database_url, tmp_path))
    app.add_url_rule("/forgotten", "forgotten", lambda: "secret")
    from tests.conftest import CarespaceClient

    app.test_client_class = CarespaceClient
    client = app.test_client()
    with app.app_context():
        user = make_user(Role.ADMIN)
        assert client.get("/forgotten").status_code == 302  # anonymous: to the log-in page
        client.login(user.email)
        assert client.get("/forgotten").status_code == 403


def test_server_error_page_shows_no_traceback(database_url, tmp_path):
    app = create_app(TestConfig(database_url, tmp_path))
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def broken():
        raise RuntimeError("internal detail that must not leak")

    app.add_url_rule("/broken", "broken", public(broken))
    response = app.test_client().get("/broken")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert "internal detail" not in html and "Traceback" not in html
    assert_security_headers(response, "500")


def test_wrong_method_gets_a_friendly_page(client):
    response = client.get("/logout")
    assert response.status_code == 405
    assert "That action is not available here" in response.get_data(as_text=True)


class TestHealth:
    def test_healthy(self, client):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.get_json() == {"status": "ok", "database": "ok"}

    def test_database_unreachable(self, tmp_path):
        app = create_app(TestConfig(f"sqlite:///{tmp_path}/missing-dir/none.db", tmp_path))
        response = app.test_client().get("/healthz")
        assert response.status_code == 503
        assert response.get_json()["database"] == "unavailable"


def test_request_log_never_shows_one_time_link_tokens(app, client, caplog):
    """Werkzeug logs every request line; a reset link's token is redacted from it."""
    import logging

    from carespace.security import RedactSecretsFilter

    record = logging.LogRecord(
        "werkzeug",
        logging.INFO,
        __file__,
        1,
        '%s - - "%s" %s',
        ("127.0.0.1", "GET /reset/s3cr3tT0ken HTTP/1.1", 200),
        None,
    )
    assert RedactSecretsFilter().filter(record)
    message = record.getMessage()
    assert "s3cr3tT0ken" not in message
    assert "/reset/[redacted]" in message
    assert any(isinstance(f, RedactSecretsFilter) for f in logging.getLogger("werkzeug").filters)


def test_a_clash_refused_by_the_database_gets_a_friendly_409(database_url, tmp_path):
    """Two saves racing past the form checks: the database's unique constraint refuses one, never a 500."""
    from sqlalchemy.exc import IntegrityError

    app = create_app(TestConfig(database_url, tmp_path))

    def clash():
        raise IntegrityError("INSERT ...", {}, Exception("unique constraint"))

    app.add_url_rule("/clash", "clash", public(clash))
    response = app.test_client().get("/clash")
    assert response.status_code == 409
    assert "Someone else saved at the same moment" in response.get_data(as_text=True)
