"""Links the demo patient account to a demo patient with an active plan, shared notes and pain check-ins."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from carespace import clock
from carespace.demo import DEMO_REFERRAL
from carespace.extensions import db
from carespace.models import (
    CarePlan,
    Note,
    NoteStatus,
    NoteVisibility,
    PainCheckIn,
    Patient,
    PlanStatus,
    Role,
    User,
)

DEMO_PATIENT_EMAIL = "patient@example.com"
# Pain scores over the last two weeks, oldest first: a settling trend with one bad day.
DEMO_SCORES = [(14, 7, "Hard to sleep"), (11, 6, None), (8, 7, "Flare after gardening"), (5, 5, None), (2, 4, None)]


def link_demo_patient() -> bool:
    """Give patient@example.com a demo patient record; returns False when it is already linked (or missing)."""
    user = db.session.scalar(select(User).where(User.email == DEMO_PATIENT_EMAIL, User.role == Role.PATIENT))
    if user is None or db.session.scalar(select(Patient.id).where(Patient.user_id == user.id)):
        return False
    shared = (
        select(Patient)
        .join(CarePlan, CarePlan.patient_id == Patient.id)
        .join(Note, Note.plan_id == CarePlan.id)
        .where(
            Patient.referral_source == DEMO_REFERRAL,
            Patient.user_id.is_(None),
            CarePlan.status == PlanStatus.ACTIVE,
            Note.status == NoteStatus.SIGNED,
            Note.visibility == NoteVisibility.TEAM_AND_PATIENT,
            Note.entered_in_error_at.is_(None),
        )
        .order_by(Patient.id)
        .limit(1)
    )
    patient = db.session.scalar(shared)
    if patient is None:
        return False
    patient.user_id = user.id
    user.name = patient.full_name
    plan = db.session.scalar(
        select(CarePlan).where(CarePlan.patient_id == patient.id, CarePlan.status == PlanStatus.ACTIVE).limit(1)
    )
    now = clock.now()
    db.session.add_all(
        PainCheckIn(
            patient_id=patient.id, plan_id=plan.id, score=score, comment=comment, created_at=now - timedelta(days=days)
        )
        for days, score, comment in DEMO_SCORES
    )
    return True
