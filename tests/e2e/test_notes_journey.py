"""A note travels through the care team in the browser, each person in their own session.

The physiotherapist writes and signs a progress note for the massage therapist's attention; the
massage therapist sees it counted on the navigation badge and waiting in the inbox, opens it (the
count drops) and adds an addendum; the coordinator finds both on the plan's timeline. Only the
starting point is built directly: the people, the plan, and an earlier team message from the
coordinator, so the badge counts two before the note is opened and one after.
"""

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from playwright.sync_api import Browser, Page, expect

from carespace.extensions import db
from carespace.models import NoteKind, NoteVisibility, User
from carespace.notes.services import NoteValues, sign_note, start_note
from tests.factories import PASSWORD, make_patient, make_plan, make_user

SUBJECTIVE = "Leg pain now mostly above the knee; foot tingling only after sitting for 30 minutes."
PLAN_TEXT = "Prone is fine for short periods now; please avoid sustained pressure over the sciatic notch."
ADDENDUM = "Treated side-lying today as advised; no flare of leg symptoms afterwards."


@contextmanager
def another_person(browser: Browser, live_server: str) -> Iterator[Page]:
    """A fresh browser context: nobody's cookies, as on someone else's computer."""
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def sign_in(page: Page, user: User) -> None:
    page.goto("/login")
    page.get_by_label("Email", exact=True).fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    with page.expect_event("load"):
        page.get_by_role("button", name="Log in").click()


def unread_badge(page: Page):
    return page.get_by_role("navigation", name="Main").locator("[data-unread]")


def test_a_note_for_a_teammate_is_read_answered_and_seen_on_the_timeline(
    page: Page, browser: Browser, live_server: str, log_in: Callable[..., None]
):
    physio = make_user("practitioner", name="Priya Shah", disciplines=["physiotherapy"])
    massage = make_user("practitioner", name="Mateo Alvarez", disciplines=["massage_therapy"])
    coordinator = make_user("coordinator", name="Dana Okafor")
    patient = make_patient("Rowan", "Ellery", conditions=("Sciatica",))
    plan = make_plan(patient, team={"physiotherapy": physio, "massage_therapy": massage}, actor=coordinator)
    earlier = start_note(
        plan,
        NoteValues(NoteKind.TEAM_MESSAGE, None, NoteVisibility.TEAM, body="Sessions moved to after 3 pm."),
        coordinator,
    )
    sign_note(earlier, coordinator)
    db.session.commit()

    log_in(physio)
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    page.get_by_role("link", name="Sciatica").click()
    page.get_by_role("link", name="Write a note").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write a note")
    page.get_by_label("Kind").select_option(label="Progress")
    expect(page.get_by_label("Discipline")).to_have_value(str(physio.disciplines[0].id))
    page.get_by_label("For the attention of (optional)").select_option(label="Mateo Alvarez")
    page.get_by_label("Subjective").fill(SUBJECTIVE)
    page.get_by_label("Objective").fill("Straight leg raise 60° on the left (was 45°).")
    page.get_by_label("Plan", exact=True).fill(PLAN_TEXT)
    page.get_by_role("button", name="Sign").click()
    expect(page.get_by_role("status")).to_have_text("Note signed: the team can read it now.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Progress · Physiotherapy")
    expect(page.get_by_text("for the attention of Mateo Alvarez")).to_be_visible()

    with another_person(browser, live_server) as massage_page:
        sign_in(massage_page, massage)
        expect(massage_page.get_by_role("heading", level=1)).to_have_text("My caseload")
        expect(unread_badge(massage_page)).to_have_attribute("data-unread", "2")
        expect(unread_badge(massage_page)).to_have_text("2 unread notes")
        massage_page.get_by_role("link", name=re.compile(r"^Notes inbox")).click()
        attention = massage_page.get_by_role("region", name="For your attention")
        expect(attention.get_by_role("listitem")).to_have_count(1)
        expect(attention).to_contain_text("Rowan Ellery (Sciatica)")
        attention.get_by_role("link", name="Progress from Priya Shah").click()
        expect(massage_page.get_by_role("heading", level=1)).to_have_text("Progress · Physiotherapy")
        expect(massage_page.get_by_text(PLAN_TEXT)).to_be_visible()
        expect(unread_badge(massage_page)).to_have_attribute("data-unread", "1")

        massage_page.get_by_role("textbox", name="Addendum").fill(ADDENDUM)
        massage_page.get_by_role("button", name="Add addendum").click()
        expect(massage_page.get_by_role("status")).to_have_text("Addendum added.")
        addenda = massage_page.get_by_role("region", name="Addenda")
        expect(addenda).to_contain_text("Addendum · Mateo Alvarez")
        expect(addenda).to_contain_text(ADDENDUM)

        massage_page.get_by_role("link", name=re.compile(r"^Notes inbox")).click()
        expect(massage_page.get_by_text("Nothing waits for you.")).to_be_visible()

    with another_person(browser, live_server) as coordinator_page:
        sign_in(coordinator_page, coordinator)
        expect(coordinator_page.get_by_role("heading", level=1)).to_have_text("Coordinator dashboard")
        new_notes = coordinator_page.get_by_role("region", name="Patients with new notes")
        expect(new_notes).to_contain_text("Rowan Ellery: 1 new note")
        new_notes.get_by_role("link", name="Rowan Ellery").click()
        coordinator_page.get_by_role("link", name="Sciatica").click()
        coordinator_page.get_by_role("link", name="Timeline").click()
        expect(coordinator_page.get_by_role("heading", level=1)).to_have_text("Timeline")
        entries = coordinator_page.get_by_role("listitem")
        note_entry = entries.filter(has=coordinator_page.get_by_role("link", name="Progress · Physiotherapy"))
        expect(note_entry).to_contain_text("by Priya Shah")
        expect(note_entry).to_contain_text(SUBJECTIVE)
        addendum_entry = entries.filter(has_text="Addendum by Mateo Alvarez")
        expect(addendum_entry).to_contain_text(ADDENDUM)
        expect(addendum_entry.get_by_role("link", name=re.compile(r"^progress of "))).to_be_visible()
