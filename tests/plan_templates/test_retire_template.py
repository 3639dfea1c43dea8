"""Retiring and restoring a template (POST /admin/templates/<id>/retire and /restore).

Rules checked:
- a retired template no longer matches a condition for a new plan and is not among the new-plan page's
  template choices; restoring it brings both back;
- the list and the edit page show that it is retired, and the edit page offers the opposite action;
- each change writes one `template.retired` / `template.restored` event; retiring a retired template (or
  restoring one in use) changes nothing and records nothing.
"""

from carespace.care_plans.services import find_template_for
from tests.admin.pages import alerts, audit_events, table_rows
from tests.factories import make_user
from tests.plan_templates.pages import make_patient, select_options, template_named


def retire(client, name: str = "Radiculopathy"):
    return client.post_form(f"/admin/templates/{template_named(name).id}/retire")


def restore(client, name: str = "Radiculopathy"):
    return client.post_form(f"/admin/templates/{template_named(name).id}/restore")


def new_plan_template_choices(app) -> list[str]:
    """The template choices a coordinator sees when starting a plan."""
    coordinator = app.test_client()
    coordinator.login(make_user("coordinator").email)
    response = coordinator.get(f"/patients/{make_patient().id}/plans/new")
    assert response.status_code == 200
    return select_options(response, "template")


def test_retired_template_no_longer_matches_a_condition(client, admin):
    response = retire(client)

    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/templates/{template_named('Radiculopathy').id}"
    assert template_named("Radiculopathy").retired_at is not None
    assert find_template_for("Sciatica") is None
    assert find_template_for("Radiculopathy") is None


def test_retired_template_is_not_offered_on_the_new_plan_page(app, client, admin):
    assert "Radiculopathy" in new_plan_template_choices(app)

    retire(client)

    assert new_plan_template_choices(app) == ["Match the condition", "Blank plan"]


def test_restored_template_is_offered_again(app, client, admin):
    retire(client)

    response = restore(client)

    assert response.status_code == 302
    assert template_named("Radiculopathy").retired_at is None
    assert find_template_for("Sciatica") == template_named("Radiculopathy")
    assert new_plan_template_choices(app) == ["Match the condition", "Blank plan", "Radiculopathy"]


def test_pages_show_the_retirement_and_offer_the_opposite_action(client, admin):
    template_id = template_named("Radiculopathy").id
    assert "Retire template" in client.get(f"/admin/templates/{template_id}").get_data(as_text=True)

    response = retire(client)
    page = client.get(response.headers["Location"])

    html = page.get_data(as_text=True)
    assert alerts(page, "success") == [
        "Radiculopathy is retired: no longer offered for new plans. Existing plans are unchanged."
    ]
    assert "Restore template" in html and "Retire template" not in html
    assert [row[0] for row in table_rows(client.get("/admin/templates"))] == ["Blank plan", "Radiculopathy"]
    assert '<h2 class="h5 mt-4">Retired</h2>' in client.get("/admin/templates").get_data(as_text=True)


def test_retire_and_restore_are_audited(client, admin):
    retire(client)
    restore(client)

    template_id = template_named("Radiculopathy").id
    events = [(e.action, e.actor_id, e.object_type, e.object_id) for e in audit_events() if e.action != "auth.login"]
    assert events == [
        ("template.retired", admin.id, "care_plan_templates", template_id),
        ("template.restored", admin.id, "care_plan_templates", template_id),
    ]


def test_retiring_twice_or_restoring_a_template_in_use_records_nothing(client, admin):
    restore(client)
    retire(client)
    retired_at = template_named("Radiculopathy").retired_at

    retire(client)

    assert template_named("Radiculopathy").retired_at == retired_at
    assert [e.action for e in audit_events() if e.action.startswith("template.")] == ["template.retired"]
