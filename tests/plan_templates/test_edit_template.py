"""Editing a template at /admin/templates/<id>.

Rules checked:
- the form shows the template's name, description, aliases (one per line) and rows, plus three blank rows
  per list and phase;
- saving replaces the rows: rows are changed, added in a blank row, and removed by blanking them;
  positions follow the form's order, phase by phase;
- aliases are added, removed and re-spelled; a template may take one of its own aliases as its new name;
- one `template.updated` event names what changed (with counts, never the text); saving with nothing
  changed writes no event;
- the name and alias rules of creation hold on edit, and the template never clashes with itself;
- a template saved by someone else since the form was loaded is not overwritten silently: the save is
  refused with a message, what was typed stays in the form, and saving again then replaces it.
"""

from carespace.extensions import db
from carespace.models import Phase
from tests.admin.pages import alerts, audit_events
from tests.plan_templates.pages import (
    RADICULOPATHY_ALIASES,
    discipline_id,
    field_error,
    filled_rows,
    first_blank,
    form_fields,
    rows,
    set_row,
    template_named,
)


def edit_page(client, name: str = "Radiculopathy"):
    return client.get(f"/admin/templates/{template_named(name).id}")


def save(client, fields: dict, name: str = "Radiculopathy"):
    return client.post_form(f"/admin/templates/{template_named(name).id}", fields)


def test_form_shows_the_template_and_three_blank_rows_per_list(client, admin):
    fields = form_fields(edit_page(client))

    assert fields["name"] == "Radiculopathy"
    assert fields["description"].startswith("The clinic's reference pathway for radicular pain")
    assert fields["aliases"].splitlines() == RADICULOPATHY_ALIASES
    assert filled_rows(fields, "acute", "disciplines")[0] == {
        "discipline": discipline_id("physiotherapy"),
        "focus": "Gentle mobility and nerve glides",
        "frequency": "2 sessions a week",
    }
    assert filled_rows(fields, "subacute", "goals")[1] == {
        "description": "Back-related disability is reduced",
        "measure": "ODI",
        "target": "< 30 %",
    }
    counts = {
        (p.value, kind): len(filled_rows(fields, p.value, kind)) for p in Phase for kind in ("disciplines", "goals")
    }
    assert counts == {
        ("acute", "disciplines"): 5,
        ("acute", "goals"): 3,
        ("subacute", "disciplines"): 4,
        ("subacute", "goals"): 3,
        ("maintenance", "disciplines"): 5,
        ("maintenance", "goals"): 3,
    }
    for phase in Phase:
        for kind in ("disciplines", "goals"):
            assert len(rows(fields, phase.value, kind)) == len(filled_rows(fields, phase.value, kind)) + 3


def test_rows_are_changed_added_and_removed(client, admin):
    fields = form_fields(edit_page(client))
    set_row(fields, "acute", "disciplines", 0, focus="Nerve glides only", frequency="3 sessions a week")
    set_row(fields, "acute", "disciplines", 2, discipline="", focus="", frequency="")  # acupuncture removed
    set_row(
        fields,
        "subacute",
        "disciplines",
        first_blank(fields, "subacute", "disciplines"),
        discipline=discipline_id("massage_therapy"),
        focus="Soft-tissue work before training",
        frequency="Every 2 weeks",
    )
    set_row(fields, "maintenance", "goals", 2, description="", measure="", target="")
    set_row(fields, "maintenance", "goals", first_blank(fields, "maintenance", "goals"), description="Sleep well")

    response = save(client, fields)

    assert response.status_code == 302
    template = template_named("Radiculopathy")
    assert [(d.discipline.code, d.focus, d.frequency) for d in template.disciplines_in(Phase.ACUTE)] == [
        ("physiotherapy", "Nerve glides only", "3 sessions a week"),
        ("massage_therapy", "Pain relief and muscle relaxation", "1 session a week"),
        ("nutrition", "Anti-inflammatory diet", "1 consultation, then every 4 weeks"),
        ("psychotherapy", "Sleep and mood when pain disturbs them", "Every 2 weeks, as needed"),
    ]
    assert [d.discipline.code for d in template.disciplines_in(Phase.SUBACUTE)] == [
        "kinesiology",
        "chiropractic",
        "psychotherapy",
        "mental_performance_coaching",
        "massage_therapy",
    ]
    assert [g.description for g in template.goals_in(Phase.MAINTENANCE)] == [
        "Keep low disability",
        "Keep up the home exercise programme independently",
        "Sleep well",
    ]
    assert [d.position for d in template.disciplines] == list(range(14))
    assert [g.position for g in template.goals] == list(range(9))


def test_rows_are_saved_in_the_order_shown_phase_by_phase(client, admin):
    fields = form_fields(edit_page(client))
    set_row(fields, "acute", "goals", first_blank(fields, "acute", "goals"), description="Added last in acute")

    save(client, fields)

    template = template_named("Radiculopathy")
    assert [(g.phase, g.position) for g in template.goals][:4] == [
        (Phase.ACUTE, 0),
        (Phase.ACUTE, 1),
        (Phase.ACUTE, 2),
        (Phase.ACUTE, 3),
    ]
    assert template.goals[3].description == "Added last in acute"
    assert template.goals[4].phase == Phase.SUBACUTE


def test_aliases_are_added_removed_and_respelled(client, admin):
    fields = form_fields(edit_page(client))
    fields["aliases"] = "Cervical radiculopathy\nDisc herniation\nLUMBAR radiculopathy\nSciatica\nForaminal stenosis"

    save(client, fields)

    assert [a.alias for a in template_named("Radiculopathy").aliases] == [
        "Cervical radiculopathy",
        "Disc herniation",
        "Foraminal stenosis",
        "LUMBAR radiculopathy",
        "Sciatica",
    ]


def test_template_may_take_one_of_its_own_aliases_as_its_name(client, admin):
    fields = form_fields(edit_page(client))
    fields["name"] = "Sciatica"
    fields["aliases"] = "Radiculopathy\nDisc herniation"

    response = save(client, fields)

    assert response.status_code == 302
    template = template_named("Sciatica")
    assert (template.name, template.name_key) == ("Sciatica", "sciatica")
    assert [a.alias for a in template.aliases] == ["Disc herniation", "Radiculopathy"]


def test_update_is_audited_naming_what_changed(client, admin):
    fields = form_fields(edit_page(client))
    fields["name"] = "Radicular pain"
    fields["aliases"] = "Sciatica"
    set_row(fields, "acute", "disciplines", 1, focus="Changed focus")
    set_row(fields, "subacute", "goals", 0, description="", measure="", target="")

    save(client, fields)

    [event] = audit_events("template.updated")
    template = template_named("Radicular pain")
    assert (event.actor_id, event.object_type, event.object_id) == (admin.id, "care_plan_templates", template.id)
    assert event.detail == "name; aliases 6 to 1; disciplines; goals 9 to 8"
    assert "Radicular pain" not in event.detail and "Changed focus" not in event.detail


def test_saving_unchanged_values_writes_no_event(client, admin):
    before = template_named("Radiculopathy")
    rows_before = [(d.id, d.focus) for d in before.disciplines]

    response = save(client, form_fields(edit_page(client)))

    assert response.status_code == 302
    assert audit_events("template.updated") == []
    assert [(d.id, d.focus) for d in template_named("Radiculopathy").disciplines] == rows_before


def test_saved_page_confirms_the_change(client, admin):
    response = save(client, form_fields(edit_page(client)))

    page = client.get(response.headers["Location"])
    assert alerts(page, "success") == ["Saved Radiculopathy. Existing plans keep their own copy."]


def test_name_of_another_template_is_refused_on_edit(client, admin):
    fields = form_fields(edit_page(client))
    fields["name"] = "Blank Plan"

    response = save(client, fields)

    assert response.status_code == 200
    assert field_error(response, "name") == "“Blank Plan” is already the name of the Blank plan template."
    assert template_named("Radiculopathy").name == "Radiculopathy"
    assert audit_events("template.updated") == []


def test_alias_of_another_template_is_refused_on_edit(client, admin):
    fields = form_fields(edit_page(client, "Blank plan"))
    fields["aliases"] = "Empty plan\nDisc herniation"

    response = save(client, fields, "Blank plan")

    assert field_error(response, "aliases") == "“Disc herniation” is already an alias of the Radiculopathy template."
    assert template_named("Blank plan").aliases == []


def test_half_filled_row_is_refused_on_edit_and_nothing_is_saved(client, admin):
    fields = form_fields(edit_page(client))
    set_row(fields, "acute", "disciplines", 0, focus="New focus")
    set_row(fields, "maintenance", "disciplines", 4, focus="")

    response = save(client, fields)

    assert field_error(response, "maintenance-disciplines-4-focus") == "Describe the focus, or clear the row."
    assert template_named("Radiculopathy").disciplines[0].focus == "Gentle mobility and nerve glides"
    assert form_fields(response)["acute-disciplines-0-focus"] == "New focus"


def test_save_over_someone_elses_save_is_refused_then_allowed_knowingly(client, admin, app):
    mine = form_fields(edit_page(client))
    theirs = form_fields(edit_page(client))
    set_row(theirs, "acute", "disciplines", 0, focus="Their focus")
    assert save(client, theirs).status_code == 302
    set_row(mine, "acute", "disciplines", 1, focus="My focus")

    refused = save(client, mine)

    assert refused.status_code == 200
    [message] = alerts(refused, "danger")
    assert message.startswith("Someone else saved this template at ")
    assert message.endswith("then save again to replace it.")
    template = template_named("Radiculopathy")
    assert [d.focus for d in template.disciplines[:2]] == ["Their focus", "Pain relief and muscle relaxation"]
    again = form_fields(refused)
    assert again["acute-disciplines-1-focus"] == "My focus"

    assert save(client, again).status_code == 302
    db.session.expire_all()
    assert [d.focus for d in template_named("Radiculopathy").disciplines[:2]] == [
        "Gentle mobility and nerve glides",
        "My focus",
    ]
