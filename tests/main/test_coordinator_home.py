"""The coordinator's dashboard.

Rules checked:
- open red-flag alerts come first, each with an acknowledgement form that returns to the dashboard;
  acknowledged alerts leave it;
- live plans (active, on hold) are counted per phase; drafts and closed plans are not;
- plans with unassigned disciplines are the live plans with an assignment of the current phase, not
  removed, naming nobody;
- overdue reviews are the live plans whose review date is before the clinic's today;
- pending phase suggestions can be accepted or declined from the dashboard, which it returns to;
- every item links to its plan, and each list shows 20 at a time with its total and its own "show more".
"""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from carespace.care_plans.services import suggest_phase_move
from carespace.extensions import db
from carespace.models import Phase, PhaseSuggestion, PlanStatus, RedFlagSource, SuggestionStatus
from carespace.patients.services import acknowledge_red_flag, raise_red_flag
from carespace.timefmt import clinic_today
from tests.factories import make_user
from tests.main.builders import assign, blank_plan
from tests.main.pages import plan_links, section


def dashboard(client) -> str:
    response = client.get("/coordinator")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_open_alerts_come_first_and_acknowledging_returns_to_the_dashboard(client, coordinator):
    plan = blank_plan("Rosa Alert")
    alert = raise_red_flag(plan.patient, ["bladder_bowel"], "New since this morning", RedFlagSource.INTAKE, None)
    done = raise_red_flag(blank_plan("Old Flag").patient, ["limb_weakness"], None, RedFlagSource.INTAKE, None)
    acknowledge_red_flag(done, "Sent to emergency care", coordinator)
    db.session.commit()

    html = dashboard(client)

    assert html.index("Open red-flag alerts") < html.index("Plans in progress by phase")
    alerts = section(html, "alerts")
    assert "Rosa Alert" in alerts and "New loss of bladder or bowel control" in alerts and "Old Flag" not in alerts
    assert f'action="/patients/red-flags/{alert.id}/acknowledge"' in alerts
    assert 'name="back" value="dashboard"' in alerts
    assert f'href="/patients/{plan.patient_id}"' in alerts

    response = client.post_form(
        f"/patients/red-flags/{alert.id}/acknowledge", {"action_taken": "Sent to emergency", "back": "dashboard"}
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/coordinator")
    assert "No open red-flag alerts." in dashboard(client)


def test_live_plans_are_counted_per_phase(client, coordinator):
    for name, status, phase in [
        ("Ann One", PlanStatus.ACTIVE, Phase.ACUTE),
        ("Ben Two", PlanStatus.ACTIVE, Phase.ACUTE),
        ("Cat Three", PlanStatus.ACTIVE, Phase.SUBACUTE),
        ("Dan Four", PlanStatus.ON_HOLD, Phase.MAINTENANCE),
        ("Eve Five", PlanStatus.DRAFT, Phase.ACUTE),
        ("Fay Six", PlanStatus.COMPLETED, Phase.MAINTENANCE),
        ("Gus Seven", PlanStatus.REVOKED, Phase.SUBACUTE),
    ]:
        blank_plan(name, status=status, phase=phase)

    counts = section(dashboard(client), "counts")

    cells = re.findall(r'data-phase="(\w+)" data-status="([\w-]+)"><a href="([^"]+)">(\d+)', counts)
    assert {(phase, status): int(n) for phase, status, _href, n in cells} == {
        ("acute", "active"): 2,
        ("acute", "on-hold"): 0,
        ("subacute", "active"): 1,
        ("subacute", "on-hold"): 0,
        ("maintenance", "active"): 0,
        ("maintenance", "on-hold"): 1,
    }
    assert "/patients?phase=acute&amp;status=active" in counts


def test_plans_with_an_unassigned_discipline_in_their_current_phase(client, coordinator, physio):
    gap = blank_plan("Gina Gap")
    assign(gap, "physiotherapy", physio)
    assign(gap, "massage_therapy", None)
    assign(gap, "nutrition", None)
    on_hold = blank_plan("Hugo Hold", status=PlanStatus.ON_HOLD)
    assign(on_hold, "kinesiology", None)
    staffed = blank_plan("Sam Staffed")
    assign(staffed, "physiotherapy", physio)
    assign(staffed, "massage_therapy", None, removed=True)
    assign(staffed, "kinesiology", None, phase=Phase.SUBACUTE)
    for name, status in [("Dora Draft", PlanStatus.DRAFT), ("Cleo Completed", PlanStatus.COMPLETED)]:
        assign(blank_plan(name, status=status), "massage_therapy", None)

    gaps = section(dashboard(client), "gaps")

    assert plan_links(gaps) == [gap.id, on_hold.id]
    assert "Massage therapy, Nutrition" in gaps and "Kinesiology" in gaps
    for name in ("Sam Staffed", "Dora Draft", "Cleo Completed"):
        assert name not in gaps
    assert f'href="/patients/{gap.patient_id}"' in gaps


def test_overdue_reviews_are_live_plans_reviewed_before_today(client, coordinator):
    today = clinic_today()
    late = blank_plan("Lee Late", next_review_on=today - timedelta(days=3))
    later = blank_plan("Lou Later", status=PlanStatus.ON_HOLD, next_review_on=today - timedelta(days=9))
    blank_plan("Tia Today", next_review_on=today)
    blank_plan("Nia Unset")
    blank_plan("Dov Draft", status=PlanStatus.DRAFT, next_review_on=today - timedelta(days=3))
    blank_plan("Cal Closed", status=PlanStatus.COMPLETED, next_review_on=today - timedelta(days=3))

    overdue = section(dashboard(client), "overdue")

    assert plan_links(overdue) == [later.id, late.id]
    assert re.search(r"Lou Later.*?>9</td>.*Lee Late.*?>3</td>", overdue, re.S)
    for name in ("Tia Today", "Nia Unset", "Dov Draft", "Cal Closed"):
        assert name not in overdue


def test_pending_suggestions_are_decided_from_the_dashboard(client, coordinator, physio):
    plan = blank_plan("Sue Suggest")
    assign(plan, "physiotherapy", physio)
    other = blank_plan("Ola Other")
    assign(other, "physiotherapy", physio)
    waiting = suggest_phase_move(plan, Phase.SUBACUTE, "Pain is down to 2/10.", physio)
    declined = suggest_phase_move(other, Phase.SUBACUTE, "Sleeping well.", physio)
    declined.status = SuggestionStatus.DECLINED
    db.session.commit()

    suggestions = section(dashboard(client), "suggestions")

    assert plan_links(suggestions) == [plan.id]
    assert "Pat Physio suggests moving from acute to subacute" in suggestions and "Pain is down to 2/10." in suggestions
    assert f'action="/suggestions/{waiting.id}/decision"' in suggestions
    assert 'name="back" value="dashboard"' in suggestions
    assert 'name="decision" value="accept"' in suggestions and 'name="decision" value="decline"' in suggestions

    response = client.post_form(f"/suggestions/{waiting.id}/decision", {"decision": "accept", "back": "dashboard"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/coordinator")
    db.session.refresh(plan)
    assert plan.phase == Phase.SUBACUTE
    assert db.session.scalar(select(PhaseSuggestion.status).where(PhaseSuggestion.id == waiting.id)) == "accepted"
    assert "No phase suggestion is waiting." in dashboard(client)


def test_an_empty_clinic_says_so(client, coordinator):
    html = dashboard(client)
    for text in (
        "No open red-flag alerts.",
        "Every plan in progress has a practitioner",
        "No review is overdue.",
        "No phase suggestion is waiting.",
    ):
        assert text in html


@pytest.mark.parametrize("section_id", ["gaps", "overdue"])
def test_each_list_shows_twenty_with_its_own_show_more(client, coordinator, section_id):
    today = clinic_today()
    plans = []
    for n in range(23):
        plan = blank_plan(f"Pat Many{n:02d}", next_review_on=today - timedelta(days=30 - n))
        assign(plan, "massage_therapy", None)
        plans.append(plan)

    first = section(dashboard(client), section_id)
    assert plan_links(first) == [plan.id for plan in plans[:20]]
    assert "Showing 1\u201320 of 23." in first
    more = re.search(r'href="(/coordinator\?[^"]+)"[^>]*>Show more', first).group(1).replace("&amp;", "&")
    assert f"{section_id}_page=2" in more and more.endswith(f"#{section_id}")

    response = client.get(more)
    assert plan_links(section(response.get_data(as_text=True), section_id)) == [plan.id for plan in plans[20:]]
    other = "overdue" if section_id == "gaps" else "gaps"
    assert len(plan_links(section(response.get_data(as_text=True), other))) == 20


def test_a_practitioner_on_the_team_is_not_a_gap(client, coordinator):
    plan = blank_plan("Tom Team")
    assign(plan, "physiotherapy", make_user("practitioner"))
    assert "Tom Team" not in section(dashboard(client), "gaps")
