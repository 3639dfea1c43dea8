"""Editing a staff account at /admin/users/<id>.

Rules checked:
- the form shows the account's current name, role and disciplines;
- name, role and disciplines are saved, and one `account.updated` event names what changed
  (saving with nothing changed writes no event);
- the discipline rules of account creation hold on edit too;
- an admin cannot change their own role (the message is shown beside the field) but may rename themselves.
"""

import pytest

from carespace.extensions import db
from carespace.models import Role
from tests.admin.pages import alerts, audit_events, discipline_ids, field_error, form_values
from tests.factories import make_user


def edit(client, user, **fields):
    """Post the edit form for `user` with its current values, changed by `fields`."""
    data = {
        "name": user.name,
        "role": user.role.value,
        "disciplines": [d.id for d in user.disciplines],
        **fields,
    }
    return client.post_form(f"/admin/users/{user.id}", data)


def test_form_shows_the_current_name_role_and_disciplines(client, admin):
    user = make_user("practitioner", name="Pia Lopez", disciplines=["kinesiology", "nutrition"])

    response = client.get(f"/admin/users/{user.id}")

    assert response.status_code == 200
    assert form_values(response) == {
        "name": "Pia Lopez",
        "role": "practitioner",
        "disciplines": [str(i) for i in discipline_ids("kinesiology", "nutrition")],
    }
    assert user.email in response.get_data(as_text=True)


def test_name_role_and_disciplines_are_saved_and_audited(client, admin):
    user = make_user("coordinator", name="Casey Moore")

    response = edit(
        client,
        user,
        name="Casey Moore-Lee",
        role="practitioner",
        disciplines=discipline_ids("physiotherapy", "kinesiology"),
    )

    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/users/{user.id}"
    db.session.refresh(user)
    assert user.name == "Casey Moore-Lee"
    assert user.role == Role.PRACTITIONER
    assert [d.code for d in user.disciplines] == ["kinesiology", "physiotherapy"]
    [event] = audit_events("account.updated")
    assert event.detail == "name; role coordinator to practitioner; disciplines kinesiology, physiotherapy"
    assert (event.actor_id, event.object_type, event.object_id) == (admin.id, "users", user.id)


def test_saved_page_confirms_the_change(client, admin):
    user = make_user("coordinator", name="Casey Moore")

    response = edit(client, user, name="Casey Lee")
    page = client.get(response.headers["Location"])

    assert alerts(page, "success") == ["Saved Casey Lee."]


@pytest.mark.parametrize(
    ("change", "detail"),
    [
        ({"name": "Renamed Person"}, "name"),
        ({"role": "admin"}, "role coordinator to admin"),
    ],
)
def test_audit_detail_names_only_what_changed(client, admin, change, detail):
    user = make_user("coordinator")

    edit(client, user, **change)

    assert [e.detail for e in audit_events("account.updated")] == [detail]


def test_audit_detail_never_holds_the_new_name(client, admin):
    user = make_user("coordinator", name="Old Name")

    edit(client, user, name="Brand New Name")

    assert "Brand New Name" not in audit_events("account.updated")[0].detail


def test_practitioner_becoming_coordinator_loses_disciplines(client, admin):
    user = make_user("practitioner", disciplines=["physiotherapy"])

    edit(client, user, role="coordinator", disciplines=[])

    db.session.refresh(user)
    assert user.role == Role.COORDINATOR
    assert user.disciplines == []
    assert audit_events("account.updated")[0].detail == "role practitioner to coordinator; disciplines none"


def test_saving_unchanged_values_writes_no_audit_event(client, admin):
    user = make_user("practitioner", disciplines=["physiotherapy"])

    response = edit(client, user)

    assert response.status_code == 302
    assert audit_events("account.updated") == []


def test_practitioner_without_discipline_is_refused_on_edit(client, admin):
    user = make_user("practitioner", disciplines=["physiotherapy"])

    response = edit(client, user, disciplines=[])

    assert field_error(response, "disciplines") == "Choose at least one discipline for a practitioner."
    db.session.refresh(user)
    assert [d.code for d in user.disciplines] == ["physiotherapy"]
    assert audit_events("account.updated") == []


def test_coordinator_with_a_discipline_is_refused_on_edit(client, admin):
    user = make_user("coordinator")

    response = edit(client, user, disciplines=discipline_ids("nutrition"))

    assert field_error(response, "disciplines") == (
        "Only practitioners have disciplines: untick them or choose Practitioner."
    )
    db.session.refresh(user)
    assert user.disciplines == []


def test_staff_account_cannot_be_turned_into_a_patient(client, admin):
    user = make_user("coordinator")

    response = edit(client, user, role="patient")

    assert response.status_code == 200
    assert field_error(response, "role") is not None
    db.session.refresh(user)
    assert user.role == Role.COORDINATOR


def test_form_keeps_what_was_typed_after_a_refused_submit(client, admin):
    user = make_user("coordinator", name="Casey Moore")

    response = edit(client, user, name="Casey Typed", role="practitioner", disciplines=[])

    assert form_values(response) == {"name": "Casey Typed", "role": "practitioner", "disciplines": []}
    db.session.refresh(user)
    assert user.name == "Casey Moore"


@pytest.mark.parametrize("role", ["coordinator", "practitioner"])
def test_admin_cannot_change_their_own_role(client, admin, role):
    disciplines = discipline_ids("physiotherapy") if role == "practitioner" else []

    response = edit(client, admin, role=role, disciplines=disciplines)

    assert response.status_code == 200
    assert field_error(response, "role") == "You cannot change your own role; ask another admin."
    db.session.refresh(admin)
    assert admin.role == Role.ADMIN
    assert audit_events("account.updated") == []


def test_refused_own_role_change_saves_nothing_else(client, admin):
    response = edit(client, admin, name="Avery Renamed", role="coordinator")

    assert field_error(response, "role") is not None
    db.session.refresh(admin)
    assert admin.name == "Avery Admin"


def test_admin_may_rename_themselves(client, admin):
    response = edit(client, admin, name="Avery Admin-Ng")

    assert response.status_code == 302
    db.session.refresh(admin)
    assert admin.name == "Avery Admin-Ng"
    assert [e.detail for e in audit_events("account.updated")] == ["name"]


def test_admin_may_change_another_admins_role(client, admin):
    other = make_user("admin")

    edit(client, other, role="coordinator")

    db.session.refresh(other)
    assert other.role == Role.COORDINATOR
