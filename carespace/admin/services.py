"""Account changes made by admins. Each flushes, audits, and leaves the commit to the request."""

from __future__ import annotations

from sqlalchemy import select

from carespace import audit
from carespace.auth.services import IssuedToken, issue_token, void_tokens
from carespace.auth.sessions import end_all_sessions
from carespace.extensions import db
from carespace.models import Discipline, Role, TokenPurpose, User
from carespace.permissions import can_change_role, can_deactivate


class AccountChangeRefused(ValueError):
    """The change is not allowed; the message says why."""


def _disciplines(ids: list[int]) -> list[Discipline]:
    if not ids:
        return []
    return list(db.session.scalars(select(Discipline).where(Discipline.id.in_(ids)).order_by(Discipline.name)))


def create_staff_account(
    *, email: str, name: str, role: Role, discipline_ids: list[int], actor: User
) -> tuple[User, IssuedToken]:
    """Create a staff account with no password and a one-time link to set one."""
    user = User(email=email.strip().lower(), name=name.strip(), role=role, disciplines=_disciplines(discipline_ids))
    db.session.add(user)
    db.session.flush()
    audit.record("account.created", user, actor=actor, detail=f"role {role.value}")
    return user, issue_token(user, TokenPurpose.PASSWORD_RESET, actor)


def update_account(user: User, *, name: str, role: Role, discipline_ids: list[int], actor: User) -> None:
    """Change an account's name, role and disciplines; the audit entry names what changed.

    :raises AccountChangeRefused: when an admin tries to change their own role.
    """
    if role != user.role and not can_change_role(actor, user):
        raise AccountChangeRefused("You cannot change your own role; ask another admin.")
    changes = []
    if name.strip() != user.name:
        user.name = name.strip()
        changes.append("name")
    if role != user.role:
        changes.append(f"role {user.role.value} to {role.value}")
        user.role = role
    disciplines = _disciplines(discipline_ids)
    if {d.id for d in disciplines} != {d.id for d in user.disciplines}:
        user.disciplines = disciplines
        changes.append("disciplines " + (", ".join(d.code for d in disciplines) or "none"))
    if changes:
        audit.record("account.updated", user, actor=actor, detail="; ".join(changes))


def deactivate_account(user: User, actor: User) -> None:
    """Stop an account from signing in, end its sessions everywhere and void its unused links.

    :raises AccountChangeRefused: when admins try to deactivate themselves.
    """
    if not can_deactivate(actor, user):
        raise AccountChangeRefused("You cannot deactivate your own account.")
    if user.active:
        user.active = False
        end_all_sessions(user, "deactivated")
        void_tokens(user)
        audit.record("account.deactivated", user, actor=actor)


def reactivate_account(user: User, actor: User) -> None:
    """Let a deactivated account sign in again."""
    if not user.active:
        user.active = True
        user.locked_until = None
        audit.record("account.reactivated", user, actor=actor)


def issue_password_reset(user: User, actor: User) -> IssuedToken:
    """A one-time link the admin hands over so the person can choose a new password."""
    return issue_token(user, TokenPurpose.PASSWORD_RESET, actor)
