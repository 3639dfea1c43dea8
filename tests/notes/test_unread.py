"""Which team notes are new to each user, the notes inbox and "for the attention of".

Rules checked:
- The navigation shows how many signed team notes on the user's patients they have not opened: their own notes
  never count, drafts and entered-in-error notes don't count, nor notes on patients they do not see.
- Opening a note marks it read for that user only; the count drops by one for them and no one else.
- The practitioner's and the coordinator's home pages (and the inbox) list the patients with new notes, with how
  many; a patient leaves the list once every note on them is opened.
- A note "for the attention of" a teammate waits in that person's inbox (/notes/inbox) until they open it; it is
  in no one else's inbox, and a draft is in nobody's.
- A practitioner taken off the team no longer counts, lists or receives the plan's notes.
"""

import re

from carespace.extensions import db
from carespace.models import NoteKind
from carespace.notes.services import mark_entered_in_error
from tests.factories import make_patient, make_plan
from tests.notes.helpers import html, take_off_team, unread_badge, write


def new_notes_section(page: str) -> str:
    return re.search(r'<section aria-labelledby="new-notes-heading".*?</section>', page, re.S).group(0)


def attention_section(page: str) -> str:
    return re.search(r'<section aria-labelledby="attention-heading".*?</section>', page, re.S).group(0)


class TestTheNavigationCount:
    def test_it_counts_signed_team_notes_the_user_has_not_opened(self, clinic, client_for):
        write(clinic.plan, clinic.author)
        write(clinic.plan, clinic.author, kind=NoteKind.TEAM_MESSAGE)
        assert unread_badge(html(client_for(clinic.teammate).get("/notes/inbox"))) == 2
        assert unread_badge(html(client_for(clinic.coordinator).get("/coordinator"))) == 2

    def test_the_badge_is_on_every_staff_page_and_absent_when_nothing_is_new(self, clinic, client_for):
        teammate = client_for(clinic.teammate)
        assert "data-unread" not in html(teammate.get("/practitioner"))
        write(clinic.plan, clinic.author)
        for url in ("/practitioner", f"/plans/{clinic.plan.id}", f"/plans/{clinic.plan.id}/notes"):
            page = html(teammate.get(url))
            assert unread_badge(page) == 1, url
            assert '1<span class="visually-hidden"> unread notes</span>' in page

    def test_own_notes_never_count(self, clinic, client_for):
        write(clinic.plan, clinic.author)
        write(clinic.plan, clinic.coordinator, kind=NoteKind.TEAM_MESSAGE)
        assert unread_badge(html(client_for(clinic.author).get("/practitioner"))) == 1  # the coordinator's
        assert unread_badge(html(client_for(clinic.coordinator).get("/coordinator"))) == 1  # the author's

    def test_drafts_do_not_count(self, clinic, client_for):
        write(clinic.plan, clinic.author, sign=False)
        assert unread_badge(html(client_for(clinic.teammate).get("/practitioner"))) == 0

    def test_entered_in_error_notes_do_not_count(self, clinic, client_for):
        note = write(clinic.plan, clinic.author)
        write(clinic.plan, clinic.author)
        mark_entered_in_error(note, "Wrong patient", clinic.author)
        db.session.commit()
        assert unread_badge(html(client_for(clinic.teammate).get("/practitioner"))) == 1

    def test_notes_on_patients_the_user_does_not_see_do_not_count(self, clinic, client_for):
        write(clinic.plan, clinic.author)
        assert unread_badge(html(client_for(clinic.outsider).get("/practitioner"))) == 0

    def test_opening_a_note_marks_it_read_for_that_user_only(self, clinic, client_for):
        first = write(clinic.plan, clinic.author)
        write(clinic.plan, clinic.author)
        teammate = client_for(clinic.teammate)
        assert teammate.get(f"/notes/{first.id}").status_code == 200
        assert unread_badge(html(teammate.get("/practitioner"))) == 1
        teammate.get(f"/notes/{first.id}")  # opening it again changes nothing
        assert unread_badge(html(teammate.get("/practitioner"))) == 1
        assert unread_badge(html(client_for(clinic.coordinator).get("/coordinator"))) == 2

    def test_reading_the_list_does_not_mark_notes_read(self, clinic, client_for):
        write(clinic.plan, clinic.author)
        teammate = client_for(clinic.teammate)
        page = html(teammate.get(f"/plans/{clinic.plan.id}/notes"))
        assert ">New</span>" in page
        assert unread_badge(html(teammate.get("/practitioner"))) == 1

    def test_a_removed_practitioner_no_longer_counts_the_plans_notes(self, clinic, client_for):
        write(clinic.plan, clinic.author)
        take_off_team(clinic.plan, clinic.teammate, clinic.coordinator)
        assert unread_badge(html(client_for(clinic.teammate).get("/practitioner"))) == 0


class TestPatientsWithNewNotes:
    def test_the_practitioners_home_lists_patients_with_new_notes(self, clinic, client_for):
        write(clinic.plan, clinic.author)
        write(clinic.plan, clinic.author)
        teammate = client_for(clinic.teammate)
        section = new_notes_section(html(teammate.get("/practitioner")))
        assert f'href="/patients/{clinic.plan.patient_id}">Robin Rivera</a>: 2 new notes' in section

    def test_the_coordinators_home_lists_patients_with_new_notes(self, clinic, client_for):
        write(clinic.plan, clinic.author)
        other = make_plan(make_patient("Kim", "Kowalski"), team={"physiotherapy": clinic.outsider})
        write(other, clinic.outsider)
        section = new_notes_section(html(client_for(clinic.coordinator).get("/coordinator")))
        assert "Robin Rivera</a>: 1 new note<" in section and "Kim Kowalski</a>: 1 new note<" in section

    def test_a_patient_leaves_the_list_once_every_note_is_opened(self, clinic, client_for):
        note = write(clinic.plan, clinic.author)
        teammate = client_for(clinic.teammate)
        teammate.get(f"/notes/{note.id}")
        section = new_notes_section(html(teammate.get("/practitioner")))
        assert "Robin Rivera" not in section
        assert "You have read every note on your patients." in section
        assert "Robin Rivera" in new_notes_section(html(client_for(clinic.coordinator).get("/coordinator")))

    def test_the_author_does_not_see_their_own_notes_as_new(self, clinic, client_for):
        write(clinic.plan, clinic.author)
        assert "Robin Rivera" not in new_notes_section(html(client_for(clinic.author).get("/practitioner")))

    def test_the_inbox_lists_them_too(self, clinic, client_for):
        write(clinic.plan, clinic.author)
        section = new_notes_section(html(client_for(clinic.teammate).get("/notes/inbox")))
        assert "Robin Rivera</a>: 1 new note<" in section


class TestForTheAttentionOf:
    def test_the_note_waits_in_that_persons_inbox_until_they_open_it(self, clinic, client_for):
        note = write(clinic.plan, clinic.author, attention=clinic.teammate)
        teammate = client_for(clinic.teammate)
        section = attention_section(html(teammate.get("/notes/inbox")))
        assert f'href="/notes/{note.id}">Progress from Pat Physio</a>' in section
        assert "Robin Rivera" in section
        teammate.get(f"/notes/{note.id}")
        section = attention_section(html(teammate.get("/notes/inbox")))
        assert f"/notes/{note.id}" not in section and "Nothing waits for you." in section

    def test_it_is_in_no_one_elses_inbox(self, clinic, client_for):
        note = write(clinic.plan, clinic.author, attention=clinic.teammate)
        for someone in (clinic.author, clinic.coordinator):
            assert f"/notes/{note.id}" not in attention_section(html(client_for(someone).get("/notes/inbox")))

    def test_someone_else_opening_it_leaves_it_in_the_inbox(self, clinic, client_for):
        note = write(clinic.plan, clinic.author, attention=clinic.teammate)
        client_for(clinic.coordinator).get(f"/notes/{note.id}")
        assert f"/notes/{note.id}" in attention_section(html(client_for(clinic.teammate).get("/notes/inbox")))

    def test_a_draft_waits_in_nobodys_inbox_until_signed(self, clinic, client_for):
        note = write(clinic.plan, clinic.author, sign=False, attention=clinic.teammate)
        teammate = client_for(clinic.teammate)
        assert f"/notes/{note.id}" not in html(teammate.get("/notes/inbox"))
        client_for(clinic.author).post_form(f"/notes/{note.id}/sign")
        assert f"/notes/{note.id}" in attention_section(html(teammate.get("/notes/inbox")))

    def test_chosen_on_the_form_it_reaches_the_teammate(self, clinic, client_for):
        client_for(clinic.author).post_form(
            f"/plans/{clinic.plan.id}/notes/new",
            {"kind": "team_message", "body": "Can you check her hip?", "attention": clinic.teammate.id, "sign": "1"},
        )
        assert "Team message from Pat Physio" in attention_section(
            html(client_for(clinic.teammate).get("/notes/inbox"))
        )

    def test_a_practitioner_taken_off_the_team_no_longer_receives_it(self, clinic, client_for):
        note = write(clinic.plan, clinic.author, attention=clinic.teammate)
        take_off_team(clinic.plan, clinic.teammate, clinic.coordinator)
        assert f"/notes/{note.id}" not in html(client_for(clinic.teammate).get("/notes/inbox"))
