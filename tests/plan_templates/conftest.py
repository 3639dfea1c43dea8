"""Fixtures for the template tests: a signed-in admin."""

import pytest

from carespace.models import User


@pytest.fixture
def admin(login_as) -> User:
    """The test client signed in as an admin."""
    return login_as("admin", name="Avery Admin")
