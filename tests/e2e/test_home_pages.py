"""The coordinator's dashboard and a practitioner's caseload, in the browser: accessible when full,
and a red flag or a phase suggestion is handled from the dashboard without leaving it."""

import re

from playwright.sync_api import Page, expect

from carespace.timefmt import clinic_today
from tests.factories import make_user
from tests.main.builders import bulk_clinic


def test_full_dashboard_is_accessible_and_handles_alerts_and_suggestions(page: Page, log_in, assert_accessible):
    physio = make_user("practitioner", name="Pat Physio")
    bulk_clinic(70, practitioner=physio, today=clinic_today())  # 14 alerts, 24 gaps
    log_in(make_user("coordinator"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Coordinator dashboard")
    assert_accessible(page)

    alerts = page.get_by_role("alert").filter(has_text="Urgent")
    expect(alerts).to_have_count(14)
    alerts.first.get_by_label("Action taken").fill("Sent to emergency care")
    alerts.first.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text("Alert acknowledged.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Coordinator dashboard")
    expect(page.get_by_role("alert").filter(has_text="Urgent")).to_have_count(13)

    page.get_by_role("button", name="Accept and move").first.click()
    expect(page.get_by_text("Suggestion accepted: the plan has moved.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Coordinator dashboard")

    page.get_by_role("link", name="Show more plans with unassigned disciplines").click()
    expect(page.get_by_text(re.compile(r"^Showing 21\u2013\d+ of \d+\.$"))).to_be_visible()
    assert_accessible(page)


def test_caseload_is_accessible(page: Page, log_in, assert_accessible):
    physio = make_user("practitioner", name="Pat Physio")
    bulk_clinic(30, practitioner=physio, today=clinic_today())
    log_in(physio)
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    expect(page.get_by_text("Page 1 of 2")).to_be_visible()
    assert_accessible(page)
