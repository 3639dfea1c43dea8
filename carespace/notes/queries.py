"""Read queries for notes: the plan's notes, unread counts, the inbox and the merged timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, exists, func, literal, or_, select, union_all
from sqlalchemy.orm import joinedload, selectinload

from carespace.extensions import db
from carespace.models import (
    CarePlan,
    Note,
    NoteAddendum,
    NoteKind,
    NoteRead,
    NoteStatus,
    Patient,
    PlanAssignment,
    PlanEvent,
    PlanEventKind,
    RedFlagAlert,
    User,
)
from carespace.permissions import visible_plans


def _person(relationship):
    """Join a related account in without its disciplines, which note pages never show.

    Loading them would cost a query or not depending on who else the page already loaded.
    """
    return joinedload(relationship).lazyload(User.disciplines)


def _named_on_note():
    """Everyone a note names: its author, the teammate it is for and who struck it."""
    return _person(Note.author), _person(Note.attention_user), _person(Note.entered_in_error_by)


def signed_notes(plan_id: int, discipline_id: int | None = None, kind: NoteKind | None = None) -> Select:
    """The plan's signed notes, newest first, with addenda and everyone the note names loaded."""
    stmt = (
        select(Note)
        .where(Note.plan_id == plan_id, Note.status == NoteStatus.SIGNED)
        .options(selectinload(Note.addenda).options(_person(NoteAddendum.author)), *_named_on_note())
        .order_by(Note.signed_at.desc(), Note.id.desc())
    )
    if discipline_id:
        stmt = stmt.where(Note.discipline_id == discipline_id)
    if kind:
        stmt = stmt.where(Note.kind == kind)
    return stmt


def plan_with_team(plan_id: int) -> CarePlan:
    """The plan with its patient, goals and team loaded up front, as the print view shows them."""
    return db.session.scalars(
        select(CarePlan)
        .where(CarePlan.id == plan_id)
        .options(
            joinedload(CarePlan.patient),
            selectinload(CarePlan.goals),
            selectinload(CarePlan.assignments).options(_person(PlanAssignment.practitioner)),
        )
    ).one()


def drafts_of(plan_id: int, author: User) -> Select:
    """The author's own drafts on the plan."""
    return (
        select(Note)
        .where(Note.plan_id == plan_id, Note.status == NoteStatus.DRAFT, Note.author_id == author.id)
        .order_by(Note.updated_at.desc())
    )


def read_ids(user: User, note_ids: list[int]) -> set[int]:
    """Which of these notes `user` has opened."""
    if not note_ids:
        return set()
    return set(
        db.session.scalars(select(NoteRead.note_id).where(NoteRead.user_id == user.id, NoteRead.note_id.in_(note_ids)))
    )


def _unread_for(user: User):
    """Signed, standing notes by others on plans the user may read, not yet opened by them."""
    return and_(
        Note.plan_id == CarePlan.id,
        Note.status == NoteStatus.SIGNED,
        Note.entered_in_error_at.is_(None),
        Note.author_id != user.id,
        visible_plans(user),
        ~exists().where(NoteRead.note_id == Note.id, NoteRead.user_id == user.id),
    )


def unread_count(user: User) -> int:
    """How many signed team notes on the user's patients they have not opened."""
    return db.session.scalar(select(func.count(Note.id)).select_from(Note).join(CarePlan).where(_unread_for(user)))


def patients_with_new_notes(user: User, limit: int = 20) -> list[tuple[Patient, int]]:
    """Patients with notes the user has not opened, with how many, most recent first."""
    rows = db.session.execute(
        select(CarePlan.patient_id, func.count(Note.id), func.max(Note.signed_at))
        .select_from(Note)
        .join(CarePlan)
        .where(_unread_for(user))
        .group_by(CarePlan.patient_id)
        .order_by(func.max(Note.signed_at).desc())
        .limit(limit)
    ).all()
    patients = {p.id: p for p in db.session.scalars(select(Patient).where(Patient.id.in_([r[0] for r in rows])))}
    return [(patients[patient_id], count) for patient_id, count, _ in rows]


def inbox(user: User) -> Select:
    """Notes that draw the user's attention and that they have not opened yet, oldest first."""
    return (
        select(Note)
        .join(CarePlan)
        .where(Note.attention_user_id == user.id, _unread_for(user))
        .options(selectinload(Note.plan).selectinload(CarePlan.patient))
        .order_by(Note.signed_at)
    )


@dataclass
class TimelineEntry:
    """One line of a plan's timeline."""

    kind: str  # note, addendum, event, alert, acknowledgement
    at: datetime
    item: object


TIMELINE_EVENT_KINDS = (PlanEventKind.PHASE, PlanEventKind.GOAL, PlanEventKind.STATUS)


def _timeline_union(plan: CarePlan):
    notes = select(literal("note").label("kind"), Note.id.label("item_id"), Note.signed_at.label("at")).where(
        Note.plan_id == plan.id, Note.status == NoteStatus.SIGNED
    )
    addenda = (
        select(literal("addendum"), NoteAddendum.id, NoteAddendum.created_at)
        .join(Note)
        .where(Note.plan_id == plan.id, Note.status == NoteStatus.SIGNED)
    )
    events = select(literal("event"), PlanEvent.id, PlanEvent.created_at).where(
        PlanEvent.plan_id == plan.id, PlanEvent.kind.in_(TIMELINE_EVENT_KINDS)
    )
    alerts = select(literal("alert"), RedFlagAlert.id, RedFlagAlert.raised_at).where(
        RedFlagAlert.patient_id == plan.patient_id, or_(RedFlagAlert.plan_id.is_(None), RedFlagAlert.plan_id == plan.id)
    )
    acknowledgements = select(literal("acknowledgement"), RedFlagAlert.id, RedFlagAlert.acknowledged_at).where(
        RedFlagAlert.patient_id == plan.patient_id,
        or_(RedFlagAlert.plan_id.is_(None), RedFlagAlert.plan_id == plan.id),
        RedFlagAlert.acknowledged_at.is_not(None),
    )
    return union_all(notes, addenda, events, alerts, acknowledgements).subquery()


WHEN = {
    "note": "signed_at",
    "addendum": "created_at",
    "event": "created_at",
    "alert": "raised_at",
    "acknowledgement": "acknowledged_at",
}
LOADERS = {
    "note": lambda ids: select(Note).where(Note.id.in_(ids)).options(*_named_on_note()),
    "addendum": lambda ids: (
        select(NoteAddendum)
        .where(NoteAddendum.id.in_(ids))
        .options(_person(NoteAddendum.author), selectinload(NoteAddendum.note).options(_person(Note.author)))
    ),
    "event": lambda ids: select(PlanEvent).where(PlanEvent.id.in_(ids)),
    "alert": lambda ids: select(RedFlagAlert).where(RedFlagAlert.id.in_(ids)),
    "acknowledgement": lambda ids: select(RedFlagAlert).where(RedFlagAlert.id.in_(ids)),
}


def timeline_page(plan: CarePlan, page: int, per_page: int) -> tuple[list[TimelineEntry], int]:
    """One page of the plan's timeline, newest first, and the number of entries in all.

    A fixed number of queries whatever the plan holds: the count, the page of (kind, id, time)
    rows, then one query per kind present on the page.
    """
    union = _timeline_union(plan)
    total = db.session.scalar(select(func.count()).select_from(union))
    rows = db.session.execute(
        select(union.c.kind, union.c.item_id, union.c.at)
        .order_by(union.c.at.desc(), union.c.kind, union.c.item_id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    wanted: dict[str, list[int]] = {}
    for kind, item_id, _ in rows:
        wanted.setdefault(kind, []).append(item_id)
    loaded = {(kind, obj.id): obj for kind, ids in wanted.items() for obj in db.session.scalars(LOADERS[kind](ids))}
    entries = []
    for kind, item_id, _ in rows:
        item = loaded[(kind, item_id)]
        entries.append(TimelineEntry(kind, getattr(item, WHEN[kind]), item))
    return entries, total
