"""Revocable sign-in sessions.

The signed cookie carries a random token; the server keeps its hash in
`UserSession`. A request is signed in only while that record is live, so
ending the record (log-out, password change, deactivation, time-out) refuses
every copy of the cookie.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, g, session
from flask_login import login_user, logout_user
from sqlalchemy import select, update

from carespace import clock
from carespace.extensions import db, login_manager
from carespace.models import User, UserSession

SESSION_KEY = "sid"
# Writing last_seen_at on every request would cost a write per page; a minute is precise enough.
TOUCH_INTERVAL = timedelta(minutes=1)


def token_hash(token: str) -> str:
    """The stored form of a secret token."""
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User, ip_address: str | None) -> UserSession:
    """Sign `user` in on this browser with a fresh session and a fresh CSRF secret."""
    session.clear()
    g.pop("csrf_token", None)
    token = secrets.token_urlsafe(32)
    record = UserSession(user=user, token_hash=token_hash(token), ip_address=ip_address)
    db.session.add(record)
    session[SESSION_KEY] = token
    session.permanent = True
    login_user(user)
    return record


def end_session(reason: str) -> None:
    """Sign this browser out and end its server-side record."""
    token = session.get(SESSION_KEY)
    if token:
        db.session.execute(
            update(UserSession)
            .where(UserSession.token_hash == token_hash(token), UserSession.ended_at.is_(None))
            .values(ended_at=clock.now(), end_reason=reason)
        )
    logout_user()
    session.clear()


def end_all_sessions(user: User, reason: str) -> None:
    """End every live session of `user`, on every browser."""
    db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=clock.now(), end_reason=reason)
    )


def _expiry_reason(record: UserSession) -> str | None:
    now = clock.now()
    config = current_app.config
    if record.ended_at is not None:
        return "ended"
    if not record.user.active:
        return "deactivated"
    if now - record.created_at > config["SESSION_ABSOLUTE_TIMEOUT"]:
        return "absolute_timeout"
    if now - record.last_seen_at > config["SESSION_IDLE_TIMEOUT"]:
        return "idle_timeout"
    return None


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: the user of this browser's live session, or nobody."""
    token = session.get(SESSION_KEY)
    if not token:
        return None
    record = db.session.scalar(select(UserSession).where(UserSession.token_hash == token_hash(token)))
    if record is None or str(record.user_id) != user_id:
        session.clear()
        return None
    reason = _expiry_reason(record)
    if reason is not None:
        if record.ended_at is None:
            record.ended_at, record.end_reason = clock.now(), reason
            db.session.commit()
        session.clear()
        if reason in ("idle_timeout", "absolute_timeout"):
            g.session_expired = True
        return None
    if clock.now() - record.last_seen_at >= TOUCH_INTERVAL:
        record.last_seen_at = clock.now()
        db.session.commit()
    return record.user
