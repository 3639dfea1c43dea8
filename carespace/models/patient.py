"""Patients and their conditions."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from carespace import clock
from carespace.extensions import db
from carespace.models.types import UTCDateTime

if TYPE_CHECKING:
    from carespace.models.care_plan import CarePlan
    from carespace.models.red_flag import RedFlagAlert
    from carespace.models.user import User

CHART_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base 32: no I, L, O or U


def new_chart_number() -> str:
    """A random chart number such as CS-7K4M-2QXP (unique by constraint; collisions are vanishingly rare)."""
    chars = "".join(secrets.choice(CHART_ALPHABET) for _ in range(8))
    return f"CS-{chars[:4]}-{chars[4:]}"


class Patient(db.Model):
    """A person the clinic treats."""

    __tablename__ = "patients"
    __table_args__ = (Index("ix_patients_family_given", "family_name", "given_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chart_number: Mapped[str] = mapped_column(String(16), unique=True, default=new_chart_number)
    given_name: Mapped[str] = mapped_column(String(80))
    family_name: Mapped[str] = mapped_column(String(80))
    preferred_name: Mapped[str | None] = mapped_column(String(80))
    date_of_birth: Mapped[date] = mapped_column(Date)
    phone: Mapped[str] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(254))
    referral_source: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now, server_default=func.now())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    # The patient's own portal account, once invited.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), unique=True)

    conditions: Mapped[list[PatientCondition]] = relationship(
        back_populates="patient", order_by="PatientCondition.id", cascade="all, delete-orphan"
    )
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    plans: Mapped[list[CarePlan]] = relationship(back_populates="patient", order_by="CarePlan.id.desc()")
    open_alerts: Mapped[list[RedFlagAlert]] = relationship(
        primaryjoin="and_(RedFlagAlert.patient_id == Patient.id, RedFlagAlert.acknowledged_at.is_(None))",
        order_by="RedFlagAlert.raised_at.desc()",
        viewonly=True,
    )

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def display_name(self) -> str:
        """The name to call the person by, with the legal name kept recognisable."""
        if self.preferred_name and self.preferred_name != self.given_name:
            return f"{self.preferred_name} ({self.given_name}) {self.family_name}"
        return self.full_name

    def age_on(self, day: date) -> int:
        had_birthday = (day.month, day.day) >= (self.date_of_birth.month, self.date_of_birth.day)
        return day.year - self.date_of_birth.year - (0 if had_birthday else 1)


class PatientCondition(db.Model):
    """A condition the patient was referred or assessed for (free text, matched to templates)."""

    __tablename__ = "patient_conditions"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))

    patient: Mapped[Patient] = relationship(back_populates="conditions")


class PainCheckIn(db.Model):
    """A patient's own pain score (NPRS 0-10) from the portal, with an optional short comment."""

    __tablename__ = "pain_check_ins"
    __table_args__ = (CheckConstraint("score >= 0 AND score <= 10", name="score_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="RESTRICT"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("care_plans.id", ondelete="SET NULL"), index=True)
    score: Mapped[int]
    comment: Mapped[str | None] = mapped_column(String(280))
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=clock.now, server_default=func.now(), index=True
    )
