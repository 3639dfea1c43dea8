"""Read-only queries behind the admin list pages."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import joinedload

from carespace.models import STAFF_ROLES, AuditEvent, Role, User


def _contains(text: str) -> str:
    escaped = text.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def staff_accounts(q: str | None, role: str | None) -> Select:
    """Staff accounts matching a name/email search and a role, by name."""
    stmt = select(User).where(User.role.in_(STAFF_ROLES)).order_by(User.name, User.id)
    if q:
        pattern = _contains(q)
        stmt = stmt.where(or_(User.name.ilike(pattern, escape="\\"), User.email.ilike(pattern, escape="\\")))
    if role:
        stmt = stmt.where(User.role == Role(role))
    return stmt


def _local_midnight_utc(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def audit_events(
    *, user: str | None, action: str | None, start: date | None, end: date | None, zone: ZoneInfo
) -> Select:
    """Audit events matching the filters, newest first; dates are whole days in the clinic's zone."""
    stmt = (
        select(AuditEvent)
        .options(joinedload(AuditEvent.actor))
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    )
    if user:
        pattern = _contains(user)
        stmt = stmt.join(AuditEvent.actor).where(
            or_(User.name.ilike(pattern, escape="\\"), User.email.ilike(pattern, escape="\\"))
        )
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    if start:
        stmt = stmt.where(AuditEvent.created_at >= _local_midnight_utc(start, zone))
    if end:
        stmt = stmt.where(AuditEvent.created_at < _local_midnight_utc(end + timedelta(days=1), zone))
    return stmt


def audit_actions() -> Select:
    """Every action name in the trail, for the filter's choices."""
    return select(AuditEvent.action).distinct().order_by(AuditEvent.action)
