"""Signing in, lock-out, password changes and one-time reset links.

Services flush and never commit; the request commits once.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select, update

from carespace import audit, clock
from carespace.auth.passwords import hash_password, needs_rehash, password_problem, verify_password
from carespace.auth.sessions import end_all_sessions, token_hash
from carespace.extensions import db
from carespace.models import AccountToken, AuditEvent, TokenPurpose, User

LOGIN_FAILED = "auth.login_failed"


class PasswordRefused(ValueError):
    """A password was refused; the message says why in plain words, `field` says which field."""

    def __init__(self, message: str, field: str = "new_password") -> None:
        super().__init__(message)
        self.field = field


def find_user_by_email(email: str) -> User | None:
    """The account with this email, compared without regard to case."""
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def _recent_failures(user: User) -> int:
    config = current_app.config
    since = clock.now() - config["LOCKOUT_WINDOW"]
    if user.last_login_at is not None and user.last_login_at > since:
        since = user.last_login_at
    return db.session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(
            AuditEvent.object_type == User.__tablename__,
            AuditEvent.object_id == user.id,
            AuditEvent.action == LOGIN_FAILED,
            AuditEvent.created_at > since,
        )
    )


def authenticate(email: str, password: str) -> User | None:
    """The user these credentials sign in, or None.

    Every refusal looks the same to the caller; the audit trail records which
    it was. The failures counted for the lock-out are the audit trail's own
    `auth.login_failed` events, so there is one record of them.
    """
    user = find_user_by_email(email)
    now = clock.now()
    if user is None:
        verify_password(None, password)
        audit.record(LOGIN_FAILED, detail="unknown account")
        return None
    if not user.active:
        verify_password(None, password)
        audit.record("auth.login_refused", user, detail="account deactivated")
        return None
    if user.is_locked(now):
        verify_password(None, password)
        audit.record("auth.login_refused", user, detail="account locked")
        return None
    if not verify_password(user.password_hash, password):
        audit.record(LOGIN_FAILED, user)
        db.session.flush()
        if _recent_failures(user) >= current_app.config["LOCKOUT_THRESHOLD"]:
            user.locked_until = now + current_app.config["LOCKOUT_DURATION"]
            audit.record("auth.account_locked", user)
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = now
    user.locked_until = None
    audit.record("auth.login", user, actor=user)
    return user


def set_password(user: User, new_password: str) -> None:
    """Give `user` a new password and end all their sessions.

    :raises PasswordRefused: when the password breaks a rule.
    """
    problem = password_problem(new_password, user.email)
    if problem:
        raise PasswordRefused(problem)
    user.password_hash = hash_password(new_password)
    user.locked_until = None
    end_all_sessions(user, "password_changed")


def change_password(user: User, current_password: str, new_password: str) -> None:
    """A signed-in user's own change; the current password is required.

    :raises PasswordRefused: when the current password is wrong or the new one breaks a rule.
    """
    if not verify_password(user.password_hash, current_password):
        raise PasswordRefused("Your current password is not correct.", field="current_password")
    if new_password == current_password:
        raise PasswordRefused("Choose a password different from your current one.")
    set_password(user, new_password)
    audit.record("account.password_changed", user, actor=user)


@dataclass(frozen=True)
class IssuedToken:
    """A token just issued: the secret exists only here, never in the database."""

    record: AccountToken
    secret: str


def void_tokens(user: User, purpose: TokenPurpose | None = None) -> None:
    """Use up every unused one-time link of `user` (of one purpose, or all)."""
    stmt = update(AccountToken).where(AccountToken.user_id == user.id, AccountToken.used_at.is_(None))
    if purpose is not None:
        stmt = stmt.where(AccountToken.purpose == purpose)
    db.session.execute(stmt.values(used_at=clock.now()))


def issue_token(
    user: User, purpose: TokenPurpose, actor: User | None, lifetime: timedelta | None = None
) -> IssuedToken:
    """Issue a one-time link for `user`, voiding any earlier unused link of the same purpose."""
    now = clock.now()
    void_tokens(user, purpose)
    secret = secrets.token_urlsafe(32)
    record = AccountToken(
        user=user,
        purpose=purpose,
        token_hash=token_hash(secret),
        expires_at=now + (lifetime or current_app.config["PASSWORD_RESET_LIFETIME"]),
        created_by_id=actor.id if actor else None,
    )
    db.session.add(record)
    audit.record(f"account.{purpose.value}_issued", user, actor=actor)
    return IssuedToken(record, secret)


def find_usable_token(secret: str, purpose: TokenPurpose) -> AccountToken | None:
    """The unused, unexpired token of an active account behind `secret`, or None."""
    record = db.session.scalar(
        select(AccountToken).where(AccountToken.token_hash == token_hash(secret), AccountToken.purpose == purpose)
    )
    if record is None or not record.is_usable(clock.now()) or not record.user.active:
        return None
    return record


def redeem_password_reset(record: AccountToken, new_password: str) -> User:
    """Set the new password through a reset link and use the link up.

    :raises PasswordRefused: when the password breaks a rule (the link stays usable).
    """
    set_password(record.user, new_password)
    record.used_at = clock.now()
    audit.record("account.password_reset", record.user, actor=record.user)
    return record.user
