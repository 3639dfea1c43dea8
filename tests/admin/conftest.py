"""Fixtures for the admin tests: a signed-in admin and a second browser for the person they manage."""

import pytest

from carespace.models import User


@pytest.fixture
def admin(login_as) -> User:
    """The test client signed in as an admin."""
    return login_as("admin", name="Avery Admin")


@pytest.fixture
def person(app):
    """A second browser, belonging to the person whose account the admin manages."""
    return app.test_client()
