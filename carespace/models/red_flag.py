"""Red-flag alerts: warning symptoms that need urgent medical care the same day."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from carespace import clock
from carespace.extensions import db
from carespace.models.care_plan_enums import RED_FLAG_SYMPTOMS, RedFlagSource
from carespace.models.patient import Patient
from carespace.models.types import UTCDateTime
from carespace.models.user import User, enum_column


class RedFlagAlert(db.Model):
    """An alert that stays open until a coordinator acknowledges it with the action taken."""

    __tablename__ = "red_flag_alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="RESTRICT"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("care_plans.id", ondelete="SET NULL"), index=True)
    symptoms: Mapped[str] = mapped_column(String(200))  # comma-separated keys of RED_FLAG_SYMPTOMS
    details: Mapped[str | None] = mapped_column(Text)
    source: Mapped[RedFlagSource] = mapped_column(enum_column(RedFlagSource))
    raised_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now, server_default=func.now())
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    action_taken: Mapped[str | None] = mapped_column(Text)

    patient: Mapped[Patient] = relationship()
    raised_by: Mapped[User | None] = relationship(foreign_keys=[raised_by_id], lazy="joined")
    acknowledged_by: Mapped[User | None] = relationship(foreign_keys=[acknowledged_by_id], lazy="joined")

    @property
    def is_open(self) -> bool:
        return self.acknowledged_at is None

    @property
    def symptom_keys(self) -> list[str]:
        return [key for key in self.symptoms.split(",") if key]

    @property
    def symptom_labels(self) -> list[str]:
        return [RED_FLAG_SYMPTOMS.get(key, key) for key in self.symptom_keys]
