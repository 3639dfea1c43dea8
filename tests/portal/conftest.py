"""Fixtures for the portal tests: patients with a portal account and a plan, notes the team shares with them,
and a second browser for the staff member on the other side."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from carespace.extensions import db
from carespace.models import (
    AuditEvent,
    CarePlan,
    Note,
    NoteKind,
    NoteVisibility,
    Patient,
    Phase,
    PlanStatus,
    User,
)
from carespace.notes.services import NoteValues, sign_note, start_note
from tests.factories import make_patient, make_plan, make_user


@dataclass
class PortalPatient:
    """A patient record, the portal account linked to it and their plan in progress (if any)."""

    patient: Patient
    user: User
    plan: CarePlan | None
    physio: User | None  # the named practitioner of the current phase (a physiotherapist in the acute phase)


def make_portal_patient(
    given: str = "Maya",
    family: str | None = None,
    *,
    with_plan: bool = True,
    condition: str = "Sciatica",
    status: PlanStatus | None = None,
    phase: Phase | None = None,
    next_review_on=None,
    **patient_fields,
) -> PortalPatient:
    """A committed patient with an active portal account (the test password) and, unless told, a plan whose
    first assignment of the current phase names a practitioner of that discipline."""
    patient = make_patient(given, family, conditions=(condition,), **patient_fields)
    email = f"{patient.given_name}.{patient.family_name}@example.org".lower()
    user = make_user("patient", name=patient.full_name, email=email)
    patient.user = user
    db.session.commit()
    if not with_plan:
        return PortalPatient(patient, user, None, None)
    plan = make_plan(patient, condition=condition, status=status, phase=phase, next_review_on=next_review_on)
    practitioner = None
    if first := next(iter(plan.assignments_in(plan.phase)), None):
        practitioner = make_user("practitioner", name=f"Pract of {given}", disciplines=[first.discipline.code])
        first.practitioner_id = practitioner.id
        db.session.commit()
    return PortalPatient(patient, user, plan, practitioner)


def write_note(
    plan: CarePlan,
    author: User,
    text: str,
    *,
    visibility: NoteVisibility = NoteVisibility.TEAM_AND_PATIENT,
    sign: bool = True,
) -> Note:
    """A committed progress note by a practitioner (a team message by a coordinator), signed unless told."""
    if author.role == "practitioner":
        values = NoteValues(NoteKind.PROGRESS, author.disciplines[0].id, visibility, subjective=text)
    else:
        values = NoteValues(NoteKind.TEAM_MESSAGE, None, visibility, body=text)
    note = start_note(plan, values, author)
    if sign:
        sign_note(note, author)
    db.session.commit()
    return note


def audit_actions(patient: Patient) -> list[str]:
    """The audit trail's actions about `patient`, oldest first."""
    return list(
        db.session.scalars(select(AuditEvent.action).where(AuditEvent.patient_id == patient.id).order_by(AuditEvent.id))
    )


@pytest.fixture
def maya(app) -> PortalPatient:
    """Maya, with a portal account and an active Sciatica plan in the acute phase."""
    return make_portal_patient("Maya", "Lindqvist")


@pytest.fixture
def maya_client(client, maya):
    """The test client signed in as Maya."""
    assert client.login(maya.user.email).status_code == 302
    return client


@pytest.fixture
def staff_client(app):
    """A second browser for the staff member on the other side; `staff_client.login(email)` signs it in."""
    return app.test_client()


@pytest.fixture
def coordinator(app) -> User:
    return make_user("coordinator", name="Dana Okafor")
