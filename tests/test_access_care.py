"""Every patient and care-plan route, for every role: coordinators reach all; a practitioner reaches only
what their care team covers (anything else is a 404, or 403 for coordinator-only actions); admins and
patients reach none; anonymous visitors are sent to log in."""

from dataclasses import dataclass

import pytest

from carespace.extensions import db
from carespace.models import RedFlagSource
from carespace.patients.services import raise_red_flag
from tests.factories import make_plan, make_user


@dataclass
class World:
    plan: object
    other_plan: object
    team_practitioner: object
    alert: object
    suggestion: object

    def ids(self):
        plan = self.plan
        return {
            "pid": plan.patient_id,
            "plan": plan.id,
            "goal": plan.goals[0].id,
            "assignment": plan.assignments[0].id,
            "alert": self.alert.id,
            "suggestion": self.suggestion.id,
            "other_goal": self.other_plan.goals[0].id,
            "other_assignment": self.other_plan.assignments[0].id,
        }


@pytest.fixture
def world(app):
    from carespace.care_plans.services import suggest_phase_move

    physio = make_user("practitioner", name="Team Physio")
    plan = make_plan(team={"physiotherapy": physio})
    other_plan = make_plan()
    alert = raise_red_flag(plan.patient, ["limb_weakness"], None, RedFlagSource.INTAKE, None)
    suggestion = suggest_phase_move(plan, plan.phase.next(), "Ready", physio)
    db.session.commit()
    return World(plan, other_plan, physio, alert, suggestion)


ROLES = ["anonymous", "admin", "patient", "outsider", "team", "coordinator"]
C, T = "coordinator", "team"

# (method, url, data, roles that get through, status a practitioner the route does not cover gets)
ROUTES = [
    ("GET", "/patients", None, {C}, 403),
    ("GET", "/patients/new", None, {C}, 403),
    ("POST", "/patients/new", {"given_name": ""}, {C}, 403),
    ("GET", "/patients/{pid}", None, {C, T}, 404),
    ("POST", "/patients/{pid}/red-flags", {"symptoms": ["limb_weakness"]}, {C, T}, 404),
    ("POST", "/patients/red-flags/{alert}/acknowledge", {"action_taken": "Sent to emergency care"}, {C}, 403),
    ("POST", "/patients/{pid}/portal/invite", {"email": "someone@example.org"}, {C}, 403),
    ("POST", "/patients/{pid}/portal/revoke", {}, {C}, 403),
    ("GET", "/patients/{pid}/plans/new", None, {C}, 403),
    ("POST", "/patients/{pid}/plans/new", {"condition": "Sciatica", "template": "0"}, {C}, 403),
    ("GET", "/plans/{plan}", None, {C, T}, 404),
    ("POST", "/plans/{plan}/details", {"version": "{version}", "next_review_on": ""}, {C}, 403),
    ("POST", "/plans/{plan}/status", {"version": "{version}", "to_status": "on-hold", "reason": "x"}, {C}, 403),
    ("POST", "/plans/{plan}/phase", {"version": "{version}", "to_phase": "subacute"}, {C}, 403),
    ("POST", "/plans/{plan}/goals", {"version": "{version}", "phase": "acute", "description": "G"}, {C}, 403),
    ("POST", "/plans/{plan}/goals/{goal}/status", {"version": "{version}", "to_status": "active"}, {C}, 403),
    (
        "POST",
        "/plans/{plan}/assignments",
        {"version": "{version}", "phase": "acute", "discipline": "1", "focus": "f", "frequency": "w"},
        {C},
        403,
    ),
    ("GET", "/plans/{plan}/assignments/{assignment}", None, {C}, 403),
    (
        "POST",
        "/plans/{plan}/assignments/{assignment}",
        {"version": "{version}", "focus": "f", "frequency": "w"},
        {C},
        403,
    ),
    ("POST", "/plans/{plan}/assignments/{assignment}/remove", {"version": "{version}"}, {C}, 403),
    ("POST", "/plans/{plan}/suggestions", {"to_phase": "maintenance", "reason": "r"}, {T}, 404),
    ("POST", "/suggestions/{suggestion}/decision", {"decision": "decline"}, {C}, 403),
]


def sign_in(client, role, world):
    if role == "anonymous":
        return
    user = {"team": world.team_practitioner, "outsider": make_user("practitioner")}.get(role) or make_user(role)
    assert client.login(user.email).status_code == 302


def fill(value, world):
    ids = {**world.ids(), "version": world.plan.version}
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, dict):
        return {k: fill(v, world) for k, v in value.items()}
    return value


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("method", "url", "data", "allowed", "refused"), ROUTES, ids=[f"{r[0]} {r[1]}" for r in ROUTES]
)
def test_route_access(client, world, role, method, url, data, allowed, refused):
    sign_in(client, role, world)
    url = fill(url, world)
    if method == "GET":
        response = client.get(url)
    elif role == "anonymous":
        response = client.post(url, data=fill(data, world))
    else:
        response = client.post_form(url, fill(data, world))
    if role == "anonymous":
        assert response.status_code in (302, 400)  # to log in (GET) or CSRF refusal (POST without a session)
        if method == "GET":
            assert response.headers["Location"].startswith("/login")
    elif role in allowed:
        assert response.status_code in (200, 302, 400, 409), response.status_code
    elif role in ("outsider", "team"):
        assert response.status_code == refused
    else:
        assert response.status_code == 403


def test_the_matrix_covers_every_route(app):
    import re

    def shape(rule: str) -> str:
        return re.sub(r"<[^>]+>|\{[^}]+\}", "{}", rule)

    covered = {(method, shape(url)) for method, url, *_ in ROUTES}
    routes = {
        (method, shape(rule.rule))
        for rule in app.url_map.iter_rules()
        if rule.endpoint.split(".")[0] in ("patients", "care_plans")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routes == covered


@pytest.mark.parametrize(
    "url",
    [
        "/plans/{plan}/goals/{other_goal}/status",
        "/plans/{plan}/assignments/{other_assignment}",
        "/plans/{plan}/assignments/{other_assignment}/remove",
    ],
)
def test_records_of_another_plan_are_404_even_for_coordinators(client, login_as, world, url):
    login_as("coordinator")
    response = client.post_form(
        fill(url, world), {"version": world.plan.version, "to_status": "active", "focus": "f", "frequency": "w"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("url", ["/patients/999999", "/plans/999999", "/plans/999999/assignments/1"])
def test_unknown_ids_are_404(client, login_as, url):
    login_as("coordinator")
    assert client.get(url).status_code == 404
