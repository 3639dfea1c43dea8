"""Synthetic demo data: the demo clinic's patients and plans, and bulk patients for speed checks.

Every person is made up (Faker with a fixed seed, so two runs give the same
clinic); phone numbers are in the fictional 555-01xx range and emails use
example.org. The demo clinic's plans are built through the care-plan services,
so they carry the same history and audit trail as plans built in the browser.
Nothing is linked to the demo patient account (patient@example.com) yet.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from faker import Faker
from sqlalchemy import exists, select

from carespace.care_plans.services import (
    AssignmentValues,
    change_status,
    create_plan,
    find_template_for,
    move_phase,
    remove_assignment,
    set_goal_status,
    suggest_phase_move,
    update_assignment,
    update_details,
)
from carespace.extensions import db
from carespace.models import (
    CarePlan,
    CarePlanTemplate,
    GoalStatus,
    Patient,
    Phase,
    PlanStatus,
    RedFlagSource,
    Role,
    User,
)
from carespace.patients.services import IntakeValues, acknowledge_red_flag, raise_red_flag, register_patient
from carespace.timefmt import clinic_today

DEMO_REFERRAL = "Demo data"  # marks the demo clinic's patients, so a second run adds nothing
SEED = 2026
COORDINATOR_EMAIL = "coordinator@example.com"
# The demo practitioner of each discipline; the template's other disciplines have nobody in the demo clinic.
TEAM_EMAILS = {
    "physiotherapy": "physio@example.com",
    "massage_therapy": "massage@example.com",
    "kinesiology": "kinesiology@example.com",
    "psychotherapy": "psychotherapy@example.com",
}
CONDITIONS = (
    "Sciatica",
    "Lumbar radiculopathy",
    "Cervical radiculopathy",
    "Disc herniation",
    "Spinal stenosis",
    "Radiculopathy",
)
A, S, M = Phase.ACUTE, Phase.SUBACUTE, Phase.MAINTENANCE
# The demo clinic's 40 plans: mostly active and spread over the phases, some draft, on hold or completed.
DEMO_PLANS = (
    [(PlanStatus.ACTIVE, A)] * 9
    + [(PlanStatus.ACTIVE, S)] * 8
    + [(PlanStatus.ACTIVE, M)] * 7
    + [(PlanStatus.DRAFT, A)] * 6
    + [(PlanStatus.ON_HOLD, A), (PlanStatus.ON_HOLD, A), (PlanStatus.ON_HOLD, S), (PlanStatus.ON_HOLD, S)]
    + [(PlanStatus.ON_HOLD, M)]
    + [(PlanStatus.COMPLETED, M)] * 5
)
ON_HOLD_REASON = "Patient travelling for three weeks."
PHASE_MOVE_REASON = "The phase's goals are met."


class DemoError(RuntimeError):
    """The demo data cannot be built (e.g. the template or the demo accounts are missing)."""


@dataclass
class PlanShape:
    """What one synthetic plan should look like once built."""

    condition: str
    status: PlanStatus
    phase: Phase
    next_review_on: date | None
    keep_unstaffed: bool = False  # disciplines nobody in the demo clinic practises stay on, unassigned (gaps)
    leave_open: bool = False  # one staffed discipline of the current phase is left unassigned as well


def radiculopathy_template() -> CarePlanTemplate:
    """The template every demo plan starts from.

    :raises DemoError: when no in-use template matches radiculopathy.
    """
    template = find_template_for("Radiculopathy")
    if template is None:
        raise DemoError("no in-use template matches Radiculopathy; run `flask --app app db upgrade` first")
    return template


def demo_team() -> dict[int, User]:
    """The demo practitioners by discipline id (those whose account exists, is active and has the discipline)."""
    users = db.session.scalars(
        select(User).where(User.email.in_(TEAM_EMAILS.values()), User.role == Role.PRACTITIONER, User.active)
    )
    return {d.id: user for user in users for d in user.disciplines if TEAM_EMAILS.get(d.code) == user.email}


def demo_coordinator() -> User:
    """:raises DemoError: when the demo coordinator account is missing."""
    user = db.session.scalar(select(User).where(User.email == COORDINATOR_EMAIL, User.role == Role.COORDINATOR))
    if user is None:
        raise DemoError(f"the demo coordinator {COORDINATOR_EMAIL} is missing")
    return user


def staffing(shape: PlanShape, template: CarePlanTemplate, team: dict[int, User]) -> list[tuple[int | None, bool]]:
    """For each of the template's disciplines, in order: (practitioner id or None, removed from the plan)."""
    result, left_open = [], False
    for row in template.disciplines:
        practitioner = team.get(row.discipline_id)
        if practitioner is None:
            result.append((None, not shape.keep_unstaffed))
        elif shape.leave_open and row.phase == shape.phase and not left_open:
            result.append((None, False))
            left_open = True
        else:
            result.append((practitioner.id, False))
    return result


def goal_status(goal_phase: Phase, shape: PlanShape) -> GoalStatus:
    """Goals of past phases are achieved, the current phase's are active; a draft's all still proposed."""
    if shape.status == PlanStatus.DRAFT or goal_phase.index > shape.phase.index:
        return GoalStatus.PROPOSED
    if goal_phase.index < shape.phase.index or shape.status == PlanStatus.COMPLETED:
        return GoalStatus.ACHIEVED
    return GoalStatus.ACTIVE


class People:
    """Synthetic people, reproducible from the seed."""

    def __init__(self, seed: int) -> None:
        self.fake = Faker("en_CA")
        self.fake.seed_instance(seed)
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data, reproducible on purpose
        self.count = 0

    def next(self, referral_source: str) -> IntakeValues:
        self.count += 1
        given, family = self.fake.first_name(), self.fake.last_name()
        local = unicodedata.normalize("NFKD", f"{given}.{family}").encode("ascii", "ignore").decode().lower()
        return IntakeValues(
            given_name=given,
            family_name=family,
            preferred_name=given[:3] if self.rng.random() < 0.05 else None,
            date_of_birth=date(1945, 1, 1) + timedelta(days=self.rng.randrange(60 * 365)),
            phone=f"{self.rng.choice(('416', '647', '905'))}-555-01{self.count % 100:02d}",
            email=f"{local}{self.count}@example.org" if self.rng.random() < 0.8 else None,
            referral_source=referral_source,
            conditions=[self.rng.choice(CONDITIONS)],
        )


def demo_patients_exist() -> bool:
    return bool(db.session.scalar(select(exists().where(Patient.referral_source == DEMO_REFERRAL))))


def seed_demo_clinic() -> int:
    """Create the demo clinic's patients and plans unless they exist; returns how many patients were created.

    About forty patients, one plan each, spread over the phases and statuses, with gaps, exactly one
    overdue review, one open red-flag alert (and one acknowledged) and two pending phase suggestions.
    Flushes; the caller commits.

    :raises DemoError: when the template or the demo accounts are missing.
    """
    if demo_patients_exist():
        return 0
    template, team, coordinator = radiculopathy_template(), demo_team(), demo_coordinator()
    people, today = People(SEED), clinic_today()
    mix = list(DEMO_PLANS)
    people.rng.shuffle(mix)
    plans = []
    for n, (status, phase) in enumerate(mix):
        values = people.next(DEMO_REFERRAL)
        patient = register_patient(values, [], None, coordinator)
        review = None if status == PlanStatus.COMPLETED else today + timedelta(days=people.rng.randint(3, 42))
        shape = PlanShape(values.conditions[0], status, phase, review, keep_unstaffed=n % 8 == 1, leave_open=n % 9 == 4)
        plans.append(build_plan(patient, shape, template, team, coordinator))
    _add_events(plans, coordinator, today)
    return len(plans)


def build_plan(
    patient: Patient, shape: PlanShape, template: CarePlanTemplate, team: dict[int, User], actor: User
) -> CarePlan:
    """A plan built the way a coordinator would: from the template, staffed, activated and moved along."""
    plan = create_plan(patient, shape.condition, template, actor, shape.next_review_on)
    db.session.flush()
    for assignment, (practitioner_id, removed) in zip(
        list(plan.assignments), staffing(shape, template, team), strict=True
    ):
        if removed:
            remove_assignment(assignment, actor, None)
        elif practitioner_id:
            values = AssignmentValues(
                assignment.phase, assignment.discipline_id, practitioner_id, assignment.focus, assignment.frequency
            )
            update_assignment(assignment, values, actor, None)
    if shape.status == PlanStatus.DRAFT:
        return plan
    change_status(plan, PlanStatus.ACTIVE, actor, None)
    while True:
        _move_goals(plan, plan.phase, GoalStatus.ACTIVE, actor)
        if plan.phase == shape.phase:
            break
        _move_goals(plan, plan.phase, GoalStatus.ACHIEVED, actor)
        move_phase(plan, plan.phase.next(), actor, PHASE_MOVE_REASON, None)
    if shape.status == PlanStatus.COMPLETED:
        _move_goals(plan, plan.phase, GoalStatus.ACHIEVED, actor)
    if shape.status != PlanStatus.ACTIVE:
        reason = ON_HOLD_REASON if shape.status == PlanStatus.ON_HOLD else None
        change_status(plan, shape.status, actor, None, reason)
    return plan


def _move_goals(plan: CarePlan, phase: Phase, to_status: GoalStatus, actor: User) -> None:
    for goal in plan.goals_in(phase):
        if goal.status != to_status:
            set_goal_status(goal, to_status, actor, None)


def _team_member(plan: CarePlan, today: date) -> User | None:
    return next((a.practitioner for a in plan.care_team(today)), None)


def _add_events(plans: list[CarePlan], coordinator: User, today: date) -> None:
    """One overdue review, one open and one acknowledged red flag, two pending phase suggestions."""
    active = [plan for plan in plans if plan.status == PlanStatus.ACTIVE]
    update_details(active[0], today - timedelta(days=5), coordinator, None)
    flagged, settled = active[1], active[2]
    member = _team_member(flagged, today)
    raise_red_flag(
        flagged.patient,
        ["limb_weakness", "saddle_numbness"],
        "Reported at the start of today's session; advised to go to emergency now.",
        RedFlagSource.PRACTITIONER if member else RedFlagSource.COORDINATOR,
        member or coordinator,
        plan=flagged,
    )
    alert = raise_red_flag(
        settled.patient, ["bladder_bowel"], None, RedFlagSource.COORDINATOR, coordinator, plan=settled
    )
    acknowledge_red_flag(alert, "Seen in emergency the same day; cauda equina ruled out.", coordinator)
    candidates = [plan for plan in active[3:] if plan.phase != Phase.MAINTENANCE and not plan.gaps()]
    for plan in candidates[:2]:
        member = _team_member(plan, today)
        if member:
            suggest_phase_move(plan, plan.phase.next(), "Goals of this phase are met; ready to progress.", member)
