"""Who may reach the template pages.

Rules checked:
- every template route, GET or POST, is for admins only: coordinators, practitioners and patients get 403,
  anonymous visitors are sent to the log-in page, and nothing is changed or recorded for them;
- the route list below covers every template route the app has, so a new route cannot be forgotten;
- admins reach every template page;
- a POST without a CSRF token is refused with 400 and changes nothing;
- a template id that does not exist is a 404, on every route that takes one.
"""

from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from carespace.extensions import db
from carespace.models import AuditEvent, CarePlanTemplate
from tests.plan_templates.pages import new_template_fields, template_named

# (method, path); {id} is the radiculopathy template's id. Form data makes each POST a real change if let through.
TEMPLATE_ROUTES = [
    ("GET", "/admin/templates"),
    ("GET", "/admin/templates/new"),
    ("POST", "/admin/templates/new"),
    ("GET", "/admin/templates/{id}"),
    ("POST", "/admin/templates/{id}"),
    ("POST", "/admin/templates/{id}/retire"),
    ("POST", "/admin/templates/{id}/restore"),
]
POST_ROUTES = [path for method, path in TEMPLATE_ROUTES if method == "POST"]
GET_ROUTES = [path for method, path in TEMPLATE_ROUTES if method == "GET"]
ID_ROUTES = [(method, path) for method, path in TEMPLATE_ROUTES if "{id}" in path]


def route_id(route) -> str:
    return " ".join(route)


def post_data(path: str) -> dict:
    if path == "/admin/templates/new":
        return new_template_fields(name="Intruder pathway")
    if path == "/admin/templates/{id}":
        return {"name": "Renamed by intruder", "aliases": ""}
    return {}


def send(client, method: str, path: str, template_id: int, csrf: bool = True):
    """Send the route's request the way its page would (POSTs carry a CSRF token unless told not to)."""
    url = path.format(id=template_id)
    if method == "GET":
        return client.get(url)
    return client.post_form(url, post_data(path)) if csrf else client.post(url, data=post_data(path))


def state() -> tuple:
    """Everything the template routes could change."""
    db.session.expire_all()
    templates = db.session.scalars(select(CarePlanTemplate).order_by(CarePlanTemplate.id)).all()
    return tuple(
        (t.name, t.retired_at, [a.alias for a in t.aliases], len(t.disciplines), len(t.goals)) for t in templates
    )


def template_events() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action.like("template.%")))


def test_route_list_covers_every_template_route(app):
    declared = {
        (method, rule.rule.replace("<int:template_id>", "{id}"))
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("plan_templates.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }

    assert declared == set(TEMPLATE_ROUTES)


@pytest.mark.parametrize("visitor", ["anonymous", "coordinator", "practitioner", "patient"])
@pytest.mark.parametrize(("method", "path"), TEMPLATE_ROUTES, ids=map(route_id, TEMPLATE_ROUTES))
def test_only_admins_reach_template_routes(client, login_as, visitor, method, path):
    template = template_named("Radiculopathy")
    if path.endswith("/restore"):
        template.retired_at = template.created_at
        db.session.commit()
    before = state()
    if visitor != "anonymous":
        login_as(visitor)

    response = send(client, method, path, template.id)

    if visitor == "anonymous":
        assert response.status_code == 302
        assert urlsplit(response.headers["Location"]).path == "/login"
    else:
        assert response.status_code == 403
    assert state() == before
    assert template_events() == 0


@pytest.mark.parametrize("path", GET_ROUTES)
def test_admins_reach_every_template_page(client, admin, path):
    assert client.get(path.format(id=template_named("Radiculopathy").id)).status_code == 200


@pytest.mark.parametrize("path", POST_ROUTES)
def test_template_post_without_csrf_token_is_refused_with_400(client, admin, path):
    template = template_named("Radiculopathy")
    before = state()

    response = send(client, "POST", path, template.id, csrf=False)

    assert response.status_code == 400
    assert state() == before
    assert template_events() == 0


@pytest.mark.parametrize(("method", "path"), ID_ROUTES, ids=map(route_id, ID_ROUTES))
def test_unknown_template_id_is_404(client, admin, method, path):
    before = state()

    response = send(client, method, path, 999_999)

    assert response.status_code == 404
    assert state() == before
    assert template_events() == 0
