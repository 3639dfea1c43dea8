"""One-time password links issued by an admin (POST /admin/users/<id>/reset-link, used at /reset/<token>).

Rules checked:
- a link works once: after the password is set, the link shows "This link cannot be used" with 404;
- a link expires 24 hours after it is issued;
- issuing a new link voids the older one;
- the reset page refuses weak passwords with the rule's message (too short, the email, a common password)
  and a confirmation that does not match; a refused attempt leaves the link usable;
- setting a password ends the person's other sessions;
- only the token's hash is stored: the raw token appears in no table, the audit table included;
- each issue is audited as `account.password_reset_issued`, each use as `account.password_reset`.
"""

from datetime import timedelta

import pytest
from sqlalchemy import select

from carespace import clock
from carespace.auth.sessions import token_hash
from carespace.extensions import db
from carespace.models import AccountToken
from tests.admin.pages import (
    audit_events,
    audit_text,
    choose_password,
    database_text,
    field_error,
    issue_link,
)
from tests.factories import PASSWORD, make_user

NEW_PASSWORD = "correct-horse-battery-7"
CANNOT_BE_USED = "This link cannot be used"


def is_refused(response) -> bool:
    return response.status_code == 404 and CANNOT_BE_USED in response.get_data(as_text=True)


def test_link_page_shows_whose_password_is_being_set(client, admin, person):
    coordinator = make_user("coordinator", email="robin.hale@clinic.test")

    page = person.get(issue_link(client, coordinator))

    assert page.status_code == 200
    assert "robin.hale@clinic.test" in page.get_data(as_text=True)


def test_link_sets_the_new_password(client, admin, person):
    coordinator = make_user("coordinator")
    link = issue_link(client, coordinator)

    choose_password(person, link, NEW_PASSWORD)

    assert person.login(coordinator.email, PASSWORD).status_code == 200
    assert person.login(coordinator.email, NEW_PASSWORD).status_code == 302


def test_link_works_only_once(client, admin, person):
    link = issue_link(client, make_user("coordinator"))
    choose_password(person, link, NEW_PASSWORD)

    assert is_refused(person.get(link))
    assert is_refused(choose_password(person, link, "another-fine-password-8"))


def test_link_expires_after_24_hours(frozen_clock, client, admin, person):
    link = issue_link(client, make_user("coordinator"))

    clock.advance(timedelta(hours=23, minutes=59))
    assert person.get(link).status_code == 200
    clock.advance(timedelta(minutes=1))
    assert is_refused(person.get(link))
    assert is_refused(choose_password(person, link, NEW_PASSWORD))


def test_new_link_voids_the_older_one(client, admin, person):
    coordinator = make_user("coordinator")
    older = issue_link(client, coordinator)

    newer = issue_link(client, coordinator)

    assert older != newer
    assert is_refused(person.get(older))
    assert person.get(newer).status_code == 200


def test_link_of_another_account_is_not_voided(client, admin, person):
    first = issue_link(client, make_user("coordinator"))

    issue_link(client, make_user("coordinator"))

    assert person.get(first).status_code == 200


@pytest.mark.parametrize("token", ["not-a-real-token", "x" * 43])
def test_unknown_token_cannot_be_used(person, token):
    assert is_refused(person.get(f"/reset/{token}"))


def test_link_of_a_deactivated_account_cannot_be_used(client, admin, person):
    coordinator = make_user("coordinator")
    link = issue_link(client, coordinator)

    client.post_form(f"/admin/users/{coordinator.id}/deactivate")

    assert is_refused(person.get(link))


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short-pw-1", "Use at least 12 characters."),
        ("robin.hale@clinic.test", "Your password cannot be your email address."),
        ("Robin.Hale@Clinic.TEST", "Your password cannot be your email address."),
        ("password1234", "This password is too common. Choose one that is harder to guess."),
        ("PASSWORD1234", "This password is too common. Choose one that is harder to guess."),
    ],
)
def test_weak_password_is_refused_with_the_rules_message(client, admin, person, password, message):
    coordinator = make_user("coordinator", email="robin.hale@clinic.test")
    link = issue_link(client, coordinator)

    response = choose_password(person, link, password)

    assert response.status_code == 200
    assert field_error(response, "new_password") == message
    assert person.login(coordinator.email, password).status_code == 200
    assert audit_events("account.password_reset") == []


def test_mismatched_confirmation_is_refused(client, admin, person):
    coordinator = make_user("coordinator")
    link = issue_link(client, coordinator)

    response = choose_password(person, link, NEW_PASSWORD, confirm="correct-horse-battery-8")

    assert response.status_code == 200
    assert field_error(response, "confirm") == "The two passwords do not match."
    assert person.login(coordinator.email, NEW_PASSWORD).status_code == 200


def test_refused_password_leaves_the_link_usable(client, admin, person):
    coordinator = make_user("coordinator")
    link = issue_link(client, coordinator)
    choose_password(person, link, "password1234")

    response = choose_password(person, link, NEW_PASSWORD)

    assert response.status_code == 302
    assert person.login(coordinator.email, NEW_PASSWORD).status_code == 302


def test_setting_a_password_ends_the_persons_other_sessions(app, client, admin, person):
    coordinator = make_user("coordinator")
    laptop = app.test_client()
    laptop.login(coordinator.email)
    link = issue_link(client, coordinator)

    choose_password(person, link, NEW_PASSWORD)

    response = laptop.get("/coordinator")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_only_the_tokens_hash_is_stored(client, admin):
    coordinator = make_user("coordinator")

    token = issue_link(client, coordinator).removeprefix("/reset/")

    [record] = db.session.scalars(select(AccountToken)).all()
    assert record.token_hash == token_hash(token)
    assert token not in database_text()
    assert token not in audit_text()


def test_used_token_is_still_not_stored(client, admin, person):
    token = issue_link(client, make_user("coordinator")).removeprefix("/reset/")

    choose_password(person, f"/reset/{token}", NEW_PASSWORD)

    assert token not in database_text()


def test_link_expiry_is_recorded_as_24_hours_after_issue(frozen_clock, client, admin):
    issue_link(client, make_user("coordinator"))

    [record] = db.session.scalars(select(AccountToken)).all()
    assert record.expires_at == clock.now() + timedelta(hours=24)
    assert record.created_by_id == admin.id


def test_issue_and_use_are_audited(client, admin, person):
    coordinator = make_user("coordinator")

    choose_password(person, issue_link(client, coordinator), NEW_PASSWORD)

    [issued] = audit_events("account.password_reset_issued")
    [used] = audit_events("account.password_reset")
    assert (issued.actor_id, issued.object_id) == (admin.id, coordinator.id)
    assert (used.actor_id, used.object_id) == (coordinator.id, coordinator.id)
