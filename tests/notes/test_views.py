"""The note pages: writing, drafts, signing, addenda, entered-in-error, reading, filtering and printing.

Rules checked:
- The note form offers the kinds (a coordinator only the team message), preselects the practitioner's discipline
  when they have exactly one, has SOAP sections and a message body, and the care-team visibility by default.
- Saving keeps a draft only its author sees (listed under "Your drafts"); the author edits, signs or discards it.
- A signed note is part of the record: signing twice is refused; editing it is refused, by URL too (GET or POST);
  discarding it is refused.
- An addendum (author, time, text) is shown under the note, in order; a note marked entered-in-error shows its
  reason and stays in the record struck through.
- Coordinators write team messages on any plan; a forged POST of a SOAP kind is refused and saves nothing.
- "For the attention of" offers the plan's other team members only; a forged choice is dropped.
- The care team and coordinators read the plan's signed notes, newest first, filtered by discipline and kind,
  with who wrote each and when, in the clinic's time zone (America/Toronto).
- A practitioner taken off the team gets 404 from then on; their signed notes stay, under their name.
- The print views of a note and of the plan carry no site navigation and link the print stylesheet.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from carespace import clock
from carespace.extensions import db
from carespace.models import Note, NoteKind, NoteStatus, NoteVisibility
from carespace.notes.services import add_addendum, mark_entered_in_error
from tests.factories import make_plan, make_user
from tests.notes.helpers import discipline_id, error_beside, flashed, html, take_off_team, write

WINTER = datetime(2026, 1, 15, 15, 30, tzinfo=UTC)  # 10:30 in Toronto (EST, UTC-5)
SUMMER = datetime(2026, 7, 15, 15, 30, tzinfo=UTC)  # 11:30 in Toronto (EDT, UTC-4)


def soap(**fields) -> dict:
    return {"kind": "progress", "discipline": "", "visibility": "team", "attention": "", **fields}


def notes_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Note))


def selected(page: str, field: str) -> str | None:
    select_html = re.search(rf'<select[^>]*name="{field}"[^>]*>(.*?)</select>', page, re.S).group(1)
    match = re.search(r'<option selected value="([^"]*)"', select_html) or re.search(
        r'<option value="([^"]*)" selected', select_html
    )
    return match.group(1) if match else None


def options(page: str, field: str) -> list[str]:
    select_html = re.search(rf'<select[^>]*name="{field}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return [label.strip() for label in re.findall(r"<option[^>]*>(.*?)</option>", select_html)]


class TestTheForm:
    def test_it_offers_every_kind_soap_sections_and_a_message(self, clinic, client_for):
        page = html(client_for(clinic.author).get(f"/plans/{clinic.plan.id}/notes/new"))
        assert options(page, "kind") == ["Initial assessment", "Progress", "Discharge", "Team message"]
        for name in ("subjective", "objective", "assessment", "plan_text", "body"):
            assert f'name="{name}"' in page

    def test_the_visibility_is_the_care_team_by_default(self, clinic, client_for):
        page = html(client_for(clinic.author).get(f"/plans/{clinic.plan.id}/notes/new"))
        team = re.search(r'<input[^>]*value="team"[^>]*>', page).group(0)
        both = re.search(r'<input[^>]*value="team_and_patient"[^>]*>', page).group(0)
        assert "checked" in team and "checked" not in both

    def test_a_practitioner_with_one_discipline_has_it_preselected(self, clinic, client_for):
        page = html(client_for(clinic.author).get(f"/plans/{clinic.plan.id}/notes/new"))
        assert selected(page, "discipline") == str(discipline_id("physiotherapy"))

    def test_a_practitioner_with_several_disciplines_chooses(self, clinic, client_for):
        both = make_user("practitioner", disciplines=["physiotherapy", "acupuncture"])
        plan = make_plan(team={"acupuncture": both})
        page = html(client_for(both).get(f"/plans/{plan.id}/notes/new"))
        assert selected(page, "discipline") in (None, "")
        assert sorted(options(page, "discipline")) == ["Acupuncture", "None", "Physiotherapy"]

    def test_a_coordinator_is_offered_the_team_message_only(self, clinic, client_for):
        page = html(client_for(clinic.coordinator).get(f"/plans/{clinic.plan.id}/notes/new"))
        assert options(page, "kind") == ["Team message"]

    def test_for_the_attention_of_offers_the_other_team_members(self, clinic, client_for):
        page = html(client_for(clinic.author).get(f"/plans/{clinic.plan.id}/notes/new"))
        assert options(page, "attention") == ["Nobody in particular", "Max Massage"]

    def test_a_forged_attention_outside_the_team_is_dropped(self, clinic, client_for):
        client = client_for(clinic.author)
        client.post_form(f"/plans/{clinic.plan.id}/notes/new", soap(subjective="S", attention=clinic.outsider.id))
        assert db.session.scalar(select(Note.attention_user_id)) is None


class TestDrafts:
    def test_saving_keeps_a_draft_only_its_author_sees(self, clinic, client_for):
        author = client_for(clinic.author)
        response = author.post_form(
            f"/plans/{clinic.plan.id}/notes/new",
            soap(subjective="Pain 6/10", discipline=discipline_id("physiotherapy")),
        )
        note = db.session.scalar(select(Note))
        assert response.status_code == 302 and response.headers["Location"] == f"/notes/{note.id}"
        assert (note.status, note.author_id, note.subjective, note.visibility) == (
            NoteStatus.DRAFT,
            clinic.author.id,
            "Pain 6/10",
            NoteVisibility.TEAM,
        )
        own_list = html(author.get(f"/plans/{clinic.plan.id}/notes"))
        assert "Your drafts" in own_list and f"/notes/{note.id}" in own_list
        for reader in (clinic.teammate, clinic.coordinator):
            page = html(client_for(reader).get(f"/plans/{clinic.plan.id}/notes"))
            assert "Your drafts" not in page and "Pain 6/10" not in page
            assert client_for(reader).get(f"/notes/{note.id}").status_code == 404

    def test_the_author_may_share_the_note_with_the_patient(self, clinic, client_for):
        author = client_for(clinic.author)
        author.post_form(
            f"/plans/{clinic.plan.id}/notes/new", soap(subjective="S", visibility="team_and_patient", sign="Sign")
        )
        note = db.session.scalar(select(Note))
        assert note.visibility == NoteVisibility.TEAM_AND_PATIENT
        assert "· Care team and patient" in html(client_for(clinic.teammate).get(f"/notes/{note.id}"))

    def test_the_author_edits_the_draft(self, clinic, client_for):
        note = write(clinic.plan, clinic.author, sign=False, subjective="First try")
        author = client_for(clinic.author)
        form = html(author.get(f"/notes/{note.id}/edit"))
        assert "First try" in form
        response = author.post_form(f"/notes/{note.id}/edit", soap(subjective="Second try"))
        assert response.status_code == 302
        db.session.refresh(note)
        assert (note.subjective, note.status) == ("Second try", NoteStatus.DRAFT)

    def test_the_author_signs_the_draft_from_the_edit_form(self, clinic, client_for):
        note = write(clinic.plan, clinic.author, sign=False)
        client_for(clinic.author).post_form(f"/notes/{note.id}/edit", soap(subjective="Final", sign="Sign"))
        db.session.refresh(note)
        assert (note.subjective, note.status) == ("Final", NoteStatus.SIGNED)

    def test_the_author_signs_the_draft_from_its_page(self, clinic, client_for):
        note = write(clinic.plan, clinic.author, sign=False)
        author = client_for(clinic.author)
        assert "Sign" in html(author.get(f"/notes/{note.id}"))
        page = html(author.post_form(f"/notes/{note.id}/sign", follow_redirects=True))
        assert "Note signed: the team can read it now." in flashed(page)
        db.session.refresh(note)
        assert note.status == NoteStatus.SIGNED

    def test_the_author_discards_the_draft(self, clinic, client_for):
        note = write(clinic.plan, clinic.author, sign=False)
        response = client_for(clinic.author).post_form(f"/notes/{note.id}/discard")
        assert response.headers["Location"] == f"/plans/{clinic.plan.id}/notes"
        assert notes_count() == 0

    def test_writing_and_signing_at_once(self, clinic, client_for):
        client_for(clinic.author).post_form(f"/plans/{clinic.plan.id}/notes/new", soap(subjective="S", sign="Sign"))
        assert db.session.scalar(select(Note.status)) == NoteStatus.SIGNED

    def test_an_empty_note_is_refused_with_a_message(self, clinic, client_for):
        response = client_for(clinic.author).post_form(f"/plans/{clinic.plan.id}/notes/new", soap())
        assert response.status_code == 400
        assert "Write at least one of the SOAP sections." in html(response)
        assert notes_count() == 0


class TestSignedNotesDoNotChange:
    def test_signing_twice_is_refused(self, clinic, client_for, frozen_clock):
        note = write(clinic.plan, clinic.author)
        signed_at = note.signed_at
        clock.advance(timedelta(hours=1))
        page = html(client_for(clinic.author).post_form(f"/notes/{note.id}/sign", follow_redirects=True))
        assert "This note is already signed." in flashed(page)
        db.session.refresh(note)
        assert note.signed_at == signed_at

    @pytest.mark.parametrize("who", ["author", "teammate", "coordinator"])
    def test_the_edit_page_of_a_signed_note_is_refused(self, clinic, client_for, who):
        note = write(clinic.plan, clinic.author)
        response = client_for(getattr(clinic, who)).get(f"/notes/{note.id}/edit", follow_redirects=True)
        page = html(response)
        assert "A signed note cannot be edited: add an addendum instead." in flashed(page)
        assert 'name="subjective"' not in page

    @pytest.mark.parametrize("who", ["author", "teammate", "coordinator"])
    def test_posting_an_edit_to_a_signed_note_changes_nothing(self, clinic, client_for, who):
        note = write(clinic.plan, clinic.author)
        response = client_for(getattr(clinic, who)).post_form(
            f"/notes/{note.id}/edit", soap(subjective="Rewritten"), follow_redirects=True
        )
        assert "A signed note cannot be edited: add an addendum instead." in flashed(html(response))
        db.session.refresh(note)
        assert note.subjective == "Pain 4/10, sleeping better."

    def test_a_signed_note_cannot_be_discarded(self, clinic, client_for):
        note = write(clinic.plan, clinic.author)
        page = html(client_for(clinic.author).post_form(f"/notes/{note.id}/discard", follow_redirects=True))
        assert "A signed note is part of the record and cannot be deleted." in flashed(page)
        assert notes_count() == 1

    def test_a_signed_note_offers_no_edit_sign_or_discard(self, clinic, client_for):
        note = write(clinic.plan, clinic.author)
        page = html(client_for(clinic.author).get(f"/notes/{note.id}"))
        assert f"/notes/{note.id}/edit" not in page
        assert f"/notes/{note.id}/sign" not in page and f"/notes/{note.id}/discard" not in page


class TestAddenda:
    def test_addenda_are_shown_under_the_note_in_order_with_author_and_time(self, clinic, client_for, frozen_clock):
        clock.freeze(WINTER)
        note = write(clinic.plan, clinic.author)
        clock.advance(timedelta(minutes=10))
        client_for(clinic.author).post_form(f"/notes/{note.id}/addenda", {"text": "First correction"})
        clock.advance(timedelta(minutes=10))
        response = client_for(clinic.teammate).post_form(f"/notes/{note.id}/addenda", {"text": "Second thought"})
        assert response.headers["Location"] == f"/notes/{note.id}"
        page = html(client_for(clinic.coordinator).get(f"/notes/{note.id}"))
        body, first, second = (
            page.index("Pain 4/10"),
            page.index("First correction"),
            page.index("Second thought"),
        )
        assert body < first < second
        assert re.search(r"Addendum · Pat Physio · <time[^>]*>2026-01-15 10:40</time>", page)
        assert re.search(r"Addendum · Max Massage · <time[^>]*>2026-01-15 10:50</time>", page)

    def test_an_empty_addendum_is_refused_with_a_message_beside_the_field(self, clinic, client_for):
        note = write(clinic.plan, clinic.author)
        response = client_for(clinic.author).post_form(f"/notes/{note.id}/addenda", {"text": ""})
        assert response.status_code == 400
        assert error_beside(response, "text") == "Write the addendum."
        db.session.refresh(note)
        assert note.addenda == []


class TestEnteredInError:
    def test_the_note_stays_in_the_record_struck_through_with_the_reason(self, clinic, client_for, frozen_clock):
        clock.freeze(WINTER)
        note = write(clinic.plan, clinic.author)
        response = client_for(clinic.author).post_form(
            f"/notes/{note.id}/entered-in-error", {"reason": "Written on the wrong patient"}
        )
        assert response.headers["Location"] == f"/notes/{note.id}"
        for url in (f"/notes/{note.id}", f"/plans/{clinic.plan.id}/notes"):
            page = html(client_for(clinic.teammate).get(url))
            assert "Entered in error" in page and "Written on the wrong patient" in page
            assert re.search(r"<del[^>]*>Pain 4/10, sleeping better\.</del>", page)
        assert notes_count() == 1

    def test_a_coordinator_marks_a_note_entered_in_error(self, clinic, client_for):
        note = write(clinic.plan, clinic.author)
        client_for(clinic.coordinator).post_form(f"/notes/{note.id}/entered-in-error", {"reason": "Wrong patient"})
        db.session.refresh(note)
        assert note.entered_in_error_by_id == clinic.coordinator.id

    def test_a_teammate_is_refused_and_not_offered_the_form(self, clinic, client_for):
        note = write(clinic.plan, clinic.author)
        teammate = client_for(clinic.teammate)
        assert "Mark this note as entered in error" not in html(teammate.get(f"/notes/{note.id}"))
        page = html(
            teammate.post_form(f"/notes/{note.id}/entered-in-error", {"reason": "Wrong"}, follow_redirects=True)
        )
        assert "Only the author or a coordinator marks a signed note as entered in error." in flashed(page)
        db.session.refresh(note)
        assert not note.is_entered_in_error

    def test_a_reason_is_required(self, clinic, client_for):
        note = write(clinic.plan, clinic.author)
        response = client_for(clinic.author).post_form(f"/notes/{note.id}/entered-in-error", {"reason": ""})
        assert response.status_code == 400
        assert error_beside(response, "reason") == "Say why the note is entered in error."
        assert '<details class="mb-4 col-lg-8" open>' in html(response)
        db.session.refresh(note)
        assert not note.is_entered_in_error

    def test_an_entered_in_error_note_offers_no_addendum(self, clinic, client_for):
        note = write(clinic.plan, clinic.author)
        mark_entered_in_error(note, "Wrong patient", clinic.author)
        db.session.commit()
        page = html(client_for(clinic.author).get(f"/notes/{note.id}"))
        assert "Add an addendum" not in page and "Mark this note as entered in error" not in page


class TestCoordinators:
    def test_a_coordinator_writes_a_team_message_on_any_plan(self, clinic, client_for):
        plan = make_plan()
        response = client_for(clinic.coordinator).post_form(
            f"/plans/{plan.id}/notes/new", {"kind": "team_message", "body": "Team meeting Friday", "sign": "Sign"}
        )
        assert response.status_code == 302
        note = db.session.scalar(select(Note))
        assert (note.kind, note.body, note.status, note.plan_id) == (
            NoteKind.TEAM_MESSAGE,
            "Team meeting Friday",
            NoteStatus.SIGNED,
            plan.id,
        )

    @pytest.mark.parametrize("kind", ["initial_assessment", "progress", "discharge"])
    def test_a_forged_soap_note_from_a_coordinator_is_refused(self, clinic, client_for, kind):
        response = client_for(clinic.coordinator).post_form(
            f"/plans/{clinic.plan.id}/notes/new", soap(kind=kind, subjective="S", sign="Sign")
        )
        assert response.status_code == 400
        assert notes_count() == 0

    def test_a_forged_soap_kind_on_a_coordinators_draft_is_refused(self, clinic, client_for):
        note = write(clinic.plan, clinic.coordinator, kind=NoteKind.TEAM_MESSAGE, sign=False)
        response = client_for(clinic.coordinator).post_form(f"/notes/{note.id}/edit", soap(subjective="S"))
        assert response.status_code == 400
        db.session.refresh(note)
        assert note.kind == NoteKind.TEAM_MESSAGE


class TestReading:
    def test_the_team_and_coordinators_read_signed_notes_with_author_and_local_time(
        self, clinic, client_for, frozen_clock
    ):
        clock.freeze(WINTER)
        write(clinic.plan, clinic.author, discipline="physiotherapy", subjective="Winter note")
        clock.freeze(SUMMER)
        write(clinic.plan, clinic.teammate, discipline="massage_therapy", subjective="Summer note")
        for reader in (clinic.author, clinic.teammate, clinic.coordinator):
            page = html(client_for(reader).get(f"/plans/{clinic.plan.id}/notes"))
            assert page.index("Summer note") < page.index("Winter note")  # newest first
            assert re.search(r"Pat Physio\s*· signed <time[^>]*>2026-01-15 10:30</time>", page)
            assert re.search(r"Max Massage\s*· signed <time[^>]*>2026-07-15 11:30</time>", page)

    def test_the_note_page_shows_who_and_when(self, clinic, client_for, frozen_clock):
        clock.freeze(WINTER)
        note = write(clinic.plan, clinic.author, discipline="physiotherapy")
        page = html(client_for(clinic.teammate).get(f"/notes/{note.id}"))
        assert "Progress · Physiotherapy" in page
        assert re.search(r"Pat Physio\s*· signed <time datetime=\"2026-01-15T15:30:00\+00:00\">2026-01-15 10:30", page)

    def test_notes_filter_by_discipline_and_kind(self, clinic, client_for):
        write(clinic.plan, clinic.author, discipline="physiotherapy", subjective="Physio progress")
        write(
            clinic.plan,
            clinic.author,
            kind=NoteKind.INITIAL_ASSESSMENT,
            discipline="physiotherapy",
            subjective="Physio assessment",
        )
        write(clinic.plan, clinic.teammate, discipline="massage_therapy", subjective="Massage progress")
        client = client_for(clinic.coordinator)
        url = f"/plans/{clinic.plan.id}/notes"

        def shown(**args) -> set[str]:
            page = html(client.get(url, query_string=args))
            return {t for t in ("Physio progress", "Physio assessment", "Massage progress") if t in page}

        assert shown() == {"Physio progress", "Physio assessment", "Massage progress"}
        assert shown(discipline=discipline_id("physiotherapy")) == {"Physio progress", "Physio assessment"}
        assert shown(kind="progress") == {"Physio progress", "Massage progress"}
        assert shown(discipline=discipline_id("physiotherapy"), kind="progress") == {"Physio progress"}
        assert shown(kind="discharge") == set()

    def test_a_long_list_pages_and_keeps_its_filters(self, clinic, client_for):
        for n in range(27):
            write(clinic.plan, clinic.author, subjective=f"Visit {n:02d}.")
        client = client_for(clinic.teammate)
        first = client.get(f"/plans/{clinic.plan.id}/notes", query_string={"kind": "progress"})
        assert first.status_code == 200
        page = html(first)
        assert "Visit 26." in page and "Visit 01." not in page
        next_link = re.search(r'href="([^"]*page=2[^"]*)"', page).group(1).replace("&amp;", "&")
        assert next_link.startswith(f"/plans/{clinic.plan.id}/notes?") and "kind=progress" in next_link
        second = html(client.get(next_link))
        assert "Visit 01." in second and "Visit 00." in second and "Visit 26." not in second

    def test_drafts_are_not_in_the_list_of_signed_notes(self, clinic, client_for):
        write(clinic.plan, clinic.author, sign=False, subjective="Unsigned thoughts")
        page = html(client_for(clinic.teammate).get(f"/plans/{clinic.plan.id}/notes"))
        assert "Unsigned thoughts" not in page and "0 signed notes" in page


class TestLeavingTheTeam:
    def test_a_practitioner_taken_off_the_team_gets_404_from_then_on(self, clinic, client_for):
        note = write(clinic.plan, clinic.teammate, subjective="Massage went well")
        draft = write(clinic.plan, clinic.teammate, sign=False)
        client = client_for(clinic.teammate)
        assert client.get(f"/notes/{note.id}").status_code == 200
        take_off_team(clinic.plan, clinic.teammate, clinic.coordinator)
        for url in (
            f"/plans/{clinic.plan.id}/notes",
            f"/plans/{clinic.plan.id}/notes/new",
            f"/plans/{clinic.plan.id}/timeline",
            f"/plans/{clinic.plan.id}/print",
            f"/notes/{note.id}",
            f"/notes/{note.id}/print",
            f"/notes/{draft.id}",
            f"/notes/{draft.id}/edit",
        ):
            assert client.get(url).status_code == 404, url
        assert client.post_form(f"/notes/{note.id}/addenda", {"text": "More"}).status_code == 404
        assert client.post_form(f"/notes/{draft.id}/sign").status_code == 404

    def test_their_signed_notes_stay_under_their_name(self, clinic, client_for):
        write(clinic.plan, clinic.teammate, subjective="Massage went well")
        take_off_team(clinic.plan, clinic.teammate, clinic.coordinator)
        for reader in (clinic.author, clinic.coordinator):
            page = html(client_for(reader).get(f"/plans/{clinic.plan.id}/notes"))
            assert "Massage went well" in page and "Max Massage" in page


class TestPrinting:
    def test_the_print_view_of_a_note_has_no_navigation_and_a_print_stylesheet(self, clinic, client_for):
        note = write(clinic.plan, clinic.author, subjective="Printed text")
        add_addendum(note, "Printed addendum", clinic.author)
        db.session.commit()
        response = client_for(clinic.teammate).get(f"/notes/{note.id}/print")
        page = html(response)
        assert response.status_code == 200
        assert "Printed text" in page and "Printed addendum" in page and "Robin Rivera" in page
        assert "<nav" not in page and "navbar" not in page and "Log out" not in page
        assert re.search(r'<link rel="stylesheet" href="/static/print\.css', page)

    def test_the_print_view_of_the_plan_has_every_signed_note_and_no_navigation(self, clinic, client_for):
        write(clinic.plan, clinic.author, subjective="First note")
        write(clinic.plan, clinic.teammate, subjective="Second note")
        write(clinic.plan, clinic.author, sign=False, subjective="Draft note")
        response = client_for(clinic.coordinator).get(f"/plans/{clinic.plan.id}/print")
        page = html(response)
        assert response.status_code == 200
        assert "First note" in page and "Second note" in page and "Draft note" not in page
        assert "Pat Physio" in page and "Max Massage" in page  # the care team
        assert "<nav" not in page and "navbar" not in page and "Log out" not in page
        assert re.search(r'<link rel="stylesheet" href="/static/print\.css', page)
