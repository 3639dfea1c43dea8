"""Care-plan journeys through the real browser, driven as a person would: intake, a plan from its template,
the care team, activation and a phase move; the practitioners' caseloads after the move; a refused intake;
a red flag raised at intake and acknowledged from the dashboard."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

from playwright.sync_api import Browser, Locator, Page, expect
from sqlalchemy import func, select

from carespace.extensions import db
from carespace.models import Patient, User
from carespace.timefmt import clinic_today
from tests.factories import PASSWORD, make_user

CHART_NUMBER = re.compile(r"CS-[0-9A-Z]{4}-[0-9A-Z]{4}")
PLAN_URL = re.compile(r"/plans/\d+$")
INTAKE = {
    "Given name": "Maya",
    "Family name": "Lindqvist",
    "Preferred name": "May",
    "Date of birth": "1979-03-14",
    "Phone": "+1 (416) 555-0142",
    "Email (optional)": "maya.lindqvist@example.org",
    "Conditions": "Sciatica",
    "Referral source (optional)": "Dr Osei, family practice",
}


def fill_intake(page: Page, **changes: str) -> None:
    """Open "New patient" from the menu and type every detail of the intake form."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="New patient").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New patient intake")
    for label, value in {**INTAKE, **changes}.items():
        page.get_by_label(label, exact=True).fill(value)


def form_with(page: Page, button: str) -> Locator:
    """The form whose submit button reads `button` (the plan page has several forms with a "Reason")."""
    return page.locator("form").filter(has=page.get_by_role("button", name=button, exact=True))


def definition(page: Page, term: str) -> Locator:
    """The value beside `term` in the chart's list of details."""
    return page.locator("dt", has_text=term).locator("xpath=following-sibling::dd[1]")


@contextmanager
def signed_in_elsewhere(browser: Browser, live_server: str, user: User) -> Iterator[Page]:
    """Another person at another computer: a fresh browser context, signed in through the log-in form."""
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    try:
        other = context.new_page()
        other.goto("/login")
        other.get_by_label("Email", exact=True).fill(user.email)
        other.get_by_label("Password", exact=True).fill(PASSWORD)
        other.get_by_role("button", name="Log in").click()
        expect(other.get_by_role("heading", level=1)).to_have_text("My caseload")
        yield other
    finally:
        context.close()


def practitioners() -> dict[str, User]:
    """One practitioner per discipline the journey assigns."""
    return {
        "physio": make_user("practitioner", disciplines=["physiotherapy"], name="Priya Shah"),
        "massage": make_user("practitioner", disciplines=["massage_therapy"], name="Marco Bellini"),
        "kinesiologist": make_user("practitioner", disciplines=["kinesiology"], name="Kofi Mensah"),
    }


def assignment_row(page: Page, row: str) -> Locator:
    """The row of the plan's assignment table whose Edit link names `row`, e.g. "Physiotherapy (Acute)"."""
    return page.get_by_role("row").filter(has=page.get_by_role("link", name=f"Edit {row}", exact=True))


def assign(page: Page, row: str, practitioner: User) -> None:
    """Use a row's Edit link on the plan page to choose the practitioner, and come back to the plan."""
    page.get_by_role("link", name=f"Edit {row}", exact=True).click()
    discipline, phase = re.fullmatch(r"(.+) \((\w+)\)", row).groups()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{discipline} · {phase} phase")
    page.get_by_label("Practitioner", exact=True).select_option(label=practitioner.name)
    page.get_by_role("button", name="Save assignment").click()
    expect(page.get_by_role("status")).to_have_text("Assignment saved.")
    expect(page).to_have_url(PLAN_URL)


def take_new_patient_to_subacute(page: Page, log_in: Callable[..., None], team: dict[str, User]) -> str:
    """The coordinator's journey from intake to a subacute plan; returns the plan's URL."""
    log_in(make_user("coordinator", name="Dana Okafor"))
    fill_intake(page)
    page.get_by_role("button", name="Register patient").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("May (Maya) Lindqvist")
    chart_number = db.session.scalar(select(Patient.chart_number).where(Patient.family_name == "Lindqvist"))
    assert CHART_NUMBER.fullmatch(chart_number)
    expect(page.get_by_role("status")).to_have_text(f"Maya Lindqvist is registered with chart number {chart_number}.")
    expect(definition(page, "Chart number")).to_have_text(chart_number)
    expect(definition(page, "Conditions")).to_have_text("Sciatica")
    expect(page.get_by_text("No care plan yet.")).to_be_visible()

    page.get_by_role("link", name="New care plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New care plan for May (Maya) Lindqvist")
    page.get_by_label("Condition", exact=True).select_option(label="Sciatica")
    expect(page.get_by_label("Template", exact=True)).to_have_value("0")
    expect(page.get_by_label("Template", exact=True).locator("option:checked")).to_have_text("Match the condition")
    page.get_by_role("button", name="Create draft plan").click()

    expect(page).to_have_url(PLAN_URL)
    expect(page.get_by_role("status")).to_have_text(
        "Draft plan created from the Radiculopathy template. Adjust it, then activate it."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Sciatica Draft")
    expect(page.get_by_text(re.compile(r"^Next review: not set · from the Radiculopathy template"))).to_be_visible()
    plan_url = page.url

    assign(page, "Physiotherapy (Acute)", team["physio"])
    assign(page, "Massage therapy (Acute)", team["massage"])
    assign(page, "Kinesiology (Subacute)", team["kinesiologist"])
    for row, name in [("Physiotherapy (Acute)", "Priya Shah"), ("Massage therapy (Acute)", "Marco Bellini")]:
        expect(assignment_row(page, row)).to_contain_text(name)
    expect(assignment_row(page, "Kinesiology (Subacute)")).to_contain_text("Kofi Mensah")
    team_section = page.get_by_role("region", name="Care team (acute phase)")
    expect(team_section).to_contain_text("No practitioner is on the team yet.")  # a draft has no team at work

    status_form = form_with(page, "Change status")
    status_form.get_by_label("New status").select_option(label="Active")
    status_form.get_by_role("button", name="Change status").click()
    expect(page.get_by_role("status")).to_have_text("Plan status changed.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sciatica Active")
    expect(team_section).to_contain_text("Priya Shah · Physiotherapy")
    expect(team_section).to_contain_text("Marco Bellini · Massage therapy")

    phase_form = form_with(page, "Move phase")
    phase_form.get_by_label("Move to phase").select_option(label="Subacute")
    phase_form.get_by_role("button", name="Move phase").click()
    expect(page.get_by_role("status")).to_have_text(
        "Phase moved. The new phase's assignments now make up the care team."
    )
    assert page.url == plan_url
    return plan_url


def test_coordinator_takes_a_new_patient_from_intake_to_a_subacute_plan(page: Page, log_in):
    """Intake gives a chart number; the radiculopathy template seeds a draft plan; the coordinator staffs it,
    activates it and moves it to subacute, and the plan page and its history show each step."""
    team = practitioners()

    take_new_patient_to_subacute(page, log_in, team)

    expect(page.get_by_role("list", name="Phases").locator("[aria-current=step]")).to_have_text("Subacute")
    expect(page.get_by_text(re.compile(r"^Subacute phase:"))).to_be_visible()
    expect(page.get_by_role("heading", name="Subacute (current)")).to_be_visible()
    team_section = page.get_by_role("region", name="Care team (subacute phase)")
    expect(team_section).to_contain_text("Kofi Mensah · Kinesiology")
    expect(team_section).not_to_contain_text("Priya Shah")
    history = page.get_by_role("region", name="History")
    expect(history).to_contain_text("Phase acute → subacute · Dana Okafor")
    expect(history).to_contain_text("Status draft → active · Dana Okafor")
    expect(history).to_contain_text("Changed Physiotherapy (acute): Priya Shah")
    expect(history).to_contain_text("Plan created: From template Radiculopathy")

    page.get_by_role("link", name=re.compile(r"^May \(Maya\) Lindqvist · CS-")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("May (Maya) Lindqvist")
    plan_card = page.get_by_role("article").filter(has=page.get_by_role("link", name="Sciatica"))
    expect(plan_card).to_contain_text("Active")
    expect(plan_card.get_by_role("list", name="Phases").locator("[aria-current=step]")).to_have_text("Subacute")
    expect(plan_card).to_contain_text("Kofi Mensah · Kinesiology")


def test_after_the_move_the_caseloads_follow_the_subacute_team(page: Page, log_in, browser: Browser, live_server):
    """The kinesiologist, on the subacute team, finds the patient in their caseload and opens the plan; the
    physiotherapist, on the acute team only, no longer has the patient and gets the 404 page at the plan's URL."""
    team = practitioners()
    plan_url = take_new_patient_to_subacute(page, log_in, team)

    with signed_in_elsewhere(browser, live_server, team["kinesiologist"]) as kinesiologist:
        caseload = kinesiologist.get_by_role("region", name=re.compile(r"^Plans where you are on the care team"))
        row = caseload.get_by_role("row").filter(has_text="Maya Lindqvist")
        expect(row).to_contain_text("Subacute")
        expect(row).to_contain_text("Kinesiology: Core stability, spinal support, safe return to activity")
        row.get_by_role("link", name="Sciatica").click()
        expect(kinesiologist).to_have_url(plan_url)
        expect(kinesiologist.get_by_role("heading", level=1)).to_have_text("Sciatica Active")
        expect(kinesiologist.get_by_role("heading", name="Suggest a phase move")).to_be_visible()
        expect(kinesiologist.get_by_role("heading", name="Manage the plan")).to_have_count(0)

    with signed_in_elsewhere(browser, live_server, team["physio"]) as physio:
        expect(physio.get_by_text("No plan assigns you in its current phase yet.")).to_be_visible()
        expect(physio.get_by_role("main")).not_to_contain_text("Lindqvist")
        response = physio.goto(plan_url)
        assert response.status == 404
        expect(physio.get_by_role("heading", level=1)).to_have_text("Page not found")
        expect(physio.get_by_role("main")).not_to_contain_text("Lindqvist")


def test_a_refused_intake_keeps_what_was_typed(page: Page, log_in):
    """A future date of birth is refused beside the field; every other answer is still there to correct."""
    log_in(make_user("coordinator"))
    tomorrow = (clinic_today() + timedelta(days=1)).isoformat()
    fill_intake(page, **{"Date of birth": tomorrow, "Conditions": "Sciatica\nNeck pain"})
    page.get_by_label("Numbness or altered sensation in the saddle area").check()
    page.get_by_label("Red-flag details (optional)").fill("Reports tingling since Tuesday.")
    page.get_by_role("button", name="Register patient").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("New patient intake")
    date_of_birth = page.get_by_label("Date of birth", exact=True)
    expect(date_of_birth).to_have_attribute("aria-invalid", "true")
    expect(date_of_birth).to_have_accessible_description("The date of birth cannot be in the future.")
    expect(date_of_birth).to_have_value(tomorrow)
    for label, value in {**INTAKE, "Conditions": "Sciatica\nNeck pain"}.items():
        if label != "Date of birth":
            expect(page.get_by_label(label, exact=True)).to_have_value(value)
            expect(page.get_by_label(label, exact=True)).not_to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Numbness or altered sensation in the saddle area")).to_be_checked()
    expect(page.get_by_label("New loss of bladder or bowel control")).not_to_be_checked()
    expect(page.get_by_label("Red-flag details (optional)")).to_have_value("Reports tingling since Tuesday.")
    assert db.session.scalar(select(func.count()).select_from(Patient)) == 0


def test_a_red_flag_at_intake_stays_on_top_until_the_coordinator_acknowledges_it(page: Page, log_in):
    """A ticked red flag opens an urgent alert above the chart and the dashboard; acknowledging it on the
    dashboard with the action taken takes it off the top, and the chart keeps the record."""
    log_in(make_user("coordinator", name="Dana Okafor"))
    fill_intake(page)
    page.get_by_label("New loss of bladder or bowel control").check()
    page.get_by_label("Red-flag details (optional)").fill("Started this morning.")
    page.get_by_role("button", name="Register patient").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("May (Maya) Lindqvist")
    expect(page.get_by_role("alert").filter(has_text="Red-flag alert raised")).to_have_text(
        "Red-flag alert raised: the patient needs urgent medical care today."
    )
    chart_alerts = page.get_by_role("region", name="Open red-flag alerts")
    expect(chart_alerts).to_contain_text("Urgent: same-day medical care needed.")
    expect(chart_alerts).to_contain_text("Intake screen")
    expect(chart_alerts).to_contain_text("New loss of bladder or bowel control")
    expect(chart_alerts).to_contain_text("Started this morning.")
    assert_above(chart_alerts, page.get_by_role("heading", level=1))

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Coordinator dashboard")
    dashboard_alerts = page.get_by_role("region", name="Open red-flag alerts")
    alert = dashboard_alerts.get_by_role("alert").filter(has_text="Maya Lindqvist")
    expect(alert).to_contain_text("New loss of bladder or bowel control")
    assert_above(dashboard_alerts, page.get_by_role("heading", name="Plans in progress by phase"))

    alert.get_by_label("Action taken").fill("Sent to emergency care; GP informed.")
    alert.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_role("status")).to_have_text("Alert acknowledged.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Coordinator dashboard")
    expect(page.get_by_role("region", name="Open red-flag alerts")).to_have_count(0)
    expect(page.get_by_text("No open red-flag alerts.")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Patients").click()
    page.get_by_role("link", name="May (Maya) Lindqvist").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("May (Maya) Lindqvist")
    expect(page.get_by_role("region", name="Open red-flag alerts")).to_have_count(0)
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(page.get_by_role("region", name="Record a red flag")).to_contain_text(
        "by Dana Okafor: Sent to emergency care; GP informed."
    )


def assert_above(first: Locator, second: Locator) -> None:
    """`first` is shown higher on the page than `second`."""
    top, below = first.bounding_box(), second.bounding_box()
    assert top and below and top["y"] + top["height"] <= below["y"], "expected the alerts at the top"
