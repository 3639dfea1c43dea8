"""Care-plan rules: creating from a template, status changes, phase moves, goals, assignments, suggestions.

Every change checks the version the user saw (two people saving the same plan
at once never overwrite each other), records a history event, writes the audit
trail and flushes; the request commits once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select

from carespace import audit, clock, timefmt
from carespace.extensions import db
from carespace.models import (
    EDITABLE_STATUSES,
    GOAL_TRANSITIONS,
    PLAN_TRANSITIONS,
    CarePlan,
    CarePlanTemplate,
    Discipline,
    GoalStatus,
    Patient,
    Phase,
    PhaseSuggestion,
    PlanAssignment,
    PlanEvent,
    PlanEventKind,
    PlanGoal,
    PlanStatus,
    Role,
    SuggestionStatus,
    TemplateAlias,
    User,
    condition_key,
)
from carespace.permissions import can_suggest_phase_move

REASON_REQUIRED = (PlanStatus.REVOKED, PlanStatus.ENTERED_IN_ERROR, PlanStatus.ON_HOLD)


class PlanRuleError(ValueError):
    """A change the care-plan rules do not allow; the message says why, for the person who tried."""


class PlanConflict(Exception):
    """Someone else saved the plan after this user loaded it."""

    def __init__(self, plan: CarePlan) -> None:
        who = plan.updated_by.name if plan.updated_by else "someone else"
        when = timefmt.local(plan.updated_at, "%H:%M")
        super().__init__(f"This plan was changed by {who} at {when} while you were editing. Reload to see the change.")


def check_version(plan: CarePlan, expected_version: int | None) -> None:
    """:raises PlanConflict: when the plan has moved on since the user loaded it."""
    if expected_version is not None and expected_version != plan.version:
        raise PlanConflict(plan)


def _touch(plan: CarePlan, actor: User, expected_version: int | None) -> None:
    check_version(plan, expected_version)
    if plan.status not in EDITABLE_STATUSES:
        raise PlanRuleError(f"A {plan.status.label.lower()} plan can no longer be changed.")
    plan.updated_at = clock.now()
    plan.updated_by_id = actor.id


def _event(plan: CarePlan, kind: PlanEventKind, actor: User | None, **values) -> PlanEvent:
    event = PlanEvent(plan=plan, kind=kind, actor_id=actor.id if actor else None, **values)
    db.session.add(event)
    return event


def find_template_for(condition: str) -> CarePlanTemplate | None:
    """The in-use template whose name or an alias is this condition."""
    key = condition_key(condition)
    return db.session.scalar(
        select(CarePlanTemplate)
        .outerjoin(TemplateAlias)
        .where(
            CarePlanTemplate.retired_at.is_(None),
            or_(CarePlanTemplate.name_key == key, TemplateAlias.alias_key == key),
        )
        .limit(1)
    )


def create_plan(
    patient: Patient, condition: str, template: CarePlanTemplate, actor: User, next_review_on: date | None = None
) -> CarePlan:
    """A draft plan for `condition`, copying the template's assignments (unassigned) and goals (proposed)."""
    condition = " ".join(condition.split())
    plan = CarePlan(
        patient=patient,
        template=template,
        condition=condition,
        condition_key=condition_key(condition),
        status=PlanStatus.DRAFT,
        phase=Phase.ACUTE,
        next_review_on=next_review_on,
        created_by_id=actor.id,
        updated_by_id=actor.id,
    )
    db.session.add(plan)
    plan.assignments = [
        PlanAssignment(
            phase=row.phase, discipline_id=row.discipline_id, focus=row.focus, frequency=row.frequency, position=n
        )
        for n, row in enumerate(template.disciplines)
    ]
    plan.goals = [
        PlanGoal(phase=row.phase, description=row.description, measure=row.measure, target=row.target, position=n)
        for n, row in enumerate(template.goals)
    ]
    _event(
        plan, PlanEventKind.CREATED, actor, to_value=PlanStatus.DRAFT.value, summary=f"From template {template.name}"
    )
    audit.record("care_plan.created", plan, patient=patient, actor=actor)
    return plan


def _other_active_plan(plan: CarePlan) -> CarePlan | None:
    return db.session.scalar(
        select(CarePlan).where(
            CarePlan.patient_id == plan.patient_id,
            CarePlan.condition_key == plan.condition_key,
            CarePlan.status == PlanStatus.ACTIVE,
            CarePlan.id != plan.id,
        )
    )


def change_status(
    plan: CarePlan, to_status: PlanStatus, actor: User, expected_version: int | None, reason: str | None = None
) -> None:
    """Move the plan to another status along the allowed transitions.

    :raises PlanRuleError: for a transition that is not allowed, a second active plan for the
        same condition, or a missing reason (on hold, revoked, entered in error).
    :raises PlanConflict: when the plan changed since the user loaded it.
    """
    check_version(plan, expected_version)
    if to_status not in PLAN_TRANSITIONS[plan.status]:
        raise PlanRuleError(f"A {plan.status.label.lower()} plan cannot become {to_status.label.lower()}.")
    if to_status in REASON_REQUIRED and not (reason or "").strip():
        raise PlanRuleError(f"Say why the plan becomes {to_status.label.lower()}.")
    other = _other_active_plan(plan) if to_status == PlanStatus.ACTIVE else None
    if other is not None:
        raise PlanRuleError(
            f"{plan.patient.full_name} already has an active plan for {other.condition}. "
            "Complete or put that plan on hold first."
        )
    previous = plan.status
    plan.status = to_status
    plan.updated_at = clock.now()
    plan.updated_by_id = actor.id
    _event(plan, PlanEventKind.STATUS, actor, from_value=previous.value, to_value=to_status.value, reason=reason)
    audit.record(
        "care_plan.status_changed", plan, patient=plan.patient, actor=actor, detail=f"{previous} to {to_status}"
    )


def move_phase(plan: CarePlan, to_phase: Phase, actor: User, reason: str | None, expected_version: int | None) -> None:
    """Move the plan forward, or back with a reason; the new phase's assignments become the care team.

    :raises PlanRuleError: when the plan is closed, already in that phase, or a move back has no reason.
    :raises PlanConflict: when the plan changed since the user loaded it.
    """
    _touch(plan, actor, expected_version)
    if to_phase == plan.phase:
        raise PlanRuleError(f"The plan is already in the {to_phase.label.lower()} phase.")
    if to_phase.index < plan.phase.index and not (reason or "").strip():
        raise PlanRuleError("A move back to an earlier phase needs a reason (for example, a flare-up).")
    previous = plan.phase
    plan.phase = to_phase
    _event(plan, PlanEventKind.PHASE, actor, from_value=previous.value, to_value=to_phase.value, reason=reason or None)
    audit.record("care_plan.phase_moved", plan, patient=plan.patient, actor=actor, detail=f"{previous} to {to_phase}")


def update_details(plan: CarePlan, next_review_on: date | None, actor: User, expected_version: int | None) -> None:
    """Change the plan's next review date."""
    _touch(plan, actor, expected_version)
    if next_review_on != plan.next_review_on:
        summary = f"Next review {timefmt.local_date(next_review_on) or 'cleared'}"
        plan.next_review_on = next_review_on
        _event(plan, PlanEventKind.DETAILS, actor, summary=summary)
        audit.record("care_plan.updated", plan, patient=plan.patient, actor=actor, detail="next review date")


def add_goal(
    plan: CarePlan,
    *,
    phase: Phase,
    description: str,
    measure: str | None,
    target: str | None,
    actor: User,
    expected_version: int | None,
) -> PlanGoal:
    """Add a goal to one phase of the plan."""
    _touch(plan, actor, expected_version)
    goal = PlanGoal(
        phase=phase,
        description=description.strip(),
        measure=(measure or "").strip() or None,
        target=(target or "").strip() or None,
        position=len(plan.goals),
    )
    plan.goals.append(goal)
    db.session.flush()
    _event(plan, PlanEventKind.GOAL, actor, to_value=goal.status.value, summary=f"Goal added: {goal.description}")
    audit.record("care_plan.goal_added", goal, patient=plan.patient, actor=actor)
    return goal


def set_goal_status(goal: PlanGoal, to_status: GoalStatus, actor: User, expected_version: int | None) -> None:
    """Move a goal along its lifecycle (proposed, active, achieved, cancelled).

    :raises PlanRuleError: for a move the lifecycle does not allow.
    """
    plan = goal.plan
    _touch(plan, actor, expected_version)
    if to_status not in GOAL_TRANSITIONS[goal.status]:
        raise PlanRuleError(f"A {goal.status.label.lower()} goal cannot become {to_status.label.lower()}.")
    previous = goal.status
    goal.status = to_status
    _event(
        plan,
        PlanEventKind.GOAL,
        actor,
        from_value=previous.value,
        to_value=to_status.value,
        summary=f"Goal {to_status.label.lower()}: {goal.description}",
    )
    audit.record("care_plan.goal_changed", goal, patient=plan.patient, actor=actor, detail=f"{previous} to {to_status}")


def eligible_practitioners(discipline_id: int) -> list[User]:
    """Active practitioners of the discipline, by name."""
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.role == Role.PRACTITIONER,
                User.active.is_(True),
                User.disciplines.any(Discipline.id == discipline_id),
            )
            .order_by(User.name)
        )
    )


@dataclass
class AssignmentValues:
    """What a coordinator sets on an assignment."""

    phase: Phase
    discipline_id: int
    practitioner_id: int | None
    focus: str
    frequency: str
    start_on: date | None = None
    end_on: date | None = None


def _check_assignment(values: AssignmentValues) -> None:
    if values.start_on and values.end_on and values.end_on < values.start_on:
        raise PlanRuleError("The end date is before the start date.")
    if values.practitioner_id is not None and values.practitioner_id not in {
        user.id for user in eligible_practitioners(values.discipline_id)
    }:
        raise PlanRuleError("Choose an active practitioner of this discipline, or leave it unassigned.")


def _describe(assignment: PlanAssignment) -> str:
    who = assignment.practitioner.name if assignment.practitioner else "unassigned"
    return f"{assignment.discipline.name} ({assignment.phase.label.lower()}): {who}"


def add_assignment(
    plan: CarePlan, values: AssignmentValues, actor: User, expected_version: int | None
) -> PlanAssignment:
    """Assign a discipline (and optionally a practitioner) to one phase.

    :raises PlanRuleError: when the practitioner is not an active practitioner of the discipline.
    """
    _touch(plan, actor, expected_version)
    _check_assignment(values)
    assignment = PlanAssignment(position=len(plan.assignments), **vars(values))
    plan.assignments.append(assignment)
    db.session.flush()
    db.session.refresh(assignment, ["discipline", "practitioner"])
    _event(plan, PlanEventKind.ASSIGNMENT, actor, summary=f"Assigned {_describe(assignment)}")
    audit.record("care_plan.assignment_added", assignment, patient=plan.patient, actor=actor)
    return assignment


def update_assignment(
    assignment: PlanAssignment, values: AssignmentValues, actor: User, expected_version: int | None
) -> None:
    """Change who is assigned, the focus, the frequency or the dates.

    :raises PlanRuleError: when the practitioner is not an active practitioner of the discipline.
    """
    plan = assignment.plan
    _touch(plan, actor, expected_version)
    values.phase, values.discipline_id = assignment.phase, assignment.discipline_id
    _check_assignment(values)
    for name, value in vars(values).items():
        setattr(assignment, name, value)
    db.session.flush()
    db.session.refresh(assignment, ["practitioner"])
    _event(plan, PlanEventKind.ASSIGNMENT, actor, summary=f"Changed {_describe(assignment)}")
    audit.record("care_plan.assignment_changed", assignment, patient=plan.patient, actor=actor)


def remove_assignment(assignment: PlanAssignment, actor: User, expected_version: int | None) -> None:
    """Take the assignment off the plan (kept in the record; its practitioner leaves the team)."""
    plan = assignment.plan
    _touch(plan, actor, expected_version)
    assignment.removed_at = clock.now()
    _event(plan, PlanEventKind.ASSIGNMENT, actor, summary=f"Removed {_describe(assignment)}")
    audit.record("care_plan.assignment_removed", assignment, patient=plan.patient, actor=actor)


def suggest_phase_move(plan: CarePlan, to_phase: Phase, reason: str, actor: User) -> PhaseSuggestion:
    """A team member proposes a phase move; it waits on the coordinator's dashboard.

    :raises PlanRuleError: when the person is not on the live plan's team, the plan is already in
        that phase, the reason is empty, or they already have a suggestion waiting on this plan.
    """
    if not can_suggest_phase_move(actor, plan):
        raise PlanRuleError("Only practitioners on this plan's care team can suggest a phase move.")
    if to_phase == plan.phase:
        raise PlanRuleError(f"The plan is already in the {to_phase.label.lower()} phase.")
    if not reason.strip():
        raise PlanRuleError("Say why the plan should move.")
    waiting = db.session.scalar(
        select(func.count())
        .select_from(PhaseSuggestion)
        .where(
            PhaseSuggestion.plan_id == plan.id,
            PhaseSuggestion.suggested_by_id == actor.id,
            PhaseSuggestion.status == SuggestionStatus.PENDING,
        )
    )
    if waiting:
        raise PlanRuleError("You already have a suggestion waiting for the coordinator on this plan.")
    suggestion = PhaseSuggestion(
        plan=plan, suggested_by_id=actor.id, from_phase=plan.phase, to_phase=to_phase, reason=reason.strip()
    )
    db.session.add(suggestion)
    _event(
        plan,
        PlanEventKind.SUGGESTION,
        actor,
        from_value=plan.phase.value,
        to_value=to_phase.value,
        summary="Phase move suggested",
        reason=reason.strip(),
    )
    audit.record("care_plan.phase_suggested", plan, patient=plan.patient, actor=actor, detail=f"to {to_phase}")
    return suggestion


def decide_suggestion(suggestion: PhaseSuggestion, accept: bool, actor: User, note: str | None = None) -> None:
    """Accept (the plan moves) or decline a pending suggestion.

    :raises PlanRuleError: when it was already decided, or the plan can no longer move.
    """
    if suggestion.status != SuggestionStatus.PENDING:
        raise PlanRuleError("This suggestion has already been decided.")
    plan = suggestion.plan
    if accept:
        who = suggestion.suggested_by.name if suggestion.suggested_by else "a team member"
        move_phase(plan, suggestion.to_phase, actor, f"Suggested by {who}: {suggestion.reason}", None)
    suggestion.status = SuggestionStatus.ACCEPTED if accept else SuggestionStatus.DECLINED
    suggestion.decided_by_id = actor.id
    suggestion.decided_at = clock.now()
    suggestion.decision_note = (note or "").strip() or None
    if not accept:
        plan.updated_at, plan.updated_by_id = clock.now(), actor.id
        _event(
            plan,
            PlanEventKind.SUGGESTION,
            actor,
            to_value=suggestion.to_phase.value,
            summary="Phase suggestion declined",
            reason=suggestion.decision_note,
        )
    audit.record(f"care_plan.suggestion_{suggestion.status.value}", plan, patient=plan.patient, actor=actor)
