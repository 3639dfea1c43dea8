"""What a patient reads about their own care: the plan in plain words, the team, the history and past plans.

Rules checked:
- home shows the plan in progress: what the current phase is for and what comes next in plain words, where the
  patient is in the three phases, the current phase's goals with progress (cancelled goals left out), and the
  date of the next review; an on-hold plan says so; without a plan in progress the page says so;
- the team page names each practitioner of the current phase with their discipline and what they work on;
  unfilled assignments and other phases' practitioners are not listed;
- history lists phase moves with their dates but never the clinical reason given for a move;
- past (completed or stopped) plans open read-only: no form, no button; draft and entered-in-error plans are
  not the patient's to see;
- an account not linked to a patient record gets a friendly page, not an error.
"""

from __future__ import annotations

from datetime import date

import pytest

from carespace.care_plans.services import change_status, move_phase, set_goal_status
from carespace.extensions import db
from carespace.models import GoalStatus, Phase, PlanStatus
from carespace.timefmt import local
from tests.factories import make_plan, make_user
from tests.portal.conftest import make_portal_patient

REASON = "Flare-up after lifting; MRI shows L5 disc extrusion"


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_home_shows_the_phase_in_plain_words_and_where_the_patient_is(client, app):
    maya = make_portal_patient("Maya", phase=Phase.SUBACUTE, next_review_on=date(2031, 3, 14))
    client.login(maya.user.email)

    html = page(client, "/portal")

    assert "Hello, Maya" in html
    assert "Your plan for sciatica" in html
    assert '<h2 id="phase-heading" class="h3">Building strength</h2>' in html
    assert "Now the aim is to rebuild your strength" in html
    assert "<strong>What comes next:</strong> Once you are moving well, you move on to staying well" in html
    assert '<li class="done">1. Settling things down</li>' in html
    assert '<li class="current" aria-current="step">2. Building strength</li>' in html
    assert '<li class="">3. Staying well</li>' in html
    assert "<strong>Your next review:</strong> Friday March 14, 2031" in html
    assert "Subacute" not in html  # clinical words stay on the staff pages


@pytest.mark.parametrize(
    ("phase", "heading", "next_words"),
    [
        (Phase.ACUTE, "Settling things down", "When your pain has settled, you move on to rebuilding strength."),
        (Phase.MAINTENANCE, "Staying well", "Keep up your exercises. Your team checks in with you at each review."),
    ],
)
def test_every_phase_has_plain_words(client, phase, heading, next_words):
    maya = make_portal_patient("Maya", phase=phase)
    client.login(maya.user.email)
    html = page(client, "/portal")
    assert f'<h2 id="phase-heading" class="h3">{heading}</h2>' in html
    assert next_words in html


def test_home_shows_the_current_phases_goals_with_progress(client, coordinator):
    maya = make_portal_patient("Maya")
    sleep, walk = maya.plan.goals_in(Phase.ACUTE)[1:3]
    set_goal_status(sleep, GoalStatus.ACTIVE, coordinator, None)
    set_goal_status(sleep, GoalStatus.ACHIEVED, coordinator, None)
    set_goal_status(walk, GoalStatus.CANCELLED, coordinator, None)
    db.session.commit()
    client.login(maya.user.email)

    html = page(client, "/portal")

    assert "1 of 2 goals achieved" in html
    assert '<progress id="goal-progress" max="2" value="1">' in html
    assert "Pain settles to a manageable level" in html and "(target NPRS ≤ 5)" in html
    assert "Achieved</span> Sleep through most nights" in html
    assert "Walk for 10 minutes" not in html  # cancelled
    assert "Return to daily activities" not in html  # a later phase's goal


def test_home_without_a_review_date_or_goals(client):
    maya = make_portal_patient("Maya", condition="Whiplash")  # no template matches: a blank plan
    client.login(maya.user.email)
    html = page(client, "/portal")
    assert "<strong>Your next review:</strong> your team will let you know" in html
    assert "Your team will set your goals with you." in html


def test_an_on_hold_plan_says_so(client):
    maya = make_portal_patient("Maya", status=PlanStatus.ON_HOLD)
    client.login(maya.user.email)
    assert "(on hold for now)" in page(client, "/portal")


@pytest.mark.parametrize("status", [PlanStatus.DRAFT, PlanStatus.COMPLETED, PlanStatus.ENTERED_IN_ERROR])
def test_without_a_plan_in_progress_home_says_so(client, status):
    maya = make_portal_patient("Maya", status=status)
    client.login(maya.user.email)
    html = page(client, "/portal")
    assert "No plan in progress" in html
    assert "phase-heading" not in html
    team = page(client, "/portal/team")
    assert "You have no plan in progress right now." in team
    assert maya.physio.name not in team


def test_team_page_names_each_practitioner_discipline_and_focus(client):
    maya = make_portal_patient("Maya")
    massage = make_user("practitioner", name="Mo Massage", disciplines=["massage_therapy"])
    kinesiologist = make_user("practitioner", name="Kim Kinesiology", disciplines=["kinesiology"])
    for assignment in maya.plan.assignments:
        if assignment.discipline.code == "massage_therapy" and assignment.phase == Phase.ACUTE:
            assignment.practitioner_id = massage.id
        if assignment.discipline.code == "kinesiology" and assignment.phase == Phase.SUBACUTE:
            assignment.practitioner_id = kinesiologist.id
    db.session.commit()
    client.login(maya.user.email)

    html = page(client, "/portal/team")

    assert f'<h2 class="h4 mb-1">{maya.physio.name}</h2>' in html
    assert '<p class="mb-1">Physiotherapy</p>' in html
    assert "Working with you on: Gentle mobility and nerve glides (2 sessions a week)" in html
    assert '<h2 class="h4 mb-1">Mo Massage</h2>' in html
    assert "Working with you on: Pain relief and muscle relaxation (1 session a week)" in html
    assert "Kim Kinesiology" not in html  # the next phase's team
    assert "Acupuncture" not in html  # nobody named yet


def test_team_page_while_nobody_is_named_yet(client):
    maya = make_portal_patient("Maya", with_plan=False)
    make_plan(maya.patient)
    client.login(maya.user.email)
    assert "Your clinic is putting your team together." in page(client, "/portal/team")


def test_history_lists_phase_moves_with_dates_but_never_the_reasons(client, coordinator, frozen_clock):
    maya = make_portal_patient("Maya")
    move_phase(maya.plan, Phase.SUBACUTE, coordinator, None, None)
    move_phase(maya.plan, Phase.ACUTE, coordinator, REASON, None)
    db.session.commit()
    client.login(maya.user.email)

    html = page(client, "/portal/history")

    day = local(frozen_clock.now(), "%B %-d, %Y")
    assert f"<li>{day}: Settling things down → Building strength</li>" in html
    assert f"<li>{day}: Building strength → Settling things down</li>" in html
    assert "Flare-up" not in html and "MRI" not in html
    assert "No past plans." in html


def test_past_plans_are_listed_and_open_read_only(client, coordinator):
    maya = make_portal_patient("Maya", with_plan=False)
    done = make_plan(maya.patient, condition="Disc herniation")
    move_phase(done, Phase.SUBACUTE, coordinator, None, None)
    set_goal_status(done.goals[0], GoalStatus.ACTIVE, coordinator, None)
    set_goal_status(done.goals[0], GoalStatus.ACHIEVED, coordinator, None)
    change_status(done, PlanStatus.COMPLETED, coordinator, None)
    stopped = make_plan(maya.patient, condition="Spinal stenosis")
    change_status(stopped, PlanStatus.REVOKED, coordinator, None, "Moved away")
    hidden = make_plan(maya.patient, condition="Lumbar radiculopathy", status=PlanStatus.ENTERED_IN_ERROR)
    db.session.commit()
    client.login(maya.user.email)

    history = page(client, "/portal/history")
    assert f'href="/portal/plans/{done.id}">Disc herniation</a> · Completed' in history
    assert f'href="/portal/plans/{stopped.id}">Spinal stenosis</a> · Stopped' in history
    assert "Lumbar radiculopathy" not in history
    assert "Moved away" not in history

    past = page(client, f"/portal/plans/{done.id}")
    assert "Disc herniation (completed)" in past
    assert "This plan is closed; it is shown as it ended." in past
    assert "Achieved</span> Pain settles to a manageable level" in past
    assert "Settling things down → Building strength" in past
    assert "<form" not in past.split('<main id="content"', 1)[1]
    assert "<button" not in past.split('<main id="content"', 1)[1]

    assert "Spinal stenosis (stopped)" in page(client, f"/portal/plans/{stopped.id}")
    assert client.get(f"/portal/plans/{hidden.id}").status_code == 404


def test_the_plan_in_progress_is_not_a_past_plan(client):
    maya = make_portal_patient("Maya")
    draft = make_plan(maya.patient, condition="Disc herniation", status=PlanStatus.DRAFT)
    client.login(maya.user.email)
    assert client.get(f"/portal/plans/{maya.plan.id}").status_code == 404
    assert client.get(f"/portal/plans/{draft.id}").status_code == 404


def test_an_account_without_a_patient_record_gets_a_friendly_page(client):
    account = make_user("patient", name="Lone Patient")
    client.login(account.email)

    home = client.get("/portal")
    assert home.status_code == 200
    assert "Your account is not linked to a patient record yet. Please contact your clinic." in home.get_data(
        as_text=True
    )
    assert client.get("/portal/team").status_code == 404
