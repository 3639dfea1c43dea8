"""Clinical notes shared by the care team: drafts, signed notes, addenda and per-user read state."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from carespace import clock
from carespace.extensions import db
from carespace.models.care_plan import CarePlan
from carespace.models.types import UTCDateTime
from carespace.models.user import Discipline, User, enum_column

# Longest text accepted in one note section (or a team message), in an addendum, and in an entered-in-error reason.
SECTION_MAX = 10_000
ADDENDUM_MAX = 5_000
REASON_MAX = 1_000


class NoteKind(enum.StrEnum):
    INITIAL_ASSESSMENT = "initial_assessment"
    PROGRESS = "progress"
    DISCHARGE = "discharge"
    TEAM_MESSAGE = "team_message"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def is_soap(self) -> bool:
        return self != NoteKind.TEAM_MESSAGE


class NoteVisibility(enum.StrEnum):
    TEAM = "team"
    TEAM_AND_PATIENT = "team_and_patient"

    @property
    def label(self) -> str:
        return "Care team" if self == NoteVisibility.TEAM else "Care team and patient"


class NoteStatus(enum.StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"


class Note(db.Model):
    """A note on a care plan. Signed notes are part of the record and never change; addenda follow."""

    __tablename__ = "notes"
    __table_args__ = (
        Index("ix_notes_plan_status_signed", "plan_id", "status", "signed_at"),
        Index("ix_notes_attention_status", "attention_user_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("care_plans.id", ondelete="RESTRICT"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    discipline_id: Mapped[int | None] = mapped_column(ForeignKey("disciplines.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[NoteKind] = mapped_column(enum_column(NoteKind, 30))
    visibility: Mapped[NoteVisibility] = mapped_column(enum_column(NoteVisibility, 30), default=NoteVisibility.TEAM)
    status: Mapped[NoteStatus] = mapped_column(enum_column(NoteStatus), default=NoteStatus.DRAFT)
    subjective: Mapped[str | None] = mapped_column(Text)
    objective: Mapped[str | None] = mapped_column(Text)
    assessment: Mapped[str | None] = mapped_column(Text)
    plan_text: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)
    attention_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now, server_default=func.now())
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    entered_in_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    entered_in_error_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    entered_in_error_reason: Mapped[str | None] = mapped_column(Text)

    plan: Mapped[CarePlan] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id], lazy="joined")
    discipline: Mapped[Discipline | None] = relationship(lazy="joined")
    attention_user: Mapped[User | None] = relationship(foreign_keys=[attention_user_id])
    entered_in_error_by: Mapped[User | None] = relationship(foreign_keys=[entered_in_error_by_id])
    addenda: Mapped[list[NoteAddendum]] = relationship(
        back_populates="note", order_by="NoteAddendum.created_at, NoteAddendum.id"
    )

    @property
    def is_signed(self) -> bool:
        return self.status == NoteStatus.SIGNED

    @property
    def is_entered_in_error(self) -> bool:
        return self.entered_in_error_at is not None

    @property
    def sections(self) -> list[tuple[str, str]]:
        """The note's text as (heading, text) pairs, leaving out empty sections."""
        if not self.kind.is_soap:
            return [("Message", self.body or "")]
        pairs = [
            ("Subjective", self.subjective),
            ("Objective", self.objective),
            ("Assessment", self.assessment),
            ("Plan", self.plan_text),
        ]
        return [(heading, text) for heading, text in pairs if text]


class NoteAddendum(db.Model):
    """A later addition to a signed note: who, when, what. Never edited."""

    __tablename__ = "note_addenda"

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id", ondelete="RESTRICT"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=clock.now, server_default=func.now(), index=True
    )

    note: Mapped[Note] = relationship(back_populates="addenda")
    author: Mapped[User] = relationship(lazy="joined")


class NoteRead(db.Model):
    """When a user first opened a signed note; unread means no row."""

    __tablename__ = "note_reads"
    __table_args__ = (UniqueConstraint("note_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now, server_default=func.now())
