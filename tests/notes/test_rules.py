"""The note rules, checked on the services (the views are tested in test_views.py).

Rules checked:
- A practitioner on the plan's care team writes a note of a kind (initial assessment, progress, discharge, team
  message), with a discipline, SOAP sections (a team message has a single body) and a visibility.
- A SOAP note needs at least one section; a team message needs its body.
- A note starts as a draft only its author sees, edits, signs or discards; a discarded draft is gone.
- Signing makes the note part of the record: signing twice, editing or discarding it afterwards is refused.
- A change to a signed note is an addendum (author, time, text), kept in the order written.
- A signed note written on the wrong patient is marked entered-in-error with a reason by its author or a
  coordinator; it stays in the record and takes no addendum.
- Coordinators write team messages on any plan, never SOAP notes; practitioners outside the team write nothing;
  a closed plan takes no notes.
- The services keep the maximum lengths too (10,000 per section or message, 5,000 per addendum, 1,000 per
  reason), whoever calls them.
- Opening a signed note marks it read for that user only, once.
- A practitioner taken off the team loses the plan's notes; their signed notes stay, under their name.
"""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from carespace import clock
from carespace.extensions import db
from carespace.models import Note, NoteKind, NoteRead, NoteStatus, NoteVisibility, PlanStatus
from carespace.notes.services import (
    NoteRuleError,
    NoteValues,
    add_addendum,
    discard_draft,
    edit_draft,
    mark_entered_in_error,
    mark_read,
    read_note,
    sign_note,
    start_note,
)
from carespace.permissions import can_read_notes, can_view_note
from tests.factories import make_plan
from tests.notes.helpers import discipline_id, take_off_team, write

NOON = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)


def progress(**text) -> NoteValues:
    return NoteValues(
        kind=NoteKind.PROGRESS, discipline_id=discipline_id("physiotherapy"), visibility=NoteVisibility.TEAM, **text
    )


def message(body: str = "Can we meet Tuesday?") -> NoteValues:
    return NoteValues(kind=NoteKind.TEAM_MESSAGE, discipline_id=None, visibility=NoteVisibility.TEAM, body=body)


class TestWriting:
    @pytest.mark.parametrize("kind", [NoteKind.INITIAL_ASSESSMENT, NoteKind.PROGRESS, NoteKind.DISCHARGE])
    def test_a_team_practitioner_writes_a_soap_note_of_each_kind(self, clinic, kind):
        values = NoteValues(
            kind=kind,
            discipline_id=discipline_id("physiotherapy"),
            visibility=NoteVisibility.TEAM_AND_PATIENT,
            subjective="S",
            objective="O",
            assessment="A",
            plan_text="P",
        )
        note = start_note(clinic.plan, values, clinic.author)
        db.session.commit()
        assert (note.kind, note.discipline.code, note.visibility, note.author_id) == (
            kind,
            "physiotherapy",
            NoteVisibility.TEAM_AND_PATIENT,
            clinic.author.id,
        )
        assert note.sections == [("Subjective", "S"), ("Objective", "O"), ("Assessment", "A"), ("Plan", "P")]
        assert note.body is None

    def test_the_visibility_is_the_care_team_unless_told(self, clinic):
        note = Note(plan=clinic.plan, author_id=clinic.author.id, kind=NoteKind.PROGRESS, subjective="S")
        db.session.add(note)
        db.session.flush()
        assert note.visibility == NoteVisibility.TEAM

    def test_a_soap_note_needs_at_least_one_section(self, clinic):
        with pytest.raises(NoteRuleError, match="at least one of the SOAP sections"):
            start_note(clinic.plan, progress(subjective="  \n ", objective=""), clinic.author)

    def test_a_team_message_has_a_single_body_and_no_soap_sections(self, clinic):
        values = message("Please check her sleep.")
        values.subjective = "ignored"
        note = start_note(clinic.plan, values, clinic.author)
        assert note.body == "Please check her sleep."
        assert (note.subjective, note.objective, note.assessment, note.plan_text) == (None, None, None, None)
        assert note.sections == [("Message", "Please check her sleep.")]

    def test_a_team_message_needs_its_body(self, clinic):
        with pytest.raises(NoteRuleError, match="Write the message"):
            start_note(clinic.plan, message(""), clinic.author)

    def test_text_is_stored_as_typed(self, clinic):
        typed = 'Line one  \n\n  <b>two</b> & "three"\n\ttabbed'
        note = start_note(clinic.plan, progress(subjective=typed), clinic.author)
        db.session.commit()
        db.session.expire_all()
        assert db.session.get(Note, note.id).subjective == typed

    def test_a_practitioner_outside_the_team_writes_nothing(self, clinic):
        with pytest.raises(NoteRuleError):
            start_note(clinic.plan, progress(subjective="S"), clinic.outsider)

    def test_coordinators_write_team_messages_on_any_plan(self, clinic):
        other_plan = make_plan()
        note = start_note(other_plan, message(), clinic.coordinator)
        sign_note(note, clinic.coordinator)
        assert note.is_signed and note.kind == NoteKind.TEAM_MESSAGE

    @pytest.mark.parametrize("kind", [NoteKind.INITIAL_ASSESSMENT, NoteKind.PROGRESS, NoteKind.DISCHARGE])
    def test_coordinators_do_not_write_soap_notes(self, clinic, kind):
        values = progress(subjective="S")
        values.kind = kind
        with pytest.raises(NoteRuleError, match="Coordinators write team messages"):
            start_note(clinic.plan, values, clinic.coordinator)

    def test_a_coordinator_cannot_turn_a_team_message_draft_into_a_soap_note(self, clinic):
        note = start_note(clinic.plan, message(), clinic.coordinator)
        with pytest.raises(NoteRuleError, match="Coordinators write team messages"):
            edit_draft(note, progress(subjective="S"), clinic.coordinator)

    @pytest.mark.parametrize("status", [PlanStatus.DRAFT, PlanStatus.COMPLETED, PlanStatus.REVOKED])
    def test_a_plan_not_in_progress_takes_no_notes(self, clinic, status):
        plan = make_plan(status=status)
        with pytest.raises(NoteRuleError, match="plan in progress"):
            start_note(plan, message(), clinic.coordinator)


class TestDrafts:
    def test_a_new_note_is_a_draft_only_its_author_sees(self, clinic):
        note = write(clinic.plan, clinic.author, sign=False)
        assert note.status == NoteStatus.DRAFT and note.signed_at is None
        assert can_view_note(clinic.author, note)
        assert not can_view_note(clinic.teammate, note)
        assert not can_view_note(clinic.coordinator, note)
        assert not can_view_note(clinic.outsider, note)

    def test_the_author_edits_the_draft(self, clinic):
        note = write(clinic.plan, clinic.author, sign=False)
        edit_draft(note, progress(objective="Straight-leg raise 60°"), clinic.author)
        assert (note.subjective, note.objective) == (None, "Straight-leg raise 60°")

    def test_only_the_author_edits_a_draft(self, clinic):
        note = write(clinic.plan, clinic.author, sign=False)
        for someone in (clinic.teammate, clinic.coordinator, clinic.outsider):
            with pytest.raises(NoteRuleError):
                edit_draft(note, progress(subjective="changed"), someone)
        assert note.subjective == "Pain 4/10, sleeping better."

    def test_the_author_discards_a_draft_and_it_is_gone(self, clinic):
        note = write(clinic.plan, clinic.author, sign=False)
        note_id = note.id
        discard_draft(note, clinic.author)
        db.session.commit()
        assert db.session.get(Note, note_id) is None

    def test_only_the_author_discards_a_draft(self, clinic):
        note = write(clinic.plan, clinic.author, sign=False)
        for someone in (clinic.teammate, clinic.coordinator):
            with pytest.raises(NoteRuleError):
                discard_draft(note, someone)

    def test_only_the_author_signs_a_draft(self, clinic):
        note = write(clinic.plan, clinic.author, sign=False)
        for someone in (clinic.teammate, clinic.coordinator):
            with pytest.raises(NoteRuleError, match="Only the author"):
                sign_note(note, someone)
        assert note.status == NoteStatus.DRAFT


class TestSigning:
    def test_signing_makes_the_note_part_of_the_record(self, clinic, frozen_clock):
        clock.freeze(NOON)
        note = write(clinic.plan, clinic.author)
        assert (note.status, note.signed_at) == (NoteStatus.SIGNED, NOON)
        for reader in (clinic.author, clinic.teammate, clinic.coordinator):
            assert can_view_note(reader, note)
        assert not can_view_note(clinic.outsider, note)

    def test_signing_twice_is_refused(self, clinic, frozen_clock):
        clock.freeze(NOON)
        note = write(clinic.plan, clinic.author)
        clock.advance(timedelta(hours=1))
        with pytest.raises(NoteRuleError, match="already signed"):
            sign_note(note, clinic.author)
        assert note.signed_at == NOON

    def test_a_signed_note_cannot_be_edited(self, clinic):
        note = write(clinic.plan, clinic.author)
        with pytest.raises(NoteRuleError, match="cannot be edited: add an addendum"):
            edit_draft(note, progress(subjective="rewritten"), clinic.author)
        db.session.rollback()
        assert db.session.get(Note, note.id).subjective == "Pain 4/10, sleeping better."

    def test_a_signed_note_cannot_be_deleted(self, clinic):
        note = write(clinic.plan, clinic.author)
        with pytest.raises(NoteRuleError, match="cannot be deleted"):
            discard_draft(note, clinic.author)
        db.session.rollback()
        assert db.session.get(Note, note.id) is not None


class TestAddenda:
    def test_addenda_keep_author_time_and_text_in_the_order_written(self, clinic, frozen_clock):
        clock.freeze(NOON)
        note = write(clinic.plan, clinic.author)
        clock.advance(timedelta(minutes=5))
        add_addendum(note, "Forgot: ice at home.", clinic.author)
        clock.advance(timedelta(minutes=5))
        add_addendum(note, "Agree, and add heat after.", clinic.teammate)
        db.session.commit()
        db.session.expire_all()
        addenda = db.session.get(Note, note.id).addenda
        assert [(a.author_id, a.created_at, a.text) for a in addenda] == [
            (clinic.author.id, NOON + timedelta(minutes=5), "Forgot: ice at home."),
            (clinic.teammate.id, NOON + timedelta(minutes=10), "Agree, and add heat after."),
        ]

    def test_addenda_written_in_the_same_instant_keep_their_order(self, clinic, frozen_clock):
        note = write(clinic.plan, clinic.author)
        for n in range(3):
            add_addendum(note, f"Addendum {n}", clinic.author)
        db.session.commit()
        db.session.expire_all()
        assert [a.text for a in db.session.get(Note, note.id).addenda] == ["Addendum 0", "Addendum 1", "Addendum 2"]

    def test_an_addendum_leaves_the_note_itself_unchanged(self, clinic):
        note = write(clinic.plan, clinic.author)
        before = (note.subjective, note.signed_at, note.updated_at)
        add_addendum(note, "More", clinic.teammate)
        assert (note.subjective, note.signed_at, note.updated_at) == before

    def test_a_draft_takes_no_addendum(self, clinic):
        note = write(clinic.plan, clinic.author, sign=False)
        with pytest.raises(NoteRuleError, match="signed notes"):
            add_addendum(note, "More", clinic.author)

    def test_an_addendum_needs_text(self, clinic):
        note = write(clinic.plan, clinic.author)
        with pytest.raises(NoteRuleError, match="Write the addendum"):
            add_addendum(note, " \n ", clinic.author)

    def test_someone_outside_the_team_adds_nothing(self, clinic):
        note = write(clinic.plan, clinic.author)
        with pytest.raises(NoteRuleError):
            add_addendum(note, "More", clinic.outsider)


class TestEnteredInError:
    def test_the_author_marks_it_with_a_reason_and_it_stays_in_the_record(self, clinic, frozen_clock):
        clock.freeze(NOON)
        note = write(clinic.plan, clinic.author)
        mark_entered_in_error(note, "Written on the wrong patient.", clinic.author)
        db.session.commit()
        db.session.expire_all()
        note = db.session.get(Note, note.id)
        assert note.is_signed and note.is_entered_in_error
        assert (note.entered_in_error_at, note.entered_in_error_by_id, note.entered_in_error_reason) == (
            NOON,
            clinic.author.id,
            "Written on the wrong patient.",
        )
        assert note.subjective == "Pain 4/10, sleeping better."

    def test_a_coordinator_marks_it_too(self, clinic):
        note = write(clinic.plan, clinic.author)
        mark_entered_in_error(note, "Wrong patient", clinic.coordinator)
        assert note.entered_in_error_by_id == clinic.coordinator.id

    def test_a_teammate_who_did_not_write_it_does_not(self, clinic):
        note = write(clinic.plan, clinic.author)
        with pytest.raises(NoteRuleError, match="author or a coordinator"):
            mark_entered_in_error(note, "Wrong patient", clinic.teammate)
        assert not note.is_entered_in_error

    def test_it_needs_a_reason(self, clinic):
        note = write(clinic.plan, clinic.author)
        with pytest.raises(NoteRuleError, match="Say why"):
            mark_entered_in_error(note, "  ", clinic.author)

    def test_a_draft_is_discarded_not_marked(self, clinic):
        note = write(clinic.plan, clinic.author, sign=False)
        with pytest.raises(NoteRuleError):
            mark_entered_in_error(note, "Wrong patient", clinic.author)

    def test_it_is_marked_once_and_then_takes_no_addendum(self, clinic):
        note = write(clinic.plan, clinic.author)
        mark_entered_in_error(note, "Wrong patient", clinic.author)
        with pytest.raises(NoteRuleError):
            mark_entered_in_error(note, "Again", clinic.coordinator)
        with pytest.raises(NoteRuleError, match="not entered in error"):
            add_addendum(note, "More", clinic.author)
        assert note.entered_in_error_reason == "Wrong patient"


class TestMaximumLengths:
    @pytest.mark.parametrize("section", ["subjective", "objective", "assessment", "plan_text"])
    def test_a_soap_section_holds_10000_characters(self, clinic, section):
        with pytest.raises(NoteRuleError, match="Keep each section to 10,000 characters or fewer"):
            start_note(clinic.plan, progress(**{section: "x" * 10_001}), clinic.author)
        assert getattr(start_note(clinic.plan, progress(**{section: "x" * 10_000}), clinic.author), section)

    def test_a_message_holds_10000_characters(self, clinic):
        with pytest.raises(NoteRuleError, match="10,000"):
            start_note(clinic.plan, message("x" * 10_001), clinic.author)
        note = start_note(clinic.plan, message("x" * 10_000), clinic.author)
        with pytest.raises(NoteRuleError, match="10,000"):
            edit_draft(note, message("y" * 10_001), clinic.author)

    def test_an_addendum_holds_5000_characters(self, clinic):
        note = write(clinic.plan, clinic.author)
        with pytest.raises(NoteRuleError, match="Keep the addendum to 5,000 characters or fewer"):
            add_addendum(note, "x" * 5_001, clinic.author)
        assert add_addendum(note, "x" * 5_000, clinic.author).text == "x" * 5_000

    def test_a_reason_holds_1000_characters(self, clinic):
        note = write(clinic.plan, clinic.author)
        with pytest.raises(NoteRuleError, match="Keep the reason to 1,000 characters or fewer"):
            mark_entered_in_error(note, "x" * 1_001, clinic.author)
        mark_entered_in_error(note, "x" * 1_000, clinic.author)
        assert note.is_entered_in_error


class TestReadState:
    def test_opening_a_note_marks_it_read_for_that_user_only(self, clinic):
        note = write(clinic.plan, clinic.author)
        read_note(note, clinic.teammate)
        db.session.commit()
        readers = set(db.session.scalars(select(NoteRead.user_id).where(NoteRead.note_id == note.id)))
        assert readers == {clinic.author.id, clinic.teammate.id}  # signing counts as reading for the author

    def test_opening_it_again_changes_nothing(self, clinic):
        note = write(clinic.plan, clinic.author)
        for _ in range(3):
            read_note(note, clinic.teammate)
            db.session.commit()
        mark_read(note, clinic.teammate)
        count = db.session.scalar(
            select(func.count()).select_from(NoteRead).where(NoteRead.user_id == clinic.teammate.id)
        )
        assert count == 1

    def test_a_draft_has_no_read_state(self, clinic):
        note = write(clinic.plan, clinic.author, sign=False)
        mark_read(note, clinic.author)
        assert db.session.scalar(select(func.count()).select_from(NoteRead)) == 0


class TestLeavingTheTeam:
    def test_a_practitioner_taken_off_the_team_no_longer_reads_or_writes_its_notes(self, clinic):
        note = write(clinic.plan, clinic.teammate)
        own_draft = write(clinic.plan, clinic.teammate, sign=False)
        take_off_team(clinic.plan, clinic.teammate, clinic.coordinator)
        assert not can_read_notes(clinic.teammate, clinic.plan)
        assert not can_view_note(clinic.teammate, note) and not can_view_note(clinic.teammate, own_draft)
        with pytest.raises(NoteRuleError):
            start_note(clinic.plan, progress(subjective="S"), clinic.teammate)
        with pytest.raises(NoteRuleError):
            sign_note(own_draft, clinic.teammate)

    def test_their_signed_notes_stay_in_the_record_under_their_name(self, clinic):
        note = write(clinic.plan, clinic.teammate)
        take_off_team(clinic.plan, clinic.teammate, clinic.coordinator)
        db.session.expire_all()
        note = db.session.get(Note, note.id)
        assert note.is_signed and note.author.name == "Max Massage"
        assert can_view_note(clinic.author, note) and can_view_note(clinic.coordinator, note)
