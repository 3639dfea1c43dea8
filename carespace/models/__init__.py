"""The models, one module per aggregate; importing this package registers them all."""

from carespace.models.audit import AuditEvent
from carespace.models.session import AccountToken, TokenPurpose, UserSession
from carespace.models.user import STAFF_ROLES, Discipline, Role, User, user_disciplines

__all__ = [
    "STAFF_ROLES",
    "AccountToken",
    "AuditEvent",
    "Discipline",
    "Role",
    "TokenPurpose",
    "User",
    "UserSession",
    "user_disciplines",
]
