"""What people type into notes is stored as typed and only ever shown as text; lengths are bounded; reads and
changes are audited without clinical text.

Rules checked:
- Script, image-onerror and attribute-breaking payloads typed in every field (each SOAP section, the message
  body, an addendum, an entered-in-error reason), and in the names shown beside notes, are stored exactly as
  typed and shown escaped, with their line breaks kept, on every page that shows them: the note, the plan's
  notes, the timeline, the inbox, both print views, both home pages and the draft's edit form.
- Maximum lengths are enforced with a clear message beside the field, and what was typed is kept: 10,000
  characters per section (and for a message), 5,000 for an addendum, 1,000 for an entered-in-error reason.
- Every note read, sign, addendum and entered-in-error writes an audit event (who, which note, which patient);
  so do reading the plan's notes, its timeline and the print views. No audit row holds clinical text.
"""

from __future__ import annotations

import pytest
from markupsafe import escape
from sqlalchemy import select

from carespace.care_plans.services import move_phase
from carespace.extensions import db
from carespace.models import AuditEvent, Note, NoteAddendum, NoteKind, Phase, RedFlagSource
from carespace.notes.services import add_addendum, mark_entered_in_error
from carespace.patients.services import acknowledge_red_flag, raise_red_flag
from tests.factories import make_patient, make_plan, make_user
from tests.notes.helpers import error_beside, html, write

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
ATTR = '" onmouseover="alert(1)'
PAYLOADS = (SCRIPT, IMG, ATTR)


def typed(field: str) -> str:
    """Text with every payload, over several lines, that names the field it was typed in."""
    return f"{field} starts {SCRIPT}\n{field} {IMG} & more\n{ATTR} {field} ends"


def assert_safe(page: str, *fields: str) -> None:
    """No payload is live on the page, and each field's text is there escaped, its line breaks kept."""
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert 'onmouseover="' not in page
    for field in fields:
        assert str(escape(typed(field))) in page, f"{field} is not shown escaped with its line breaks"


@pytest.fixture
def record(clinic):
    """A payload in every field of the record: SOAP sections, a message, an addendum, an entered-in-error reason,
    the patient's and the author's names; the author is a teammate so the notes are new to the author."""
    patient = clinic.plan.patient
    patient.given_name, patient.family_name = f"Ana{SCRIPT}", f"Bo{IMG}{ATTR}"
    clinic.teammate.name = f"Dr {SCRIPT}{IMG}{ATTR}"
    db.session.commit()
    soap = write(
        clinic.plan,
        clinic.teammate,
        attention=clinic.author,
        subjective=typed("subjective"),
        objective=typed("objective"),
        assessment=typed("assessment"),
        plan_text=typed("plan_text"),
    )
    add_addendum(soap, typed("addendum"), clinic.teammate)
    message = write(clinic.plan, clinic.teammate, kind=NoteKind.TEAM_MESSAGE, body=typed("body"))
    wrong = write(clinic.plan, clinic.teammate, subjective=typed("struck"))
    mark_entered_in_error(wrong, typed("reason"), clinic.teammate)
    draft = write(clinic.plan, clinic.author, sign=False, subjective=typed("draft"), body=None)
    db.session.commit()
    return {"soap": soap, "message": message, "wrong": wrong, "draft": draft}


NOTE_FIELDS = ("subjective", "objective", "assessment", "plan_text", "addendum")
EVERY_FIELD = (*NOTE_FIELDS, "body", "struck", "reason")


class TestStoredAsTyped:
    def test_every_field_is_stored_exactly_as_typed(self, record):
        db.session.expire_all()
        soap = db.session.get(Note, record["soap"].id)
        assert [soap.subjective, soap.objective, soap.assessment, soap.plan_text] == [
            typed("subjective"),
            typed("objective"),
            typed("assessment"),
            typed("plan_text"),
        ]
        assert db.session.scalar(select(NoteAddendum.text)) == typed("addendum")
        assert db.session.get(Note, record["message"].id).body == typed("body")
        assert db.session.get(Note, record["wrong"].id).entered_in_error_reason == typed("reason")

    def test_text_typed_on_the_form_is_stored_as_typed(self, clinic, client_for):
        client = client_for(clinic.author)
        fields = {name: typed(name) for name in ("subjective", "objective", "assessment", "plan_text")}
        client.post_form(f"/plans/{clinic.plan.id}/notes/new", {"kind": "progress", "sign": "1", **fields})
        note = db.session.scalar(select(Note))
        client.post_form(f"/notes/{note.id}/addenda", {"text": typed("addendum")})
        client.post_form(f"/notes/{note.id}/entered-in-error", {"reason": typed("reason")})
        db.session.expire_all()
        note = db.session.get(Note, note.id)
        assert {name: getattr(note, name) for name in fields} == fields
        assert (note.addenda[0].text, note.entered_in_error_reason) == (typed("addendum"), typed("reason"))


class TestShownEscaped:
    def test_the_note_page(self, clinic, client_for, record):
        client = client_for(clinic.author)
        assert_safe(html(client.get(f"/notes/{record['soap'].id}")), *NOTE_FIELDS)
        assert_safe(html(client.get(f"/notes/{record['message'].id}")), "body")
        assert_safe(html(client.get(f"/notes/{record['wrong'].id}")), "struck", "reason")

    def test_the_plans_notes(self, clinic, client_for, record):
        assert_safe(html(client_for(clinic.author).get(f"/plans/{clinic.plan.id}/notes")), *EVERY_FIELD)

    def test_the_timeline(self, clinic, client_for, record):
        alert = raise_red_flag(clinic.plan.patient, ["limb_weakness"], typed("details"), RedFlagSource.INTAKE, None)
        acknowledge_red_flag(alert, typed("action"), clinic.coordinator)
        move_phase(clinic.plan, Phase.ACUTE.next(), clinic.coordinator, typed("phase reason"), None)
        move_phase(clinic.plan, Phase.ACUTE, clinic.coordinator, typed("flare-up"), None)
        db.session.commit()
        page = html(client_for(clinic.coordinator).get(f"/plans/{clinic.plan.id}/timeline"))
        assert_safe(page, *EVERY_FIELD, "action", "phase reason", "flare-up")

    def test_the_print_view_of_a_note(self, clinic, client_for, record):
        client = client_for(clinic.coordinator)
        assert_safe(html(client.get(f"/notes/{record['soap'].id}/print")), *NOTE_FIELDS)
        assert_safe(html(client.get(f"/notes/{record['wrong'].id}/print")), "struck", "reason")

    def test_the_print_view_of_the_plan(self, clinic, client_for, record):
        assert_safe(html(client_for(clinic.coordinator).get(f"/plans/{clinic.plan.id}/print")), *EVERY_FIELD)

    def test_the_draft_and_its_edit_form(self, clinic, client_for, record):
        client = client_for(clinic.author)
        assert_safe(html(client.get(f"/notes/{record['draft'].id}")), "draft")
        form = html(client.get(f"/notes/{record['draft'].id}/edit"))
        assert_safe(form)
        assert str(escape(typed("draft"))) in form

    def test_the_form_shown_again_after_a_refusal(self, clinic, client_for):
        response = client_for(clinic.author).post_form(
            f"/plans/{clinic.plan.id}/notes/new",
            {"kind": "progress", "subjective": typed("subjective"), "objective": "x" * 10_001},
        )
        assert response.status_code == 400
        assert_safe(html(response))
        assert str(escape(typed("subjective"))) in html(response)

    def test_the_inbox_and_the_home_pages(self, clinic, client_for, record):
        author = client_for(clinic.author)
        inbox = html(author.get("/notes/inbox"))
        assert_safe(inbox)
        assert str(escape(f"Ana{SCRIPT} Bo{IMG}{ATTR}")) in inbox  # the patient's name, in both lists
        assert str(escape(f"from Dr {SCRIPT}{IMG}{ATTR}")) in inbox
        for client, url in ((author, "/practitioner"), (client_for(clinic.coordinator), "/coordinator")):
            page = html(client.get(url))
            assert_safe(page)
            assert str(escape(f"Ana{SCRIPT} Bo{IMG}{ATTR}")) in page


class TestMaximumLengths:
    @pytest.mark.parametrize("field", ["subjective", "objective", "assessment", "plan_text", "body"])
    def test_a_section_holds_10000_characters(self, clinic, client_for, field):
        kind = "team_message" if field == "body" else "progress"
        client = client_for(clinic.author)
        too_long = client.post_form(f"/plans/{clinic.plan.id}/notes/new", {"kind": kind, field: "é" * 10_001})
        assert too_long.status_code == 400
        assert error_beside(too_long, field) == "Keep this section to 10,000 characters or fewer."
        assert "é" * 10_001 in html(too_long)  # nothing typed is lost
        assert db.session.scalar(select(Note)) is None
        just_right = client.post_form(f"/plans/{clinic.plan.id}/notes/new", {"kind": kind, field: "é" * 10_000})
        assert just_right.status_code == 302
        assert getattr(db.session.scalar(select(Note)), field) == "é" * 10_000

    def test_the_same_limit_applies_when_editing_a_draft(self, clinic, client_for):
        note = write(clinic.plan, clinic.author, sign=False)
        response = client_for(clinic.author).post_form(
            f"/notes/{note.id}/edit", {"kind": "progress", "assessment": "a" * 10_001}
        )
        assert error_beside(response, "assessment") == "Keep this section to 10,000 characters or fewer."
        db.session.refresh(note)
        assert note.assessment is None

    def test_an_addendum_holds_5000_characters(self, clinic, client_for):
        note = write(clinic.plan, clinic.author)
        client = client_for(clinic.teammate)
        too_long = client.post_form(f"/notes/{note.id}/addenda", {"text": "a" * 5_001})
        assert too_long.status_code == 400
        assert error_beside(too_long, "text") == "Keep the addendum to 5,000 characters or fewer."
        assert "a" * 5_001 in html(too_long)
        assert client.post_form(f"/notes/{note.id}/addenda", {"text": "a" * 5_000}).status_code == 302
        db.session.refresh(note)
        assert [len(a.text) for a in note.addenda] == [5_000]

    def test_a_reason_holds_1000_characters(self, clinic, client_for):
        note = write(clinic.plan, clinic.author)
        client = client_for(clinic.author)
        too_long = client.post_form(f"/notes/{note.id}/entered-in-error", {"reason": "r" * 1_001})
        assert too_long.status_code == 400
        assert error_beside(too_long, "reason") == "Keep the reason to 1,000 characters or fewer."
        assert "r" * 1_001 in html(too_long)
        db.session.refresh(note)
        assert not note.is_entered_in_error
        assert client.post_form(f"/notes/{note.id}/entered-in-error", {"reason": "r" * 1_000}).status_code == 302
        db.session.refresh(note)
        assert note.entered_in_error_reason == "r" * 1_000


class TestAudit:
    def events(self, action: str) -> list[AuditEvent]:
        return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))

    def test_read_sign_addendum_and_entered_in_error_are_audited(self, clinic, client_for):
        author, teammate = client_for(clinic.author), client_for(clinic.teammate)
        note = write(clinic.plan, clinic.author, sign=False)
        author.post_form(f"/notes/{note.id}/sign")
        teammate.get(f"/notes/{note.id}")
        teammate.post_form(f"/notes/{note.id}/addenda", {"text": "Agreed"})
        author.post_form(f"/notes/{note.id}/entered-in-error", {"reason": "Wrong patient"})
        expected = {
            "note.signed": clinic.author,
            "note.read": clinic.teammate,
            "note.addendum_added": clinic.teammate,
            "note.entered_in_error": clinic.author,
        }
        for action, actor in expected.items():
            (event,) = self.events(action)
            assert (event.actor_id, event.object_type, event.object_id, event.patient_id) == (
                actor.id,
                "notes",
                note.id,
                clinic.plan.patient_id,
            ), action
            assert event.ip_address

    def test_every_opening_of_a_note_is_audited(self, clinic, client_for):
        note = write(clinic.plan, clinic.author)
        teammate = client_for(clinic.teammate)
        teammate.get(f"/notes/{note.id}")
        teammate.get(f"/notes/{note.id}")
        assert len(self.events("note.read")) == 2

    @pytest.mark.parametrize(
        ("url", "action", "object_type"),
        [
            ("/plans/{plan}/notes", "care_plan.notes_read", "care_plans"),
            ("/plans/{plan}/timeline", "care_plan.timeline_read", "care_plans"),
            ("/plans/{plan}/print", "care_plan.printed", "care_plans"),
            ("/notes/{note}/print", "note.printed", "notes"),
        ],
    )
    def test_pages_that_show_the_notes_text_are_audited(self, clinic, client_for, url, action, object_type):
        note = write(clinic.plan, clinic.author)
        client_for(clinic.teammate).get(url.format(plan=clinic.plan.id, note=note.id))
        (event,) = self.events(action)
        assert (event.actor_id, event.object_type, event.patient_id) == (
            clinic.teammate.id,
            object_type,
            clinic.plan.patient_id,
        )

    def test_no_audit_row_holds_clinical_text(self, clinic, client_for, record):
        author, coordinator = client_for(clinic.author), client_for(clinic.coordinator)
        for note in ("soap", "message", "wrong"):
            author.get(f"/notes/{record[note].id}")
            author.get(f"/notes/{record[note].id}/print")
        author.post_form(f"/notes/{record['soap'].id}/addenda", {"text": typed("second addendum")})
        author.post_form(f"/notes/{record['draft'].id}/edit", {"kind": "progress", "subjective": typed("edited")})
        author.post_form(f"/notes/{record['draft'].id}/sign")
        coordinator.post_form(f"/notes/{record['draft'].id}/entered-in-error", {"reason": typed("second reason")})
        for url in ("/notes", "/timeline", "/print"):
            coordinator.get(f"/plans/{clinic.plan.id}{url}")
        rows = [
            " ".join(str(value) for value in (e.action, e.object_type, e.detail, e.ip_address) if value)
            for e in db.session.scalars(select(AuditEvent))
        ]
        assert len(rows) > 15
        for row in rows:
            for field in (*EVERY_FIELD, "draft", "edited", "second"):
                assert typed(field) not in row
            assert not any(piece in row for piece in (*PAYLOADS, "starts", "ends", "Pain"))


def test_user_names_and_patient_names_are_escaped_in_the_note_form(clinic, client_for):
    colleague = make_user("practitioner", name=f"Lee {SCRIPT}{ATTR}", disciplines=["massage_therapy"])
    plan = make_plan(
        make_patient(f"Ana{IMG}", "Bo"), team={"physiotherapy": clinic.author, "massage_therapy": colleague}
    )
    page = html(client_for(clinic.author).get(f"/plans/{plan.id}/notes/new"))
    assert_safe(page)
    assert str(escape(f"Lee {SCRIPT}{ATTR}")) in page
