"""Warning symptoms reported by the patient.

Rules checked:
- ticking any warning symptom raises at once a red-flag alert marked patient-reported, against the plan in
  progress, and the patient is shown the urgent-care message: the emergency number (911), to go today, and
  what to tell them, naming the symptoms ticked;
- the alert tops the coordinator's dashboard and the patient's chart, marked patient-reported, with what the
  patient wrote;
- the advice is reached by a redirect, so reloading it never raises a second alert; it stays the same after a
  coordinator acknowledges the report; only the patient's own reports have advice pages (any other alert id,
  another patient's or one raised by staff, is a 404);
- an empty submission, or only unknown symptoms, is refused with a message and raises nothing.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from carespace.extensions import db
from carespace.models import RED_FLAG_SYMPTOMS, RedFlagAlert, RedFlagSource
from carespace.patients.services import acknowledge_red_flag, raise_red_flag
from tests.portal.conftest import audit_actions, make_portal_patient

DETAILS = "Since I woke up this morning."


def alerts() -> list[RedFlagAlert]:
    db.session.expire_all()
    return list(db.session.scalars(select(RedFlagAlert).order_by(RedFlagAlert.id)))


def report(client, *symptoms, details=DETAILS):
    return client.post_form("/portal/warning-symptoms", {"symptoms": list(symptoms), "details": details})


def test_the_form_lists_every_warning_symptom_and_the_emergency_number(maya_client):
    html = maya_client.get("/portal/warning-symptoms").get_data(as_text=True)
    for label in RED_FLAG_SYMPTOMS.values():
        assert label in html
    assert "call <strong>911</strong> now" in html


@pytest.mark.parametrize("symptom", list(RED_FLAG_SYMPTOMS))
def test_any_ticked_symptom_raises_a_patient_reported_alert_and_shows_urgent_advice(maya_client, maya, symptom):
    response = report(maya_client, symptom)

    [alert] = alerts()
    assert response.status_code == 302 and response.headers["Location"] == f"/portal/warning-symptoms/{alert.id}"
    assert (alert.patient_id, alert.plan_id, alert.source, alert.raised_by_id) == (
        maya.patient.id,
        maya.plan.id,
        RedFlagSource.PATIENT,
        maya.user.id,
    )
    assert (alert.symptom_keys, alert.details, alert.is_open) == ([symptom], DETAILS, True)
    advice = maya_client.get(response.headers["Location"])
    assert advice.status_code == 200
    html = advice.get_data(as_text=True)
    assert "Get urgent medical care now" in html
    assert "Call <strong>911</strong> or go to the nearest emergency department today." in html
    assert f"new warning symptoms: {RED_FLAG_SYMPTOMS[symptom].lower()}." in html
    assert "Your care team has been told and will contact you." in html
    assert {"red_flag.raised", "portal.viewed_seek_care"} <= set(audit_actions(maya.patient))


def test_reloading_the_advice_raises_no_second_alert(maya_client):
    response = report(maya_client, "bladder_bowel", "saddle_numbness")
    for _ in range(2):
        html = maya_client.get(response.headers["Location"]).get_data(as_text=True)
        assert (
            "new warning symptoms: new loss of bladder or bowel control; "
            "numbness or altered sensation in the saddle area." in html
        )
    assert len(alerts()) == 1


def test_the_advice_stays_after_the_report_is_acknowledged(maya_client, coordinator):
    advice = report(maya_client, "limb_weakness").headers["Location"]
    acknowledge_red_flag(alerts()[0], "Phoned; she is on her way to the emergency department", coordinator)
    db.session.commit()

    assert "Get urgent medical care now" in maya_client.get(advice).get_data(as_text=True)


def test_only_the_patients_own_reports_have_advice_pages(maya_client, maya):
    omar = make_portal_patient("Omar")
    theirs = raise_red_flag(omar.patient, ["limb_weakness"], None, RedFlagSource.PATIENT, omar.user)
    by_staff = raise_red_flag(maya.patient, ["limb_weakness"], None, RedFlagSource.INTAKE, None)
    db.session.commit()

    for alert in (theirs, by_staff):
        assert maya_client.get(f"/portal/warning-symptoms/{alert.id}").status_code == 404
    assert maya_client.get("/portal/warning-symptoms/999999").status_code == 404


def test_the_alert_tops_the_coordinator_dashboard_and_the_chart(maya_client, maya, staff_client, coordinator):
    report(maya_client, "bladder_bowel")
    staff_client.login(coordinator.email)

    for url in ("/coordinator", f"/patients/{maya.patient.id}"):
        html = staff_client.get(url).get_data(as_text=True)
        alert = html.split('id="alerts-heading"', 1)[1].split("</section>", 1)[0]
        assert "Urgent: same-day medical care needed." in alert
        assert "Patient-reported, " in alert and f"by {maya.user.name}." in alert
        assert "<li>New loss of bladder or bowel control</li>" in alert
        assert DETAILS in alert
        main = html.split('<main id="content"', 1)[1]
        assert main.split("<h2", 2)[1].startswith(' id="alerts-heading"')  # the first section of the page


@pytest.mark.parametrize(
    "data", [{}, {"details": "I feel odd"}, {"symptoms": ["headache"]}], ids=["empty", "details only", "unknown"]
)
def test_nothing_ticked_is_refused_with_a_message(maya_client, data):
    response = maya_client.post_form("/portal/warning-symptoms", data)

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert (
        "Tick at least one symptom, or go back if you have none." in html
        or "&#39;headache&#39; is not a valid choice for this field." in html
    )
    assert "Get urgent medical care now" not in html
    assert alerts() == []
