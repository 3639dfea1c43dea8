"""Test data builders. Each commits, so the app under test sees the rows."""

from __future__ import annotations

import itertools

from sqlalchemy import select

from carespace.auth.passwords import hash_password
from carespace.extensions import db
from carespace.models import Discipline, Role, User

PASSWORD = "a-long-test-password-42"
_sequence = itertools.count(1)

DEFAULT_DISCIPLINE = {Role.PRACTITIONER: ["physiotherapy"]}


def make_user(
    role: Role | str = Role.COORDINATOR,
    *,
    email: str | None = None,
    name: str | None = None,
    password: str | None = PASSWORD,
    disciplines: list[str] | None = None,
    active: bool = True,
) -> User:
    """A committed account of `role`; practitioners get physiotherapy unless told otherwise."""
    role = Role(role)
    n = next(_sequence)
    codes = disciplines if disciplines is not None else DEFAULT_DISCIPLINE.get(role, [])
    user = User(
        email=email or f"{role.value}{n}@clinic.test",
        name=name or f"{role.label} Person {n}",
        role=role,
        password_hash=hash_password(password) if password else None,
        active=active,
        disciplines=list(db.session.scalars(select(Discipline).where(Discipline.code.in_(codes)))),
    )
    db.session.add(user)
    db.session.commit()
    return user


def make_patient(given_name: str = "Alex", family_name: str | None = None, conditions=("Sciatica",), **fields):
    """A committed patient (synthetic), with conditions."""
    from datetime import date

    from carespace.models import Patient, PatientCondition

    n = next(_sequence)
    patient = Patient(
        given_name=given_name,
        family_name=family_name or f"Testperson{n}",
        date_of_birth=fields.pop("date_of_birth", date(1980, 5, 17)),
        phone=fields.pop("phone", "416-555-0100"),
        conditions=[PatientCondition(name=name) for name in conditions],
        **fields,
    )
    db.session.add(patient)
    db.session.commit()
    return patient


def make_plan(
    patient=None,
    *,
    condition: str = "Sciatica",
    status=None,
    phase=None,
    team: dict | None = None,
    actor: User | None = None,
    next_review_on=None,
):
    """A committed plan copied from the matching template.

    `team` maps discipline codes to practitioners for the current phase's assignments; `status`
    and `phase` are set directly (the rules are tested elsewhere).
    """
    from carespace.care_plans.services import create_plan, find_template_for
    from carespace.models import Phase, PlanStatus

    patient = patient or make_patient(conditions=(condition,))
    actor = actor or make_user(Role.COORDINATOR)
    template = find_template_for(condition) or find_template_for("Blank plan")
    plan = create_plan(patient, condition, template, actor, next_review_on)
    plan.status = status or PlanStatus.ACTIVE
    plan.phase = phase or Phase.ACUTE
    db.session.flush()
    for code, practitioner in (team or {}).items():
        assignment = next(
            a for a in plan.assignments_in(plan.phase) if a.discipline.code == code and a.practitioner_id is None
        )
        assignment.practitioner_id = practitioner.id
    db.session.commit()
    return plan
