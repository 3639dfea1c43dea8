"""Data for the home-page tests: single plans shaped by hand, and whole clinics inserted in bulk."""

from __future__ import annotations

from datetime import date

from sqlalchemy import insert, select

from carespace import clock
from carespace.extensions import db
from carespace.models import (
    CarePlan,
    Discipline,
    Patient,
    Phase,
    PhaseSuggestion,
    PlanAssignment,
    PlanStatus,
    RedFlagAlert,
    RedFlagSource,
    SuggestionStatus,
    User,
)
from carespace.models.patient import new_chart_number
from tests.factories import make_patient, make_plan

UNMATCHED = "Whiplash"  # no template matches it, so the plan starts blank and each test adds what it needs


def discipline_id(code: str) -> int:
    return db.session.scalar(select(Discipline.id).where(Discipline.code == code))


def blank_plan(name: str, **fields) -> CarePlan:
    """A committed plan without assignments, for a new patient called `name` (given and family name)."""
    given, family = name.split()
    return make_plan(make_patient(given, family, conditions=(UNMATCHED,)), condition=UNMATCHED, **fields)


def assign(
    plan: CarePlan,
    code: str,
    practitioner: User | None,
    *,
    phase: Phase | None = None,
    removed: bool = False,
    focus: str = "Nerve glides",
) -> PlanAssignment:
    """Add an assignment (of the plan's current phase unless told) and commit."""
    assignment = PlanAssignment(
        plan=plan,
        phase=phase or plan.phase,
        discipline_id=discipline_id(code),
        practitioner_id=practitioner.id if practitioner else None,
        focus=focus,
        frequency="Weekly",
        removed_at=clock.now() if removed else None,
        position=len(plan.assignments),
    )
    db.session.add(assignment)
    db.session.commit()
    return assignment


def bulk_clinic(count: int, *, practitioner: User, start: int = 0, today: date) -> None:
    """`count` patients with one live plan each, written with bulk inserts.

    Every plan has `practitioner` (physiotherapy) on its team in its current phase and sits in one of
    the three phases; every 3rd also has an unassigned massage therapy slot (a gap), every 4th is
    overdue for review, every 5th patient has an open red flag, every 6th plan a pending phase
    suggestion from the practitioner and every 7th an accepted one.
    """
    now = clock.now()
    numbers = range(start, start + count)
    patient_ids = db.session.scalars(
        insert(Patient).returning(Patient.id, sort_by_parameter_order=True),
        [
            {
                "chart_number": new_chart_number(),
                "given_name": "Bulk",
                "family_name": f"Patient{n:05d}",
                "date_of_birth": date(1970, 1, 1),
                "phone": "416-555-0100",
            }
            for n in numbers
        ],
    ).all()
    phases = [list(Phase)[n % 3] for n in numbers]
    plan_ids = db.session.scalars(
        insert(CarePlan).returning(CarePlan.id, sort_by_parameter_order=True),
        [
            {
                "patient_id": patient_id,
                "condition": UNMATCHED,
                "condition_key": UNMATCHED.lower(),
                "status": PlanStatus.ON_HOLD if n % 10 == 9 else PlanStatus.ACTIVE,
                "phase": phase,
                "next_review_on": date.fromordinal(today.toordinal() + (-3 if n % 4 == 0 else 10)),
            }
            for n, patient_id, phase in zip(numbers, patient_ids, phases, strict=True)
        ],
    ).all()
    physio, massage = discipline_id("physiotherapy"), discipline_id("massage_therapy")
    rows = list(zip(numbers, patient_ids, plan_ids, phases, strict=True))
    assignment = {"focus": "Nerve glides", "frequency": "Weekly", "removed_at": None, "position": 0}
    db.session.execute(
        insert(PlanAssignment).execution_options(render_nulls=True),
        [
            {
                **assignment,
                "plan_id": plan_id,
                "phase": phase,
                "discipline_id": physio,
                "practitioner_id": practitioner.id,
            }
            for _n, _patient, plan_id, phase in rows
        ]
        + [
            {**assignment, "plan_id": plan_id, "phase": phase, "discipline_id": massage, "practitioner_id": None}
            for n, _patient, plan_id, phase in rows
            if n % 3 == 0
        ],
    )
    alerts = [
        {"patient_id": patient_id, "symptoms": "limb_weakness", "source": RedFlagSource.INTAKE, "raised_at": now}
        for n, patient_id, _plan, _phase in rows
        if n % 5 == 0
    ]
    if alerts:
        db.session.execute(insert(RedFlagAlert), alerts)
    suggestions = [
        {
            "plan_id": plan_id,
            "suggested_by_id": practitioner.id,
            "from_phase": phase,
            "to_phase": phase.next() or Phase.SUBACUTE,
            "reason": "Ready to move on.",
            "status": SuggestionStatus.PENDING if n % 6 == 0 else SuggestionStatus.ACCEPTED,
            "created_at": now,
            "decided_at": None if n % 6 == 0 else now,
        }
        for n, _patient, plan_id, phase in rows
        if n % 6 == 0 or n % 7 == 0
    ]
    if suggestions:
        db.session.execute(insert(PhaseSuggestion).execution_options(render_nulls=True), suggestions)
    db.session.commit()
