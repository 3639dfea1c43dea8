"""Patient-portal journeys through the real browser, each person in their own browser context: a coordinator
invites a patient from the chart, the patient chooses a password, reads their plan and team and records a pain
score that the coordinator then sees on the plan page; a patient reports warning symptoms and is told to get
urgent care while the alert tops the coordinator's dashboard; an expired or used invitation link sends the
patient back to their clinic."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from carespace.extensions import db
from carespace.models import Patient, User
from tests.factories import PASSWORD, make_patient, make_plan, make_user

PHONE = {"width": 390, "height": 844}
NEW_PASSWORD = "quiet-harbour-lantern-58"
INVITATION_URL = re.compile(r"/portal/invite/[\w-]+$")
INVALID_LINK_HEADING = "This invitation link has expired or was already used"


@contextmanager
def own_browser(browser: Browser, live_server: str) -> Iterator[Page]:
    """Another person on their own device: a fresh browser context with no cookies, phone-sized."""
    context = browser.new_context(base_url=live_server, viewport=PHONE)
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def log_in_on(page: Page, email: str, password: str = PASSWORD) -> None:
    """Sign in through the log-in form on `page`."""
    page.goto("/login")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()


def open_chart(page: Page, patient: Patient) -> None:
    """Find the patient in the coordinator's patient list and open their chart."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Patients").click()
    page.get_by_role("link", name=patient.display_name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(patient.display_name)


def invite_from_chart(page: Page, patient: Patient, email: str) -> str:
    """The coordinator enters the email in the chart's "Patient portal" section; returns the link shown once."""
    open_chart(page, patient)
    portal = page.get_by_role("region", name="Patient portal")
    expect(portal).to_contain_text("Not invited yet.")
    portal.get_by_label("Patient's email").fill(email)
    portal.get_by_role("button", name="Create invitation link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Portal invitation for {patient.display_name}")
    expect(page.get_by_text("works once and expires in 72 hours")).to_be_visible()
    link = page.get_by_label("Link", exact=True)
    expect(link).to_have_attribute("readonly", "")
    expect(link).to_have_value(INVITATION_URL)
    return link.input_value()


def choose_password(page: Page, link: str, name: str, email: str) -> None:
    """The patient opens the invitation link and chooses a password; the log-in page says it is set."""
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {name}")
    expect(page.get_by_role("main")).to_contain_text(f"You will log in with {email}")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Repeat the new password", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in to Carespace")
    expect(page.get_by_role("status")).to_have_text(
        "Your password is set. Log in with your email and your new password."
    )


def link_account(patient: Patient, account: User) -> None:
    """Give the patient a portal account that already has a password (the invitation is tested above)."""
    patient.user = account
    db.session.commit()


def pain_row(scope: Page | Locator, comment: str) -> Locator:
    """The row of a pain-trend table that carries `comment`."""
    table = scope.get_by_role("table", name=re.compile(r"^Pain scores"))
    return table.get_by_role("row").filter(has_text=comment)


def test_invited_patient_sets_a_password_reads_the_plan_and_records_pain_the_coordinator_sees(
    page: Page, log_in, browser: Browser, live_server: str
):
    """Invitation from the chart, a password through the link, the plan in plain words, the team, a pain score
    saved from a phone, and the same score on the coordinator's plan page."""
    coordinator = make_user("coordinator", name="Dana Okafor")
    physio = make_user("practitioner", name="Pat Physio", disciplines=["physiotherapy"])
    patient = make_patient("Maya", "Lindqvist", preferred_name="May")
    make_plan(patient, team={"physiotherapy": physio}, actor=coordinator)
    comment = "Worse after sitting through a long meeting."

    log_in(coordinator)
    link = invite_from_chart(page, patient, "maya.lindqvist@example.org")

    with own_browser(browser, live_server) as phone:
        choose_password(phone, link, "Maya Lindqvist", "maya.lindqvist@example.org")
        log_in_on(phone, "maya.lindqvist@example.org", NEW_PASSWORD)

        expect(phone.get_by_role("heading", level=1)).to_have_text("Hello, May")
        phase = phone.get_by_role("region", name="Settling things down")
        expect(phase).to_contain_text("Your plan for sciatica")
        steps = phase.get_by_role("list", name="Where you are in your plan")
        expect(steps.locator("[aria-current=step]")).to_have_text("1. Settling things down")
        expect(phase).to_contain_text("Right now your team's aim is to calm the irritated nerve")
        expect(phone.get_by_role("region", name="Your goals")).to_contain_text("0 of 3 goals achieved")

        phone.get_by_role("link", name="My care team").click()
        expect(phone.get_by_role("heading", level=1)).to_have_text("Your care team")
        member = phone.get_by_role("listitem").filter(has=phone.get_by_role("heading", name="Pat Physio"))
        expect(member.get_by_role("heading")).to_have_text("Pat Physio")
        expect(member).to_contain_text(re.compile(r"^Pat Physio\s*Physiotherapy\s*Working with you on: "))

        phone.get_by_role("navigation", name="Main").get_by_role("link", name="My plan").click()
        phone.get_by_role("link", name="Record my pain today").click()
        expect(phone.get_by_role("heading", level=1)).to_have_text("Pain check-in")
        expect(phone.get_by_text("No pain scores yet.")).to_be_visible()
        scale = phone.get_by_role("group", name="How much pain do you have right now?")
        scale.get_by_text("6", exact=True).click()
        expect(scale.get_by_role("radio", name="6", exact=True)).to_be_checked()
        phone.get_by_label("Anything you want your team to know? (optional)").fill(comment)
        phone.get_by_role("button", name="Save my pain score").click()

        expect(phone.get_by_role("status")).to_have_text(
            "Thank you. Your pain score is saved and your care team can see it."
        )
        expect(pain_row(phone, comment).get_by_role("cell")).to_have_text([re.compile(r"\d"), "6", comment])
        expect(scale.get_by_role("radio", name="6", exact=True)).not_to_be_checked()  # a fresh form for next time

    open_chart(page, patient)
    expect(page.get_by_role("region", name="Patient portal")).to_contain_text(
        "The patient has portal access (maya.lindqvist@example.org), last log-in"
    )
    page.get_by_role("link", name="Sciatica", exact=True).click()
    pain = page.get_by_role("region", name="Pain check-ins from the patient")
    expect(pain_row(pain, comment).get_by_role("cell")).to_have_text([re.compile(r"\d"), "6", comment])


def test_patient_reporting_warning_symptoms_is_sent_to_urgent_care_and_the_coordinator_is_alerted(
    page: Page, log_in, browser: Browser, live_server: str
):
    """The urgent message with the emergency number comes straight back; the alert, marked patient-reported,
    is the first thing on the coordinator's dashboard."""
    coordinator = make_user("coordinator", name="Dana Okafor")
    patient = make_patient("Maya", "Lindqvist", preferred_name="May")
    patient_account = make_user("patient", name="Maya Lindqvist", email="maya.lindqvist@example.org")
    link_account(patient, patient_account)
    make_plan(patient, actor=coordinator)

    log_in(coordinator)
    expect(page.get_by_role("heading", level=1)).to_have_text("Coordinator dashboard")
    expect(page.get_by_text("No open red-flag alerts.")).to_be_visible()

    with own_browser(browser, live_server) as phone:
        log_in_on(phone, patient_account.email)
        phone.get_by_role("main").get_by_role("link", name="I have warning symptoms").click()
        expect(phone.get_by_role("heading", level=1)).to_have_text("Warning symptoms")
        phone.get_by_label("New loss of bladder or bowel control").check()
        phone.get_by_label("Numbness or altered sensation in the saddle area").check()
        phone.get_by_label("When did it start? (optional)").fill("Since I woke up this morning.")
        phone.get_by_role("button", name="Tell my care team now").click()

        urgent = phone.get_by_role("alert")
        expect(urgent.get_by_role("heading", level=1)).to_have_text("Get urgent medical care now")
        expect(urgent).to_contain_text("Call 911 or go to the nearest emergency department today.")
        expect(urgent).to_contain_text("Your care team has been told and will contact you.")
        expect(urgent.get_by_text("911", exact=True)).to_be_in_viewport()  # no scrolling needed on a phone

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("main").get_by_role("heading", level=2).first).to_have_text("Open red-flag alerts")
    alert = page.get_by_role("alert").filter(has_text="Urgent")
    expect(alert).to_have_count(1)
    expect(alert.get_by_role("link", name="Maya Lindqvist")).to_be_visible()
    expect(alert).to_contain_text("Urgent: same-day medical care needed.")
    expect(alert).to_contain_text("Patient-reported,")
    expect(alert).to_contain_text("by Maya Lindqvist")
    expect(alert.get_by_role("listitem")).to_have_text(
        ["New loss of bladder or bowel control", "Numbness or altered sensation in the saddle area"]
    )
    expect(alert).to_contain_text("Since I woke up this morning.")


@pytest.mark.parametrize("why", ["used", "expired"])
def test_used_or_expired_invitation_link_asks_for_a_new_one(
    page: Page, log_in, browser: Browser, live_server: str, frozen_clock, why: str
):
    """A link already used to choose a password, or opened after 72 hours, offers no form, only the way back."""
    coordinator = make_user("coordinator", name="Dana Okafor")
    patient = make_patient("Maya", "Lindqvist", preferred_name="May")
    log_in(coordinator)
    link = invite_from_chart(page, patient, "maya.lindqvist@example.org")

    with own_browser(browser, live_server) as phone:
        if why == "used":
            choose_password(phone, link, "Maya Lindqvist", "maya.lindqvist@example.org")
        else:
            frozen_clock.advance(timedelta(hours=72, minutes=1))
        response = phone.goto(link)

        assert response.status == 404
        expect(phone.get_by_role("heading", level=1)).to_have_text(INVALID_LINK_HEADING)
        expect(phone.get_by_text("Please ask your clinic for a new invitation link.")).to_be_visible()
        expect(phone.get_by_label("New password")).to_have_count(0)
        phone.get_by_role("link", name="log in here").click()
        expect(phone.get_by_role("heading", level=1)).to_have_text("Log in to Carespace")
