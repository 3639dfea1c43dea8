"""Builders for the notes tests: notes written through the services, team changes, page scraping."""

from __future__ import annotations

import re

from sqlalchemy import select

from carespace.care_plans.services import remove_assignment
from carespace.extensions import db
from carespace.models import CarePlan, Discipline, Note, NoteKind, NoteVisibility, User
from carespace.notes.services import NoteValues, sign_note, start_note


def discipline_id(code: str) -> int:
    return db.session.scalar(select(Discipline.id).where(Discipline.code == code))


def write(
    plan: CarePlan,
    author: User,
    *,
    kind: NoteKind = NoteKind.PROGRESS,
    sign: bool = True,
    discipline: str | None = None,
    visibility: NoteVisibility = NoteVisibility.TEAM,
    attention: User | None = None,
    **text: str,
) -> Note:
    """A committed note by `author` (signed unless told); SOAP text or `body` as given, else a default."""
    if not text:
        text = {"subjective": "Pain 4/10, sleeping better."} if kind.is_soap else {"body": "Please call me."}
    values = NoteValues(
        kind=kind,
        discipline_id=discipline_id(discipline) if discipline else None,
        visibility=visibility,
        attention_user_id=attention.id if attention else None,
        **text,
    )
    note = start_note(plan, values, author)
    if sign:
        sign_note(note, author)
    db.session.commit()
    return note


def take_off_team(plan: CarePlan, practitioner: User, actor: User) -> None:
    """Remove the practitioner's assignments from the plan, as a coordinator does."""
    for assignment in list(plan.assignments):
        if assignment.practitioner_id == practitioner.id and assignment.removed_at is None:
            remove_assignment(assignment, actor, None)
    db.session.commit()


def html(response) -> str:
    return response.get_data(as_text=True)


def unread_badge(page: str) -> int:
    """The number on the navigation's unread-notes badge (0 when there is no badge)."""
    match = re.search(r'data-unread="(\d+)"', page)
    return int(match.group(1)) if match else 0


def error_beside(response, field: str) -> str:
    match = re.search(rf'id="{field}-error"[^>]*>(.*?)</div>', html(response), re.S)
    return match.group(1).strip() if match else ""


def flashed(page: str) -> list[str]:
    return [m.strip() for m in re.findall(r'<div class="alert alert-\w+" role="\w+">(.*?)</div>', page, re.S)]
