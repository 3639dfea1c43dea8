"""Care-plan templates: a condition's pathway, copied into each new plan."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from carespace import clock
from carespace.extensions import db
from carespace.models.care_plan_enums import Phase
from carespace.models.types import UTCDateTime
from carespace.models.user import Discipline, enum_column


def condition_key(text: str) -> str:
    """The form of a condition's name used for matching: trimmed, single-spaced, lower case."""
    return " ".join(text.split()).lower()


class CarePlanTemplate(db.Model):
    """A named pathway: per phase, the disciplines with a focus and frequency, and default goals."""

    __tablename__ = "care_plan_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    name_key: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=clock.now, onupdate=clock.now, server_default=func.now()
    )

    aliases: Mapped[list[TemplateAlias]] = relationship(
        back_populates="template", order_by="TemplateAlias.alias", cascade="all, delete-orphan"
    )
    disciplines: Mapped[list[TemplateDiscipline]] = relationship(
        back_populates="template", order_by="TemplateDiscipline.position", cascade="all, delete-orphan"
    )
    goals: Mapped[list[TemplateGoal]] = relationship(
        back_populates="template", order_by="TemplateGoal.position", cascade="all, delete-orphan"
    )

    @property
    def retired(self) -> bool:
        return self.retired_at is not None

    def disciplines_in(self, phase: Phase) -> list[TemplateDiscipline]:
        return [row for row in self.disciplines if row.phase == phase]

    def goals_in(self, phase: Phase) -> list[TemplateGoal]:
        return [row for row in self.goals if row.phase == phase]


class TemplateAlias(db.Model):
    """Another name of the template's condition (e.g. sciatica for radiculopathy)."""

    __tablename__ = "template_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("care_plan_templates.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(120))
    alias_key: Mapped[str] = mapped_column(String(120), unique=True)

    template: Mapped[CarePlanTemplate] = relationship(back_populates="aliases")


class TemplateDiscipline(db.Model):
    """A discipline the template assigns in one phase."""

    __tablename__ = "template_disciplines"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("care_plan_templates.id", ondelete="CASCADE"), index=True)
    phase: Mapped[Phase] = mapped_column(enum_column(Phase))
    discipline_id: Mapped[int] = mapped_column(ForeignKey("disciplines.id", ondelete="RESTRICT"), index=True)
    focus: Mapped[str] = mapped_column(String(200))
    frequency: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(default=0)

    template: Mapped[CarePlanTemplate] = relationship(back_populates="disciplines")
    discipline: Mapped[Discipline] = relationship(lazy="joined")


class TemplateGoal(db.Model):
    """A default goal of one phase, optionally with a measure and a target."""

    __tablename__ = "template_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("care_plan_templates.id", ondelete="CASCADE"), index=True)
    phase: Mapped[Phase] = mapped_column(enum_column(Phase))
    description: Mapped[str] = mapped_column(String(300))
    measure: Mapped[str | None] = mapped_column(String(40))
    target: Mapped[str | None] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(default=0)

    template: Mapped[CarePlanTemplate] = relationship(back_populates="goals")
