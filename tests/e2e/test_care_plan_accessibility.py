"""The patient and care-plan pages pass axe-core with no serious or critical violation, full of data and
with errors showing: the patient list, intake, the chart, the new-plan form, the plan page for the
coordinator and for a team practitioner, and the assignment page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from playwright.sync_api import Locator, Page, expect

from carespace.care_plans.services import move_phase, update_details
from carespace.extensions import db
from carespace.models import CarePlan, Phase, PlanStatus, RedFlagSource, User
from carespace.patients.services import raise_red_flag
from carespace.timefmt import clinic_today
from tests.factories import make_patient, make_plan, make_user


@dataclass
class Clinic:
    coordinator: User
    physio: User
    patient_id: int
    active: CarePlan  # acute, with the physiotherapist on its team, an open alert and a history
    draft: CarePlan  # from the radiculopathy template, not yet staffed


@pytest.fixture
def clinic() -> Clinic:
    """A patient with an open red flag, an active plan that moved forward and back again, and a draft plan."""
    coordinator = make_user("coordinator", name="Dana Okafor")
    physio = make_user("practitioner", name="Priya Shah", disciplines=["physiotherapy"])
    make_user("practitioner", name="Marco Bellini", disciplines=["massage_therapy", "kinesiology"])
    patient = make_patient("Maya", "Lindqvist", preferred_name="May", conditions=("Sciatica", "Disc herniation"))
    make_patient("Noor", "Haddad", conditions=("Spinal stenosis",))
    active = make_plan(patient, team={"physiotherapy": physio}, actor=coordinator)
    move_phase(active, Phase.SUBACUTE, coordinator, None, None)
    move_phase(active, Phase.ACUTE, coordinator, "Flare-up after lifting a suitcase.\nPain back to 7/10.", None)
    update_details(active, clinic_today() + timedelta(days=14), coordinator, None)
    symptoms = ["limb_weakness", "saddle_numbness"]
    raise_red_flag(patient, symptoms, "Both legs weak since last night.", RedFlagSource.INTAKE, coordinator)
    db.session.commit()
    draft = make_plan(patient, condition="Disc herniation", status=PlanStatus.DRAFT, actor=coordinator)
    return Clinic(coordinator, physio, patient.id, active, draft)


def form_with(page: Page, button: str) -> Locator:
    """The form whose submit button reads `button`."""
    return page.locator("form").filter(has=page.get_by_role("button", name=button, exact=True))


def open_section(page: Page, summary: str) -> None:
    """Open a folded form and wait until its fields have finished fading in.

    Chromium transitions the fields' colours when a <details> opens; axe reading them mid-fade
    reports a contrast failure that no one would see.
    """
    page.get_by_text(summary, exact=True).click()
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")


def assert_each_field_labelled_once(page: Page) -> None:
    """Every visible field has exactly one label of its own.

    Two forms on the plan page share field names; a repeated id gives the first field two labels and
    the second none, which axe (it only checks that some `label[for=id]` exists) lets through.
    """
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('main input:not([type=hidden]):not([type=submit]), main select,'
                   + ' main textarea')]
               .filter(field => field.checkVisibility() && field.labels.length !== 1)
               .map(field => `${field.name} (${field.labels.length} labels)`)"""
    )
    assert not unlabelled, f"fields without exactly one label on {page.url}: {unlabelled}"


@pytest.fixture
def coordinator(page: Page, log_in, clinic: Clinic) -> Clinic:
    """The clinic, with its coordinator signed in through the form."""
    log_in(clinic.coordinator)
    expect(page.get_by_role("heading", level=1)).to_have_text("Coordinator dashboard")
    return clinic


def test_patient_list_is_accessible(page: Page, coordinator, assert_accessible):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Patients").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Patients")
    expect(page.get_by_text("2 patients")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Lindqvist")).to_contain_text("Red flag")
    assert_accessible(page)


def test_patient_list_with_a_filter_error_is_accessible(page: Page, coordinator, assert_accessible):
    page.goto("/patients?phase=nonsense")
    expect(page.get_by_label("Phase")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Correct the filters above to see the patients.")).to_be_visible()
    assert_accessible(page)


def test_intake_form_is_accessible(page: Page, coordinator, assert_accessible):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="New patient").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New patient intake")
    assert_accessible(page)


def test_intake_form_after_a_refused_submit_is_accessible(page: Page, coordinator, assert_accessible):
    page.goto("/patients/new")
    page.get_by_label("Phone").fill("call me")
    page.get_by_label("Email (optional)").fill("not-an-email")
    page.get_by_role("button", name="Register patient").click()
    for label in ("Given name", "Family name", "Date of birth", "Phone", "Email (optional)", "Conditions"):
        expect(page.get_by_label(label, exact=True)).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


def test_chart_with_an_open_alert_plans_and_history_is_accessible(page: Page, coordinator, assert_accessible):
    page.goto(f"/patients/{coordinator.patient_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("May (Maya) Lindqvist")
    expect(page.get_by_role("region", name="Open red-flag alerts")).to_contain_text("Both legs weak since last night.")
    expect(page.get_by_role("article")).to_have_count(2)
    expect(page.get_by_text("Reason: Flare-up after lifting a suitcase.")).to_be_visible()
    assert_accessible(page)


def test_new_plan_form_is_accessible(page: Page, coordinator, assert_accessible):
    page.goto(f"/patients/{coordinator.patient_id}")
    page.get_by_role("link", name="New care plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New care plan for May (Maya) Lindqvist")
    assert_accessible(page)


def test_new_plan_form_with_an_unmatched_condition_is_accessible(page: Page, coordinator, assert_accessible):
    page.goto(f"/patients/{coordinator.patient_id}/plans/new")
    page.get_by_label("Condition", exact=True).select_option(label="Another condition…")
    page.get_by_label("Other condition").fill("Tennis elbow")
    page.get_by_role("button", name="Create draft plan").click()
    expect(page.get_by_label("Template", exact=True)).to_have_accessible_description(
        "Left on “match”, the condition picks its template. "
        "No template matches “Tennis elbow”. Choose one, for example Blank plan."
    )
    assert_accessible(page)


def test_draft_plan_page_with_every_form_open_is_accessible(page: Page, coordinator, assert_accessible):
    page.goto(f"/plans/{coordinator.draft.id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Disc herniation Draft")
    for heading in ("Manage the plan", "Assignments by phase", "Goals", "History"):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    open_section(page, "Add an assignment")
    open_section(page, "Add a goal")
    for button, label in [
        ("Change status", "Reason"),
        ("Move phase", "Reason"),
        ("Save review date", "Next review"),
        ("Save assignment", "Phase"),
        ("Add goal", "Phase"),
    ]:
        expect(form_with(page, button).get_by_label(label, exact=True)).to_be_visible()
    assert_each_field_labelled_once(page)
    assert_accessible(page)


def test_plan_page_with_a_rule_error_is_accessible(page: Page, coordinator, assert_accessible):
    """A move back to acute without a reason comes back with the rule beside the phase field."""
    page.goto(f"/plans/{coordinator.active.id}")
    move = form_with(page, "Move phase")
    move.get_by_label("Move to phase").select_option(label="Subacute")
    move.get_by_role("button", name="Move phase").click()
    expect(page.get_by_role("status")).to_contain_text("Phase moved.")

    move.get_by_label("Move to phase").select_option(label="Acute")
    move.get_by_role("button", name="Move phase").click()
    expect(move.get_by_label("Move to phase")).to_have_attribute("aria-invalid", "true")
    expect(move.get_by_label("Move to phase")).to_have_accessible_description(
        "A move back to an earlier phase needs a reason (for example, a flare-up)."
    )
    expect(move.get_by_label("Reason", exact=True)).to_have_accessible_description(
        "Required when moving back (a flare-up)."
    )
    assert_each_field_labelled_once(page)
    assert_accessible(page)


def test_assignment_page_is_accessible(page: Page, coordinator, assert_accessible):
    page.goto(f"/plans/{coordinator.active.id}")
    page.get_by_role("link", name="Edit Physiotherapy (Acute)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Physiotherapy · Acute phase")
    expect(page.get_by_label("Focus")).to_have_value("Gentle mobility and nerve glides")
    assert_each_field_labelled_once(page)
    assert_accessible(page)


def test_plan_page_for_a_team_practitioner_is_accessible(page: Page, log_in, clinic: Clinic, assert_accessible):
    log_in(clinic.physio)
    page.get_by_role("link", name="Sciatica").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sciatica Active")
    expect(page.get_by_role("heading", name="Suggest a phase move")).to_be_visible()
    expect(form_with(page, "Send suggestion to the coordinator").get_by_label("Why")).to_be_visible()
    assert_each_field_labelled_once(page)
    assert_accessible(page)
