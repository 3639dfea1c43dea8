"""Every portal page passes axe-core (no serious or critical violation) on a phone (390 x 844) and on a
desktop (1280 x 900), full of data and with errors showing. On the phone the page never scrolls sideways and
every button is at least 44 px tall, a target a thumb can hit."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from carespace import clock
from carespace.care_plans.services import change_status, move_phase, set_goal_status, update_details
from carespace.extensions import db
from carespace.models import Discipline, GoalStatus, NoteKind, NoteVisibility, Phase, PlanStatus, User
from carespace.notes.services import NoteValues, sign_note, start_note
from carespace.portal.services import invite_patient, record_check_in
from carespace.timefmt import clinic_today
from tests.factories import make_patient, make_plan, make_user

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
THUMB = 44  # px: the smallest comfortable touch target (WCAG 2.5.5)
PAIN_SCORES = [7, 7, 6, 5, 6, 4, 3]
FORWARD = "Settling things down → Building strength"
BACK = "Building strength → Settling things down"
COMMENT = "Worse after sitting through a long meeting, better after a walk."


@dataclass
class Portal:
    patient: User  # a portal account with a password, linked to Maya Lindqvist
    invitation: str  # an unused invitation link path for another patient, Noor Haddad


@pytest.fixture
def portal() -> Portal:
    """Three weeks of a patient's care: a completed plan, then an active plan with goals under way, a move to
    the subacute phase and back after a flare-up, a pain score every other day and a physiotherapist's note
    shared with the patient."""
    coordinator = make_user("coordinator", name="Dana Okafor")
    physio = make_user("practitioner", name="Pat Physio", disciplines=["physiotherapy"])
    patient = make_patient("Maya", "Lindqvist", preferred_name="May", conditions=("Sciatica", "Disc herniation"))
    account = make_user("patient", name="Maya Lindqvist", email="maya.lindqvist@example.org")
    patient.user = account

    clock.freeze(clock.now() - timedelta(days=21))
    past = make_plan(patient, condition="Disc herniation", team={"physiotherapy": physio}, actor=coordinator)
    move_phase(past, Phase.SUBACUTE, coordinator, None, None)
    change_status(past, PlanStatus.COMPLETED, coordinator, None)
    clock.advance(timedelta(days=7))
    plan = make_plan(patient, team={"physiotherapy": physio}, actor=coordinator)
    update_details(plan, clinic_today() + timedelta(days=21), coordinator, None)
    for day, score in enumerate(PAIN_SCORES):
        record_check_in(patient, score, COMMENT if day == 3 else None, account)
        if day == 2:
            move_phase(plan, Phase.SUBACUTE, coordinator, None, None)
        if day == 4:
            move_phase(plan, Phase.ACUTE, coordinator, "Flare-up after lifting a suitcase.", None)
        clock.advance(timedelta(days=2))
    first, second, _ = plan.goals_in(Phase.ACUTE)
    for goal, statuses in [(first, [GoalStatus.ACTIVE, GoalStatus.ACHIEVED]), (second, [GoalStatus.ACTIVE])]:
        for status in statuses:
            set_goal_status(goal, status, coordinator, None)
    discipline_id = db.session.scalar(select(Discipline.id).where(Discipline.code == "physiotherapy"))
    shared = NoteValues(
        NoteKind.PROGRESS,
        discipline_id,
        NoteVisibility.TEAM_AND_PATIENT,
        subjective="Sleeping better.\nSitting still hurts after 20 minutes.",
        plan_text="Walk for 10 minutes twice a day; stand up every half hour at work.",
    )
    sign_note(start_note(plan, shared, physio), physio)
    clock.unfreeze()

    other = make_patient("Noor", "Haddad", conditions=("Spinal stenosis",))
    invitation = invite_patient(other, "noor.haddad@example.org", coordinator).secret
    db.session.commit()
    return Portal(account, f"/portal/invite/{invitation}")


def menu(page: Page, link: str) -> None:
    """Follow a link in the portal menu."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name=link, exact=True).click()


def home(page: Page) -> str:
    expect(page.get_by_role("region", name="Settling things down")).to_be_visible()
    expect(page.get_by_label("1 of 3 goals achieved")).to_be_visible()
    return "Hello, May"


def team(page: Page) -> str:
    menu(page, "My team")
    expect(page.get_by_role("heading", name="Pat Physio")).to_be_visible()
    return "Your care team"


def notes(page: Page) -> str:
    menu(page, "Notes for me")
    expect(page.get_by_role("article")).to_contain_text("Sleeping better.")
    return "Notes from your team"


def note(page: Page) -> str:
    notes(page)
    page.get_by_role("link", name="Progress · Physiotherapy").click()
    expect(page.get_by_role("heading", name="Plan")).to_be_visible()
    return "Progress · Physiotherapy"


def history(page: Page) -> str:
    menu(page, "History")
    moves = page.get_by_role("main").get_by_role("list").first.get_by_role("listitem")
    expect(moves).to_have_text(
        [re.compile(f": {move}$") for move in (BACK, FORWARD, FORWARD)]  # newest first, the past plan's last
    )
    return "Your plan history"


def past_plan(page: Page) -> str:
    history(page)
    page.get_by_role("link", name="Disc herniation").click()
    expect(page.get_by_role("heading", name="Phase changes")).to_be_visible()
    return "Disc herniation (completed)"


def pain(page: Page) -> str:
    menu(page, "Pain check-in")
    expect(page.locator("svg.pain-chart circle")).to_have_count(len(PAIN_SCORES))
    expect(page.locator("svg.pain-chart line[stroke-dasharray]")).to_have_count(2)  # the two phase moves
    trend = page.get_by_role("table", name=re.compile(r"^Pain scores"))
    expect(trend.get_by_role("row").filter(has_text=COMMENT)).to_have_count(1)
    return "Pain check-in"


def pain_refused(page: Page) -> str:
    pain(page)
    page.get_by_label("Anything you want your team to know? (optional)").fill("Forgot the number.")
    page.get_by_role("button", name="Save my pain score").click()
    expect(page.get_by_text("Choose a number from 0 to 10.")).to_be_visible()
    return "Pain check-in"


def warning_symptoms(page: Page) -> str:
    menu(page, "Warning symptoms")
    expect(page.get_by_role("checkbox")).to_have_count(5)
    return "Warning symptoms"


def warning_symptoms_refused(page: Page) -> str:
    warning_symptoms(page)
    page.get_by_role("button", name="Tell my care team now").click()
    expect(page.get_by_text("Tick at least one symptom, or go back if you have none.")).to_be_visible()
    return "Warning symptoms"


def urgent_care(page: Page) -> str:
    warning_symptoms(page)
    page.get_by_label("Sudden or severe limb weakness (or weakness in both legs)").check()
    page.get_by_role("button", name="Tell my care team now").click()
    expect(page.get_by_role("alert")).to_contain_text("Call 911")
    return "Get urgent medical care now"


def change_password(page: Page) -> str:
    menu(page, "Password")
    return "Change your password"


SIGNED_IN_PAGES = [
    pytest.param(home, id="home"),
    pytest.param(team, id="team"),
    pytest.param(notes, id="notes"),
    pytest.param(note, id="note"),
    pytest.param(history, id="history"),
    pytest.param(past_plan, id="past-plan"),
    pytest.param(pain, id="pain-check-in"),
    pytest.param(pain_refused, id="pain-check-in-refused"),
    pytest.param(warning_symptoms, id="warning-symptoms"),
    pytest.param(warning_symptoms_refused, id="warning-symptoms-refused"),
    pytest.param(urgent_care, id="urgent-care"),
    pytest.param(change_password, id="change-password"),
]


def assert_fits_phone_and_desktop(page: Page, assert_accessible: Callable[[Page], None]) -> None:
    """axe on a phone and on a desktop; on the phone, no sideways scroll and no button under 44 px tall."""
    page.set_viewport_size(PHONE)
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways on a phone: {width} px wide"
    small = page.evaluate(
        """(least) => [...document.querySelectorAll('.btn, button, input[type=submit]')]
               .filter(button => button.checkVisibility())
               .map(button => [(button.innerText || button.value).trim(), button.getBoundingClientRect().height])
               .filter(([, height]) => height < least)""",
        THUMB,
    )
    assert not small, f"buttons under {THUMB} px tall on {page.url}: {small}"
    page.set_viewport_size(DESKTOP)
    assert_accessible(page)


@pytest.mark.parametrize("open_page", SIGNED_IN_PAGES)
def test_portal_page_is_accessible_on_a_phone_and_a_desktop(
    page: Page, log_in, assert_accessible, portal: Portal, open_page: Callable[[Page], str]
):
    page.set_viewport_size(PHONE)
    log_in(portal.patient)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, May")
    heading = open_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_fits_phone_and_desktop(page, assert_accessible)


def test_invitation_page_is_accessible_on_a_phone_and_a_desktop(page: Page, assert_accessible, portal: Portal):
    page.set_viewport_size(PHONE)
    page.goto(portal.invitation)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Noor Haddad")
    assert_fits_phone_and_desktop(page, assert_accessible)


def test_invitation_page_after_a_refused_password_is_accessible(page: Page, assert_accessible, portal: Portal):
    page.set_viewport_size(PHONE)
    page.goto(portal.invitation)
    page.get_by_label("New password", exact=True).fill("quiet-harbour-lantern-58")
    page.get_by_label("Repeat the new password", exact=True).fill("quiet-harbour-lantern-85")
    page.get_by_role("button", name="Save password").click()
    expect(page.get_by_text("The two passwords do not match.")).to_be_visible()
    assert_fits_phone_and_desktop(page, assert_accessible)


def test_invalid_invitation_page_is_accessible_on_a_phone_and_a_desktop(page: Page, assert_accessible):
    page.set_viewport_size(PHONE)
    page.goto("/portal/invite/this-link-was-mistyped")
    expect(page.get_by_role("heading", level=1)).to_have_text("This invitation link has expired or was already used")
    assert_fits_phone_and_desktop(page, assert_accessible)
