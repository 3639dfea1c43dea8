"""Portal access: invitations, choosing a password, revocation.

Rules checked:
- from the chart a coordinator invites the patient: this creates their patient account and a one-time link,
  shown once to the coordinator to hand over, that expires after 72 hours;
- the link lets the patient choose a password under the staff rules (12+ characters, not the email, not a
  common password); a refused password leaves the link usable;
- an expired, used or voided link says so and tells the patient to ask the clinic for a new one;
- re-inviting voids the earlier link;
- an email that belongs to another account is refused beside the field;
- revoking portal access refuses the next log-in with the same generic message as a wrong password, and ends
  the patient's live session; a revoked patient's invitation link stops working;
- the chart's "Patient portal" section says where the patient stands (not invited, invited, access, revoked);
- each step is audited against the patient.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from carespace.auth.routes import LOGIN_REFUSED
from carespace.extensions import db
from carespace.models import AccountToken, Role, TokenPurpose, User
from tests.factories import PASSWORD, make_patient, make_user
from tests.portal.conftest import audit_actions, make_portal_patient

NEW_PASSWORD = "quiet-harbour-lantern-58"
LINK = re.compile(r'value="(http://localhost/portal/invite/([\w-]+))"')
INVALID = "This invitation link has expired or was already used"


@pytest.fixture
def patient(app):
    return make_patient("Maya", "Lindqvist", email=None)


@pytest.fixture
def coordinator_client(client, login_as):
    login_as("coordinator", name="Dana Okafor")
    return client


def invite(client, patient, email="maya.lindqvist@example.org"):
    return client.post_form(f"/patients/{patient.id}/portal/invite", {"email": email})


def link_from(response) -> tuple[str, str]:
    """The invitation link shown to the coordinator, and its path."""
    match = LINK.search(response.get_data(as_text=True))
    assert match, "no invitation link on the page"
    return match.group(1), f"/portal/invite/{match.group(2)}"


def choose_password(client, path, password=NEW_PASSWORD, confirm=None):
    return client.post_form(path, {"new_password": password, "confirm": confirm or password})


def fresh(record):
    """`record` as the database has it now (the views commit in their own sessions)."""
    db.session.expire_all()
    return record


def test_invitation_creates_the_patient_account_and_a_link_shown_once(coordinator_client, patient, frozen_clock):
    response = invite(coordinator_client, patient, " Maya.Lindqvist@Example.org ")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Portal invitation for Maya Lindqvist" in html
    assert "works once and expires in 72 hours" in html
    link, _path = link_from(response)
    fresh(patient)
    account = patient.user
    assert (account.email, account.role, account.name, account.active) == (
        "maya.lindqvist@example.org",
        Role.PATIENT,
        "Maya Lindqvist",
        True,
    )
    assert account.password_hash is None
    assert patient.email == "maya.lindqvist@example.org"  # the chart had no email: it takes the invited one
    token = db.session.scalar(select(AccountToken).where(AccountToken.user_id == account.id))
    assert token.purpose == TokenPurpose.INVITATION
    assert token.expires_at - token.created_at == timedelta(hours=72)
    assert link.split("/")[-1] not in token.token_hash  # only the hash is stored
    assert response.headers["Cache-Control"] == "no-store"
    assert "portal.invited" in audit_actions(patient)


def test_chart_section_says_where_the_patient_stands(coordinator_client, client, patient):
    def section() -> str:
        html = client.get(f"/patients/{patient.id}").get_data(as_text=True)
        return html.split('id="portal-heading"', 1)[1].split("</section>", 1)[0]

    assert "Not invited yet." in section()
    _link, path = link_from(invite(client, patient))
    assert "Invited (maya.lindqvist@example.org); the patient has not chosen a password yet." in section()
    assert "Revoke portal access" in section()

    patient_browser = client.application.test_client()
    choose_password(patient_browser, path)
    assert "The patient has portal access (maya.lindqvist@example.org)" in section()

    client.post_form(f"/patients/{patient.id}/portal/revoke")
    assert "Portal access was revoked." in section()
    assert "Revoke portal access" not in section()


def test_patient_chooses_a_password_through_the_link_and_logs_in(coordinator_client, patient, app):
    _link, path = link_from(invite(coordinator_client, patient))
    browser = app.test_client()

    page = browser.get(path)
    assert page.status_code == 200
    assert "Welcome, Maya Lindqvist" in page.get_data(as_text=True)
    assert "You will log in with <strong>maya.lindqvist@example.org</strong>" in page.get_data(as_text=True)

    response = choose_password(browser, path)
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert browser.login("maya.lindqvist@example.org", NEW_PASSWORD).headers["Location"] == "/"
    assert browser.get("/").headers["Location"] == "/portal"
    assert "Hello, Maya" in browser.get("/portal").get_data(as_text=True)
    assert {"portal.invited", "portal.invitation_accepted"} <= set(audit_actions(patient))


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short-one", "Use at least 12 characters."),
        ("maya.lindqvist@example.org", "Your password cannot be your email address."),
        ("password1234", "This password is too common. Choose one that is harder to guess."),
    ],
    ids=["too short", "the email", "common"],
)
def test_password_rules_are_the_staff_rules_and_the_link_stays_usable(
    coordinator_client, patient, app, password, message
):
    _link, path = link_from(invite(coordinator_client, patient))
    browser = app.test_client()

    response = choose_password(browser, path, password)

    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert fresh(patient).user.password_hash is None
    assert choose_password(browser, path).status_code == 302


def test_the_two_passwords_must_match(coordinator_client, patient, app):
    _link, path = link_from(invite(coordinator_client, patient))
    response = choose_password(app.test_client(), path, NEW_PASSWORD, "another-long-password-9")
    assert "The two passwords do not match." in response.get_data(as_text=True)


def assert_invalid_link(response):
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert INVALID in html
    assert "Please ask your clinic for a new invitation link." in html
    assert 'name="new_password"' not in html


def test_a_used_link_says_so_and_sends_the_patient_to_the_clinic(coordinator_client, patient, app):
    _link, path = link_from(invite(coordinator_client, patient))
    browser = app.test_client()
    choose_password(browser, path)

    assert_invalid_link(browser.get(path))
    assert_invalid_link(choose_password(browser, path, "someone-elses-password-1"))
    assert browser.login("maya.lindqvist@example.org", "someone-elses-password-1").status_code == 200


def test_the_link_expires_after_72_hours(coordinator_client, patient, app, frozen_clock):
    _link, path = link_from(invite(coordinator_client, patient))
    browser = app.test_client()

    frozen_clock.advance(timedelta(hours=71, minutes=59))
    assert browser.get(path).status_code == 200
    frozen_clock.advance(timedelta(minutes=1))
    assert_invalid_link(browser.get(path))
    assert_invalid_link(choose_password(browser, path))
    assert fresh(patient).user.password_hash is None


def test_an_unknown_link_says_so(client):
    assert_invalid_link(client.get("/portal/invite/not-a-real-token"))


def test_reinviting_voids_the_earlier_link(coordinator_client, patient, app):
    _first_link, first = link_from(invite(coordinator_client, patient))
    _second_link, second = link_from(invite(coordinator_client, patient))
    browser = app.test_client()

    assert_invalid_link(browser.get(first))
    assert choose_password(browser, second).status_code == 302
    account_id = db.session.scalar(select(User.id).where(User.email == "maya.lindqvist@example.org"))
    assert account_id == fresh(patient).user_id


def test_reinviting_keeps_one_account_and_ends_the_old_password(coordinator_client, patient, app):
    """A patient who forgot their password is simply invited again: the old password stops working."""
    _link, path = link_from(invite(coordinator_client, patient))
    patient_browser = app.test_client()
    choose_password(patient_browser, path)
    assert patient_browser.login("maya.lindqvist@example.org", NEW_PASSWORD).status_code == 302

    invite(coordinator_client, patient)

    assert patient_browser.get("/portal").headers["Location"].startswith("/login")
    assert app.test_client().login("maya.lindqvist@example.org", NEW_PASSWORD).status_code == 200
    assert db.session.scalar(select(db.func.count()).select_from(User).where(User.role == Role.PATIENT)) == 1


@pytest.mark.parametrize("email", ["", "not-an-email"])
def test_a_missing_or_malformed_email_is_refused_beside_the_field(coordinator_client, patient, email):
    response = invite(coordinator_client, patient, email)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Enter the patient&#39;s email." in html or "Enter a valid email address." in html
    assert fresh(patient).user_id is None


def test_an_email_of_another_account_is_refused(coordinator_client, patient):
    staff = make_user("practitioner", email="pat.physio@example.org")
    other = make_portal_patient("Omar", with_plan=False)

    for email in (staff.email, other.user.email):
        response = invite(coordinator_client, patient, email.upper())
        assert response.status_code == 400
        assert "Another account already uses this email." in response.get_data(as_text=True)
    assert fresh(patient).user_id is None
    assert staff.role == Role.PRACTITIONER


def test_revoked_patient_is_refused_like_a_wrong_password_and_the_live_session_ends(coordinator_client, app):
    maya = make_portal_patient("Maya")
    patient_browser = app.test_client()
    assert patient_browser.login(maya.user.email).status_code == 302
    assert patient_browser.get("/portal").status_code == 200

    response = coordinator_client.post_form(f"/patients/{maya.patient.id}/portal/revoke")

    assert response.status_code == 302
    assert response.headers["Location"] == f"/patients/{maya.patient.id}"
    assert patient_browser.get("/portal").headers["Location"].startswith("/login")
    refused = app.test_client().login(maya.user.email)
    assert refused.status_code == 200
    assert LOGIN_REFUSED in refused.get_data(as_text=True)
    wrong = app.test_client().login(maya.user.email, "not-the-password-at-all")
    assert LOGIN_REFUSED in wrong.get_data(as_text=True)
    assert "portal.revoked" in audit_actions(maya.patient)


def test_revoking_voids_an_unused_invitation(coordinator_client, patient, app):
    _link, path = link_from(invite(coordinator_client, patient))
    coordinator_client.post_form(f"/patients/{patient.id}/portal/revoke")
    assert_invalid_link(app.test_client().get(path))


def test_revoking_without_portal_access_is_explained(coordinator_client, patient):
    response = coordinator_client.post_form(f"/patients/{patient.id}/portal/revoke", follow_redirects=True)
    assert "This patient has no portal access to revoke." in response.get_data(as_text=True)


def test_a_revoked_patient_can_be_invited_again(coordinator_client, app):
    maya = make_portal_patient("Maya")
    coordinator_client.post_form(f"/patients/{maya.patient.id}/portal/revoke")

    _link, path = link_from(invite(coordinator_client, maya.patient, maya.user.email))
    browser = app.test_client()
    choose_password(browser, path)

    assert app.test_client().login(maya.user.email, PASSWORD).status_code == 200  # the old password is gone
    assert browser.login(maya.user.email, NEW_PASSWORD).status_code == 302
