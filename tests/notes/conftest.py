"""Fixtures for the notes tests: one plan with a care team of two, a coordinator and an outsider."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from carespace.models import CarePlan, User
from tests.factories import make_patient, make_plan, make_user


@dataclass
class Clinic:
    """A plan whose care team is a physiotherapist (who writes) and a massage therapist (who reads)."""

    plan: CarePlan
    author: User
    teammate: User
    coordinator: User
    outsider: User  # a practitioner on another patient's team only


@pytest.fixture
def clinic(app) -> Clinic:
    author = make_user("practitioner", name="Pat Physio", disciplines=["physiotherapy"])
    teammate = make_user("practitioner", name="Max Massage", disciplines=["massage_therapy"])
    coordinator = make_user("coordinator", name="Casey Coordinator")
    outsider = make_user("practitioner", name="Olive Outsider", disciplines=["physiotherapy"])
    plan = make_plan(
        make_patient("Robin", "Rivera"),
        team={"physiotherapy": author, "massage_therapy": teammate},
        actor=coordinator,
    )
    make_plan(make_patient("Sam", "Other"), team={"physiotherapy": outsider}, actor=coordinator)
    return Clinic(plan, author, teammate, coordinator, outsider)


@pytest.fixture
def client_for(app):
    """A new test client signed in as `user` (several people can be signed in at once)."""

    def sign_in(user: User):
        client = app.test_client()
        assert client.login(user.email).status_code == 302, "log-in failed"
        return client

    return sign_in
