"""Every page passes axe-core with no serious or critical violation, with and without errors showing."""

import re

import pytest
from playwright.sync_api import Page, expect

from carespace.auth.routes import LOGIN_REFUSED
from tests.factories import make_user


@pytest.fixture
def accounts(page: Page, log_in) -> dict[str, int]:
    """An admin signed in through the form, with other accounts listed and log-ins in the audit log."""
    practitioner = make_user("practitioner", name="Priya Shah", disciplines=["physiotherapy", "kinesiology"])
    make_user("coordinator", name="Cal Moreau", active=False)
    admin = make_user("admin", name="Ada Lindqvist")
    log_in(admin)
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff accounts")
    return {"admin": admin.id, "practitioner": practitioner.id}


def test_log_in_page_is_accessible(page: Page, assert_accessible):
    page.goto("/login")
    assert_accessible(page)


def test_log_in_page_with_field_errors_is_accessible(page: Page, assert_accessible):
    page.goto("/login")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_label("Email", exact=True)).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


def test_refused_log_in_is_accessible(page: Page, log_in, assert_accessible):
    log_in("nobody@clinic.test", password="not-the-password-at-all")
    expect(page.get_by_role("alert")).to_have_text(LOGIN_REFUSED)
    assert_accessible(page)


def test_page_not_found_is_accessible_when_signed_out(page: Page, assert_accessible):
    response = page.goto("/no-such-page")
    assert response.status == 404
    assert_accessible(page)


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        pytest.param("/admin/users", "Staff accounts", id="accounts"),
        pytest.param("/admin/users?q=zzz", "Staff accounts", id="accounts-no-match"),
        pytest.param("/admin/users/new", "New staff account", id="new-account"),
        pytest.param("/admin/users/{practitioner}", "Priya Shah", id="edit-practitioner"),
        pytest.param("/admin/users/{admin}", "Ada Lindqvist", id="edit-own-account"),
        pytest.param("/admin/audit", "Audit log", id="audit"),
        pytest.param("/admin/audit?start=2026-03-01&end=2026-02-01", "Audit log", id="audit-filter-error"),
        pytest.param("/account/password", "Change your password", id="change-password"),
        pytest.param("/no-such-page", "Page not found", id="not-found"),
    ],
)
def test_admin_page_is_accessible(page: Page, accounts, assert_accessible, path, heading):
    page.goto(path.format(**accounts))
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)


def test_no_match_and_filter_error_are_shown(page: Page, accounts):
    """The two error states above really are on the page that axe checked."""
    page.goto("/admin/users?q=zzz")
    expect(page.get_by_role("cell", name="No account matches.")).to_be_visible()
    page.goto("/admin/audit?start=2026-03-01&end=2026-02-01")
    expect(page.get_by_text("The end date is before the start date.")).to_be_visible()


def test_new_account_form_with_field_errors_is_accessible(page: Page, accounts, assert_accessible):
    page.goto("/admin/users/new")
    page.get_by_label("Email").fill("not-an-email")
    page.get_by_label("Role").select_option("practitioner")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Enter a valid email address.")).to_be_visible()
    expect(page.get_by_text("Choose at least one discipline for a practitioner.")).to_be_visible()
    assert_accessible(page)


def test_password_link_page_is_accessible(page: Page, live_server, accounts, assert_accessible):
    page.goto("/admin/users/new")
    page.get_by_label("Email").fill("noor.haddad@clinic.example.org")
    page.get_by_label("Full name").fill("Noor Haddad")
    page.get_by_label("Role").select_option("coordinator")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Password link for Noor Haddad")
    expect(page.get_by_label("Link")).to_have_value(re.compile(re.escape(f"{live_server}/reset/") + r"[\w-]+"))
    assert_accessible(page)


def test_change_password_form_with_field_errors_is_accessible(page: Page, accounts, assert_accessible):
    page.goto("/account/password")
    page.get_by_label("Current password").fill("not-the-password-at-all")
    page.get_by_role("button", name="Save password").click()
    expect(page.get_by_label("New password", exact=True)).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
