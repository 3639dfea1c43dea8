"""Many synthetic patients at once, to check speed at clinic-chain scale (`seed-demo --patients N`).

The rows are written with bulk INSERTs, a batch at a time, instead of the ORM
unit of work, but they follow the same rules as the services: each plan is a
copy of the radiculopathy template (assignments and goals), only a demo
practitioner of the discipline is ever assigned, statuses and phases are ones
the transitions can reach, each patient has a single plan (so never two active
plans for one condition), and the history and audit rows a coordinator's work
would leave are written too (creation, status changes and phase moves).
Bulk patients never get an overdue review, a red flag or a phase suggestion,
so the demo clinic's one of each stays the only one.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, insert, select, text

from carespace import clock
from carespace.demo import (
    ON_HOLD_REASON,
    PHASE_MOVE_REASON,
    SEED,
    People,
    PlanShape,
    demo_coordinator,
    demo_team,
    goal_status,
    radiculopathy_template,
    staffing,
)
from carespace.extensions import db
from carespace.models import (
    AuditEvent,
    CarePlan,
    Patient,
    PatientCondition,
    Phase,
    PlanAssignment,
    PlanEvent,
    PlanEventKind,
    PlanGoal,
    PlanStatus,
    condition_key,
)
from carespace.models.patient import new_chart_number
from carespace.timefmt import clinic_today

BULK_REFERRAL = "Demo data (bulk)"
BATCH_SIZE = 1000
STATUS_WEIGHTS = {PlanStatus.ACTIVE: 70, PlanStatus.DRAFT: 8, PlanStatus.ON_HOLD: 10, PlanStatus.COMPLETED: 12}


def seed_bulk_patients(count: int) -> int:
    """Add `count` synthetic patients, each with one plan, in batches; the caller commits.

    The names come from a seed that depends on how many bulk patients exist already, so runs are
    reproducible and a second run adds different people.

    :raises DemoError: when the template or the demo accounts are missing.
    """
    template, team, coordinator = radiculopathy_template(), demo_team(), demo_coordinator()
    existing = db.session.scalar(select(func.count()).where(Patient.referral_source == BULK_REFERRAL))
    people, today = People(SEED + 1 + existing), clinic_today()
    for start in range(0, count, BATCH_SIZE):
        _insert_batch(people, min(BATCH_SIZE, count - start), today, template, team, coordinator.id)
    return count


def refresh_statistics() -> None:
    """Let the query planner see the new rows at once; commits.

    Without it PostgreSQL plans the dashboard's queries for near-empty tables until autovacuum gets
    round to them, and one of them (plans with gaps) then took 30 s instead of 15 ms at 10,000 patients.
    """
    db.session.commit()
    db.session.execute(text("ANALYZE"))
    db.session.commit()


def _random_shape(people: People, today: date, condition: str) -> PlanShape:
    rng = people.rng
    status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
    phase = {PlanStatus.DRAFT: Phase.ACUTE, PlanStatus.COMPLETED: Phase.MAINTENANCE}.get(status) or rng.choice(
        list(Phase)
    )
    review = None if status == PlanStatus.COMPLETED else today + timedelta(days=rng.randint(1, 56))
    return PlanShape(
        condition=condition,
        status=status,
        phase=phase,
        next_review_on=review,
        keep_unstaffed=rng.random() < 0.12,
        leave_open=rng.random() < 0.08,
    )


def _unique_chart_numbers(count: int) -> list[str]:
    """Fresh chart numbers, none already in use (collisions are vanishingly rare, but checked)."""
    numbers: set[str] = set()
    while len(numbers) < count:
        wanted = {new_chart_number() for _ in range(count - len(numbers))} - numbers
        taken = set(db.session.scalars(select(Patient.chart_number).where(Patient.chart_number.in_(wanted))))
        numbers |= wanted - taken
    return list(numbers)


def _bulk_insert(model):
    # render_nulls keeps None values in the INSERT, so rows with and without a value batch together.
    return insert(model).execution_options(render_nulls=True)


def _insert_returning_ids(model, rows: list[dict]) -> list[int]:
    return list(db.session.scalars(_bulk_insert(model).returning(model.id, sort_by_parameter_order=True), rows))


def _insert_batch(people: People, size: int, today: date, template, team, actor_id: int) -> None:
    now = clock.now()
    patients, shapes = [], []
    for chart_number in _unique_chart_numbers(size):
        values = people.next(BULK_REFERRAL)
        shapes.append(_random_shape(people, today, values.conditions[0]))
        patients.append(
            {
                **{name: getattr(values, name) for name in ("given_name", "family_name", "preferred_name")},
                **{name: getattr(values, name) for name in ("date_of_birth", "phone", "email", "referral_source")},
                "chart_number": chart_number,
                "created_at": now,
                "created_by_id": actor_id,
            }
        )
    patient_ids = _insert_returning_ids(Patient, patients)
    db.session.execute(
        _bulk_insert(PatientCondition),
        [{"patient_id": pid, "name": shape.condition} for pid, shape in zip(patient_ids, shapes, strict=True)],
    )
    plan_ids = _insert_returning_ids(
        CarePlan,
        [
            {
                "patient_id": pid,
                "template_id": template.id,
                "condition": shape.condition,
                "condition_key": condition_key(shape.condition),
                "status": shape.status,
                "phase": shape.phase,
                "next_review_on": shape.next_review_on,
                "created_at": now,
                "updated_at": now,
                "created_by_id": actor_id,
                "updated_by_id": actor_id,
                "version": 1,
            }
            for pid, shape in zip(patient_ids, shapes, strict=True)
        ],
    )
    assignments, goals, events, audit = [], [], [], []
    for patient_id, plan_id, shape in zip(patient_ids, plan_ids, shapes, strict=True):
        for position, (row, (practitioner_id, removed)) in enumerate(
            zip(template.disciplines, staffing(shape, template, team), strict=True)
        ):
            assignments.append(
                {
                    "plan_id": plan_id,
                    "phase": row.phase,
                    "discipline_id": row.discipline_id,
                    "practitioner_id": practitioner_id,
                    "focus": row.focus,
                    "frequency": row.frequency,
                    "removed_at": now if removed else None,
                    "position": position,
                }
            )
        goals += [
            {
                "plan_id": plan_id,
                "phase": row.phase,
                "description": row.description,
                "measure": row.measure,
                "target": row.target,
                "status": goal_status(row.phase, shape),
                "position": position,
            }
            for position, row in enumerate(template.goals)
        ]
        events += _history(plan_id, shape, template.name, actor_id, now)
        audit += [
            _audit("patient.created", "patients", patient_id, patient_id, actor_id, now),
            _audit("care_plan.created", "care_plans", plan_id, patient_id, actor_id, now),
        ]
    for model, rows in ((PlanAssignment, assignments), (PlanGoal, goals), (PlanEvent, events), (AuditEvent, audit)):
        db.session.execute(_bulk_insert(model), rows)


def _history(plan_id: int, shape: PlanShape, template_name: str, actor_id: int, now) -> list[dict]:
    """The history lines the plan's creation, activation, phase moves and last status change leave."""

    def event(kind, from_value=None, to_value=None, summary=None, reason=None) -> dict:
        return {
            "plan_id": plan_id,
            "kind": kind,
            "from_value": from_value,
            "to_value": to_value,
            "summary": summary,
            "reason": reason,
            "actor_id": actor_id,
            "created_at": now,
        }

    lines = [event(PlanEventKind.CREATED, to_value="draft", summary=f"From template {template_name}")]
    if shape.status == PlanStatus.DRAFT:
        return lines
    lines.append(event(PlanEventKind.STATUS, "draft", "active"))
    for phase in list(Phase)[: shape.phase.index]:
        lines.append(event(PlanEventKind.PHASE, phase.value, phase.next().value, reason=PHASE_MOVE_REASON))
    if shape.status != PlanStatus.ACTIVE:
        reason = ON_HOLD_REASON if shape.status == PlanStatus.ON_HOLD else None
        lines.append(event(PlanEventKind.STATUS, "active", shape.status.value, reason=reason))
    return lines


def _audit(action: str, object_type: str, object_id: int, patient_id: int, actor_id: int, now) -> dict:
    return {
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "patient_id": patient_id,
        "actor_id": actor_id,
        "created_at": now,
        "ip_address": None,
        "detail": None,
    }
