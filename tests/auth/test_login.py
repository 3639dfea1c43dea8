"""Log-in rules: each role's landing page, one message for every refusal, safe `next`, lock-out, CSRF."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from carespace import clock
from carespace.auth.routes import LOGIN_REFUSED
from carespace.extensions import db
from carespace.models import AuditEvent, Role, User
from tests.factories import PASSWORD, make_user

HOMES = {
    Role.ADMIN: "/admin/users",
    Role.COORDINATOR: "/coordinator",
    Role.PRACTITIONER: "/practitioner",
    Role.PATIENT: "/portal",
}


def refusal_text(response) -> str:
    """The alert a refused log-in shows (the page's only danger alert)."""
    html = response.get_data(as_text=True)
    start = html.index('class="alert alert-danger"')
    return html[start : html.index("</div>", start)]


def audit_count(action: str) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action))


@pytest.mark.parametrize("role", list(Role))
def test_each_role_lands_on_its_own_home_page(client, role):
    user = make_user(role)
    response = client.login(user.email)
    assert response.headers["Location"] == "/"
    home = client.get("/")
    assert home.headers["Location"] == HOMES[role]
    assert client.get(HOMES[role], follow_redirects=True).status_code == 200


def test_login_form_has_email_and_password_fields(client):
    html = client.get("/login").get_data(as_text=True)
    assert 'name="email"' in html
    assert 'name="password"' in html
    assert 'name="csrf_token"' in html


def test_email_is_matched_without_regard_to_case(client):
    make_user(email="casey@clinic.test")
    assert client.login("Casey@Clinic.TEST").status_code == 302


def test_success_and_failure_are_audited_with_address(client):
    user = make_user()
    client.login(user.email, "wrong password here")
    client.login(user.email)
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["auth.login_failed", "auth.login"]
    assert all(e.object_id == user.id and e.ip_address == "127.0.0.1" for e in events)
    assert events[1].actor_id == user.id


def test_every_refusal_shows_the_same_message(client, frozen_clock):
    """Wrong password, unknown email, locked and deactivated accounts cannot be told apart."""
    known = make_user()
    deactivated = make_user(active=False)
    locked = make_user()
    locked.locked_until = clock.now() + timedelta(minutes=10)
    db.session.commit()

    attempts = [
        (known.email, "not the right password"),
        ("nobody@clinic.test", PASSWORD),
        (deactivated.email, PASSWORD),
        (locked.email, PASSWORD),
    ]
    messages = set()
    for email, password in attempts:
        response = client.login(email, password)
        assert response.status_code == 200
        messages.add(refusal_text(response))
    assert len(messages) == 1
    assert LOGIN_REFUSED in messages.pop()


def test_login_refused_without_csrf_token(client):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # still not signed in


def test_empty_fields_are_refused_beside_the_field(client):
    response = client.post_form("/login", {"email": "", "password": ""})
    assert response.status_code == 200
    assert response.get_data(as_text=True).count("This field is required.") == 2


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "//evil.example/admin",
        "https://evil.example",
        "http://evil.example/login",
        "javascript:alert(1)",
        "/\\evil.example",
        "\\\\evil.example",
        "evil.example",
        "/\r\nLocation: https://evil.example",
    ],
)
def test_unsafe_next_is_ignored(client, target):
    user = make_user()
    response = client.post_form("/login", {"email": user.email, "password": PASSWORD}, query_string={"next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_next_path_on_this_site_is_followed(client):
    user = make_user()
    first = client.get("/account/password")
    assert first.headers["Location"].startswith("/login?next=")
    response = client.post_form(
        "/login", {"email": user.email, "password": PASSWORD}, query_string={"next": "/account/password?x=1"}
    )
    assert response.headers["Location"] == "/account/password?x=1"


class TestLockOut:
    """Five failures within 15 minutes lock the account for 15 minutes."""

    def fail(self, client, user, times=1):
        for _ in range(times):
            client.login(user.email, "definitely-wrong-password")

    def test_five_failures_lock_the_account_even_for_the_right_password(self, client, frozen_clock):
        user = make_user()
        self.fail(client, user, 5)
        assert client.login(user.email).status_code == 200
        assert audit_count("auth.account_locked") == 1
        db.session.refresh(user)
        assert user.locked_until == clock.now() + timedelta(minutes=15)

    def test_four_failures_do_not_lock(self, client, frozen_clock):
        user = make_user()
        self.fail(client, user, 4)
        assert client.login(user.email).status_code == 302

    def test_lock_ends_after_fifteen_minutes(self, client, frozen_clock):
        user = make_user()
        self.fail(client, user, 5)
        clock.advance(timedelta(minutes=14, seconds=59))
        assert client.login(user.email).status_code == 200
        clock.advance(timedelta(seconds=2))
        assert client.login(user.email).status_code == 302

    def test_failures_older_than_fifteen_minutes_do_not_count(self, client, frozen_clock):
        user = make_user()
        self.fail(client, user, 4)
        clock.advance(timedelta(minutes=15, seconds=1))
        self.fail(client, user, 1)
        assert client.login(user.email).status_code == 302

    def test_failures_within_a_sliding_window_lock(self, client, frozen_clock):
        """Failures at 0, 10, 14, 16, 17 and 18 minutes: the last five fall within 15 minutes."""
        user = make_user()
        last = 0
        for minute in (0, 10, 14, 16, 17, 18):
            clock.advance(timedelta(minutes=minute - last))
            last = minute
            self.fail(client, user)
        assert client.login(user.email).status_code == 200
        assert audit_count("auth.account_locked") == 1

    def test_a_successful_login_clears_earlier_failures(self, client, frozen_clock):
        user = make_user()
        self.fail(client, user, 4)
        assert client.login(user.email).status_code == 302
        client.post_form("/logout")
        self.fail(client, user, 4)
        assert client.login(user.email).status_code == 302

    def test_attempts_while_locked_do_not_extend_the_lock(self, client, frozen_clock):
        user = make_user()
        self.fail(client, user, 5)
        clock.advance(timedelta(minutes=10))
        self.fail(client, user, 5)
        clock.advance(timedelta(minutes=5, seconds=1))
        assert client.login(user.email).status_code == 302

    def test_lock_out_is_per_account(self, client, frozen_clock):
        target, bystander = make_user(), make_user()
        self.fail(client, target, 5)
        assert client.login(bystander.email).status_code == 302


def test_deactivated_account_cannot_log_in(client):
    user = make_user(active=False)
    assert client.login(user.email).status_code == 200
    assert db.session.scalar(select(User.last_login_at).where(User.id == user.id)) is None
