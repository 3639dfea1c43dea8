"""What admins type into a template is shown as text, never run as HTML.

Rules checked:
- markup typed in a template's name, alias, description, focus, frequency or goal is escaped on the list,
  on the edit form, and on the form shown again after a refused submit.
"""

from tests.plan_templates.pages import discipline_id, form_fields, template_named

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def fields_with_markup(name: str = f"Neck pain {SCRIPT}") -> dict:
    return {
        "name": name,
        "description": f"About {SCRIPT}",
        "aliases": f"Alias {SCRIPT}",
        "acute-disciplines-0-discipline": discipline_id("physiotherapy"),
        "acute-disciplines-0-focus": f"Focus {SCRIPT}",
        "acute-disciplines-0-frequency": f"<b>weekly</b> {SCRIPT}"[:80],
        "acute-goals-0-description": f"Goal {SCRIPT}",
        "acute-goals-0-measure": "<i>NDI</i>",
        "acute-goals-0-target": "<u>10</u>",
    }


def assert_escaped(response) -> None:
    html = response.get_data(as_text=True)
    assert SCRIPT not in html
    assert "<b>weekly</b>" not in html and "<i>NDI</i>" not in html and "<u>10</u>" not in html
    assert ESCAPED in html


def test_markup_is_stored_as_typed_and_shown_escaped(client, admin):
    response = client.post_form("/admin/templates/new", fields_with_markup())
    assert response.status_code == 302

    template = template_named(f"Neck pain {SCRIPT}")
    assert template.disciplines[0].focus == f"Focus {SCRIPT}"
    assert template.goals[0].description == f"Goal {SCRIPT}"
    assert_escaped(client.get("/admin/templates"))
    edit_page = client.get(f"/admin/templates/{template.id}")
    assert_escaped(edit_page)
    assert form_fields(edit_page)["acute-goals-0-description"] == f"Goal {SCRIPT}"


def test_markup_is_escaped_on_the_refused_form(client, admin):
    fields = fields_with_markup()
    fields["acute-disciplines-0-discipline"] = ""  # half-filled row: the form comes back

    response = client.post_form("/admin/templates/new", fields)

    assert response.status_code == 200
    assert_escaped(response)


def test_markup_in_a_refused_alias_is_escaped_in_the_message(client, admin):
    fields = fields_with_markup()
    fields["aliases"] = f"Sciatica {SCRIPT}\nSciatica"

    response = client.post_form("/admin/templates/new", fields)

    assert "“Sciatica” is already an alias of the Radiculopathy template." in response.get_data(as_text=True)
    assert_escaped(response)
