"""Care-plan rules, tested on the services: template copies, statuses, one active plan, phases, goals,
assignments, the derived care team, suggestions and optimistic locking."""

from datetime import timedelta
from itertools import product

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from carespace import timefmt
from carespace.care_plans.services import (
    AssignmentValues,
    PlanConflict,
    PlanRuleError,
    add_assignment,
    add_goal,
    change_status,
    create_plan,
    decide_suggestion,
    find_template_for,
    move_phase,
    remove_assignment,
    set_goal_status,
    suggest_phase_move,
    update_assignment,
)
from carespace.extensions import db
from carespace.models import (
    GOAL_TRANSITIONS,
    PLAN_TRANSITIONS,
    AuditEvent,
    CarePlan,
    Discipline,
    GoalStatus,
    Phase,
    PlanEventKind,
    PlanStatus,
    SuggestionStatus,
)
from carespace.permissions import can_view_patient, can_view_plan
from tests.factories import make_patient, make_plan, make_user

pytestmark = pytest.mark.usefixtures("app")


@pytest.fixture
def coordinator(app):
    return make_user("coordinator")


def discipline(code: str) -> Discipline:
    return db.session.scalar(select(Discipline).where(Discipline.code == code))


def assignment_of(plan, code, phase=None):
    return next(a for a in plan.assignments_in(phase or plan.phase) if a.discipline.code == code)


class TestTemplateCopy:
    def test_condition_and_its_aliases_pick_the_radiculopathy_template(self):
        for condition in ("Radiculopathy", "sciatica", "  Cervical   radiculopathy ", "DISC HERNIATION"):
            assert find_template_for(condition).name == "Radiculopathy"
        assert find_template_for("Tennis elbow") is None

    def test_a_new_plan_is_a_draft_copy_of_the_template(self, coordinator):
        patient = make_patient()
        template = find_template_for("Sciatica")
        plan = create_plan(patient, "Sciatica", template, coordinator)
        db.session.commit()
        assert (plan.status, plan.phase, plan.condition) == (PlanStatus.DRAFT, Phase.ACUTE, "Sciatica")
        assert len(plan.assignments) == len(template.disciplines) == 14
        assert all(a.practitioner_id is None for a in plan.assignments)
        assert [(a.phase, a.discipline_id, a.focus) for a in plan.assignments] == [
            (row.phase, row.discipline_id, row.focus) for row in template.disciplines
        ]
        assert len(plan.goals) == 9 and {g.status for g in plan.goals} == {GoalStatus.PROPOSED}
        assert [e.kind for e in plan.events] == [PlanEventKind.CREATED]
        assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.object_type == "care_plans")) == (
            "care_plan.created"
        )

    def test_changing_the_template_afterwards_leaves_the_plan_alone(self, coordinator):
        template = find_template_for("Sciatica")
        plan = create_plan(make_patient(), "Sciatica", template, coordinator)
        db.session.commit()
        template.disciplines[0].focus = "Something else entirely"
        template.goals.pop()
        db.session.commit()
        db.session.expire_all()
        assert plan.assignments[0].focus == "Gentle mobility and nerve glides"
        assert len(plan.goals) == 9


class TestStatus:
    @pytest.mark.parametrize(("start", "to"), list(product(PlanStatus, PlanStatus)))
    def test_only_the_allowed_transitions_are_accepted(self, coordinator, start, to):
        plan = make_plan(status=start)
        if to in PLAN_TRANSITIONS[start]:
            change_status(plan, to, coordinator, plan.version, reason="stated reason")
            assert plan.status == to
        else:
            with pytest.raises(PlanRuleError, match="cannot become"):
                change_status(plan, to, coordinator, plan.version, reason="stated reason")
            assert plan.status == start

    @pytest.mark.parametrize("to", [PlanStatus.ON_HOLD, PlanStatus.REVOKED, PlanStatus.ENTERED_IN_ERROR])
    def test_holding_revoking_and_marking_in_error_need_a_reason(self, coordinator, to):
        plan = make_plan(status=PlanStatus.ACTIVE)
        with pytest.raises(PlanRuleError, match="Say why"):
            change_status(plan, to, coordinator, plan.version, reason="  ")

    def test_status_changes_are_recorded_in_the_history(self, coordinator):
        plan = make_plan(status=PlanStatus.DRAFT)
        change_status(plan, PlanStatus.ACTIVE, coordinator, plan.version)
        db.session.commit()
        event = plan.events[0]
        assert (event.kind, event.from_value, event.to_value, event.actor_id) == (
            PlanEventKind.STATUS,
            "draft",
            "active",
            coordinator.id,
        )


class TestOneActivePlan:
    def test_a_second_active_plan_for_the_same_condition_is_refused(self, coordinator):
        first = make_plan(status=PlanStatus.ACTIVE)
        second = make_plan(first.patient, status=PlanStatus.DRAFT, condition="sciatica")
        with pytest.raises(PlanRuleError, match="already has an active plan for Sciatica"):
            change_status(second, PlanStatus.ACTIVE, coordinator, second.version)

    def test_another_condition_or_another_patient_is_fine(self, coordinator):
        first = make_plan(status=PlanStatus.ACTIVE)
        other_condition = make_plan(first.patient, status=PlanStatus.DRAFT, condition="Spinal stenosis")
        change_status(other_condition, PlanStatus.ACTIVE, coordinator, other_condition.version)
        other_patient = make_plan(status=PlanStatus.DRAFT)
        change_status(other_patient, PlanStatus.ACTIVE, coordinator, other_patient.version)
        db.session.commit()

    def test_once_the_first_is_completed_the_second_can_start(self, coordinator):
        first = make_plan(status=PlanStatus.ACTIVE)
        second = make_plan(first.patient, status=PlanStatus.DRAFT)
        change_status(first, PlanStatus.COMPLETED, coordinator, first.version)
        change_status(second, PlanStatus.ACTIVE, coordinator, second.version)
        db.session.commit()
        assert second.status == PlanStatus.ACTIVE

    def test_the_database_refuses_two_active_plans_too(self):
        first = make_plan(status=PlanStatus.ACTIVE)
        second = make_plan(first.patient, status=PlanStatus.DRAFT)
        second.status = PlanStatus.ACTIVE
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


class TestPhases:
    def test_forward_moves_need_no_reason_and_are_recorded(self, coordinator):
        plan = make_plan()
        move_phase(plan, Phase.SUBACUTE, coordinator, None, plan.version)
        db.session.commit()
        event = plan.events[0]
        assert (event.kind, event.from_value, event.to_value, event.actor_id, event.reason) == (
            PlanEventKind.PHASE,
            "acute",
            "subacute",
            coordinator.id,
            None,
        )

    def test_moving_back_needs_a_reason(self, coordinator):
        plan = make_plan(phase=Phase.SUBACUTE)
        with pytest.raises(PlanRuleError, match="needs a reason"):
            move_phase(plan, Phase.ACUTE, coordinator, "", plan.version)
        move_phase(plan, Phase.ACUTE, coordinator, "Flare-up after lifting", plan.version)
        assert plan.events[0].reason == "Flare-up after lifting"

    def test_moving_to_the_current_phase_is_refused(self, coordinator):
        plan = make_plan()
        with pytest.raises(PlanRuleError, match="already in the acute phase"):
            move_phase(plan, Phase.ACUTE, coordinator, None, plan.version)

    def test_closed_plans_do_not_move(self, coordinator):
        plan = make_plan(status=PlanStatus.COMPLETED)
        with pytest.raises(PlanRuleError, match="can no longer be changed"):
            move_phase(plan, Phase.SUBACUTE, coordinator, None, plan.version)

    def test_a_move_activates_the_next_phases_assignments(self, coordinator):
        physio, kin = make_user("practitioner"), make_user("practitioner", disciplines=["kinesiology"])
        plan = make_plan(team={"physiotherapy": physio})
        assignment_of(plan, "kinesiology", Phase.SUBACUTE).practitioner_id = kin.id
        db.session.commit()
        today = timefmt.clinic_today()
        assert [a.practitioner_id for a in plan.care_team(today)] == [physio.id]
        assert can_view_plan(physio, plan) and not can_view_plan(kin, plan)
        move_phase(plan, Phase.SUBACUTE, coordinator, None, plan.version)
        db.session.commit()
        assert [a.practitioner_id for a in plan.care_team(today)] == [kin.id]
        assert can_view_plan(kin, plan) and not can_view_plan(physio, plan)


class TestGoals:
    def test_goals_follow_their_lifecycle(self, coordinator):
        plan = make_plan()
        goal = add_goal(
            plan,
            phase=Phase.ACUTE,
            description="Sleep 6 hours",
            measure="",
            target="",
            actor=coordinator,
            expected_version=plan.version,
        )
        assert (goal.status, goal.measure) == (GoalStatus.PROPOSED, None)
        for start, to in product(GoalStatus, GoalStatus):
            goal.status = start
            if to in GOAL_TRANSITIONS[start]:
                set_goal_status(goal, to, coordinator, plan.version)
                assert goal.status == to
            else:
                with pytest.raises(PlanRuleError):
                    set_goal_status(goal, to, coordinator, plan.version)

    def test_goal_changes_are_in_the_history(self, coordinator):
        plan = make_plan()
        goal = plan.goals_in(Phase.ACUTE)[0]
        set_goal_status(goal, GoalStatus.ACTIVE, coordinator, plan.version)
        db.session.commit()
        assert plan.events[0].kind == PlanEventKind.GOAL
        assert plan.events[0].summary == f"Goal active: {goal.description}"


class TestAssignments:
    def values(self, code="physiotherapy", practitioner=None, **extra):
        return AssignmentValues(
            phase=extra.pop("phase", Phase.ACUTE),
            discipline_id=discipline(code).id,
            practitioner_id=practitioner.id if practitioner else None,
            focus="Focus",
            frequency="Weekly",
            **extra,
        )

    def test_only_active_practitioners_of_the_discipline_can_be_assigned(self, coordinator):
        plan = make_plan()
        massage = make_user("practitioner", disciplines=["massage_therapy"])
        gone = make_user("practitioner", active=False)
        for practitioner in (massage, gone, coordinator):
            with pytest.raises(PlanRuleError, match="active practitioner of this discipline"):
                add_assignment(plan, self.values(practitioner=practitioner), coordinator, plan.version)
        physio = make_user("practitioner")
        assignment = add_assignment(plan, self.values(practitioner=physio), coordinator, plan.version)
        assert assignment.practitioner == physio

    def test_unassigned_is_allowed_and_shows_as_a_gap(self, coordinator):
        plan = make_plan()
        assert len(plan.gaps()) == 5  # the template's acute disciplines, nobody named yet
        physio = make_user("practitioner")
        update_assignment(
            assignment_of(plan, "physiotherapy"), self.values(practitioner=physio), coordinator, plan.version
        )
        assert len(plan.gaps()) == 4

    def test_end_before_start_is_refused(self, coordinator):
        plan = make_plan()
        today = timefmt.clinic_today()
        with pytest.raises(PlanRuleError, match="end date is before"):
            add_assignment(
                plan, self.values(start_on=today, end_on=today - timedelta(days=1)), coordinator, plan.version
            )

    def test_dates_bound_the_team(self, coordinator):
        physio = make_user("practitioner")
        plan = make_plan(team={"physiotherapy": physio})
        today = timefmt.clinic_today()
        assignment = assignment_of(plan, "physiotherapy")
        assignment.start_on = today + timedelta(days=1)
        db.session.commit()
        assert plan.care_team(today) == [] and not can_view_plan(physio, plan)
        assignment.start_on, assignment.end_on = today - timedelta(days=9), today - timedelta(days=1)
        db.session.commit()
        assert not can_view_patient(physio, plan.patient)
        assignment.end_on = today
        db.session.commit()
        assert can_view_patient(physio, plan.patient)

    def test_removal_takes_the_practitioner_off_the_team(self, coordinator):
        physio = make_user("practitioner")
        plan = make_plan(team={"physiotherapy": physio})
        remove_assignment(assignment_of(plan, "physiotherapy"), coordinator, plan.version)
        db.session.commit()
        assert not can_view_plan(physio, plan)
        assert plan.events[0].summary.startswith("Removed Physiotherapy (acute)")

    def test_practitioners_lose_access_when_the_plan_closes(self, coordinator):
        physio = make_user("practitioner")
        plan = make_plan(team={"physiotherapy": physio})
        change_status(plan, PlanStatus.COMPLETED, coordinator, plan.version)
        db.session.commit()
        assert not can_view_plan(physio, plan)


class TestSuggestions:
    def test_a_team_member_suggests_and_the_coordinator_accepts(self, coordinator):
        physio = make_user("practitioner")
        plan = make_plan(team={"physiotherapy": physio})
        suggestion = suggest_phase_move(plan, Phase.SUBACUTE, "Pain settled to 3/10", physio)
        db.session.commit()
        decide_suggestion(suggestion, True, coordinator)
        db.session.commit()
        assert plan.phase == Phase.SUBACUTE
        assert suggestion.status == SuggestionStatus.ACCEPTED and suggestion.decided_by_id == coordinator.id
        assert plan.events[0].reason == f"Suggested by {physio.name}: Pain settled to 3/10"
        with pytest.raises(PlanRuleError, match="already been decided"):
            decide_suggestion(suggestion, False, coordinator)

    def test_declining_leaves_the_phase(self, coordinator):
        physio = make_user("practitioner")
        plan = make_plan(team={"physiotherapy": physio})
        suggestion = suggest_phase_move(plan, Phase.SUBACUTE, "Ready", physio)
        decide_suggestion(suggestion, False, coordinator, "Wait for the review")
        db.session.commit()
        assert plan.phase == Phase.ACUTE and suggestion.status == SuggestionStatus.DECLINED

    def test_refusals(self, coordinator):
        physio, outsider = make_user("practitioner"), make_user("practitioner")
        plan = make_plan(team={"physiotherapy": physio})
        with pytest.raises(PlanRuleError, match="care team"):
            suggest_phase_move(plan, Phase.SUBACUTE, "Ready", outsider)
        with pytest.raises(PlanRuleError, match="care team"):
            suggest_phase_move(plan, Phase.SUBACUTE, "Ready", coordinator)
        with pytest.raises(PlanRuleError, match="already in"):
            suggest_phase_move(plan, Phase.ACUTE, "Ready", physio)
        with pytest.raises(PlanRuleError, match="Say why"):
            suggest_phase_move(plan, Phase.SUBACUTE, " ", physio)
        suggest_phase_move(plan, Phase.SUBACUTE, "Ready", physio)
        with pytest.raises(PlanRuleError, match="already have a suggestion waiting"):
            suggest_phase_move(plan, Phase.MAINTENANCE, "Really ready", physio)


class TestConcurrentSaves:
    """Two people saving the same plan: the second is refused, naming who changed it."""

    def test_a_stale_version_is_refused_with_who_and_when(self, coordinator):
        plan = make_plan()
        seen = plan.version
        other = make_user("coordinator", name="Dr Lee")
        move_phase(plan, Phase.SUBACUTE, other, None, seen)
        db.session.commit()
        with pytest.raises(PlanConflict, match=r"changed by Dr Lee at \d\d:\d\d .*Reload"):
            move_phase(plan, Phase.MAINTENANCE, coordinator, None, seen)

    def test_simultaneous_flushes_are_caught_by_the_version_counter(self, app, coordinator):
        """Both sessions load version N; the first commit wins, the second gets StaleDataError, nothing is lost."""
        from sqlalchemy.orm import Session
        from sqlalchemy.orm.exc import StaleDataError

        plan_id = make_plan().id
        with Session(db.engine) as first, Session(db.engine) as second:
            plan_a, plan_b = first.get(CarePlan, plan_id), second.get(CarePlan, plan_id)
            assert plan_a.version == plan_b.version
            plan_a.phase = Phase.SUBACUTE
            first.commit()
            plan_b.next_review_on = timefmt.clinic_today()
            with pytest.raises(StaleDataError):
                second.commit()
        db.session.expire_all()
        saved = db.session.get(CarePlan, plan_id)
        assert saved.phase == Phase.SUBACUTE and saved.next_review_on is None
