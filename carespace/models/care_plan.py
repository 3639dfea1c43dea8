"""Care plans and what hangs off them: goals, assignments, history and phase suggestions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from carespace import clock
from carespace.extensions import db
from carespace.models.care_plan_enums import (
    LIVE_STATUSES,
    GoalStatus,
    Phase,
    PlanEventKind,
    PlanStatus,
    SuggestionStatus,
)
from carespace.models.patient import Patient
from carespace.models.template import CarePlanTemplate
from carespace.models.types import UTCDateTime
from carespace.models.user import Discipline, User, enum_column

ACTIVE_ONLY = text("status = 'active'")


class CarePlan(db.Model):
    """One episode of care for one condition, copied from a template and adjusted."""

    __tablename__ = "care_plans"
    __table_args__ = (
        # At most one active plan per patient and condition, enforced by the database too.
        Index(
            "uq_care_plans_one_active",
            "patient_id",
            "condition_key",
            unique=True,
            sqlite_where=ACTIVE_ONLY,
            postgresql_where=ACTIVE_ONLY,
        ),
        Index("ix_care_plans_status_phase", "status", "phase"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="RESTRICT"), index=True)
    template_id: Mapped[int | None] = mapped_column(
        ForeignKey("care_plan_templates.id", ondelete="SET NULL"), index=True
    )
    condition: Mapped[str] = mapped_column(String(120))
    condition_key: Mapped[str] = mapped_column(String(120))
    status: Mapped[PlanStatus] = mapped_column(enum_column(PlanStatus), default=PlanStatus.DRAFT)
    phase: Mapped[Phase] = mapped_column(enum_column(Phase), default=Phase.ACUTE)
    next_review_on: Mapped[date | None] = mapped_column(Date, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now, server_default=func.now())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    patient: Mapped[Patient] = relationship(back_populates="plans")
    template: Mapped[CarePlanTemplate | None] = relationship()
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])
    goals: Mapped[list[PlanGoal]] = relationship(
        back_populates="plan", order_by="PlanGoal.position", cascade="all, delete-orphan"
    )
    assignments: Mapped[list[PlanAssignment]] = relationship(
        back_populates="plan", order_by="PlanAssignment.position", cascade="all, delete-orphan"
    )
    events: Mapped[list[PlanEvent]] = relationship(
        back_populates="plan", order_by="PlanEvent.id.desc()", cascade="all, delete-orphan"
    )

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES

    def is_overdue(self, today: date) -> bool:
        return self.is_live and self.next_review_on is not None and self.next_review_on < today

    def goals_in(self, phase: Phase) -> list[PlanGoal]:
        return [goal for goal in self.goals if goal.phase == phase]

    def assignments_in(self, phase: Phase) -> list[PlanAssignment]:
        return [a for a in self.assignments if a.phase == phase and a.removed_at is None]

    def care_team(self, today: date) -> list[PlanAssignment]:
        """The active assignments of the current phase that name a practitioner."""
        if not self.is_live:
            return []
        return [a for a in self.assignments_in(self.phase) if a.practitioner_id and a.is_current(today)]

    def gaps(self) -> list[PlanAssignment]:
        """Assignments of the current phase with nobody named yet."""
        return [a for a in self.assignments_in(self.phase) if a.practitioner_id is None]


class PlanGoal(db.Model):
    """A goal of one phase, optionally measurable (e.g. NPRS ≤ 3)."""

    __tablename__ = "plan_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("care_plans.id", ondelete="CASCADE"), index=True)
    phase: Mapped[Phase] = mapped_column(enum_column(Phase))
    description: Mapped[str] = mapped_column(String(300))
    measure: Mapped[str | None] = mapped_column(String(40))
    target: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[GoalStatus] = mapped_column(enum_column(GoalStatus), default=GoalStatus.PROPOSED)
    position: Mapped[int] = mapped_column(default=0)

    plan: Mapped[CarePlan] = relationship(back_populates="goals")

    @property
    def target_text(self) -> str:
        return " ".join(part for part in (self.measure, self.target) if part)


class PlanAssignment(db.Model):
    """A discipline assigned in one phase, with the practitioner when one is named."""

    __tablename__ = "plan_assignments"
    __table_args__ = (Index("ix_plan_assignments_practitioner_phase", "practitioner_id", "phase"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("care_plans.id", ondelete="CASCADE"), index=True)
    phase: Mapped[Phase] = mapped_column(enum_column(Phase))
    discipline_id: Mapped[int] = mapped_column(ForeignKey("disciplines.id", ondelete="RESTRICT"), index=True)
    practitioner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    focus: Mapped[str] = mapped_column(String(200))
    frequency: Mapped[str] = mapped_column(String(80))
    start_on: Mapped[date | None] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    position: Mapped[int] = mapped_column(default=0)

    plan: Mapped[CarePlan] = relationship(back_populates="assignments")
    discipline: Mapped[Discipline] = relationship(lazy="joined")
    practitioner: Mapped[User | None] = relationship(lazy="joined")

    def is_current(self, today: date) -> bool:
        return (self.start_on is None or self.start_on <= today) and (self.end_on is None or self.end_on >= today)


class PlanEvent(db.Model):
    """One line of a plan's history: a phase move, a status change, a goal or assignment change."""

    __tablename__ = "plan_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("care_plans.id", ondelete="CASCADE"), index=True)
    kind: Mapped[PlanEventKind] = mapped_column(enum_column(PlanEventKind))
    from_value: Mapped[str | None] = mapped_column(String(40))
    to_value: Mapped[str | None] = mapped_column(String(40))
    summary: Mapped[str | None] = mapped_column(String(300))
    reason: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=clock.now, server_default=func.now(), index=True
    )

    plan: Mapped[CarePlan] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship(lazy="joined")


class PhaseSuggestion(db.Model):
    """A team member's proposal to move the plan's phase, waiting for a coordinator."""

    __tablename__ = "phase_suggestions"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("care_plans.id", ondelete="CASCADE"), index=True)
    suggested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    from_phase: Mapped[Phase] = mapped_column(enum_column(Phase))
    to_phase: Mapped[Phase] = mapped_column(enum_column(Phase))
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[SuggestionStatus] = mapped_column(
        enum_column(SuggestionStatus), default=SuggestionStatus.PENDING, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now, server_default=func.now())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_note: Mapped[str | None] = mapped_column(Text)

    plan: Mapped[CarePlan] = relationship()
    suggested_by: Mapped[User | None] = relationship(foreign_keys=[suggested_by_id], lazy="joined")
