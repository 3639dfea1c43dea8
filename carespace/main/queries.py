"""Read queries behind the home pages: the coordinator's dashboard and a practitioner's caseload.

Every list eager-loads what its template shows, so a page runs the same number
of SQL statements for ten patients as for ten thousand.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ColumnElement, Select, exists, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from carespace.care_team import on_team
from carespace.models import (
    LIVE_STATUSES,
    CarePlan,
    Patient,
    PhaseSuggestion,
    PlanAssignment,
    RedFlagAlert,
    SuggestionStatus,
    User,
)
from carespace.permissions import visible_plans


def _live() -> ColumnElement[bool]:
    return CarePlan.status.in_(LIVE_STATUSES)


def _person(relationship):
    """Join a related account in without its disciplines, which these pages never show."""
    return joinedload(relationship).lazyload(User.disciplines)


def _assignments():
    return selectinload(CarePlan.assignments).options(_person(PlanAssignment.practitioner))


def open_alerts() -> Select:
    """Open red-flag alerts, the longest-waiting first, with the patient loaded."""
    return (
        select(RedFlagAlert)
        .where(RedFlagAlert.acknowledged_at.is_(None))
        .options(joinedload(RedFlagAlert.patient), _person(RedFlagAlert.raised_by))
        .order_by(RedFlagAlert.raised_at, RedFlagAlert.id)
    )


def live_plan_counts() -> Select:
    """Rows of (phase, status, number of plans) for the live plans (active and on hold)."""
    return (
        select(CarePlan.phase, CarePlan.status, func.count()).where(_live()).group_by(CarePlan.phase, CarePlan.status)
    )


def has_unassigned_discipline() -> ColumnElement[bool]:
    """True for plans (in the enclosing query) with a current-phase assignment that names nobody."""
    return exists().where(
        PlanAssignment.plan_id == CarePlan.id,
        PlanAssignment.phase == CarePlan.phase,
        PlanAssignment.removed_at.is_(None),
        PlanAssignment.practitioner_id.is_(None),
    )


def plans_with_gaps() -> Select:
    """Live plans with an unassigned discipline in their current phase, the soonest review first."""
    return (
        select(CarePlan)
        .where(_live(), has_unassigned_discipline())
        .options(joinedload(CarePlan.patient), _assignments())
        .order_by(CarePlan.next_review_on.is_(None), CarePlan.next_review_on, CarePlan.id)
    )


def overdue_plans(today: date) -> Select:
    """Live plans whose review date has passed, the most overdue first."""
    return (
        select(CarePlan)
        .where(_live(), CarePlan.next_review_on < today)
        .options(joinedload(CarePlan.patient))
        .order_by(CarePlan.next_review_on, CarePlan.id)
    )


def pending_suggestions() -> Select:
    """Phase suggestions waiting for a coordinator, the oldest first, with plan and patient loaded."""
    return (
        select(PhaseSuggestion)
        .where(PhaseSuggestion.status == SuggestionStatus.PENDING)
        .options(joinedload(PhaseSuggestion.plan).joinedload(CarePlan.patient), _person(PhaseSuggestion.suggested_by))
        .order_by(PhaseSuggestion.created_at, PhaseSuggestion.id)
    )


def caseload(practitioner: User, today: date) -> Select:
    """The plans whose care team includes the practitioner today, by patient name, with patient and assignments."""
    return (
        select(CarePlan)
        .join(CarePlan.patient)
        .where(on_team(practitioner.id, today))
        .options(contains_eager(CarePlan.patient), _assignments())
        .order_by(Patient.family_name, Patient.given_name, Patient.id, CarePlan.id)
    )


def own_suggestions(practitioner: User, decided_since: datetime, limit: int = 10) -> Select:
    """The practitioner's suggestions still waiting, or decided since `decided_since`, on plans they still see."""
    return (
        select(PhaseSuggestion)
        .join(PhaseSuggestion.plan)
        .join(CarePlan.patient)
        .where(
            PhaseSuggestion.suggested_by_id == practitioner.id,
            or_(PhaseSuggestion.status == SuggestionStatus.PENDING, PhaseSuggestion.decided_at >= decided_since),
            visible_plans(practitioner),
        )
        .options(contains_eager(PhaseSuggestion.plan).contains_eager(CarePlan.patient))
        .order_by(PhaseSuggestion.created_at.desc(), PhaseSuggestion.id.desc())
        .limit(limit)
    )
