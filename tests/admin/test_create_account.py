"""Creating a staff account at /admin/users/new.

Rules checked:
- the account is created without a password; the page hands over a one-time link (/reset/<token>)
  with which the person sets a password and can then log in;
- the email is refused beside the field when it is already used (in any case) or is not an email;
- a practitioner needs at least one discipline, and only practitioners may have disciplines;
- only staff roles can be given here;
- after a refused submit the form keeps what the admin typed;
- every creation writes an `account.created` audit event, naming the role, by the admin.
"""

import pytest
from sqlalchemy import func, select

from carespace.extensions import db
from carespace.models import Role, User
from tests.admin.pages import (
    alerts,
    audit_events,
    choose_password,
    discipline_ids,
    field_error,
    form_values,
    one_time_link,
)
from tests.factories import make_user

NEW_PASSWORD = "correct-horse-battery-7"


def new_account(**overrides) -> dict:
    """A valid form for a new coordinator, with `overrides` applied."""
    return {"email": "rosa.lind@clinic.example", "name": "Rosa Lind", "role": "coordinator", **overrides}


def account_count() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def find(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def test_form_offers_email_name_staff_roles_and_disciplines(client, admin):
    response = client.get("/admin/users/new")
    html = response.get_data(as_text=True)

    assert response.status_code == 200
    assert {"email", "name", "role", "disciplines"} <= form_values(response).keys()
    assert 'value="patient"' not in html
    assert "Physiotherapy" in html


def test_new_account_has_no_password_and_the_page_shows_a_one_time_link(client, admin):
    response = client.post_form("/admin/users/new", new_account())

    user = find("rosa.lind@clinic.example")
    assert response.status_code == 200
    assert user.name == "Rosa Lind"
    assert user.role == Role.COORDINATOR
    assert user.active
    assert user.password_hash is None
    assert one_time_link(response).startswith("/reset/")
    assert alerts(response, "success") == ["Account created for Rosa Lind."]


def test_link_page_is_never_cached(client, admin):
    response = client.post_form("/admin/users/new", new_account())

    assert response.headers["Cache-Control"] == "no-store"


def test_new_account_cannot_log_in_before_a_password_is_set(client, admin, person):
    client.post_form("/admin/users/new", new_account())

    assert person.login("rosa.lind@clinic.example", NEW_PASSWORD).status_code == 200


def test_one_time_link_lets_the_person_set_a_password_then_log_in(client, admin, person):
    link = one_time_link(client.post_form("/admin/users/new", new_account()))

    page = person.get(link)
    chosen = choose_password(person, link, NEW_PASSWORD)
    logged_in = person.login("rosa.lind@clinic.example", NEW_PASSWORD)

    assert page.status_code == 200
    assert "rosa.lind@clinic.example" in page.get_data(as_text=True)
    assert chosen.status_code == 302
    assert chosen.headers["Location"] == "/login"
    assert logged_in.status_code == 302
    assert person.get("/", follow_redirects=True).request.path == "/coordinator"


def test_email_is_stored_trimmed_and_lower_case(client, admin):
    client.post_form("/admin/users/new", new_account(email="Rosa.Lind@Clinic.Example"))

    assert find("rosa.lind@clinic.example") is not None


@pytest.mark.parametrize("email", ["casey@clinic.example", "CASEY@Clinic.Example"])
def test_email_already_used_is_refused_beside_the_field(client, admin, email):
    make_user("practitioner", email="casey@clinic.example")
    before = account_count()

    response = client.post_form("/admin/users/new", new_account(email=email))

    assert response.status_code == 200
    assert field_error(response, "email") == "An account with this email already exists."
    assert account_count() == before


def test_email_of_a_patient_account_is_refused_too(client, admin):
    make_user("patient", email="pat@clinic.example")

    response = client.post_form("/admin/users/new", new_account(email="pat@clinic.example"))

    assert field_error(response, "email") == "An account with this email already exists."


@pytest.mark.parametrize("email", ["rosa", "rosa@", "@clinic.example", "rosa@clinic", "rosa lind@clinic.example"])
def test_invalid_email_is_refused_beside_the_field(client, admin, email):
    before = account_count()

    response = client.post_form("/admin/users/new", new_account(email=email))

    assert response.status_code == 200
    assert field_error(response, "email") == "Enter a valid email address."
    assert account_count() == before


@pytest.mark.parametrize("field", ["email", "name"])
def test_email_and_name_are_required(client, admin, field):
    response = client.post_form("/admin/users/new", new_account(**{field: "   "}))

    assert field_error(response, field) == "This field is required."
    assert find("rosa.lind@clinic.example") is None


def test_practitioner_without_discipline_is_refused(client, admin):
    response = client.post_form("/admin/users/new", new_account(role="practitioner"))

    assert response.status_code == 200
    assert field_error(response, "disciplines") == "Choose at least one discipline for a practitioner."
    assert find("rosa.lind@clinic.example") is None


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_non_practitioner_with_a_discipline_is_refused(client, admin, role):
    response = client.post_form("/admin/users/new", new_account(role=role, disciplines=discipline_ids("physiotherapy")))

    assert response.status_code == 200
    assert field_error(response, "disciplines") == (
        "Only practitioners have disciplines: untick them or choose Practitioner."
    )
    assert find("rosa.lind@clinic.example") is None


def test_practitioner_is_created_with_the_chosen_disciplines(client, admin):
    client.post_form(
        "/admin/users/new",
        new_account(role="practitioner", disciplines=discipline_ids("physiotherapy", "kinesiology")),
    )

    user = find("rosa.lind@clinic.example")
    assert user.role == Role.PRACTITIONER
    assert [d.code for d in user.disciplines] == ["kinesiology", "physiotherapy"]


@pytest.mark.parametrize("role", ["patient", "superuser", ""])
def test_only_staff_roles_can_be_given(client, admin, role):
    response = client.post_form("/admin/users/new", new_account(role=role))

    assert response.status_code == 200
    assert field_error(response, "role") is not None
    assert find("rosa.lind@clinic.example") is None


def test_form_keeps_what_was_typed_after_a_refused_submit(client, admin):
    make_user("coordinator", email="taken@clinic.example")
    typed = new_account(
        email="taken@clinic.example",
        name="Rosa Lind",
        role="practitioner",
        disciplines=discipline_ids("kinesiology", "nutrition"),
    )

    response = client.post_form("/admin/users/new", typed)

    assert field_error(response, "email") is not None
    assert form_values(response) == {
        "email": "taken@clinic.example",
        "name": "Rosa Lind",
        "role": "practitioner",
        "disciplines": [str(i) for i in discipline_ids("kinesiology", "nutrition")],
    }


def test_creation_is_audited_with_the_role_and_the_admin(client, admin):
    client.post_form("/admin/users/new", new_account(role="admin"))

    user = find("rosa.lind@clinic.example")
    [event] = audit_events("account.created")
    assert event.actor_id == admin.id
    assert (event.object_type, event.object_id) == ("users", user.id)
    assert event.detail == "role admin"
    assert event.ip_address == "127.0.0.1"


def test_refused_creation_writes_no_audit_event(client, admin):
    client.post_form("/admin/users/new", new_account(role="practitioner"))

    assert audit_events("account.created") == []
    assert audit_events("account.password_reset_issued") == []
