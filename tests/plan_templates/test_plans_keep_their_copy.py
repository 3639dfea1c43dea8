"""A plan copies its template: changing the template never changes an existing plan.

Rules checked:
- editing a template (rows changed, added and removed; aliases and name changed) leaves the assignments and
  goals of a plan made from it exactly as they were;
- retiring the template leaves the plan as it was too, still linked to its template;
- a plan created after the edit copies the edited template.
"""

from carespace.care_plans.services import create_plan, find_template_for
from carespace.extensions import db
from carespace.models import CarePlan, Phase
from tests.factories import make_user
from tests.plan_templates.pages import (
    discipline_id,
    first_blank,
    form_fields,
    make_patient,
    set_row,
    template_named,
)


def make_sciatica_plan() -> CarePlan:
    template = find_template_for("Sciatica")
    plan = create_plan(make_patient(), "Sciatica", template, make_user("coordinator"))
    db.session.commit()
    return plan


def snapshot(plan: CarePlan) -> tuple:
    """Everything the plan copied from its template."""
    db.session.expire_all()
    plan = db.session.get(CarePlan, plan.id)
    return (
        plan.condition,
        plan.template_id,
        [(a.id, a.phase, a.discipline_id, a.focus, a.frequency, a.position) for a in plan.assignments],
        [(g.id, g.phase, g.description, g.measure, g.target, g.position) for g in plan.goals],
    )


def edit_radiculopathy(client) -> None:
    template_id = template_named("Radiculopathy").id
    fields = form_fields(client.get(f"/admin/templates/{template_id}"))
    fields["name"] = "Radicular pain"
    fields["aliases"] = "Sciatica\nNerve root pain"
    set_row(fields, "acute", "disciplines", 0, focus="Changed focus", frequency="Daily")
    set_row(fields, "acute", "disciplines", 1, discipline="", focus="", frequency="")
    set_row(
        fields,
        "subacute",
        "disciplines",
        first_blank(fields, "subacute", "disciplines"),
        discipline=discipline_id("acupuncture"),
        focus="Added later",
        frequency="Weekly",
    )
    set_row(fields, "acute", "goals", 0, description="Changed goal", measure="NDI", target="< 10")
    set_row(fields, "maintenance", "goals", 2, description="", measure="", target="")
    response = client.post_form(f"/admin/templates/{template_id}", fields)
    assert response.status_code == 302


def test_editing_a_template_never_changes_an_existing_plan(client, admin):
    plan = make_sciatica_plan()
    before = snapshot(plan)
    assert len(before[2]) == 14 and len(before[3]) == 9

    edit_radiculopathy(client)

    assert snapshot(plan) == before
    assert [a.focus for a in db.session.get(CarePlan, plan.id).assignments_in(Phase.ACUTE)][:2] == [
        "Gentle mobility and nerve glides",
        "Pain relief and muscle relaxation",
    ]


def test_retiring_a_template_never_changes_an_existing_plan(client, admin):
    plan = make_sciatica_plan()
    before = snapshot(plan)

    client.post_form(f"/admin/templates/{plan.template_id}/retire")

    assert snapshot(plan) == before


def test_a_plan_created_after_the_edit_copies_the_edited_template(client, admin):
    edit_radiculopathy(client)

    plan = make_sciatica_plan()

    first_assignment = plan.assignments_in(Phase.ACUTE)[0]
    assert (first_assignment.focus, first_assignment.frequency) == ("Changed focus", "Daily")
    assert len(plan.assignments) == 14
    assert plan.goals_in(Phase.ACUTE)[0].description == "Changed goal"
    assert len(plan.goals) == 8
