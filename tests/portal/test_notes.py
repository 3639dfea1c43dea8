"""Notes the care team shares with the patient.

Rules checked:
- the patient reads only notes that are signed, marked "care team and patient", and not entered in error,
  newest first, on the list and one by one;
- drafts, team-only notes, notes entered in error, notes of a plan entered in error and other patients' notes
  never appear on the list, and opening one by its id is a 404;
- notes of a plan that has since been completed stay readable;
- the list pages like every other list.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from carespace import clock
from carespace.care_plans.services import change_status
from carespace.extensions import db
from carespace.models import NoteVisibility, PlanStatus
from carespace.notes.services import mark_entered_in_error
from tests.factories import make_plan
from tests.portal.conftest import make_portal_patient, write_note


def note_ids_listed(client) -> list[int]:
    """The ids of the notes linked from the first page of the patient's notes, in page order."""
    html = client.get("/portal/notes").get_data(as_text=True)
    return [int(n) for n in re.findall(r'href="/portal/notes/(\d+)"', html)]


def test_shared_signed_notes_are_listed_newest_first_and_open(maya_client, maya, coordinator, frozen_clock):
    first = write_note(maya.plan, maya.physio, "Walk ten minutes twice a day.")
    frozen_clock.advance(timedelta(minutes=2))
    second = write_note(maya.plan, coordinator, "Your next appointment moved to Tuesday.")

    assert note_ids_listed(maya_client) == [second.id, first.id]
    html = maya_client.get("/portal/notes").get_data(as_text=True)
    assert "Walk ten minutes twice a day." in html
    assert "Your next appointment moved to Tuesday." in html

    page = maya_client.get(f"/portal/notes/{first.id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Progress · Physiotherapy" in text
    assert maya.physio.name in text
    assert "Walk ten minutes twice a day." in text


@pytest.fixture
def hidden_notes(maya, coordinator):
    """One note of each kind the patient must never see, keyed by why."""
    draft = write_note(maya.plan, maya.physio, "DRAFT-TEXT", sign=False)
    team_only = write_note(maya.plan, maya.physio, "TEAM-ONLY-TEXT", visibility=NoteVisibility.TEAM)
    in_error = write_note(maya.plan, maya.physio, "IN-ERROR-TEXT")
    mark_entered_in_error(in_error, "Written on the wrong chart", maya.physio)
    omar = make_portal_patient("Omar")
    other_patients = write_note(omar.plan, omar.physio, "OTHER-PATIENT-TEXT")
    wrong_plan = make_plan(maya.patient, condition="Disc herniation", team={"physiotherapy": maya.physio})
    on_wrong_plan = write_note(wrong_plan, maya.physio, "WRONG-PLAN-TEXT")
    change_status(wrong_plan, PlanStatus.ENTERED_IN_ERROR, coordinator, None, "Opened on the wrong patient")
    db.session.commit()
    return {
        "draft": draft,
        "team only": team_only,
        "entered in error": in_error,
        "another patient's": other_patients,
        "on a plan entered in error": on_wrong_plan,
    }


HIDDEN = ["draft", "team only", "entered in error", "another patient's", "on a plan entered in error"]


@pytest.mark.parametrize("why", HIDDEN)
def test_notes_the_patient_must_not_see_are_not_listed_and_are_404(maya_client, maya, hidden_notes, why):
    shared = write_note(maya.plan, maya.physio, "SHARED-TEXT")
    note = hidden_notes[why]

    html = maya_client.get("/portal/notes").get_data(as_text=True)
    assert "SHARED-TEXT" in html
    for text in ("DRAFT", "TEAM-ONLY", "IN-ERROR", "OTHER-PATIENT", "WRONG-PLAN"):
        assert text not in html
    assert note_ids_listed(maya_client) == [shared.id]
    assert maya_client.get(f"/portal/notes/{note.id}").status_code == 404


def test_without_shared_notes_the_page_says_so(maya_client, maya):
    write_note(maya.plan, maya.physio, "TEAM-ONLY-TEXT", visibility=NoteVisibility.TEAM)
    assert "No notes have been shared with you yet." in maya_client.get("/portal/notes").get_data(as_text=True)


def test_notes_of_a_completed_plan_stay_readable(maya_client, maya, coordinator):
    note = write_note(maya.plan, maya.physio, "Keep walking every day.")
    change_status(maya.plan, PlanStatus.COMPLETED, coordinator, None)
    db.session.commit()

    assert note_ids_listed(maya_client) == [note.id]
    assert maya_client.get(f"/portal/notes/{note.id}").status_code == 200


def test_the_list_pages(maya_client, maya, app, frozen_clock):
    app.config["PAGE_SIZE"] = 2
    notes = []
    for n in range(3):
        notes.append(write_note(maya.plan, maya.physio, f"Note number {n}"))
        clock.advance(timedelta(minutes=1))

    assert note_ids_listed(maya_client) == [notes[2].id, notes[1].id]
    second_page = maya_client.get("/portal/notes?page=2").get_data(as_text=True)
    assert "Note number 0" in second_page and "Note number 2" not in second_page
