"""Who reaches the portal, and what a patient reaches outside it.

Rules checked:
- every route of the `portal` blueprint, for every role: the patient gets through; coordinators, practitioners
  (even on the patient's own team) and admins are refused with 403; anonymous visitors are sent to log in
  (a POST without a session fails its CSRF check first); the invitation link is open to whoever holds it;
  the matrix covers every portal route of the URL map;
- every portal page a patient views writes an audit event carrying the patient's id;
- a patient sees only their own record: another patient's note, plan or warning-symptom report id is a 404,
  in both directions, as is an id that does not exist;
- every staff page is refused with 403 to a patient;
- the invitation and revocation of portal access are for coordinators only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from carespace.care_plans.services import change_status
from carespace.extensions import db
from carespace.models import AuditEvent, PlanStatus, RedFlagSource, Role
from carespace.patients.services import raise_red_flag
from carespace.permissions import access_for
from carespace.portal.services import invite_patient
from tests.factories import make_patient, make_plan, make_user
from tests.portal.conftest import PortalPatient, make_portal_patient, write_note


@dataclass
class World:
    maya: PortalPatient
    note_id: int
    past_plan_id: int
    alert_id: int
    token: str
    invitee_id: int

    def fill(self, value):
        ids = {"note": self.note_id, "past_plan": self.past_plan_id, "alert": self.alert_id, "token": self.token}
        if isinstance(value, str):
            return value.format(**ids)
        return value


@pytest.fixture
def world(app, coordinator):
    maya = make_portal_patient("Maya")
    note = write_note(maya.plan, maya.physio, "Walk ten minutes twice a day.")
    past = make_plan(maya.patient, condition="Disc herniation")
    change_status(past, PlanStatus.COMPLETED, coordinator, None)
    alert = raise_red_flag(maya.patient, ["limb_weakness"], None, RedFlagSource.PATIENT, maya.user, plan=maya.plan)
    invitee = make_patient("Ines", "Invited")
    issued = invite_patient(invitee, "ines.invited@example.org", coordinator)
    db.session.commit()
    return World(maya, note.id, past.id, alert.id, issued.secret, invitee.id)


ROLES = ["anonymous", "patient", "coordinator", "practitioner", "admin"]
PUBLIC = set(ROLES)
PATIENT = {"patient"}
NEW_PASSWORD = {"new_password": "quiet-harbour-lantern-58", "confirm": "quiet-harbour-lantern-58"}

# (method, url, form data, roles that get through)
ROUTES = [
    ("GET", "/portal", None, PATIENT),
    ("GET", "/portal/team", None, PATIENT),
    ("GET", "/portal/notes", None, PATIENT),
    ("GET", "/portal/notes/{note}", None, PATIENT),
    ("GET", "/portal/history", None, PATIENT),
    ("GET", "/portal/plans/{past_plan}", None, PATIENT),
    ("GET", "/portal/pain", None, PATIENT),
    ("POST", "/portal/pain", {"score": "4"}, PATIENT),
    ("GET", "/portal/warning-symptoms", None, PATIENT),
    ("POST", "/portal/warning-symptoms", {"symptoms": ["bladder_bowel"]}, PATIENT),
    ("GET", "/portal/warning-symptoms/{alert}", None, PATIENT),
    ("GET", "/portal/invite/{token}", None, PUBLIC),
    ("POST", "/portal/invite/{token}", NEW_PASSWORD, PUBLIC),
]


def sign_in(client, role: str, world: World) -> None:
    if role == "anonymous":
        return
    user = {"patient": world.maya.user, "practitioner": world.maya.physio}.get(role) or make_user(role)
    assert client.login(user.email).status_code == 302


def viewed_events(patient_id: int) -> list[AuditEvent]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.patient_id == patient_id, AuditEvent.action.like("portal.viewed_%"))
        )
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "url", "data", "allowed"), ROUTES, ids=[f"{r[0]} {r[1]}" for r in ROUTES])
def test_portal_route_access(client, world, role, method, url, data, allowed):
    sign_in(client, role, world)
    url = world.fill(url)

    if method == "GET":
        response = client.get(url)
    elif role == "anonymous" and role not in allowed:
        response = client.post(url, data=data)
    else:
        response = client.post_form(url, data)

    if role in allowed:
        assert response.status_code in (200, 302), response.status_code
        if method == "GET":
            assert response.status_code == 200
            patient_id = world.invitee_id if "/invite/" in url else world.maya.patient.id
            assert viewed_events(patient_id), "the page view was not audited with the patient's id"
    elif role == "anonymous":
        if method == "GET":
            assert response.status_code == 302
            assert response.headers["Location"].startswith("/login")
        else:
            assert response.status_code == 400  # no session, so no CSRF token: refused before anything else
    else:
        assert response.status_code == 403
        assert viewed_events(world.maya.patient.id) == []


def shape(rule: str) -> str:
    return re.sub(r"<[^>]+>|\{[^}]+\}", "{}", rule)


def test_the_matrix_covers_every_portal_route(app):
    covered = {(method, shape(url)) for method, url, *_ in ROUTES}
    routes = {
        (method, shape(rule.rule))
        for rule in app.url_map.iter_rules()
        if rule.endpoint.split(".")[0] == "portal"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routes == covered


def test_every_portal_page_view_is_audited_once_with_the_patients_id(client, world):
    """Each GET writes its own event naming the page, the patient and the patient's account as the actor."""
    sign_in(client, "patient", world)
    pages = [world.fill(url) for method, url, _data, allowed in ROUTES if method == "GET" and allowed == PATIENT]
    for n, url in enumerate(pages, start=1):
        assert client.get(url).status_code == 200
        events = viewed_events(world.maya.patient.id)
        assert len(events) == n, url
        assert events[-1].actor_id == world.maya.user.id


@pytest.fixture
def two_patients(app, coordinator):
    """Maya and Omar, each with a shared note, a completed plan and a warning-symptom report."""
    people = {}
    for name in ("Maya", "Omar"):
        person = make_portal_patient(name)
        note = write_note(person.plan, person.physio, f"Note for {name}")
        past = make_plan(person.patient, condition="Disc herniation")
        change_status(past, PlanStatus.COMPLETED, coordinator, None)
        alert = raise_red_flag(person.patient, ["limb_weakness"], None, RedFlagSource.PATIENT, person.user)
        db.session.commit()
        people[name] = (person, note.id, past.id, alert.id)
    return people


@pytest.mark.parametrize(("reader", "owner"), [("Maya", "Omar"), ("Omar", "Maya")])
def test_a_patient_gets_404_for_another_patients_note_plans_and_report(client, two_patients, reader, owner):
    me, my_note, my_past, my_alert = two_patients[reader]
    them, their_note, their_past, their_alert = two_patients[owner]
    client.login(me.user.email)

    assert client.get(f"/portal/notes/{my_note}").status_code == 200
    assert client.get(f"/portal/plans/{my_past}").status_code == 200
    assert client.get(f"/portal/warning-symptoms/{my_alert}").status_code == 200
    assert client.get(f"/portal/notes/{their_note}").status_code == 404
    assert client.get(f"/portal/plans/{their_past}").status_code == 404
    assert client.get(f"/portal/plans/{them.plan.id}").status_code == 404
    assert client.get(f"/portal/warning-symptoms/{their_alert}").status_code == 404
    for url in ("/portal/notes", "/portal/history", "/portal", "/portal/team"):
        html = client.get(url).get_data(as_text=True)
        assert f"Note for {owner}" not in html
        assert them.patient.family_name not in html
        assert them.physio.name not in html


@pytest.mark.parametrize("url", ["/portal/notes/999999", "/portal/plans/999999", "/portal/warning-symptoms/999999"])
def test_unknown_ids_are_404(maya_client, url):
    assert maya_client.get(url).status_code == 404


def staff_routes(app) -> list[tuple[str, str]]:
    """(method, url) for every route whose access names roles, none of them the patient's."""
    found = []
    for rule in app.url_map.iter_rules():
        access = access_for(rule.endpoint, app)
        if not isinstance(access, frozenset) or Role.PATIENT in access:
            continue
        url = re.sub(r"<int:[^>]+>", "1", rule.rule)
        found += [(method, url) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return found


def test_every_staff_page_is_refused_to_a_patient(app, maya_client):
    routes = staff_routes(app)
    assert ("GET", "/coordinator") in routes and ("POST", "/patients/1/portal/invite") in routes
    assert len(routes) > 40
    for method, url in routes:
        response = maya_client.get(url) if method == "GET" else maya_client.post_form(url, {})
        assert response.status_code == 403, f"{method} {url}: {response.status_code}"


@pytest.mark.parametrize("role", ["patient", "practitioner", "admin"])
@pytest.mark.parametrize("action", ["invite", "revoke"])
def test_invitation_and_revocation_are_for_coordinators_only(client, world, role, action):
    sign_in(client, role, world)
    data = {"email": "someone.else@example.org"} if action == "invite" else {}

    email = world.maya.user.email

    response = client.post_form(f"/patients/{world.maya.patient.id}/portal/{action}", data)

    assert response.status_code == 403
    db.session.expire_all()
    assert (world.maya.patient.user.active, world.maya.patient.user.email) == (True, email)
