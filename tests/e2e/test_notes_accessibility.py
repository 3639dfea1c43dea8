"""The note pages pass axe-core with no serious or critical violation, with and without errors showing.

Checked: the note form (empty, and refused for an empty SOAP note), a signed note with addenda and
its addendum and entered-in-error forms (open, and refused when left empty), a note entered in
error, the plan's notes list with its filters, the timeline, the inbox and both print views.
"""

from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from carespace.extensions import db
from carespace.models import Note, NoteKind, NoteVisibility, RedFlagSource
from carespace.notes.services import (
    NoteValues,
    add_addendum,
    mark_entered_in_error,
    read_note,
    sign_note,
    start_note,
)
from carespace.patients.services import acknowledge_red_flag, raise_red_flag
from tests.factories import make_patient, make_plan, make_user


@dataclass
class Chart:
    plan_id: int
    with_addenda: int
    struck: int


def soap(discipline_id: int, subjective: str, plan_text: str, **fields) -> NoteValues:
    return NoteValues(
        NoteKind.PROGRESS,
        discipline_id,
        fields.pop("visibility", NoteVisibility.TEAM),
        subjective=subjective,
        objective="Straight leg raise 60° on the left.\nAnkle plantarflexion 5/5.",
        assessment="Centralising; less irritable.",
        plan_text=plan_text,
        **fields,
    )


def signed(plan, values: NoteValues, author) -> Note:
    note = start_note(plan, values, author)
    sign_note(note, author)
    return note


@pytest.fixture
def chart(page: Page, log_in) -> Chart:
    """A physiotherapist signed in, on a plan with signed notes, addenda, a struck note, a team message
    shared with the patient, a draft, an acknowledged red flag and a note for their attention."""
    physio = make_user("practitioner", name="Priya Shah", disciplines=["physiotherapy"])
    massage = make_user("practitioner", name="Mateo Alvarez", disciplines=["massage_therapy"])
    coordinator = make_user("coordinator", name="Dana Okafor")
    plan = make_plan(
        make_patient("Rowan", "Ellery", conditions=("Sciatica",)),
        team={"physiotherapy": physio, "massage_therapy": massage},
        actor=coordinator,
    )
    physio_id, massage_id = physio.disciplines[0].id, massage.disciplines[0].id
    alert = raise_red_flag(plan.patient, ["limb_weakness"], None, RedFlagSource.PRACTITIONER, physio, plan=plan)
    acknowledge_red_flag(alert, "Seen in emergency the same day; no surgery needed.", coordinator)
    first = signed(plan, soap(physio_id, "Pain 6/10, worse sitting.", "Nerve glides twice a day."), physio)
    read_note(first, massage)
    add_addendum(first, "Telephone follow-up: no new weakness.", physio)
    add_addendum(first, "Treated side-lying as advised.", massage)
    struck = signed(plan, soap(physio_id, "Wrong chart.", "None."), physio)
    mark_entered_in_error(struck, "Written on the wrong patient.", coordinator)
    signed(
        plan,
        NoteValues(NoteKind.TEAM_MESSAGE, None, NoteVisibility.TEAM_AND_PATIENT, body="Sessions moved to after 3 pm."),
        coordinator,
    )
    signed(
        plan,
        soap(massage_id, "Tight gluteals.", "Weekly, side-lying.", attention_user_id=physio.id),
        massage,
    )
    start_note(plan, soap(physio_id, "Draft: session notes to finish.", "To follow."), physio)
    db.session.commit()
    log_in(physio)
    return Chart(plan.id, first.id, struck.id)


def test_empty_note_form_is_accessible(page: Page, chart, assert_accessible):
    page.goto(f"/plans/{chart.plan_id}/notes/new")
    expect(page.get_by_role("heading", level=1)).to_have_text("Write a note")
    assert_accessible(page)


def test_refused_empty_soap_note_is_accessible(page: Page, chart, assert_accessible):
    page.goto(f"/plans/{chart.plan_id}/notes/new")
    page.get_by_label("Kind").select_option(label="Progress")
    page.get_by_role("button", name="Sign").click()
    expect(page.get_by_text("Write at least one of the SOAP sections.")).to_be_visible()
    expect(page.get_by_label("Kind")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


def test_signed_note_with_addenda_and_its_forms_is_accessible(page: Page, chart, assert_accessible):
    page.goto(f"/notes/{chart.with_addenda}")
    expect(page.get_by_role("region", name="Addenda")).to_contain_text("Treated side-lying as advised.")
    page.get_by_text("Mark this note as entered in error").click()
    expect(page.get_by_role("button", name="Mark entered in error")).to_be_visible()
    expect(page.get_by_role("button", name="Add addendum")).to_be_visible()
    assert_accessible(page)


def test_refused_empty_addendum_is_accessible(page: Page, chart, assert_accessible):
    page.goto(f"/notes/{chart.with_addenda}")
    page.get_by_role("button", name="Add addendum").click()
    expect(page.get_by_text("Write the addendum.")).to_be_visible()
    expect(page.get_by_role("textbox", name="Addendum")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


def test_refused_entered_in_error_without_a_reason_is_accessible(page: Page, chart, assert_accessible):
    page.goto(f"/notes/{chart.with_addenda}")
    page.get_by_text("Mark this note as entered in error").click()
    page.get_by_role("button", name="Mark entered in error").click()
    expect(page.get_by_text("Say why the note is entered in error.")).to_be_visible()
    expect(page.get_by_role("textbox", name="Reason")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


def test_note_entered_in_error_is_accessible(page: Page, chart, assert_accessible):
    page.goto(f"/notes/{chart.struck}")
    expect(page.get_by_text("Written on the wrong patient.")).to_be_visible()
    expect(page.get_by_role("button", name="Add addendum")).to_have_count(0)
    assert_accessible(page)


def test_notes_list_and_its_filters_are_accessible(page: Page, chart, assert_accessible):
    page.goto(f"/plans/{chart.plan_id}/notes")
    expect(page.get_by_text("4 signed notes, newest first.")).to_be_visible()
    expect(page.get_by_role("region", name="Your drafts (only you can see them)")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Discipline").select_option(label="Physiotherapy")
    page.get_by_label("Kind").select_option(label="Progress")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("2 signed notes, newest first.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Discipline").select_option(label="Kinesiology")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("No signed note matches.")).to_be_visible()
    assert_accessible(page)


def test_timeline_is_accessible(page: Page, chart, assert_accessible):
    page.goto(f"/plans/{chart.plan_id}/timeline")
    expect(page.get_by_text("Red-flag alert acknowledged by Dana Okafor")).to_be_visible()
    expect(page.get_by_text("Addendum by Mateo Alvarez")).to_be_visible()
    assert_accessible(page)


def test_inbox_is_accessible(page: Page, chart, assert_accessible):
    page.get_by_role("link", name="Notes inbox").click()
    expect(page.get_by_role("link", name="Progress from Mateo Alvarez")).to_be_visible()
    expect(page.get_by_role("region", name="Patients with new notes")).to_contain_text("Rowan Ellery")
    assert_accessible(page)


@pytest.mark.parametrize("view", ["note", "plan"])
def test_print_views_are_accessible(page: Page, chart, assert_accessible, view):
    page.goto(f"/notes/{chart.with_addenda}/print" if view == "note" else f"/plans/{chart.plan_id}/print")
    expect(page.get_by_text("Telephone follow-up: no new weakness.")).to_be_visible()
    assert_accessible(page)
