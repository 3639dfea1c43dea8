"""Fixtures for the home-page tests."""

import pytest

from carespace.models import User
from tests.factories import make_user


@pytest.fixture
def coordinator(login_as) -> User:
    """The test client signed in as a coordinator."""
    return login_as("coordinator", name="Casey Coordinator")


@pytest.fixture
def physio() -> User:
    return make_user("practitioner", name="Pat Physio")
