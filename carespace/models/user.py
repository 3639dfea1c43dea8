"""Accounts, roles and disciplines."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Column, Enum, ForeignKey, Index, String, Table, func, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from carespace import clock
from carespace.extensions import db
from carespace.models.types import UTCDateTime


class Role(enum.StrEnum):
    """What an account is for; see DESIGN.md for what each may do."""

    ADMIN = "admin"
    COORDINATOR = "coordinator"
    PRACTITIONER = "practitioner"
    PATIENT = "patient"

    @property
    def label(self) -> str:
        return self.value.capitalize()


STAFF_ROLES = (Role.ADMIN, Role.COORDINATOR, Role.PRACTITIONER)


def enum_column(enum_class: type[enum.Enum], length: int = 20) -> Enum:
    """A portable enum column stored as its lowercase values (VARCHAR, no native type)."""
    return Enum(
        enum_class,
        native_enum=False,
        length=length,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


user_disciplines = Table(
    "user_disciplines",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("discipline_id", ForeignKey("disciplines.id", ondelete="RESTRICT"), primary_key=True, index=True),
)


class Discipline(db.Model):
    """One of the clinic's disciplines; the rows are installed by a migration."""

    __tablename__ = "disciplines"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)

    def __repr__(self) -> str:
        return f"<Discipline {self.code}>"


class User(UserMixin, db.Model):
    """A person who can sign in: staff or patient."""

    __tablename__ = "users"
    __table_args__ = (Index("ix_users_role_name", "role", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=clock.now, onupdate=clock.now, server_default=func.now()
    )

    disciplines: Mapped[list[Discipline]] = relationship(
        secondary=user_disciplines, order_by=Discipline.name, lazy="selectin"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login asks this
        return self.active

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    def is_locked(self, at: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > at

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"
