"""Red flags: raised by a coordinator or a practitioner on the team, open at the top until a coordinator
acknowledges them with the action taken; raising and acknowledging are audited."""

import pytest
from sqlalchemy import select

from carespace.extensions import db
from carespace.models import AuditEvent, RedFlagAlert, RedFlagSource
from carespace.patients.services import raise_red_flag
from tests.factories import make_plan, make_user


@pytest.fixture
def plan():
    return make_plan(team={"physiotherapy": make_user("practitioner")})


def raise_as(client, plan, **data):
    return client.post_form(f"/patients/{plan.patient_id}/red-flags", {"symptoms": ["limb_weakness"], **data})


def test_team_practitioner_raises_an_alert(client, login_as, plan):
    physio = plan.assignments_in(plan.phase)[0].practitioner
    login_as(physio)
    response = raise_as(client, plan, details="Foot drop since yesterday")
    assert response.status_code == 302
    alert = db.session.scalar(select(RedFlagAlert))
    assert (alert.source, alert.raised_by_id, alert.details) == (
        RedFlagSource.PRACTITIONER,
        physio.id,
        "Foot drop since yesterday",
    )
    assert (
        db.session.scalar(select(AuditEvent.action).where(AuditEvent.object_type == "red_flag_alerts"))
        == "red_flag.raised"
    )


def test_coordinator_raises_an_alert(client, login_as, plan):
    login_as("coordinator")
    raise_as(client, plan)
    assert db.session.scalar(select(RedFlagAlert.source)) == RedFlagSource.COORDINATOR


def test_practitioner_outside_the_team_gets_404(client, login_as, plan):
    login_as(make_user("practitioner"))
    assert raise_as(client, plan).status_code == 404
    assert db.session.scalar(select(RedFlagAlert)) is None


def test_no_symptom_ticked_is_refused_beside_the_field(client, login_as, plan):
    login_as("coordinator")
    response = client.post_form(f"/patients/{plan.patient_id}/red-flags", {"details": "vague"})
    assert response.status_code == 400
    assert "Tick at least one symptom." in response.get_data(as_text=True)


def test_coordinator_acknowledges_with_the_action_taken(client, login_as, plan):
    alert = raise_red_flag(plan.patient, ["bladder_bowel"], None, RedFlagSource.INTAKE, None)
    db.session.commit()
    coordinator = login_as("coordinator")
    empty = client.post_form(
        f"/patients/red-flags/{alert.id}/acknowledge", {"action_taken": "  "}, follow_redirects=True
    )
    assert "State the action taken." in empty.get_data(as_text=True)
    response = client.post_form(
        f"/patients/red-flags/{alert.id}/acknowledge", {"action_taken": "Sent to emergency care"}, follow_redirects=True
    )
    html = response.get_data(as_text=True)
    assert "Open red-flag alerts" not in html and "Sent to emergency care" in html
    db.session.refresh(alert)
    assert (alert.acknowledged_by_id, alert.action_taken) == (coordinator.id, "Sent to emergency care")
    again = client.post_form(
        f"/patients/red-flags/{alert.id}/acknowledge", {"action_taken": "x"}, follow_redirects=True
    )
    assert "already acknowledged" in again.get_data(as_text=True)
    assert "red_flag.acknowledged" in db.session.scalars(select(AuditEvent.action)).all()


def test_practitioners_cannot_acknowledge(client, login_as, plan):
    alert = raise_red_flag(plan.patient, ["bladder_bowel"], None, RedFlagSource.INTAKE, None)
    db.session.commit()
    login_as(plan.assignments_in(plan.phase)[0].practitioner)
    assert client.post_form(f"/patients/red-flags/{alert.id}/acknowledge", {"action_taken": "x"}).status_code == 403
    db.session.refresh(alert)
    assert alert.is_open
