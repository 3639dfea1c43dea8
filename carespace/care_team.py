"""Who is on which care team: the one definition of an active assignment, used by access rules and lists."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, exists, or_, select

from carespace.models import LIVE_STATUSES, CarePlan, PlanAssignment


def active_assignment(today: date) -> ColumnElement[bool]:
    """An assignment that puts its practitioner on the team today (joined to its plan)."""
    return and_(
        PlanAssignment.plan_id == CarePlan.id,
        PlanAssignment.removed_at.is_(None),
        PlanAssignment.phase == CarePlan.phase,
        CarePlan.status.in_(LIVE_STATUSES),
        or_(PlanAssignment.start_on.is_(None), PlanAssignment.start_on <= today),
        or_(PlanAssignment.end_on.is_(None), PlanAssignment.end_on >= today),
    )


def on_team(practitioner_id: int, today: date) -> ColumnElement[bool]:
    """True for plans (in the enclosing query) whose care team includes the practitioner today."""
    return exists().where(active_assignment(today), PlanAssignment.practitioner_id == practitioner_id)


def patient_ids_on_team(practitioner_id: int, today: date):
    """Ids of the patients the practitioner has an active assignment for."""
    return select(CarePlan.patient_id).where(on_team(practitioner_id, today))
