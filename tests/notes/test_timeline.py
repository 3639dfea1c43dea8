"""The plan's timeline (/plans/<id>/timeline).

Rules checked:
- It merges, newest first: signed notes, addenda, phase moves, goal changes, red-flag alerts and their
  acknowledgements; drafts and other plans' notes are not on it.
- An entered-in-error note stays on it, struck through.
- Times are shown in the clinic's time zone (America/Toronto).
- It is paginated, 25 entries a page, with links to newer and older pages.
- The care team reads it as well as coordinators.
"""

import re
from datetime import UTC, datetime, timedelta

from carespace import clock
from carespace.care_plans.services import move_phase, set_goal_status
from carespace.extensions import db
from carespace.models import GoalStatus, Phase, RedFlagSource
from carespace.notes.services import add_addendum, mark_entered_in_error
from carespace.patients.services import acknowledge_red_flag, raise_red_flag
from tests.factories import make_plan
from tests.notes.helpers import html, write

START = datetime(2026, 2, 10, 14, 0, tzinfo=UTC)  # 09:00 in Toronto


def entries(page: str) -> list[str]:
    """The timeline's entries, as plain text, top to bottom."""
    timeline = re.search(r'<ol class="list-unstyled timeline">(.*?)</ol>', page, re.S).group(1)
    items = re.findall(r'<li class="mb-3">(.*?)</li>', timeline, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]


def minute() -> None:
    clock.advance(timedelta(minutes=1))


def test_it_merges_the_plans_record_newest_first(clinic, client_for, frozen_clock):
    clock.freeze(START)
    plan = clinic.plan
    alert = raise_red_flag(plan.patient, ["limb_weakness"], None, RedFlagSource.PRACTITIONER, clinic.author, plan)
    db.session.commit()
    minute()
    note = write(plan, clinic.author, subjective="Signed progress text")
    minute()
    add_addendum(note, "Addendum text", clinic.teammate)
    db.session.commit()
    minute()
    set_goal_status(plan.goals[0], GoalStatus.ACTIVE, clinic.coordinator, None)
    db.session.commit()
    minute()
    acknowledge_red_flag(alert, "Sent to the emergency department", clinic.coordinator)
    db.session.commit()
    minute()
    write(plan, clinic.author, sign=False, subjective="Draft text")
    move_phase(plan, Phase.SUBACUTE, clinic.coordinator, None, None)
    db.session.commit()

    shown = entries(html(client_for(clinic.coordinator).get(f"/plans/{plan.id}/timeline")))

    assert len(shown) == 6
    assert shown[0].startswith("2026-02-10 09:05") and "Phase acute → subacute" in shown[0]
    assert shown[1].startswith("2026-02-10 09:04") and "Red-flag alert acknowledged by Casey Coordinator" in shown[1]
    assert "Sent to the emergency department" in shown[1]
    assert shown[2].startswith("2026-02-10 09:03") and "Goal active: Pain settles to a manageable level" in shown[2]
    assert shown[3].startswith("2026-02-10 09:02") and "Addendum by Max Massage" in shown[3]
    assert "Addendum text" in shown[3]
    assert shown[4].startswith("2026-02-10 09:01") and "Progress by Pat Physio" in shown[4]
    assert "Signed progress text" in shown[4]
    assert shown[5].startswith("2026-02-10 09:00") and "Red-flag alert" in shown[5]
    assert "Sudden or severe limb weakness" in shown[5]
    assert not any("Draft text" in entry for entry in shown)


def test_other_plans_notes_are_not_on_it(clinic, client_for):
    other = make_plan(team={"physiotherapy": clinic.author})
    write(other, clinic.author, subjective="On the other plan")
    write(clinic.plan, clinic.author, subjective="On this plan")
    page = html(client_for(clinic.author).get(f"/plans/{clinic.plan.id}/timeline"))
    assert "On this plan" in page and "On the other plan" not in page


def test_an_entered_in_error_note_stays_struck_through(clinic, client_for):
    note = write(clinic.plan, clinic.author, subjective="Wrong patient's note")
    mark_entered_in_error(note, "Wrong patient", clinic.author)
    db.session.commit()
    page = html(client_for(clinic.teammate).get(f"/plans/{clinic.plan.id}/timeline"))
    assert re.search(r"<del[^>]*>Wrong patient&#39;s note</del>", page)
    assert "Entered in error" in page and "Wrong patient" in page


def test_it_pages_25_entries_at_a_time(clinic, client_for, frozen_clock):
    clock.freeze(START)
    for n in range(30):
        minute()
        write(clinic.plan, clinic.author, subjective=f"Visit {n:02d}.")
    client = client_for(clinic.teammate)

    first = html(client.get(f"/plans/{clinic.plan.id}/timeline"))
    assert len(entries(first)) == 25
    assert "Visit 29." in entries(first)[0] and "Visit 05." in entries(first)[-1]
    assert "Page 1 of 2" in first and "(30 in all)" in first
    assert f'href="/plans/{clinic.plan.id}/timeline?page=2">Older</a>' in first

    second = html(client.get(f"/plans/{clinic.plan.id}/timeline?page=2"))
    assert [entry.split(" Progress")[0] for entry in entries(second)] == [
        f"2026-02-10 09:{minutes:02d}" for minutes in (5, 4, 3, 2, 1)
    ]
    assert "Visit 04." in entries(second)[0] and "Visit 00." in entries(second)[-1]
    assert f'href="/plans/{clinic.plan.id}/timeline?page=1">Newer</a>' in second


def test_a_page_past_the_end_is_empty_not_an_error(clinic, client_for):
    write(clinic.plan, clinic.author)
    response = client_for(clinic.coordinator).get(f"/plans/{clinic.plan.id}/timeline?page=9")
    assert response.status_code == 200
    assert entries(html(response)) == [] and "<li>Nothing yet.</li>" in html(response)
