"""Pain check-ins: the patient's own 0-10 score, the trend they and their care team see.

Rules checked:
- a patient records a score from 0 to 10 with an optional short comment (280 characters at most); it is saved
  against the plan in progress, audited, and the page comes back empty for next time (Post/Redirect/Get);
- a score off the scale (-1, 11, "abc"), a missing score, an empty submission or a comment that is too long is
  refused with a message the patient can act on, and nothing is saved;
- the trend is drawn on the server as an `<svg>` with a `<polyline>` through the scores, phase moves marked on
  the same time axis, and a text table of the same scores and phase moves for people who cannot see it; the
  portal names phases in the patient's plain words, the plan page in the clinical ones;
- the care team sees the same check-ins on the plan page, and only those of that plan.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from carespace import clock
from carespace.care_plans.services import move_phase
from carespace.extensions import db
from carespace.models import PainCheckIn, Phase, PlanEvent
from tests.factories import make_plan
from tests.portal.conftest import audit_actions, make_portal_patient

COMMENT = "Worse after sitting through a long meeting."


def saved() -> list[PainCheckIn]:
    db.session.expire_all()
    return list(db.session.scalars(select(PainCheckIn).order_by(PainCheckIn.id)))


def test_patient_records_a_score_with_a_comment(maya_client, maya):
    response = maya_client.post_form("/portal/pain", {"score": "6", "comment": f"  {COMMENT}  "})

    assert response.status_code == 302 and response.headers["Location"] == "/portal/pain"
    [check_in] = saved()
    assert (check_in.patient_id, check_in.plan_id, check_in.score, check_in.comment) == (
        maya.patient.id,
        maya.plan.id,
        6,
        COMMENT,
    )
    assert "portal.pain_check_in" in audit_actions(maya.patient)
    html = maya_client.get("/portal/pain").get_data(as_text=True)
    assert "Thank you. Your pain score is saved and your care team can see it." in html
    assert f'<td>6</td><td class="text-pre">{COMMENT}</td>' in html
    assert "checked" not in html.split("<form", 1)[1].split("</form>", 1)[0]  # a fresh form


@pytest.mark.parametrize("score", ["0", "10"])
def test_both_ends_of_the_scale_and_no_comment_are_accepted(maya_client, score):
    assert maya_client.post_form("/portal/pain", {"score": score, "comment": "   "}).status_code == 302
    [check_in] = saved()
    assert (check_in.score, check_in.comment) == (int(score), None)


def test_a_comment_of_280_characters_is_accepted(maya_client):
    assert maya_client.post_form("/portal/pain", {"score": "3", "comment": "x" * 280}).status_code == 302
    assert len(saved()[0].comment) == 280


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"score": "-1"}, "Choose a number from 0 to 10."),
        ({"score": "11"}, "Choose a number from 0 to 10."),
        ({"score": "abc"}, "Choose a number from 0 to 10."),
        ({"score": "4.5"}, "Choose a number from 0 to 10."),
        ({"comment": "It hurts"}, "Choose a number from 0 to 10."),
        ({}, "Choose a number from 0 to 10."),
        ({"score": "5", "comment": "x" * 281}, "Keep it to 280 characters or fewer."),
    ],
    ids=["-1", "11", "abc", "4.5", "missing score", "empty", "comment too long"],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_saved(maya_client, data, message):
    response = maya_client.post_form("/portal/pain", data)

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert "Not a valid choice" not in html
    assert saved() == []


def test_a_check_in_without_a_plan_in_progress_is_kept_for_the_patient(client):
    lone = make_portal_patient("Lee", with_plan=False)
    client.login(lone.user.email)
    assert client.post_form("/portal/pain", {"score": "2"}).status_code == 302
    assert saved()[0].plan_id is None
    assert "<td>2</td>" in client.get("/portal/pain").get_data(as_text=True)


def test_without_check_ins_the_page_says_so(maya_client):
    html = maya_client.get("/portal/pain").get_data(as_text=True)
    assert "No pain scores yet." in html
    assert "<svg" not in html


@pytest.fixture
def trend(maya, coordinator, frozen_clock):
    """Three scores ten, six and two days ago, and a move to the subacute phase four days ago."""
    now = clock.now()
    for days, score in ((10, 7), (6, 5), (2, 3)):
        db.session.add(
            PainCheckIn(patient_id=maya.patient.id, plan_id=maya.plan.id, score=score, created_at=now - timedelta(days))
        )
    move_phase(maya.plan, Phase.SUBACUTE, coordinator, None, None)
    db.session.flush()
    db.session.scalar(select(PlanEvent).where(PlanEvent.kind == "phase")).created_at = now - timedelta(days=4)
    db.session.commit()
    return maya


def polyline_points(html: str) -> list[tuple[float, float]]:
    match = re.search(r'<polyline points="([^"]+)"', html)
    assert match, "no polyline"
    return [tuple(float(n) for n in pair.split(",")) for pair in match.group(1).split()]


def table_rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in re.findall(r"<tr.*?</tr>", body)]


def test_the_trend_is_an_svg_with_a_polyline_phase_moves_and_a_table(client, trend):
    client.login(trend.user.email)

    html = client.get("/portal/pain").get_data(as_text=True)

    assert "<svg" in html and "<script" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
    points = polyline_points(html)
    assert len(points) == 3
    assert [x for x, _y in points] == sorted(x for x, _y in points)  # oldest on the left
    assert points[0][1] < points[1][1] < points[2][1]  # 7, 5, 3: lower pain lower on the chart
    assert html.count("<circle") == 3
    marker = re.search(r'<line x1="([\d.]+)" x2="\1"[^>]*stroke-dasharray', html)
    assert marker, "no phase-move marker"
    assert points[1][0] < float(marker.group(1)) < points[2][0]  # between the scores of six and two days ago
    assert ">Building strength</text>" in html
    assert "Subacute" not in html
    rows = table_rows(html)
    assert [row.split(" ", 2)[2] for row in rows] == ["7", "5", "Phase change: Building strength", "3"]


def test_the_coordinator_sees_the_same_check_ins_on_the_plan_page(client, trend, coordinator):
    other_plan = make_plan(trend.patient, condition="Disc herniation")
    db.session.add(PainCheckIn(patient_id=trend.patient.id, plan_id=other_plan.id, score=9, comment="Other plan"))
    db.session.commit()
    client.login(coordinator.email)

    html = client.get(f"/plans/{trend.plan.id}").get_data(as_text=True)

    section = html.split('id="pain-heading"', 1)[1].split("</section>", 1)[0]
    assert len(polyline_points(section)) == 3
    assert ">Subacute phase</text>" in section
    assert [row.split(" ", 2)[2] for row in table_rows(section)] == ["7", "5", "Phase change: Subacute phase", "3"]
    assert "Other plan" not in section


def test_a_score_recorded_in_the_portal_reaches_the_team_practitioner(maya_client, maya, staff_client):
    maya_client.post_form("/portal/pain", {"score": "6", "comment": COMMENT})
    staff_client.login(maya.physio.email)
    html = staff_client.get(f"/plans/{maya.plan.id}").get_data(as_text=True)
    assert f'<td>6</td><td class="text-pre">{COMMENT}</td>' in html


def test_line_breaks_count_once_against_the_comment_limit(maya_client):
    """Browsers send a line break as two characters but let the patient type 280 counting it as one."""
    comment = "\r\n".join(["x" * 9] * 28)  # 279 characters as typed, 306 as sent

    assert maya_client.post_form("/portal/pain", {"score": "3", "comment": comment}).status_code == 302
    assert saved()[0].comment == comment.replace("\r\n", "\n")
