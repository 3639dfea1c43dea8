"""Read queries behind the patient list and the chart."""

from __future__ import annotations

from sqlalchemy import Select, and_, exists, or_, select
from sqlalchemy.orm import selectinload

from carespace.models import CarePlan, Patient, Phase, PlanAssignment, PlanStatus, RedFlagAlert, Role, User
from carespace.permissions import visible_patients, visible_plans

SORT_ORDER = {
    "name": (Patient.family_name, Patient.given_name, Patient.id),
    "chart": (Patient.chart_number,),
    "dob": (Patient.date_of_birth, Patient.id),
    "newest": (Patient.created_at.desc(), Patient.id.desc()),
}


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def patient_list(
    user: User,
    *,
    q: str | None = None,
    phase: str | None = None,
    status: str | None = None,
    practitioner_id: int | None = None,
    sort: str = "name",
) -> Select:
    """Patients the user may see, searched, filtered by their plans, and sorted; plans and alerts eager-loaded."""
    stmt = (
        select(Patient)
        .where(visible_patients(user))
        .options(selectinload(Patient.plans), selectinload(Patient.open_alerts))
        .order_by(*SORT_ORDER.get(sort, SORT_ORDER["name"]))
    )
    for word in (q or "").split():
        pattern = _like(word)
        stmt = stmt.where(
            or_(
                Patient.given_name.ilike(pattern, escape="\\"),
                Patient.family_name.ilike(pattern, escape="\\"),
                Patient.preferred_name.ilike(pattern, escape="\\"),
                Patient.chart_number.ilike(pattern, escape="\\"),
            )
        )
    plan_filters = []
    if phase:
        plan_filters.append(CarePlan.phase == Phase(phase))
    if status:
        plan_filters.append(CarePlan.status == PlanStatus(status))
    if practitioner_id:
        plan_filters.append(
            exists().where(
                and_(
                    PlanAssignment.plan_id == CarePlan.id,
                    PlanAssignment.practitioner_id == practitioner_id,
                    PlanAssignment.removed_at.is_(None),
                )
            )
        )
    if plan_filters:
        stmt = stmt.where(Patient.id.in_(select(CarePlan.patient_id).where(*plan_filters)))
    return stmt


def practitioners() -> Select:
    """Every practitioner account, for the list's filter."""
    return select(User).where(User.role == Role.PRACTITIONER).order_by(User.name)


def chart_plans(user: User, patient: Patient) -> Select:
    """The patient's plans the user may see, with goals, assignments and history loaded."""
    return (
        select(CarePlan)
        .where(CarePlan.patient_id == patient.id, visible_plans(user))
        .options(selectinload(CarePlan.goals), selectinload(CarePlan.assignments), selectinload(CarePlan.events))
        .order_by(CarePlan.id.desc())
    )


def alerts_for(patient: Patient) -> Select:
    """All of the patient's red-flag alerts, open ones first, newest first."""
    return (
        select(RedFlagAlert)
        .where(RedFlagAlert.patient_id == patient.id)
        .order_by(RedFlagAlert.acknowledged_at.is_not(None), RedFlagAlert.raised_at.desc())
    )
