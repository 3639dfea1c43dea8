"""Deactivating and reactivating staff accounts (POST /admin/users/<id>/deactivate and /reactivate).

Rules checked:
- deactivation ends every live session of that person at once: their next request goes to the log-in page;
- a deactivated account cannot log in, and is refused with the same message as a wrong password;
- an admin cannot deactivate their own account;
- reactivation lets the person log in again, but does not revive the sessions that were ended
  nor the password links issued before the deactivation;
- both changes are audited, by the admin, on the account.
"""

from urllib.parse import urlsplit

from sqlalchemy import select

from carespace.auth.routes import LOGIN_REFUSED
from carespace.extensions import db
from carespace.models import UserSession
from tests.admin.pages import alerts, audit_events, issue_link
from tests.factories import make_user


def deactivate(client, user):
    return client.post_form(f"/admin/users/{user.id}/deactivate")


def reactivate(client, user):
    return client.post_form(f"/admin/users/{user.id}/reactivate")


def goes_to_login(response) -> bool:
    return response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/login"


def test_deactivation_ends_the_persons_live_session(client, admin, person):
    coordinator = make_user("coordinator")
    person.login(coordinator.email)
    assert person.get("/coordinator").status_code == 200

    deactivate(client, coordinator)

    assert goes_to_login(person.get("/coordinator"))


def test_deactivation_ends_sessions_on_every_browser(app, client, admin):
    coordinator = make_user("coordinator")
    browsers = [app.test_client(), app.test_client()]
    for browser in browsers:
        browser.login(coordinator.email)

    deactivate(client, coordinator)

    assert all(goes_to_login(browser.get("/coordinator")) for browser in browsers)
    sessions = db.session.scalars(select(UserSession).where(UserSession.user_id == coordinator.id)).all()
    assert [(s.ended_at is not None, s.end_reason) for s in sessions] == [(True, "deactivated")] * 2


def test_deactivation_is_confirmed_and_marks_the_account(client, admin):
    coordinator = make_user("coordinator", name="Casey Moore")

    response = deactivate(client, coordinator)
    page = client.get(response.headers["Location"])

    assert response.headers["Location"] == f"/admin/users/{coordinator.id}"
    assert alerts(page, "success") == ["Casey Moore is deactivated and has been logged out everywhere."]
    assert "Deactivated" in page.get_data(as_text=True)
    db.session.refresh(coordinator)
    assert not coordinator.active


def test_deactivated_account_cannot_log_in_and_sees_the_wrong_password_message(client, admin, person):
    coordinator = make_user("coordinator")
    wrong_password = person.login(coordinator.email, "not-the-right-password")

    deactivate(client, coordinator)
    right_password = person.login(coordinator.email)

    assert right_password.status_code == wrong_password.status_code == 200
    assert alerts(right_password, "danger") == alerts(wrong_password, "danger") == [LOGIN_REFUSED]
    assert goes_to_login(person.get("/coordinator"))


def test_admin_cannot_deactivate_themselves(client, admin):
    response = deactivate(client, admin)
    page = client.get(response.headers["Location"])

    assert alerts(page, "danger") == ["You cannot deactivate your own account."]
    db.session.refresh(admin)
    assert admin.active
    assert page.status_code == 200  # still signed in
    assert audit_events("account.deactivated") == []


def test_own_account_page_offers_no_deactivate_button(client, admin):
    html = client.get(f"/admin/users/{admin.id}").get_data(as_text=True)

    assert f"/admin/users/{admin.id}/deactivate" not in html


def test_admin_may_deactivate_another_admin(client, admin):
    other = make_user("admin")

    deactivate(client, other)

    db.session.refresh(other)
    assert not other.active


def test_reactivation_lets_the_person_log_in_again(client, admin, person):
    coordinator = make_user("coordinator", name="Casey Moore")
    deactivate(client, coordinator)

    response = reactivate(client, coordinator)

    assert alerts(client.get(response.headers["Location"]), "success") == ["Casey Moore can log in again."]
    assert person.login(coordinator.email).status_code == 302
    assert person.get("/coordinator").status_code == 200


def test_reactivation_does_not_revive_ended_sessions(client, admin, person):
    coordinator = make_user("coordinator")
    person.login(coordinator.email)

    deactivate(client, coordinator)
    reactivate(client, coordinator)

    assert goes_to_login(person.get("/coordinator"))


def test_reactivation_does_not_revive_password_links_issued_before_deactivation(client, admin, person):
    coordinator = make_user("coordinator")
    link = issue_link(client, coordinator)

    deactivate(client, coordinator)
    reactivate(client, coordinator)

    assert person.get(link).status_code == 404


def test_deactivation_and_reactivation_are_audited(client, admin):
    coordinator = make_user("coordinator")

    deactivate(client, coordinator)
    reactivate(client, coordinator)

    events = [e for e in audit_events() if e.action.startswith("account.")]
    assert [(e.action, e.actor_id, e.object_type, e.object_id) for e in events] == [
        ("account.deactivated", admin.id, "users", coordinator.id),
        ("account.reactivated", admin.id, "users", coordinator.id),
    ]


def test_repeating_a_deactivation_or_reactivation_records_nothing_new(client, admin):
    coordinator = make_user("coordinator")

    deactivate(client, coordinator)
    deactivate(client, coordinator)
    reactivate(client, coordinator)
    reactivate(client, coordinator)

    assert len(audit_events("account.deactivated")) == 1
    assert len(audit_events("account.reactivated")) == 1


def test_deactivated_account_gets_no_password_link(client, admin):
    coordinator = make_user("coordinator")
    deactivate(client, coordinator)

    response = client.post_form(f"/admin/users/{coordinator.id}/reset-link")

    page = client.get(response.headers["Location"])
    assert alerts(page, "danger") == ["Reactivate the account before issuing a password link."]
    assert "/reset/" not in page.get_data(as_text=True)
    assert audit_events("account.password_reset_issued") == []
