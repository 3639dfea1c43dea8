"""Server-side records that make sign-in sessions and one-time links revocable."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from carespace import clock
from carespace.extensions import db
from carespace.models.types import UTCDateTime
from carespace.models.user import User, enum_column


class UserSession(db.Model):
    """One signed-in browser. The cookie carries a random token; only its hash is stored."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now, server_default=func.now())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now, server_default=func.now())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    end_reason: Mapped[str | None] = mapped_column(String(40))
    ip_address: Mapped[str | None] = mapped_column(String(45))

    user: Mapped[User] = relationship()


class TokenPurpose(enum.StrEnum):
    """What a one-time link lets its holder do."""

    PASSWORD_RESET = "password_reset"  # noqa: S105 - a purpose name, not a secret
    INVITATION = "invitation"


class AccountToken(db.Model):
    """A one-time, expiring link for an account (only the token's hash is stored)."""

    __tablename__ = "account_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[TokenPurpose] = mapped_column(enum_column(TokenPurpose, 30))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now, server_default=func.now())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)

    user: Mapped[User] = relationship(foreign_keys=[user_id])

    def is_usable(self, at: datetime) -> bool:
        return self.used_at is None and self.expires_at > at
