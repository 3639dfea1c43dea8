"""Note rules: drafts, signing, addenda, entered-in-error and read state. Services flush; the request commits."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from carespace import audit, clock
from carespace.extensions import db
from carespace.models import (
    CarePlan,
    Note,
    NoteAddendum,
    NoteKind,
    NoteRead,
    NoteStatus,
    NoteVisibility,
    User,
)
from carespace.models.note import ADDENDUM_MAX, REASON_MAX, SECTION_MAX
from carespace.permissions import (
    can_add_addendum,
    can_change_draft,
    can_mark_entered_in_error,
    can_write_note,
    can_write_soap,
)


class NoteRuleError(ValueError):
    """A note action the rules refuse; the message says why."""


@dataclass
class NoteValues:
    """What the note form collects."""

    kind: NoteKind
    discipline_id: int | None
    visibility: NoteVisibility
    subjective: str | None = None
    objective: str | None = None
    assessment: str | None = None
    plan_text: str | None = None
    body: str | None = None
    attention_user_id: int | None = None


def _clean(text: str | None) -> str | None:
    """Text as typed, without surrounding blank lines; None when empty."""
    text = (text or "").strip("\r\n")
    return text if text.strip() else None


def _check_length(text: str | None, limit: int, what: str) -> None:
    """The forms say it beside the field; this keeps the limit for every other caller too."""
    if text is not None and len(text) > limit:
        raise NoteRuleError(f"Keep {what} to {limit:,} characters or fewer.")


def _apply(note: Note, values: NoteValues) -> None:
    for text in (values.subjective, values.objective, values.assessment, values.plan_text, values.body):
        _check_length(_clean(text), SECTION_MAX, "each section")
    if values.kind.is_soap:
        sections = {
            "subjective": values.subjective,
            "objective": values.objective,
            "assessment": values.assessment,
            "plan_text": values.plan_text,
        }
        if not any(_clean(text) for text in sections.values()):
            raise NoteRuleError("Write at least one of the SOAP sections.")
        for name, text in sections.items():
            setattr(note, name, _clean(text))
        note.body = None
    else:
        if not _clean(values.body):
            raise NoteRuleError("Write the message.")
        note.body = _clean(values.body)
        note.subjective = note.objective = note.assessment = note.plan_text = None
    note.kind = values.kind
    note.discipline_id = values.discipline_id
    note.visibility = values.visibility
    note.attention_user_id = values.attention_user_id
    note.updated_at = clock.now()


def start_note(plan: CarePlan, values: NoteValues, author: User) -> Note:
    """A draft note only its author sees.

    :raises NoteRuleError: when the author may not write on this plan, a coordinator tries a SOAP
        note, or the note is empty or too long.
    """
    if not can_write_note(author, plan):
        raise NoteRuleError("Only the plan's care team and coordinators write notes on a plan in progress.")
    if values.kind.is_soap and not can_write_soap(author):
        raise NoteRuleError("Coordinators write team messages; SOAP notes are for practitioners.")
    note = Note(plan=plan, author_id=author.id, status=NoteStatus.DRAFT)
    _apply(note, values)
    db.session.add(note)
    db.session.flush()
    audit.record("note.drafted", note, patient=plan.patient, actor=author)
    return note


def edit_draft(note: Note, values: NoteValues, author: User) -> None:
    """Change a draft.

    :raises NoteRuleError: when the note is signed or not the author's.
    """
    if not can_change_draft(author, note):
        raise NoteRuleError("A signed note cannot be edited: add an addendum instead.")
    if values.kind.is_soap and not can_write_soap(author):
        raise NoteRuleError("Coordinators write team messages; SOAP notes are for practitioners.")
    _apply(note, values)
    audit.record("note.draft_updated", note, patient=note.plan.patient, actor=author)


def discard_draft(note: Note, author: User) -> None:
    """Throw a draft away (drafts are not part of the record).

    :raises NoteRuleError: when the note is signed or not the author's.
    """
    if not can_change_draft(author, note):
        raise NoteRuleError("A signed note is part of the record and cannot be deleted.")
    audit.record("note.draft_discarded", note, patient=note.plan.patient, actor=author)
    db.session.delete(note)


def sign_note(note: Note, author: User) -> None:
    """Make the draft part of the record; from then on it never changes.

    :raises NoteRuleError: when it is already signed or not the author's.
    """
    if note.is_signed:
        raise NoteRuleError("This note is already signed.")
    if not can_change_draft(author, note):
        raise NoteRuleError("Only the author signs a draft.")
    note.status = NoteStatus.SIGNED
    note.signed_at = clock.now()
    mark_read(note, author)
    audit.record("note.signed", note, patient=note.plan.patient, actor=author)


def add_addendum(note: Note, text: str, author: User) -> NoteAddendum:
    """Add to a signed note.

    :raises NoteRuleError: when the note is a draft or entered in error, or the text is empty or too long.
    """
    if not can_add_addendum(author, note):
        raise NoteRuleError("Addenda go on signed notes that are not entered in error.")
    if not _clean(text):
        raise NoteRuleError("Write the addendum.")
    _check_length(_clean(text), ADDENDUM_MAX, "the addendum")
    addendum = NoteAddendum(note=note, author_id=author.id, text=_clean(text))
    db.session.add(addendum)
    db.session.flush()
    audit.record("note.addendum_added", note, patient=note.plan.patient, actor=author)
    return addendum


def mark_entered_in_error(note: Note, reason: str, actor: User) -> None:
    """Strike a signed note written on the wrong patient; it stays in the record with the reason.

    :raises NoteRuleError: when the reason is empty or too long, or the actor is neither the author nor a
        coordinator.
    """
    if not can_mark_entered_in_error(actor, note):
        raise NoteRuleError("Only the author or a coordinator marks a signed note as entered in error.")
    if not _clean(reason):
        raise NoteRuleError("Say why the note is entered in error.")
    _check_length(_clean(reason), REASON_MAX, "the reason")
    note.entered_in_error_at = clock.now()
    note.entered_in_error_by_id = actor.id
    note.entered_in_error_reason = _clean(reason)
    audit.record("note.entered_in_error", note, patient=note.plan.patient, actor=actor)


def mark_read(note: Note, user: User) -> None:
    """Record that `user` has opened the signed note (once; later opens change nothing)."""
    if not note.is_signed:
        return
    exists = db.session.scalar(select(NoteRead.id).where(NoteRead.note_id == note.id, NoteRead.user_id == user.id))
    if exists:
        return
    try:
        with db.session.begin_nested():
            db.session.add(NoteRead(note_id=note.id, user_id=user.id))
    except IntegrityError:
        pass  # opened in two tabs at once: the other request recorded it


def read_note(note: Note, reader: User) -> None:
    """A reader opens a note: it is marked read for them and the read is audited."""
    mark_read(note, reader)
    audit.record("note.read", note, patient=note.plan.patient, actor=reader)
