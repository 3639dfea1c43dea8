"""`seed-demo` builds a synthetic demo clinic once, and `--patients N` adds N bulk patients with plans.

Rules checked:
- the demo clinic has about forty made-up patients, each with a plan built through the services (so
  with history and audit), spread over phases and statuses, with gaps, exactly one overdue review, one
  open red flag, a couple of pending phase suggestions and a caseload for each demo practitioner;
- the demo plans carry signed notes written through the note services by the demo practitioners on
  their care teams, from several disciplines, and two coordinator team messages: some shared with the
  patient, some with addenda, one for a teammate's attention, and some unread by each demo practitioner
  (so the inbox badge and "Patients with new notes" show something);
- a second run adds nothing, and a demo clinic seeded before notes existed gets its notes on the next run;
- the synthetic people are the same on every run (fixed seed) and use fictional contact details;
- `--patients N` adds N patients with one plan each, staffed only by practitioners of the discipline.
"""

from collections import Counter

import pytest
from sqlalchemy import func, select

from carespace.cli import DEMO_PASSWORD, seed_demo_accounts
from carespace.demo import COORDINATOR_EMAIL, SEED, TEAM_EMAILS, People, seed_demo_clinic
from carespace.demo_bulk import BULK_REFERRAL
from carespace.extensions import db
from carespace.main import queries
from carespace.models import (
    AuditEvent,
    CarePlan,
    Note,
    NoteAddendum,
    NoteKind,
    NoteRead,
    NoteStatus,
    NoteVisibility,
    Patient,
    PhaseSuggestion,
    PlanAssignment,
    PlanEvent,
    PlanStatus,
    RedFlagAlert,
    SuggestionStatus,
    User,
)
from carespace.notes.queries import inbox, patients_with_new_notes, unread_count
from carespace.permissions import can_read_notes, can_write_note
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
        for model in (
            Patient,
            CarePlan,
            PlanAssignment,
            PlanEvent,
            RedFlagAlert,
            PhaseSuggestion,
            AuditEvent,
            User,
            Note,
            NoteAddendum,
            NoteRead,
        )
    }


def account(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


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

    assert "0 new account(s), 0 new demo patient(s), 0 new demo note(s)" in result.output
    assert totals() == before


def test_seed_demo_writes_signed_team_notes_on_the_demo_plans(cli, client):
    result = cli("seed-demo")

    notes = db.session.scalars(select(Note).order_by(Note.id)).all()
    assert f"{len(notes)} new demo note(s)" in result.output and len(notes) >= 10
    assert all(note.status == NoteStatus.SIGNED and not note.is_entered_in_error for note in notes)
    plans = {note.plan for note in notes}
    assert len(plans) >= 4
    assert all(plan.status == PlanStatus.ACTIVE and plan.patient.referral_source == "Demo data" for plan in plans)
    assert not any(plan.patient.open_alerts for plan in plans), "plans with a red flag are left alone"
    today = clinic_today()
    coordinator = account(COORDINATOR_EMAIL)
    soap = [note for note in notes if note.kind != NoteKind.TEAM_MESSAGE]
    for note in soap:
        assert note.author_id in {a.practitioner_id for a in note.plan.care_team(today)}
        assert note.discipline in note.author.disciplines and note.sections
    assert {note.author.email for note in soap} == set(TEAM_EMAILS.values())
    messages = [note for note in notes if note.kind == NoteKind.TEAM_MESSAGE]
    assert len(messages) == 2 and {(m.author_id, m.discipline_id) for m in messages} == {(coordinator.id, None)}
    assert all(can_write_note(note.author, note.plan) for note in notes)
    assert {note.visibility for note in notes} == set(NoteVisibility)
    addenda = [addendum for note in notes for addendum in note.addenda]
    assert len(addenda) >= 2 and all(can_read_notes(a.author, a.note.plan) for a in addenda)
    assert db.session.scalar(select(func.count()).where(AuditEvent.action == "note.signed")) == len(notes)

    for_attention = [note for note in notes if note.attention_user]
    assert len(for_attention) == 1
    note = for_attention[0]
    assert note.attention_user_id != note.author_id
    assert note.attention_user_id in {a.practitioner_id for a in note.plan.care_team(today)}
    assert db.session.scalars(inbox(note.attention_user)).all() == [note]

    opened_by_teammates = select(NoteRead).join(Note).where(NoteRead.user_id != Note.author_id)
    assert count(opened_by_teammates) > 0
    for email in [*TEAM_EMAILS.values(), COORDINATOR_EMAIL]:
        user = account(email)
        assert unread_count(user) > 0 and patients_with_new_notes(user), email

    massage = account(TEAM_EMAILS["massage_therapy"])
    client.login(massage.email, DEMO_PASSWORD)
    assert f'data-unread="{unread_count(massage)}"' in client.get("/practitioner").get_data(as_text=True)


def test_a_demo_clinic_seeded_before_notes_existed_gets_its_notes_on_the_next_run(cli):
    seed_demo_accounts()
    seed_demo_clinic()
    db.session.commit()
    assert totals()["Note"] == 0

    result = cli("seed-demo")

    assert "0 new account(s), 0 new demo patient(s)" in result.output
    written = totals()["Note"]
    assert written >= 10 and f"{written} new demo note(s)" in result.output


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


def test_the_demo_patient_account_opens_a_portal_with_a_plan_notes_and_check_ins(app):
    """seed-demo links patient@example.com to a demo patient with an active plan, shared notes and check-ins."""
    from sqlalchemy import func, select

    from carespace.cli import DEMO_PASSWORD
    from carespace.extensions import db
    from carespace.models import PainCheckIn, Patient, User

    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert runner.invoke(args=["seed-demo"]).exit_code == 0  # idempotent
    user = db.session.scalar(select(User).where(User.email == "patient@example.com"))
    patient = db.session.scalar(select(Patient).where(Patient.user_id == user.id))
    assert patient is not None
    assert (
        db.session.scalar(select(func.count()).select_from(PainCheckIn).where(PainCheckIn.patient_id == patient.id))
        == 5
    )
    client = app.test_client()
    client.login("patient@example.com", DEMO_PASSWORD)
    home = client.get("/portal").get_data(as_text=True)
    assert "Your plan for" in home
    notes = client.get("/portal/notes").get_data(as_text=True)
    assert "No notes have been shared with you yet." not in notes
    assert "<polyline" in client.get("/portal/pain").get_data(as_text=True)
