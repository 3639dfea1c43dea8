"""Who may reach the admin area.

Rules checked:
- every admin route, GET or POST, is for admins only: coordinators, practitioners and patients get 403,
  anonymous visitors are sent to the log-in page, and nothing is changed or recorded for them;
- the route list below covers every admin route the app has, so a new route cannot be forgotten;
- admins reach every admin page;
- a POST without a CSRF token is refused with 400 and changes nothing;
- account routes answer 404 for a patient account's id and for an unknown id.
"""

from urllib.parse import urlsplit

import pytest

from carespace.extensions import db
from tests.admin.pages import audit_events
from tests.factories import make_user

# (method, path); {id} is a staff account's id. Form data makes each POST a real change if it were let through.
ADMIN_ROUTES = [
    ("GET", "/admin/"),
    ("GET", "/admin/users"),
    ("GET", "/admin/users/new"),
    ("POST", "/admin/users/new"),
    ("GET", "/admin/users/{id}"),
    ("POST", "/admin/users/{id}"),
    ("POST", "/admin/users/{id}/deactivate"),
    ("POST", "/admin/users/{id}/reactivate"),
    ("POST", "/admin/users/{id}/reset-link"),
    ("GET", "/admin/audit"),
    ("GET", "/admin/audit.csv"),
]
POST_DATA = {
    "/admin/users/new": {"email": "intruder@clinic.example", "name": "Intruder", "role": "admin"},
    "/admin/users/{id}": {"name": "Renamed By Intruder", "role": "admin"},
}
ACCOUNT_ROUTES = [(method, path) for method, path in ADMIN_ROUTES if "{id}" in path]
POST_ROUTES = [path for method, path in ADMIN_ROUTES if method == "POST"]
GET_ROUTES = [path for method, path in ADMIN_ROUTES if method == "GET"]


def route_id(route) -> str:
    return " ".join(route)


def send(client, method: str, path: str, account_id: int):
    """Send the route's request the way its page would (POSTs carry a CSRF token)."""
    url = path.format(id=account_id)
    if method == "POST":
        return client.post_form(url, POST_DATA.get(path, {}))
    return client.get(url)


def test_route_list_covers_every_admin_route(app):
    declared = {
        (method, rule.rule.replace("<int:user_id>", "{id}"))
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("admin.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }

    assert declared == set(ADMIN_ROUTES)


@pytest.mark.parametrize("visitor", ["anonymous", "coordinator", "practitioner", "patient"])
@pytest.mark.parametrize(("method", "path"), ADMIN_ROUTES, ids=map(route_id, ADMIN_ROUTES))
def test_only_admins_reach_admin_routes(client, login_as, visitor, method, path):
    # Reactivation only changes a deactivated account, every other route an active one.
    target = make_user("coordinator", name="Target Person", active=not path.endswith("/reactivate"))
    if visitor != "anonymous":
        login_as(visitor)

    response = send(client, method, path, target.id)

    if visitor == "anonymous":
        assert response.status_code == 302
        assert urlsplit(response.headers["Location"]).path == "/login"
    else:
        assert response.status_code == 403
    assert {event.action for event in audit_events()} <= {"auth.login"}
    db.session.refresh(target)
    assert (target.name, target.active) == ("Target Person", not path.endswith("/reactivate"))


@pytest.mark.parametrize("path", GET_ROUTES)
def test_admins_reach_every_admin_page(client, admin, path):
    target = make_user("coordinator")

    assert client.get(path.format(id=target.id)).status_code == 200


def test_anonymous_visitor_returns_to_the_admin_page_after_logging_in(client):
    admin = make_user("admin")

    response = client.get("/admin/audit")
    logged_in = client.login(admin.email, query_string={"next": "/admin/audit"})

    assert response.headers["Location"] == "/login?next=/admin/audit"
    assert logged_in.headers["Location"] == "/admin/audit"


@pytest.mark.parametrize("path", POST_ROUTES)
def test_admin_post_without_csrf_token_is_refused_with_400(client, admin, path):
    target = make_user("coordinator", name="Target Person", active=not path.endswith("/reactivate"))

    response = client.post(path.format(id=target.id), data=POST_DATA.get(path, {}))

    assert response.status_code == 400
    assert {event.action for event in audit_events()} == {"auth.login"}
    db.session.refresh(target)
    assert (target.name, target.active) == ("Target Person", not path.endswith("/reactivate"))


@pytest.mark.parametrize("account", ["patient", "unknown"])
@pytest.mark.parametrize(("method", "path"), ACCOUNT_ROUTES, ids=map(route_id, ACCOUNT_ROUTES))
def test_account_routes_give_404_for_patient_and_unknown_ids(client, admin, account, method, path):
    account_id = make_user("patient").id if account == "patient" else 999_999

    response = send(client, method, path, account_id)

    assert response.status_code == 404
    assert {event.action for event in audit_events()} == {"auth.login"}
