"""Creating a template at /admin/templates/new.

Rules checked:
- the form starts with three blank discipline rows and three blank goal rows per phase;
- a template is saved with its name, description, aliases and rows (in the order shown), is in use at once,
  matches its name and aliases for new plans, and one `template.created` event records counts, not text;
- blank rows are ignored; names and aliases are trimmed and single-spaced, and an alias typed twice is kept once;
- the name is required and at most 120 characters;
- a name or alias another template already has (as its name or an alias, retired or not) is refused beside
  the field, naming that template; so is an alias equal to the template's own name;
- a half-filled discipline row or goal row is refused beside the missing part, and a target needs its measure;
- a refused form keeps what was typed, with blank rows still to fill in, and nothing is saved.
"""

import pytest
from sqlalchemy import func, select

from carespace.care_plans.services import find_template_for
from carespace.extensions import db
from carespace.models import CarePlanTemplate, Phase
from tests.admin.pages import alerts, audit_events
from tests.plan_templates.pages import (
    discipline_id,
    field_error,
    filled_rows,
    form_fields,
    new_form,
    new_template_fields,
    rows,
    template_named,
)


def template_count() -> int:
    return db.session.scalar(select(func.count()).select_from(CarePlanTemplate))


def test_form_starts_with_three_blank_rows_per_list_and_phase(client, admin):
    fields = form_fields(client.get("/admin/templates/new"))

    for phase in Phase:
        for kind in ("disciplines", "goals"):
            assert len(rows(fields, phase.value, kind)) == 3
            assert filled_rows(fields, phase.value, kind) == []


def test_template_is_created_with_its_rows_in_order(client, admin):
    fields = new_form(client)
    fields.update(
        {
            "acute-disciplines-2-discipline": discipline_id("massage_therapy"),
            "acute-disciplines-2-focus": "Calf release",
            "acute-disciplines-2-frequency": "Every 2 weeks",
            "maintenance-disciplines-0-discipline": discipline_id("kinesiology"),
            "maintenance-disciplines-0-focus": "Strength for the foot and calf",
            "maintenance-disciplines-0-frequency": "1 session a month",
            "maintenance-goals-1-description": "Run 5 km without heel pain",
        }
    )

    response = client.post_form("/admin/templates/new", fields)

    template = template_named("Plantar fasciitis")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/templates/{template.id}"
    assert template.description == "Heel pain pathway."
    assert template.retired_at is None
    assert [a.alias for a in template.aliases] == ["Heel pain", "Policeman's heel"]
    assert [(d.phase, d.discipline.code, d.focus, d.frequency, d.position) for d in template.disciplines] == [
        (Phase.ACUTE, "physiotherapy", "Calf and plantar fascia stretching", "1 session a week", 0),
        (Phase.ACUTE, "massage_therapy", "Calf release", "Every 2 weeks", 1),
        (Phase.MAINTENANCE, "kinesiology", "Strength for the foot and calf", "1 session a month", 2),
    ]
    assert [(g.phase, g.description, g.measure, g.target) for g in template.goals] == [
        (Phase.ACUTE, "Walk in the morning without sharp heel pain", "NPRS", "≤ 3"),
        (Phase.MAINTENANCE, "Run 5 km without heel pain", None, None),
    ]


def test_new_template_is_offered_for_its_name_and_aliases(client, admin):
    client.post_form("/admin/templates/new", new_template_fields())

    template = template_named("Plantar fasciitis")
    assert find_template_for("plantar fasciitis") == template
    assert find_template_for("Heel pain") == template


def test_creation_is_audited_with_counts_only(client, admin):
    client.post_form("/admin/templates/new", new_template_fields())

    [event] = audit_events("template.created")
    template = template_named("Plantar fasciitis")
    assert (event.actor_id, event.object_type, event.object_id) == (admin.id, "care_plan_templates", template.id)
    assert event.detail == "aliases 2; disciplines 1; goals 1"


def test_saved_page_confirms_the_new_template(client, admin):
    response = client.post_form("/admin/templates/new", new_template_fields())

    page = client.get(response.headers["Location"])
    assert alerts(page, "success") == ["Template Plantar fasciitis created. Coordinators can now start plans from it."]


def test_names_are_single_spaced_and_repeated_aliases_kept_once(client, admin):
    fields = new_template_fields(name="  Plantar   fasciitis ", aliases="Heel pain\n\n  heel   PAIN \n Jogger's heel ")

    client.post_form("/admin/templates/new", fields)

    template = template_named("Plantar fasciitis")
    assert template.name == "Plantar fasciitis"
    assert [(a.alias, a.alias_key) for a in template.aliases] == [
        ("Heel pain", "heel pain"),
        ("Jogger's heel", "jogger's heel"),
    ]


def test_a_template_with_no_rows_is_allowed(client, admin):
    response = client.post_form("/admin/templates/new", {"name": "Start from scratch"})

    assert response.status_code == 302
    template = template_named("Start from scratch")
    assert (template.aliases, template.disciplines, template.goals) == ([], [], [])


def test_name_is_required(client, admin):
    response = client.post_form("/admin/templates/new", new_template_fields(name="   "))

    assert response.status_code == 200
    assert field_error(response, "name") == "Name the condition."
    assert alerts(response, "danger") == ["The template was not saved: correct the fields marked below."]
    assert template_count() == 2


def test_name_longer_than_120_characters_is_refused(client, admin):
    response = client.post_form("/admin/templates/new", new_template_fields(name="x" * 121))

    assert field_error(response, "name") == "Field cannot be longer than 120 characters."
    assert template_count() == 2


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("radiculopathy", "“radiculopathy” is already the name of the Radiculopathy template."),
        ("  SCIATICA ", "“SCIATICA” is already an alias of the Radiculopathy template."),
    ],
)
def test_name_another_template_has_is_refused_beside_the_name(client, admin, name, message):
    response = client.post_form("/admin/templates/new", new_template_fields(name=name))

    assert field_error(response, "name") == message
    assert template_count() == 2
    assert audit_events("template.created") == []


def test_aliases_other_templates_have_are_refused_beside_the_aliases(client, admin):
    fields = new_template_fields(aliases="Heel pain\nSpinal stenosis\nblank PLAN")

    response = client.post_form("/admin/templates/new", fields)

    assert field_error(response, "aliases") == (
        "“Spinal stenosis” is already an alias of the Radiculopathy template. "
        "“blank PLAN” is already the name of the Blank plan template."
    )
    assert template_count() == 2


def test_retired_templates_keep_their_names_and_aliases(client, admin):
    radiculopathy = template_named("Radiculopathy")
    radiculopathy.retired_at = radiculopathy.created_at
    db.session.commit()

    response = client.post_form("/admin/templates/new", new_template_fields(aliases="Sciatica"))

    assert field_error(response, "aliases") == "“Sciatica” is already an alias of the Radiculopathy template (retired)."


def test_alias_equal_to_the_templates_own_name_is_refused(client, admin):
    response = client.post_form("/admin/templates/new", new_template_fields(aliases="Heel pain\nplantar FASCIITIS"))

    assert field_error(response, "aliases") == (
        "“plantar FASCIITIS” is this template's name; an alias is another name for the condition."
    )
    assert template_count() == 2


def test_alias_longer_than_120_characters_is_refused(client, admin):
    response = client.post_form("/admin/templates/new", new_template_fields(aliases="y" * 121))

    assert field_error(response, "aliases") == f"“{'y' * 40}…” is longer than 120 characters."


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ({"discipline": "", "focus": "Stretching", "frequency": "Weekly"}, "discipline", "Choose the discipline"),
        ({"discipline": "physiotherapy", "focus": "", "frequency": ""}, "focus", "Describe the focus"),
        ({"discipline": "physiotherapy", "focus": "Stretching", "frequency": " "}, "frequency", "Give the default"),
    ],
)
def test_half_filled_discipline_row_is_refused_beside_it(client, admin, row, field, message):
    fields = new_form(client)
    code = row.pop("discipline")
    fields["subacute-disciplines-1-discipline"] = discipline_id(code) if code else ""
    fields.update({f"subacute-disciplines-1-{column}": value for column, value in row.items()})

    response = client.post_form("/admin/templates/new", fields)

    assert field_error(response, f"subacute-disciplines-1-{field}").startswith(message)
    assert field_error(response, f"subacute-disciplines-1-{field}").endswith(", or clear the row.")
    assert template_count() == 2


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ({"measure": "ODI"}, "description", "Describe the goal, or clear the row."),
        ({"description": "Lift a laundry basket", "target": "< 20 %"}, "measure", "Name the measure this target"),
    ],
)
def test_half_filled_goal_row_is_refused_beside_it(client, admin, row, field, message):
    fields = new_form(client)
    fields.update({f"maintenance-goals-2-{column}": value for column, value in row.items()})

    response = client.post_form("/admin/templates/new", fields)

    assert field_error(response, f"maintenance-goals-2-{field}").startswith(message)
    assert template_count() == 2


def test_goal_with_a_measure_and_no_target_is_allowed(client, admin):
    fields = new_template_fields()
    fields.update({"subacute-goals-0-description": "Track function", "subacute-goals-0-measure": "PSFS"})

    client.post_form("/admin/templates/new", fields)

    [goal] = template_named("Plantar fasciitis").goals_in(Phase.SUBACUTE)
    assert (goal.measure, goal.target) == ("PSFS", None)


def test_unknown_discipline_is_refused(client, admin):
    fields = new_template_fields()
    fields["acute-disciplines-0-discipline"] = "999999"

    response = client.post_form("/admin/templates/new", fields)

    assert field_error(response, "acute-disciplines-0-discipline") == "Not a valid choice."
    assert template_count() == 2


def test_refused_form_keeps_what_was_typed_and_offers_blank_rows(client, admin):
    fields = new_form(client, name="")
    for n in range(3):
        fields[f"acute-goals-{n}-description"] = f"Goal {n}"

    response = client.post_form("/admin/templates/new", fields)

    shown = form_fields(response)
    assert shown["aliases"] == "Heel pain\nPoliceman's heel"
    assert shown["acute-disciplines-0-focus"] == "Calf and plantar fascia stretching"
    assert [row["description"] for row in filled_rows(shown, "acute", "goals")] == ["Goal 0", "Goal 1", "Goal 2"]
    assert len(rows(shown, "acute", "goals")) == 6
    assert len(rows(shown, "subacute", "disciplines")) == 3
