"""Test data builders. Each commits, so the app under test sees the rows."""

from __future__ import annotations

import itertools

from sqlalchemy import select

from carespace.auth.passwords import hash_password
from carespace.extensions import db
from carespace.models import Discipline, Role, User

PASSWORD = "a-long-test-password-42"
_sequence = itertools.count(1)

DEFAULT_DISCIPLINE = {Role.PRACTITIONER: ["physiotherapy"]}


def make_user(
    role: Role | str = Role.COORDINATOR,
    *,
    email: str | None = None,
    name: str | None = None,
    password: str | None = PASSWORD,
    disciplines: list[str] | None = None,
    active: bool = True,
) -> User:
    """A committed account of `role`; practitioners get physiotherapy unless told otherwise."""
    role = Role(role)
    n = next(_sequence)
    codes = disciplines if disciplines is not None else DEFAULT_DISCIPLINE.get(role, [])
    user = User(
        email=email or f"{role.value}{n}@clinic.test",
        name=name or f"{role.label} Person {n}",
        role=role,
        password_hash=hash_password(password) if password else None,
        active=active,
        disciplines=list(db.session.scalars(select(Discipline).where(Discipline.code.in_(codes)))),
    )
    db.session.add(user)
    db.session.commit()
    return user
