"""Upgrading an empty database gives exactly the models' schema, on SQLite and on PostgreSQL."""

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url

from carespace import create_app
from carespace.config import TestConfig
from carespace.extensions import db
from carespace.models import Discipline, User

DISCIPLINES = {
    "Physiotherapy",
    "Chiropractic",
    "Massage therapy",
    "Kinesiology",
    "Acupuncture",
    "Naturopathic medicine",
    "Psychotherapy",
    "Mental performance coaching",
    "Nutrition",
}


@pytest.fixture
def empty_database_url(database_url, tmp_path):
    """A database with nothing in it: a new SQLite file, or a new PostgreSQL schema."""
    if not database_url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    schema = f"migration_check_{uuid.uuid4().hex[:8]}"
    admin_engine = create_engine(database_url)
    with admin_engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(database_url).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with admin_engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin_engine.dispose()


def test_upgrade_from_empty_matches_the_models(empty_database_url, tmp_path):
    app = create_app(TestConfig(empty_database_url, tmp_path))
    with app.app_context():
        assert inspect(db.engine).get_table_names() == []
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, db.metadata) == []
        assert set(db.session.scalars(select(Discipline.name))) == DISCIPLINES
        assert db.session.scalars(select(User)).all() == []
        db.session.remove()
        downgrade(revision="base")
        assert inspect(db.engine).get_table_names() == ["alembic_version"]
        upgrade()
        assert len(db.session.scalars(select(Discipline)).all()) == 9
        db.session.remove()
        db.engine.dispose()
