"""Shared fixtures: a migrated database, a fresh app per test, clients and log-in helpers.

The suite runs on SQLite by default and on PostgreSQL when
CARESPACE_TEST_DATABASE_URL is set. The schema is built once per run by the
Alembic migrations themselves; after each test every table is emptied and the
reference rows the migrations installed (the disciplines) are put back.
"""

from __future__ import annotations

import contextvars
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import event, select, text

from carespace import clock, create_app
from carespace.config import TestConfig
from carespace.extensions import db
from carespace.models import Role, User
from tests.factories import PASSWORD, make_user

CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _is_postgres(url: str) -> bool:
    return url.startswith("postgresql")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> Iterator[str]:
    """A database migrated to head once for the whole run."""
    url = os.environ.get("CARESPACE_TEST_DATABASE_URL")
    instance = tmp_path_factory.mktemp("instance")
    if not url:
        url = f"sqlite:///{instance / 'test.db'}"
    app = create_app(TestConfig(url, instance))
    with app.app_context():
        if _is_postgres(url):
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        upgrade()
        reference_rows = {
            table.name: [dict(row._mapping) for row in db.session.execute(select(table))]
            for table in db.metadata.sorted_tables
        }
        db.session.remove()
        db.engine.dispose()
    _REFERENCE_ROWS.update({name: rows for name, rows in reference_rows.items() if rows})
    yield url


_REFERENCE_ROWS: dict[str, list[dict]] = {}


def reset_database() -> None:
    """Empty every table, then restore the rows the migrations installed.

    Plain DELETEs: on tables this small they are much faster than TRUNCATE on PostgreSQL.
    Sequences keep counting, which no test relies on.
    """
    tables = db.metadata.sorted_tables
    with db.engine.begin() as conn:
        for table in reversed(tables):
            conn.execute(table.delete())
        for table in tables:
            rows = _REFERENCE_ROWS.get(table.name)
            if rows:
                conn.execute(table.insert(), rows)


class CarespaceClient(FlaskClient):
    """A test client that fetches and sends CSRF tokens like a browser would.

    Each request runs in an empty context, so it gets its own app context (its
    own `g` and database session) exactly as in production, even though the
    test itself holds an app context open.
    """

    def open(self, *args, **kwargs):
        kwargs.setdefault("buffered", True)  # streamed bodies are read inside that context too
        return contextvars.Context().run(super().open, *args, **kwargs)

    def csrf_token(self) -> str:
        response = self.get("/account/password")
        if response.status_code != 200:
            response = self.get("/login")
        match = CSRF_FIELD.search(response.get_data(as_text=True))
        assert match, "no CSRF token on the page"
        return match.group(1)

    def post_form(self, url: str, data: dict | None = None, **kwargs):
        """POST `data` with a valid CSRF token."""
        return self.post(url, data={**(data or {}), "csrf_token": self.csrf_token()}, **kwargs)

    def login(self, email: str, password: str = PASSWORD, **kwargs):
        return self.post_form("/login", {"email": email, "password": password}, **kwargs)


@pytest.fixture
def app(database_url, tmp_path) -> Iterator[Flask]:
    """A fresh application on the migrated database, with an app context pushed."""
    application = create_app(TestConfig(database_url, tmp_path))
    application.test_client_class = CarespaceClient
    with application.app_context():
        yield application
        db.session.remove()
        reset_database()
        db.engine.dispose()
    clock.unfreeze()


@pytest.fixture
def client(app) -> CarespaceClient:
    return app.test_client()


@pytest.fixture
def login_as(client):
    """Sign the test client in: `login_as("coordinator")` or `login_as(user)`; returns the user."""

    def sign_in(who: Role | str | User, **factory_kwargs) -> User:
        user = who if isinstance(who, User) else make_user(Role(who), **factory_kwargs)
        response = client.login(user.email)
        assert response.status_code == 302, "log-in failed"
        return user

    return sign_in


@pytest.fixture
def frozen_clock():
    """Stops the app's clock; tests move it with `clock.advance(...)`."""
    clock.freeze()
    yield clock
    clock.unfreeze()


@contextmanager
def count_queries() -> Iterator[list[str]]:
    """Collect the SQL statements run inside the block."""
    statements: list[str] = []

    def before_cursor_execute(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before_cursor_execute)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", before_cursor_execute)
