"""The patient list (search, filters, sort, 25 a page) and the chart (demographics, alerts, plans, history)."""

import re
from datetime import date

import pytest
from sqlalchemy import select

from carespace.extensions import db
from carespace.models import AuditEvent, Phase, PlanStatus
from tests.factories import make_patient, make_plan, make_user


def listed(response) -> list[str]:
    html = response.get_data(as_text=True)
    return re.findall(r'<td><a href="/patients/\d+">([^<]+)</a></td>', html)


@pytest.fixture
def coordinator(login_as):
    return login_as("coordinator")


def test_search_by_name_or_chart_number(client, coordinator):
    ada = make_patient("Ada", "Lovelace")
    make_patient("Grace", "Hopper")
    assert listed(client.get("/patients?q=love")) == ["Ada Lovelace"]
    assert listed(client.get("/patients?q=ada lovelace")) == ["Ada Lovelace"]
    assert listed(client.get(f"/patients?q={ada.chart_number.lower()}")) == ["Ada Lovelace"]
    assert listed(client.get("/patients?q=nobody")) == []


def test_filters_by_phase_status_and_practitioner(client, coordinator):
    physio = make_user("practitioner")
    make_plan(make_patient("Acute", "Active"), team={"physiotherapy": physio})
    make_plan(make_patient("Sub", "Active"), phase=Phase.SUBACUTE)
    make_plan(make_patient("Draft", "Plan"), status=PlanStatus.DRAFT)
    make_patient("No", "Plan")
    assert listed(client.get("/patients?phase=subacute")) == ["Sub Active"]
    assert listed(client.get("/patients?status=draft")) == ["Draft Plan"]
    assert listed(client.get(f"/patients?practitioner={physio.id}")) == ["Acute Active"]
    assert len(listed(client.get("/patients"))) == 4


def test_sorting(client, coordinator):
    make_patient("Al", "Able", date_of_birth=date(1990, 1, 1))
    make_patient("Bea", "Baker", date_of_birth=date(1950, 1, 1))
    make_patient("Cy", "Cole", date_of_birth=date(1970, 1, 1))
    assert listed(client.get("/patients?sort=name")) == ["Al Able", "Bea Baker", "Cy Cole"]
    assert listed(client.get("/patients?sort=dob")) == ["Bea Baker", "Cy Cole", "Al Able"]
    assert listed(client.get("/patients?sort=newest")) == ["Cy Cole", "Bea Baker", "Al Able"]


def test_twenty_five_a_page(client, coordinator):
    for n in range(27):
        make_patient("Pat", f"Family{n:02d}")
    first, second = client.get("/patients"), client.get("/patients?page=2")
    assert len(listed(first)) == 25 and len(listed(second)) == 2
    assert "Page 1 of 2" in first.get_data(as_text=True)


def test_bad_filter_values_do_not_break_the_list(client, coordinator):
    make_patient("Ada", "Lovelace")
    response = client.get("/patients?phase=nonsense&status=&sort=evil&page=-3&practitioner=abc")
    assert response.status_code == 200


def test_chart_shows_demographics_open_alerts_first_plans_team_goals_and_history(client, coordinator):
    physio = make_user("practitioner", name="Pat Physio")
    plan = make_plan(team={"physiotherapy": physio})
    from carespace.models import RedFlagSource
    from carespace.patients.services import raise_red_flag

    raise_red_flag(plan.patient, ["limb_weakness"], "Both legs", RedFlagSource.PRACTITIONER, physio)
    db.session.commit()
    html = client.get(f"/patients/{plan.patient_id}").get_data(as_text=True)
    assert html.index("Open red-flag alerts") < html.index(plan.patient.chart_number)
    for text in (
        "416-555-0100",
        "Sciatica",
        "Pat Physio",
        "Physiotherapy",
        "Pain settles to a manageable level",
        "Plan created",
        "Unassigned",
    ):
        assert text in html, text
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "patient.viewed"))
    assert (event.patient_id, event.actor_id) == (plan.patient_id, coordinator.id)


def test_practitioner_sees_only_their_plans_on_the_chart(client, login_as):
    physio = make_user("practitioner")
    patient = make_patient(conditions=("Sciatica", "Spinal stenosis"))
    make_plan(patient, team={"physiotherapy": physio})
    other = make_plan(patient, condition="Spinal stenosis")
    other.condition = "Hidden condition plan"
    db.session.commit()
    login_as(physio)
    html = client.get(f"/patients/{patient.id}").get_data(as_text=True)
    assert "Sciatica" in html and "Hidden condition plan" not in html
    assert client.get(f"/plans/{other.id}").status_code == 404
