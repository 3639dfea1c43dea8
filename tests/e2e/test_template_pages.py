"""The template pages pass axe-core with no serious or critical violation, with and without errors showing."""

import pytest
from playwright.sync_api import Page, expect

from tests.factories import make_user
from tests.plan_templates.pages import template_named


@pytest.fixture
def admin(page: Page, log_in) -> None:
    """An admin signed in through the form."""
    log_in(make_user("admin", name="Ada Lindqvist"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff accounts")


def test_template_list_is_accessible(page: Page, admin, assert_accessible):
    page.get_by_role("link", name="Templates").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Care-plan templates")
    expect(page.get_by_role("cell", name="Sciatica", exact=False)).to_be_visible()
    assert_accessible(page)


def test_new_template_form_is_accessible(page: Page, admin, assert_accessible):
    page.goto("/admin/templates")
    page.get_by_role("link", name="New template").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New care-plan template")
    assert_accessible(page)


def test_radiculopathy_edit_form_is_accessible(page: Page, admin, assert_accessible):
    page.goto("/admin/templates")
    page.get_by_role("link", name="Radiculopathy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Radiculopathy")
    expect(page.get_by_label("Acute discipline 1 focus", exact=True)).to_have_value("Gentle mobility and nerve glides")
    assert_accessible(page)


def test_template_form_after_a_refused_submit_is_accessible(page: Page, admin, assert_accessible):
    page.goto("/admin/templates/new")
    page.get_by_label("Name", exact=True).fill("Sciatica")
    page.get_by_label("Aliases (optional)").fill("Blank plan")
    page.get_by_label("Subacute discipline 2 focus", exact=True).fill("Half a row")
    page.get_by_label("Maintenance goal 1 target", exact=True).fill("< 20 %")
    page.get_by_role("button", name="Save template").click()

    expect(page.get_by_role("alert")).to_have_text("The template was not saved: correct the fields marked below.")
    expect(page.get_by_text("“Sciatica” is already an alias of the Radiculopathy template.")).to_be_visible()
    expect(page.get_by_text("“Blank plan” is already the name of the Blank plan template.")).to_be_visible()
    expect(page.get_by_label("Subacute discipline 2", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Maintenance goal 1", exact=True)).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


def test_retired_template_edit_page_is_accessible(page: Page, admin, assert_accessible):
    page.goto(f"/admin/templates/{template_named('Radiculopathy').id}")
    page.get_by_role("button", name="Retire template").click()
    expect(page.get_by_role("button", name="Restore template")).to_be_visible()
    assert_accessible(page)
    page.goto("/admin/templates")
    expect(page.get_by_role("heading", name="Retired")).to_be_visible()
    assert_accessible(page)
