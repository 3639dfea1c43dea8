"""The closed sets of the care-plan domain: phases, statuses and their allowed moves."""

from __future__ import annotations

import enum


class Phase(enum.StrEnum):
    """Phases of recovery, in order."""

    ACUTE = "acute"
    SUBACUTE = "subacute"
    MAINTENANCE = "maintenance"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def index(self) -> int:
        return list(Phase).index(self)

    @property
    def purpose(self) -> str:
        return PHASE_PURPOSE[self]

    def next(self) -> Phase | None:
        phases = list(Phase)
        return phases[self.index + 1] if self.index + 1 < len(phases) else None


PHASE_PURPOSE = {
    Phase.ACUTE: "Calm the irritated nerve, reduce pain and inflammation, keep moving gently.",
    Phase.SUBACUTE: "Rebuild strength, core stability and movement quality; rebuild confidence to move.",
    Phase.MAINTENANCE: "Keep the gains and prevent recurrence.",
}


class PlanStatus(enum.StrEnum):
    """A plan's status (FHIR CarePlan.status)."""

    DRAFT = "draft"
    ACTIVE = "active"
    ON_HOLD = "on-hold"
    COMPLETED = "completed"
    REVOKED = "revoked"
    ENTERED_IN_ERROR = "entered-in-error"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()


PLAN_TRANSITIONS: dict[PlanStatus, frozenset[PlanStatus]] = {
    PlanStatus.DRAFT: frozenset({PlanStatus.ACTIVE, PlanStatus.REVOKED, PlanStatus.ENTERED_IN_ERROR}),
    PlanStatus.ACTIVE: frozenset(
        {PlanStatus.ON_HOLD, PlanStatus.COMPLETED, PlanStatus.REVOKED, PlanStatus.ENTERED_IN_ERROR}
    ),
    PlanStatus.ON_HOLD: frozenset(
        {PlanStatus.ACTIVE, PlanStatus.COMPLETED, PlanStatus.REVOKED, PlanStatus.ENTERED_IN_ERROR}
    ),
    PlanStatus.COMPLETED: frozenset({PlanStatus.ENTERED_IN_ERROR}),
    PlanStatus.REVOKED: frozenset({PlanStatus.ENTERED_IN_ERROR}),
    PlanStatus.ENTERED_IN_ERROR: frozenset(),
}

# Statuses in which the plan's team is at work (assignments count, practitioners have access).
LIVE_STATUSES = (PlanStatus.ACTIVE, PlanStatus.ON_HOLD)
EDITABLE_STATUSES = (PlanStatus.DRAFT, PlanStatus.ACTIVE, PlanStatus.ON_HOLD)


class GoalStatus(enum.StrEnum):
    """A goal's lifecycle."""

    PROPOSED = "proposed"
    ACTIVE = "active"
    ACHIEVED = "achieved"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return self.value.capitalize()


GOAL_TRANSITIONS: dict[GoalStatus, frozenset[GoalStatus]] = {
    GoalStatus.PROPOSED: frozenset({GoalStatus.ACTIVE, GoalStatus.CANCELLED}),
    GoalStatus.ACTIVE: frozenset({GoalStatus.ACHIEVED, GoalStatus.CANCELLED}),
    GoalStatus.ACHIEVED: frozenset({GoalStatus.ACTIVE}),
    GoalStatus.CANCELLED: frozenset({GoalStatus.PROPOSED}),
}


class SuggestionStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class PlanEventKind(enum.StrEnum):
    """What a line of a plan's history records."""

    CREATED = "created"
    STATUS = "status"
    PHASE = "phase"
    GOAL = "goal"
    ASSIGNMENT = "assignment"
    DETAILS = "details"
    SUGGESTION = "suggestion"


class RedFlagSource(enum.StrEnum):
    """Who raised a red-flag alert."""

    INTAKE = "intake"
    COORDINATOR = "coordinator"
    PRACTITIONER = "practitioner"
    PATIENT = "patient"

    @property
    def label(self) -> str:
        return {"intake": "Intake screen", "patient": "Patient-reported"}.get(self.value, self.value.capitalize())


RED_FLAG_SYMPTOMS: dict[str, str] = {
    "limb_weakness": "Sudden or severe limb weakness (or weakness in both legs)",
    "bladder_bowel": "New loss of bladder or bowel control",
    "saddle_numbness": "Numbness or altered sensation in the saddle area",
    "sexual_dysfunction": "New sexual dysfunction with back or leg pain",
    "spreading_numbness": "Rapidly spreading numbness or paralysis",
}
