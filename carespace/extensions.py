"""Extensions, created without an app and bound in `create_app`."""

import sqlite3

from flask_bootstrap import Bootstrap5
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase


def client_address() -> str:
    """The client's address as Werkzeug sees it (after ProxyFix, when configured)."""
    from flask import request

    return request.remote_addr or "unknown"


class Base(DeclarativeBase):
    """Declarative base with named constraints, so migrations can refer to them."""

    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=client_address)
bootstrap = Bootstrap5()


@event.listens_for(Engine, "connect")
def _sqlite_connection_setup(dbapi_connection, _record) -> None:
    """Give SQLite what PostgreSQL has: enforced foreign keys and a `lower()` that folds all of Unicode.

    SQLite's own `lower()` folds ASCII only, so a case-insensitive search for "émilie" would miss "Émilie".
    """
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute("PRAGMA foreign_keys = ON")
        dbapi_connection.create_function(
            "lower", 1, lambda text: text.lower() if isinstance(text, str) else text, deterministic=True
        )
