"""A patient's own account: changing the password and logging out work as they do for staff.

Rules checked:
- the menu offers "Password" and "Log out" to a signed-in patient;
- a patient changes their password (current password required, same rules as staff), lands back on the
  portal, and only the new password opens the account; their other devices are signed out;
- log-out ends the session: the portal sends the browser to log in again.
"""

from __future__ import annotations

from tests.factories import PASSWORD

NEW_PASSWORD = "quiet-harbour-lantern-58"


def change(client, current=PASSWORD, new=NEW_PASSWORD, confirm=None):
    return client.post_form(
        "/account/password", {"current_password": current, "new_password": new, "confirm": confirm or new}
    )


def test_the_menu_offers_password_and_log_out(maya_client):
    html = maya_client.get("/portal").get_data(as_text=True)
    assert '<a class="nav-link" href="/account/password">Password</a>' in html
    assert 'action="/logout"' in html


def test_patient_changes_their_password(maya_client, maya, app):
    other_device = app.test_client()
    other_device.login(maya.user.email)
    assert maya_client.get("/account/password").status_code == 200

    response = change(maya_client)

    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert maya_client.get("/", follow_redirects=True).request.path == "/portal"
    assert other_device.get("/portal").headers["Location"].startswith("/login")
    assert app.test_client().login(maya.user.email, PASSWORD).status_code == 200
    assert app.test_client().login(maya.user.email, NEW_PASSWORD).status_code == 302


def test_a_wrong_current_password_or_a_weak_new_one_is_refused(maya_client, maya):
    wrong = change(maya_client, current="not-my-password-at-all")
    assert "Your current password is not correct." in wrong.get_data(as_text=True)
    weak = change(maya_client, new="short")
    assert "Use at least 12 characters." in weak.get_data(as_text=True)
    own_email = change(maya_client, new=maya.user.email)
    assert "Your password cannot be your email address." in own_email.get_data(as_text=True)
    assert maya_client.get("/portal").status_code == 200  # still signed in with the old password


def test_patient_logs_out(maya_client):
    response = maya_client.post_form("/logout")

    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert maya_client.get("/portal").headers["Location"].startswith("/login")
