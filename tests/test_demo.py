"""`seed-demo` builds a synthetic demo clinic once, and `--patients N` adds N bulk patients with plans.

Rules checked:
- the demo clinic has about forty made-up patients, each with a plan built through the services (so
  with history and audit), spread over phases and statuses, with gaps, exactly one overdue review, one
  open red flag, a couple of pending phase suggestions and a caseload for each demo practitioner;
- a second run adds nothing;
- the synthetic people are the same on every run (fixed seed) and use fictional contact details;
- `--patients N` adds N patients with one plan each, staffed only by practitioners of the discipline.
"""

from collections import Counter

import pytest
from sqlalchemy import func, select

from carespace.demo import SEED, TEAM_EMAILS, People
from carespace.demo_bulk import BULK_REFERRAL
from carespace.extensions import db
from carespace.main import queries
from carespace.models import (
    AuditEvent,
    CarePlan,
    Patient,
    PhaseSuggestion,
    PlanAssignment,
    PlanEvent,
    PlanStatus,
    RedFlagAlert,
    SuggestionStatus,
    User,
)
from carespace.timefmt import clinic_today


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def run(*args):
        result = runner.invoke(args=list(args))
        assert result.exit_code == 0, result.output
        return result

    return run


def count(stmt) -> int:
    return db.session.scalar(select(func.count()).select_from(stmt.subquery()))


def totals() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (Patient, CarePlan, PlanAssignment, PlanEvent, RedFlagAlert, PhaseSuggestion, AuditEvent, User)
    }


def test_seed_demo_builds_the_demo_clinic(cli):
    result = cli("seed-demo")

    assert "40 new demo patient(s)" in result.output
    patients = db.session.scalars(select(Patient)).all()
    assert len(patients) == 40
    assert all(p.referral_source == "Demo data" and p.phone[4:10] == "555-01" for p in patients)
    assert all(p.email is None or p.email.endswith("@example.org") for p in patients)
    plans = db.session.scalars(select(CarePlan)).all()
    assert sorted(plan.patient_id for plan in plans) == sorted(p.id for p in patients)
    statuses = Counter(plan.status for plan in plans)
    assert statuses[PlanStatus.ACTIVE] > 20 and all(statuses[s] for s in ("draft", "on-hold", "completed"))
    assert {plan.phase.value for plan in plans if plan.status == PlanStatus.ACTIVE} == {
        "acute",
        "subacute",
        "maintenance",
    }
    assert all(plan.template.name == "Radiculopathy" for plan in plans)
    today = clinic_today()
    assert count(queries.overdue_plans(today)) == 1
    assert count(queries.open_alerts()) == 1
    assert count(queries.pending_suggestions()) == 2
    assert 0 < count(queries.plans_with_gaps()) < len(plans) // 2
    for email in TEAM_EMAILS.values():
        practitioner = db.session.scalar(select(User).where(User.email == email))
        assert count(queries.caseload(practitioner, today)) >= 3, email
    audited = db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("care_plan.%"))).all()
    assert audited.count("care_plan.created") == 40 and "care_plan.phase_moved" in audited


def test_seed_demo_adds_nothing_the_second_time(cli):
    cli("seed-demo")
    before = totals()

    result = cli("seed-demo")

    assert "0 new account(s), 0 new demo patient(s)" in result.output
    assert totals() == before


def test_the_synthetic_people_are_the_same_on_every_run():
    first, second = People(SEED), People(SEED)
    assert [first.next("x") for _ in range(5)] == [second.next("x") for _ in range(5)]


def test_patients_option_adds_bulk_patients_with_plans(cli):
    cli("seed-demo")
    before = totals()

    result = cli("seed-demo", "--patients", "200")

    assert "Added 200 bulk patient(s)" in result.output
    bulk = select(Patient.id).where(Patient.referral_source == BULK_REFERRAL)
    assert count(bulk) == 200
    plans = db.session.scalars(select(CarePlan).where(CarePlan.patient_id.in_(bulk))).all()
    assert len(plans) == 200 and len({plan.patient_id for plan in plans}) == 200
    assert {plan.status for plan in plans} == {"active", "draft", "on-hold", "completed"}
    assert {plan.phase for plan in plans} == {"acute", "subacute", "maintenance"}
    assert all(len(plan.assignments) == 14 and len(plan.goals) == 9 for plan in plans)
    assert all(plan.events for plan in plans)
    staffed = [a for plan in plans for a in plan.assignments if a.practitioner]
    assert staffed and all(a.discipline in a.practitioner.disciplines for a in staffed)
    assert count(queries.plans_with_gaps()) > before["CarePlan"] // 10
    today = clinic_today()
    assert (count(queries.overdue_plans(today)), count(queries.open_alerts())) == (1, 1)
    assert db.session.scalar(select(func.count()).where(PhaseSuggestion.status == SuggestionStatus.PENDING)) == 2
    assert len(set(db.session.scalars(select(Patient.chart_number)))) == 240

    cli("seed-demo", "--patients", "5")
    assert count(bulk) == 205
