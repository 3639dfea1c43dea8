"""The template list at /admin/templates.

Rules checked:
- the radiculopathy pathway the migrations install is listed with its six aliases and its discipline count
  per phase, and it is the template a plan for sciatica starts from;
- templates in use come first, then the retired ones, each group by name;
- each template links to its edit page, and the page links to the new-template form;
- the number of queries does not grow with the number of templates.
"""

from carespace.care_plans.services import find_template_for
from carespace.extensions import db
from carespace.models import CarePlanTemplate, TemplateAlias, TemplateDiscipline
from tests.admin.pages import table_rows
from tests.conftest import count_queries
from tests.plan_templates.pages import RADICULOPATHY_ALIASES, discipline_id, template_named


def add_template(name: str, *, retired: bool = False, aliases=(), disciplines: int = 0) -> CarePlanTemplate:
    template = CarePlanTemplate(name=name, name_key=name.lower())
    template.aliases = [TemplateAlias(alias=a, alias_key=a.lower()) for a in aliases]
    template.disciplines = [
        TemplateDiscipline(
            phase="acute", discipline_id=int(discipline_id("nutrition")), focus="Diet", frequency="Weekly"
        )
        for _ in range(disciplines)
    ]
    if retired:
        template.retired_at = template_named("Radiculopathy").created_at
    db.session.add(template)
    db.session.commit()
    return template


def test_installed_radiculopathy_template_is_listed_with_its_aliases_and_disciplines(client, admin):
    response = client.get("/admin/templates")

    assert response.status_code == 200
    assert ["Radiculopathy", ", ".join(RADICULOPATHY_ALIASES), "5", "4", "5"] in table_rows(response)


def test_installed_radiculopathy_template_has_the_six_aliases(app):
    template = template_named("Radiculopathy")

    assert sorted(alias.alias for alias in template.aliases) == RADICULOPATHY_ALIASES


def test_sciatica_matches_the_radiculopathy_template(app):
    assert find_template_for("Sciatica") == template_named("Radiculopathy")
    assert find_template_for("  lumbar   RADICULOPATHY ") == template_named("Radiculopathy")


def test_templates_in_use_come_first_then_the_retired_ones(client, admin):
    add_template("Ankle sprain", retired=True)
    add_template("Whiplash")
    add_template("Adhesive capsulitis", retired=True)

    names = [row[0] for row in table_rows(client.get("/admin/templates"))]

    assert names == ["Blank plan", "Radiculopathy", "Whiplash", "Adhesive capsulitis", "Ankle sprain"]


def test_each_template_links_to_its_edit_page(client, admin):
    html = client.get("/admin/templates").get_data(as_text=True)

    assert f'href="/admin/templates/{template_named("Radiculopathy").id}"' in html
    assert 'href="/admin/templates/new"' in html


def test_list_query_count_does_not_grow_with_templates(client, admin):
    with count_queries() as few:
        client.get("/admin/templates")
    for n in range(5):
        add_template(f"Condition {n}", aliases=[f"Other name {n}"], disciplines=2, retired=n % 2 == 0)
    with count_queries() as many:
        client.get("/admin/templates")

    assert len(many) == len(few)
