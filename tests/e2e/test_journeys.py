"""Journeys through the real browser: signing in, signing out, refused log-ins."""

import re

import pytest
from playwright.sync_api import Page, expect

from carespace.auth.routes import LOGIN_REFUSED
from tests.factories import make_user

LOGIN_URL = re.compile(r"/login(\?.*)?$")


def test_coordinator_logs_in_to_their_dashboard_and_out_again(page: Page, log_in):
    """Log-in lands on the role's home page; after log-out neither Back nor the home URL shows it again."""
    coordinator = make_user("coordinator", name="Dana Okafor")

    log_in(coordinator)
    expect(page.get_by_role("heading", level=1)).to_have_text("Coordinator dashboard")
    navigation = page.get_by_role("navigation", name="Main")
    expect(navigation).to_contain_text("Dana Okafor")
    home_url = page.url

    navigation.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(LOGIN_URL)
    expect(page.get_by_role("status")).to_have_text("You are logged out.")
    expect(navigation).not_to_contain_text("Dana Okafor")

    page.go_back()  # the dashboard is sent with Cache-Control: no-store, so Back asks the server again
    expect(page).to_have_url(LOGIN_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in to Carespace")

    page.goto(home_url)
    expect(page).to_have_url(LOGIN_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in to Carespace")
    expect(page.get_by_role("status")).to_have_text("Please log in to continue.")


@pytest.mark.parametrize(
    "email", ["coordinator@clinic.test", "nobody@clinic.test"], ids=["wrong-password", "unknown-email"]
)
def test_refused_log_in_shows_the_generic_message(page: Page, log_in, email):
    """A wrong password and an unknown email get the same message, which reveals no account."""
    make_user("coordinator", email="coordinator@clinic.test")

    log_in(email, password="not-the-password-at-all")

    expect(page).to_have_url(LOGIN_URL)
    expect(page.get_by_role("alert")).to_have_text(LOGIN_REFUSED)
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in to Carespace")
