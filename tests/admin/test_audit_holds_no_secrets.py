"""The audit trail never holds a secret.

Rule checked: after every admin flow (creating an account, setting a password through its link,
failed and refused log-ins, editing, new links voiding old ones, deactivation, reactivation, export)
no column of any audit_events row contains a password that was typed, a password hash, a one-time
link token or its hash, or a session token's hash.
"""

from sqlalchemy import select

from carespace.extensions import db
from carespace.models import AccountToken, AuditEvent, User, UserSession
from tests.admin.pages import choose_password, discipline_ids, issue_link, one_time_link
from tests.factories import PASSWORD

FIRST_PASSWORD = "first-chosen-password-31"
SECOND_PASSWORD = "second-chosen-password-47"
CHANGED_PASSWORD = "changed-own-password-59"
WRONG_PASSWORD = "a-wrong-guess-at-the-password"
WEAK_PASSWORDS = ["password1234", "short-pw-1"]
MISMATCHED_CONFIRMATION = "not-the-same-as-the-first-one"
TOUR_ACTIONS = {
    "account.created",
    "account.password_reset_issued",
    "account.password_reset",
    "auth.login",
    "auth.login_failed",
    "account.password_changed",
    "account.updated",
    "account.deactivated",
    "auth.login_refused",
    "account.reactivated",
    "audit.exported",
}


def stored_secrets(when: str) -> dict[str, str]:
    """Password hashes, link-token hashes and session-token hashes now in the database, labelled with `when`."""
    secrets = {f"{when}: password hash of {u.email}": u.password_hash for u in db.session.scalars(select(User))}
    secrets |= {f"{when}: link token hash {t.id}": t.token_hash for t in db.session.scalars(select(AccountToken))}
    secrets |= {f"{when}: session hash {s.id}": s.token_hash for s in db.session.scalars(select(UserSession))}
    return {label: value for label, value in secrets.items() if value}


def secrets_in_audit(secrets: dict[str, str]) -> list[tuple[int, str, str]]:
    """(event id, column, secret label) for every audit cell holding a secret."""
    table = AuditEvent.__table__
    found = []
    for row in db.session.execute(select(table)):
        for column, value in row._mapping.items():
            text = "" if value is None else str(value)
            found.extend((row.id, column, label) for label, secret in secrets.items() if secret in text)
            if "$argon2" in text or "/reset/" in text:
                found.append((row.id, column, "something shaped like a hash or a link"))
    return found


def test_no_password_hash_or_token_appears_in_the_audit_trail(client, admin, person):
    secrets = {"admin's password": PASSWORD, "wrong password": WRONG_PASSWORD}
    secrets |= {f"weak password {p}": p for p in WEAK_PASSWORDS}
    secrets |= {"mismatched confirmation": MISMATCHED_CONFIRMATION}
    secrets |= {"first password": FIRST_PASSWORD, "second password": SECOND_PASSWORD}
    secrets |= {"changed password": CHANGED_PASSWORD}

    created = client.post_form(
        "/admin/users/new",
        {
            "email": "rosa.lind@clinic.example",
            "name": "Rosa Lind",
            "role": "practitioner",
            "disciplines": discipline_ids("physiotherapy"),
        },
    )
    first_link = one_time_link(created)
    rosa = db.session.scalar(select(User).where(User.email == "rosa.lind@clinic.example"))
    for weak in WEAK_PASSWORDS:
        choose_password(person, first_link, weak)
    choose_password(person, first_link, FIRST_PASSWORD, confirm=MISMATCHED_CONFIRMATION)
    assert choose_password(person, first_link, FIRST_PASSWORD).status_code == 302
    secrets |= stored_secrets("first password set")

    person.login(rosa.email, WRONG_PASSWORD)
    assert person.login(rosa.email, FIRST_PASSWORD).status_code == 302
    person.post_form(
        "/account/password",
        {"current_password": FIRST_PASSWORD, "new_password": CHANGED_PASSWORD, "confirm": CHANGED_PASSWORD},
    )
    secrets |= stored_secrets("own password changed")

    client.post_form(
        f"/admin/users/{rosa.id}",
        {"name": "Rosa Lind-Berg", "role": "practitioner", "disciplines": discipline_ids("kinesiology")},
    )
    voided_link = issue_link(client, rosa)
    second_link = issue_link(client, rosa)
    assert choose_password(person, second_link, SECOND_PASSWORD).status_code == 302
    secrets |= stored_secrets("second password set")

    person.login(rosa.email, SECOND_PASSWORD)
    client.post_form(f"/admin/users/{rosa.id}/deactivate")
    person.login(rosa.email, SECOND_PASSWORD)
    client.post_form(f"/admin/users/{rosa.id}/reactivate")
    client.get("/admin/audit.csv")
    secrets |= stored_secrets("end of tour")
    secrets |= {
        f"link token {n}": link.removeprefix("/reset/") for n, link in enumerate([first_link, voided_link, second_link])
    }

    assert set(db.session.scalars(select(AuditEvent.action))) == TOUR_ACTIONS  # every step really happened
    assert secrets_in_audit(secrets) == []
