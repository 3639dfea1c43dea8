"""What the portal reads: only the signed-in patient's own record, and only what is meant for them."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from carespace.models import (
    CarePlan,
    Note,
    NoteStatus,
    NoteVisibility,
    PainCheckIn,
    Patient,
    PlanEvent,
    PlanEventKind,
    PlanStatus,
)

PAST_STATUSES = (PlanStatus.COMPLETED, PlanStatus.REVOKED)
SHOWN_STATUSES = (PlanStatus.ACTIVE, PlanStatus.ON_HOLD, *PAST_STATUSES)


def shared_notes(patient: Patient) -> Select:
    """Signed notes the team shared with the patient, not entered in error, newest first."""
    return (
        select(Note)
        .join(CarePlan)
        .where(
            CarePlan.patient_id == patient.id,
            CarePlan.status.in_(SHOWN_STATUSES),
            Note.status == NoteStatus.SIGNED,
            Note.visibility == NoteVisibility.TEAM_AND_PATIENT,
            Note.entered_in_error_at.is_(None),
        )
        .options(selectinload(Note.plan))
        .order_by(Note.signed_at.desc(), Note.id.desc())
    )


def phase_moves(patient: Patient, plan_id: int | None = None) -> Select:
    """Phase moves of the patient's plans (dates and phases only: the reasons stay clinical)."""
    stmt = (
        select(PlanEvent)
        .join(CarePlan)
        .where(CarePlan.patient_id == patient.id, PlanEvent.kind == PlanEventKind.PHASE)
        .order_by(PlanEvent.created_at.desc())
    )
    return stmt.where(PlanEvent.plan_id == plan_id) if plan_id else stmt.where(CarePlan.status.in_(SHOWN_STATUSES))


def past_plans(patient: Patient) -> Select:
    """Completed and revoked plans, newest first."""
    return (
        select(CarePlan)
        .where(CarePlan.patient_id == patient.id, CarePlan.status.in_(PAST_STATUSES))
        .options(selectinload(CarePlan.goals))
        .order_by(CarePlan.updated_at.desc())
    )


def check_ins(patient_id: int, plan_id: int | None = None, limit: int = 60) -> Select:
    """The latest pain check-ins (oldest first for drawing), of the patient or of one plan."""
    stmt = select(PainCheckIn).where(PainCheckIn.patient_id == patient_id)
    if plan_id:
        stmt = stmt.where(PainCheckIn.plan_id == plan_id)
    latest = stmt.order_by(PainCheckIn.created_at.desc(), PainCheckIn.id.desc()).limit(limit).subquery()
    return (
        select(PainCheckIn).join(latest, PainCheckIn.id == latest.c.id).order_by(PainCheckIn.created_at, PainCheckIn.id)
    )
