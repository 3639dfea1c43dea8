"""A practitioner's home: their caseload.

Rules checked:
- the caseload is the plans the practitioner has an active assignment on (the care-team rule): not a
  removed assignment, not one of another phase, not a draft or closed plan, not someone else's;
- each row shows the plan's phase, what is assigned to them and the next review date, and links to the
  plan and the chart;
- 25 plans a page;
- their phase suggestions show whether they are still waiting or how they were decided.
"""

import re
from datetime import timedelta

from carespace import clock
from carespace.care_plans.services import suggest_phase_move
from carespace.extensions import db
from carespace.models import Phase, PlanStatus, SuggestionStatus
from carespace.timefmt import clinic_today
from tests.factories import make_user
from tests.main.builders import assign, blank_plan
from tests.main.pages import plan_links, section


def caseload(client, page: int = 1) -> str:
    response = client.get(f"/practitioner?page={page}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_caseload_is_the_plans_with_an_active_assignment(client, login_as, physio):
    mine = blank_plan("Ada Mine", next_review_on=clinic_today() + timedelta(days=5))
    assign(mine, "physiotherapy", physio, focus="Gentle mobility and nerve glides")
    assign(mine, "massage_therapy", make_user("practitioner", disciplines=["massage_therapy"]))
    paused = blank_plan("Bo Paused", status=PlanStatus.ON_HOLD, phase=Phase.SUBACUTE)
    assign(paused, "physiotherapy", physio, focus="Core stability")
    assign(blank_plan("Cy Removed"), "physiotherapy", physio, removed=True)
    assign(blank_plan("Di Later"), "physiotherapy", physio, phase=Phase.SUBACUTE)
    assign(blank_plan("Ed Completed", status=PlanStatus.COMPLETED), "physiotherapy", physio)
    assign(blank_plan("Flo Draft", status=PlanStatus.DRAFT), "physiotherapy", physio)
    assign(blank_plan("Gil Other"), "physiotherapy", make_user("practitioner"))
    login_as(physio)

    html = caseload(client)

    assert plan_links(html) == [mine.id, paused.id]
    for name in ("Cy Removed", "Di Later", "Ed Completed", "Flo Draft", "Gil Other"):
        assert name not in html
    row = re.search(r"<tr>\s*<td><a[^>]*>Ada Mine.*?</tr>", html, re.S).group(0)
    assert f'href="/patients/{mine.patient_id}"' in row and f'href="/plans/{mine.id}"' in row
    assert "Acute" in row and "Physiotherapy: Gentle mobility and nerve glides" in row
    assert "Massage therapy" not in row
    assert (clinic_today() + timedelta(days=5)).isoformat() in row
    paused_row = re.search(r"<tr>\s*<td><a[^>]*>Bo Paused.*?</tr>", html, re.S).group(0)
    assert "On hold" in paused_row and "Subacute" in paused_row and "Core stability" in paused_row


def test_overdue_reviews_are_marked(client, login_as, physio):
    assign(blank_plan("Ola Overdue", next_review_on=clinic_today() - timedelta(days=1)), "physiotherapy", physio)
    login_as(physio)
    assert "Overdue" in caseload(client)


def test_twenty_five_plans_a_page(client, login_as, physio):
    plans = [blank_plan(f"Pat Case{n:02d}") for n in range(27)]
    for plan in plans:
        assign(plan, "physiotherapy", physio)
    login_as(physio)

    first, second = caseload(client), caseload(client, page=2)

    assert plan_links(first) == [plan.id for plan in plans[:25]]
    assert plan_links(second) == [plan.id for plan in plans[25:]]
    assert "Page 1 of 2" in first


def test_an_empty_caseload_says_so(client, login_as, physio):
    login_as(physio)
    assert "No plan assigns you in its current phase yet." in caseload(client)


def test_own_phase_suggestions_show_their_status(client, login_as, physio):
    waiting_plan, declined_plan = blank_plan("Wes Waiting"), blank_plan("Dee Declined")
    for plan in (waiting_plan, declined_plan):
        assign(plan, "physiotherapy", physio)
    suggest_phase_move(waiting_plan, Phase.SUBACUTE, "Ready", physio)
    declined = suggest_phase_move(declined_plan, Phase.SUBACUTE, "Ready", physio)
    declined.status, declined.decided_at, declined.decision_note = (
        SuggestionStatus.DECLINED,
        clock.now(),
        "Wait for the next review",
    )
    db.session.commit()
    login_as(physio)

    suggestions = section(caseload(client), "own-suggestions")

    assert re.search(r"Wes Waiting.*?Waiting for the coordinator", suggestions, re.S)
    assert re.search(r"Dee Declined.*?Declined.*?Wait for the next review", suggestions, re.S)
