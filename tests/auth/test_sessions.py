"""Sessions are server-side records: log-out, password changes and time-outs end them for every copy of the cookie."""

from datetime import timedelta

from sqlalchemy import select

from carespace import clock
from carespace.extensions import db
from carespace.models import AuditEvent, UserSession
from tests.factories import PASSWORD, make_user

COOKIE = "carespace_session"
NEW_PASSWORD = "a-brand-new-long-secret-7"


def copy_of(app, client):
    """A second browser holding a copy of `client`'s session cookie."""
    thief = app.test_client()
    thief.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    return thief


def is_signed_in(client) -> bool:
    return client.get("/account/password").status_code == 200


def test_copied_cookie_is_refused_after_logout(app, client, login_as):
    login_as("coordinator")
    thief = copy_of(app, client)
    assert is_signed_in(thief)
    client.post_form("/logout")
    assert not is_signed_in(client)
    assert not is_signed_in(thief)


def test_logout_needs_post_and_is_audited(client, login_as):
    user = login_as("practitioner")
    assert client.get("/logout").status_code == 405
    response = client.post_form("/logout", follow_redirects=True)
    assert "You are logged out." in response.get_data(as_text=True)
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.actor_id == user.id)).all()
    assert "auth.logout" in actions


def test_logout_without_csrf_token_is_refused(client, login_as):
    login_as("coordinator")
    assert client.post("/logout").status_code == 400
    assert is_signed_in(client)


def test_login_starts_a_fresh_session_and_csrf_secret(client):
    user = make_user()
    anonymous_token = client.csrf_token()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    client.login(user.email)
    with client.session_transaction() as session:
        assert "planted" not in session
    # A token minted before log-in no longer passes.
    assert client.post("/logout", data={"csrf_token": anonymous_token}).status_code == 400
    assert client.csrf_token() != anonymous_token


def test_session_ends_after_thirty_idle_minutes(client, login_as, frozen_clock):
    login_as("coordinator")
    clock.advance(timedelta(minutes=30, seconds=61))
    response = client.get("/coordinator")
    assert response.headers["Location"].startswith("/login")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your session has ended" in page
    assert db.session.scalar(select(UserSession.end_reason)) == "idle_timeout"


def test_activity_keeps_the_session_alive(client, login_as, frozen_clock):
    login_as("coordinator")
    for _ in range(4):
        clock.advance(timedelta(minutes=25))
        assert client.get("/coordinator").status_code == 200


def test_session_ends_twelve_hours_after_login_even_when_active(client, login_as, frozen_clock):
    login_as("coordinator")
    for _ in range(35):  # a request every 20 minutes, up to 11 h 40 min after log-in
        clock.advance(timedelta(minutes=20))
        assert client.get("/coordinator").status_code == 200
    clock.advance(timedelta(minutes=21))
    assert client.get("/coordinator").status_code == 302
    assert db.session.scalar(select(UserSession.end_reason)) == "absolute_timeout"


def test_session_cookie_is_httponly_and_samesite_lax(client):
    user = make_user()
    response = client.login(user.email)
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith(COOKIE))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # development serves plain HTTP


def test_only_the_token_hash_is_stored(client):
    user = make_user()
    client.login(user.email)
    with client.session_transaction() as session:
        token = session["sid"]
    stored = db.session.scalar(select(UserSession.token_hash))
    assert token not in stored and len(stored) == 64


class TestPasswordChange:
    """A signed-in user changes their own password with the current one; other devices are signed out."""

    def change(self, client, current=PASSWORD, new=NEW_PASSWORD, confirm=None):
        return client.post_form(
            "/account/password",
            {"current_password": current, "new_password": new, "confirm": confirm or new},
        )

    def test_change_ends_other_sessions_and_keeps_this_one(self, app, client, login_as):
        user = login_as("practitioner")
        other_device = copy_of(app, client)
        response = self.change(client)
        assert response.status_code == 302
        assert is_signed_in(client)
        assert not is_signed_in(other_device)
        client.post_form("/logout")
        assert client.login(user.email, PASSWORD).status_code == 200
        assert client.login(user.email, NEW_PASSWORD).status_code == 302

    def test_wrong_current_password_is_refused_beside_its_field(self, client, login_as):
        login_as("coordinator")
        html = self.change(client, current="not-my-password-at-all").get_data(as_text=True)
        assert 'id="current_password-error"' in html
        assert "Your current password is not correct." in html

    def test_rules_are_explained(self, client, login_as):
        user = login_as("coordinator")
        cases = {
            "short-pass": "Use at least 12 characters.",
            user.email: "Your password cannot be your email address.",
            "password1234": "This password is too common.",
            PASSWORD: "Choose a password different from your current one.",
        }
        for new, message in cases.items():
            response = self.change(client, new=new)
            assert response.status_code == 200
            assert message in response.get_data(as_text=True)

    def test_confirmation_must_match(self, client, login_as):
        login_as("coordinator")
        response = self.change(client, confirm="something-else-entirely")
        assert "The two passwords do not match." in response.get_data(as_text=True)

    def test_change_is_audited_without_the_password(self, client, login_as):
        login_as("coordinator")
        self.change(client)
        events = db.session.scalars(select(AuditEvent)).all()
        assert "account.password_changed" in [e.action for e in events]
        for event in events:
            assert NEW_PASSWORD not in repr(vars(event))
            assert PASSWORD not in repr(vars(event))

    def test_anonymous_visitors_are_sent_to_login(self, client):
        response = client.get("/account/password")
        assert response.headers["Location"] == "/login?next=/account/password"
