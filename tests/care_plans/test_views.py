"""Care-plan pages: creating from a template, the plan page, status and phase forms, goals, assignments,
suggestions, and two people saving the same plan at once."""

import re

import pytest
from sqlalchemy import select

from carespace.extensions import db
from carespace.models import AuditEvent, CarePlan, Phase, PlanStatus, SuggestionStatus
from tests.factories import make_patient, make_plan, make_user


@pytest.fixture
def coordinator(login_as):
    return login_as("coordinator", name="Casey Coordinator")


def error_beside(response, field: str) -> str:
    match = re.search(rf'id="{field}-error"[^>]*>(.*?)</div>', response.get_data(as_text=True), re.S)
    return match.group(1).strip() if match else ""


class TestNewPlan:
    def test_the_condition_picks_its_template(self, client, coordinator):
        patient = make_patient(conditions=("Sciatica",))
        response = client.post_form(f"/patients/{patient.id}/plans/new", {"condition": "Sciatica", "template": "0"})
        plan = db.session.scalar(select(CarePlan))
        assert response.headers["Location"] == f"/plans/{plan.id}"
        assert (plan.template.name, plan.status, plan.condition) == ("Radiculopathy", PlanStatus.DRAFT, "Sciatica")

    def test_an_unmatched_condition_asks_for_a_template(self, client, coordinator):
        patient = make_patient(conditions=("Tennis elbow",))
        response = client.post_form(f"/patients/{patient.id}/plans/new", {"condition": "Tennis elbow", "template": "0"})
        assert "No template matches “Tennis elbow”" in error_beside(response, "template")
        blank = next(t for t in re.findall(r'<option value="(\d+)">Blank plan', response.get_data(as_text=True)))
        client.post_form(f"/patients/{patient.id}/plans/new", {"condition": "Tennis elbow", "template": blank})
        assert db.session.scalar(select(CarePlan.condition)) == "Tennis elbow"

    def test_another_condition_can_be_named(self, client, coordinator):
        patient = make_patient(conditions=("Sciatica",))
        empty = client.post_form(f"/patients/{patient.id}/plans/new", {"condition": "__other__", "template": "0"})
        assert error_beside(empty, "other_condition") == "Name the condition."
        client.post_form(
            f"/patients/{patient.id}/plans/new",
            {"condition": "__other__", "other_condition": "Spinal stenosis", "template": "0"},
        )
        assert db.session.scalar(select(CarePlan.condition)) == "Spinal stenosis"

    def test_a_review_date_in_the_past_is_refused(self, client, coordinator):
        patient = make_patient()
        response = client.post_form(
            f"/patients/{patient.id}/plans/new",
            {"condition": "Sciatica", "template": "0", "next_review_on": "2001-01-01"},
        )
        assert error_beside(response, "next_review_on") == "Choose today or a later date."


class TestPlanPage:
    def test_shows_phase_team_gaps_goals_history_and_is_audited(self, client, coordinator):
        physio = make_user("practitioner", name="Pat Physio")
        plan = make_plan(team={"physiotherapy": physio})
        html = client.get(f"/plans/{plan.id}").get_data(as_text=True)
        assert 'aria-current="step">Acute' in html
        for text in (
            "Pat Physio",
            "Unassigned",
            "Massage therapy",
            "Pain settles to a manageable level",
            "Plan created",
        ):
            assert text in html, text
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "care_plan.viewed"))
        assert (event.object_id, event.patient_id) == (plan.id, plan.patient_id)

    def test_activate_then_move_to_subacute(self, client, coordinator):
        plan = make_plan(status=PlanStatus.DRAFT)
        client.post_form(f"/plans/{plan.id}/status", {"version": plan.version, "to_status": "active"})
        db.session.refresh(plan)
        response = client.post_form(f"/plans/{plan.id}/phase", {"version": plan.version, "to_phase": "subacute"})
        assert response.status_code == 302
        db.session.refresh(plan)
        assert (plan.status, plan.phase) == (PlanStatus.ACTIVE, Phase.SUBACUTE)
        html = client.get(f"/plans/{plan.id}").get_data(as_text=True)
        assert "Phase acute → subacute" in html and "Status draft → active" in html

    def test_rule_errors_are_shown_beside_the_field(self, client, coordinator):
        plan = make_plan(phase=Phase.SUBACUTE)
        back = client.post_form(f"/plans/{plan.id}/phase", {"version": plan.version, "to_phase": "acute", "reason": ""})
        assert back.status_code == 400
        assert "needs a reason" in error_beside(back, "to_phase")
        wrong = client.post_form(f"/plans/{plan.id}/status", {"version": plan.version, "to_status": "draft"})
        assert "cannot become draft" in error_beside(wrong, "to_status")

    def test_goals_are_added_and_moved_along(self, client, coordinator):
        plan = make_plan()
        client.post_form(
            f"/plans/{plan.id}/goals",
            {"version": plan.version, "phase": "acute", "description": "Walk 20 minutes", "measure": "", "target": ""},
        )
        db.session.refresh(plan)
        goal = plan.goals[-1]
        assert goal.description == "Walk 20 minutes"
        client.post_form(f"/plans/{plan.id}/goals/{goal.id}/status", {"version": plan.version, "to_status": "active"})
        db.session.refresh(goal)
        assert goal.status.value == "active"

    def test_assignment_pages_offer_only_eligible_practitioners(self, client, coordinator):
        physio = make_user("practitioner", name="Pat Physio")
        make_user("practitioner", name="Mo Massage", disciplines=["massage_therapy"])
        make_user("practitioner", name="Gone Physio", active=False)
        plan = make_plan()
        physio_row = next(a for a in plan.assignments if a.discipline.code == "physiotherapy")
        page = client.get(f"/plans/{plan.id}/assignments/{physio_row.id}").get_data(as_text=True)
        assert "Pat Physio" in page and "Mo Massage" not in page and "Gone Physio" not in page
        response = client.post_form(
            f"/plans/{plan.id}/assignments/{physio_row.id}",
            {"version": plan.version, "practitioner": physio.id, "focus": "Nerve glides", "frequency": "Twice a week"},
        )
        assert response.status_code == 302
        db.session.refresh(physio_row)
        assert (physio_row.practitioner_id, physio_row.focus) == (physio.id, "Nerve glides")

    def test_the_edit_page_keeps_the_assigned_practitioner(self, client, coordinator):
        """Saving the edit page after changing only the frequency leaves the practitioner assigned."""
        physio = make_user("practitioner", name="Pat Physio")
        plan = make_plan(team={"physiotherapy": physio})
        row = next(a for a in plan.assignments if a.practitioner_id == physio.id)
        page = client.get(f"/plans/{plan.id}/assignments/{row.id}").get_data(as_text=True)
        assert re.search(rf'<option selected value="{physio.id}">Pat Physio</option>', page)
        form = {"version": plan.version, "practitioner": str(physio.id), "focus": row.focus, "frequency": "Weekly"}
        assert client.post_form(f"/plans/{plan.id}/assignments/{row.id}", form).status_code == 302
        db.session.refresh(row)
        assert (row.practitioner_id, row.frequency) == (physio.id, "Weekly")

    def test_adding_an_assignment_with_the_wrong_discipline_is_refused(self, client, coordinator):
        massage = make_user("practitioner", disciplines=["massage_therapy"])
        plan = make_plan()
        physiotherapy = plan.assignments[0].discipline_id
        response = client.post_form(
            f"/plans/{plan.id}/assignments",
            {
                "version": plan.version,
                "phase": "acute",
                "discipline": physiotherapy,
                "practitioner": massage.id,
                "focus": "x",
                "frequency": "weekly",
            },
        )
        assert response.status_code == 400
        assert "active practitioner of this discipline" in error_beside(response, "practitioner")

    def test_user_text_is_escaped(self, client, coordinator):
        plan = make_plan(phase=Phase.SUBACUTE)
        payload = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
        client.post_form(f"/plans/{plan.id}/phase", {"version": plan.version, "to_phase": "acute", "reason": payload})
        html = client.get(f"/plans/{plan.id}").get_data(as_text=True)
        assert "<script>alert(1)" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html


class TestSuggestions:
    def test_practitioner_suggests_and_coordinator_decides_from_the_page(self, app, client, login_as):
        physio = make_user("practitioner")
        plan = make_plan(team={"physiotherapy": physio})
        login_as(physio)
        page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
        assert "Suggest a phase move" in page and "Manage the plan" not in page
        client.post_form(f"/plans/{plan.id}/suggestions", {"to_phase": "subacute", "reason": "Pain 2/10"})
        coordinator_client = app.test_client()
        coordinator_client.login(make_user("coordinator").email)
        html = coordinator_client.get(f"/plans/{plan.id}").get_data(as_text=True)
        suggestion_id = re.search(r"/suggestions/(\d+)/decision", html).group(1)
        coordinator_client.post_form(f"/suggestions/{suggestion_id}/decision", {"decision": "accept"})
        db.session.refresh(plan)
        assert plan.phase == Phase.SUBACUTE
        from carespace.models import PhaseSuggestion

        assert db.session.scalar(select(PhaseSuggestion.status)) == SuggestionStatus.ACCEPTED

    def test_coordinators_do_not_suggest(self, client, coordinator):
        plan = make_plan()
        assert (
            client.post_form(f"/plans/{plan.id}/suggestions", {"to_phase": "subacute", "reason": "x"}).status_code
            == 403
        )


class TestConcurrentSave:
    """The second of two saves made from the same page is refused, says who changed the plan, and keeps the input."""

    def test_second_save_is_refused_with_who_changed_it(self, app, client, coordinator):
        plan = make_plan()
        seen = plan.version
        colleague = app.test_client()
        colleague.login(make_user("coordinator", name="Dr Lee").email)
        assert (
            colleague.post_form(f"/plans/{plan.id}/phase", {"version": seen, "to_phase": "subacute"}).status_code == 302
        )
        response = client.post_form(f"/plans/{plan.id}/details", {"version": seen, "next_review_on": "2099-12-31"})
        html = response.get_data(as_text=True)
        assert response.status_code == 409
        assert re.search(r"changed by Dr Lee at \d\d:\d\d while you were editing\. Reload", html)
        assert 'value="2099-12-31"' in html  # what was typed is still in the form
        db.session.refresh(plan)
        assert plan.phase == Phase.SUBACUTE and plan.next_review_on is None


def test_history_pages_keep_the_plan(client, coordinator):
    """With more than 25 history lines, the plan page's pager links to the same plan's next page."""
    from carespace.models import PlanEvent, PlanEventKind

    plan = make_plan()
    db.session.add_all(PlanEvent(plan_id=plan.id, kind=PlanEventKind.DETAILS, summary=f"Line {n}") for n in range(30))
    db.session.commit()
    first = client.get(f"/plans/{plan.id}")
    assert first.status_code == 200
    assert f'href="/plans/{plan.id}?page=2"' in first.get_data(as_text=True)
    assert "Line 0" in client.get(f"/plans/{plan.id}?page=2").get_data(as_text=True)
