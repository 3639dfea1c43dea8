"""A plan with many signed notes, written with bulk inserts so a test with hundreds of notes stays quick.

The rows follow the rules the services apply: notes are signed by practitioners on the plan's team
(SOAP notes and team messages), each author has read their own note, addenda come after their note,
and a note entered in error was struck by a coordinator, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import insert

from carespace import clock
from carespace.extensions import db
from carespace.models import (
    CarePlan,
    Note,
    NoteAddendum,
    NoteKind,
    NoteRead,
    NoteStatus,
    NoteVisibility,
    PlanEvent,
    PlanEventKind,
    RedFlagAlert,
    RedFlagSource,
    User,
)
from tests.factories import make_patient, make_plan, make_user
from tests.main.builders import assign

KINDS = (NoteKind.INITIAL_ASSESSMENT, NoteKind.PROGRESS, NoteKind.PROGRESS, NoteKind.TEAM_MESSAGE)
# Teammates who never write here: the notes name them for attention.
OTHER_DISCIPLINES = (
    "kinesiology",
    "chiropractic",
    "nutrition",
    "acupuncture",
    "mental_performance_coaching",
    "naturopathic_medicine",
)


@dataclass
class NotedPlan:
    """A live plan, its care team and the staff who read and strike its notes."""

    plan: CarePlan
    physio: User
    coordinator: User
    authors: list[User]
    teammates: list[User]
    coordinators: list[User]
    anchor: datetime  # every note is older than this; the plan's events and red flag are newer
    written: int = 0


def noted_plan(physio: User, coordinator: User) -> NotedPlan:
    """A plan with `physio` and two more authors on its acute team, six other teammates, and three
    other coordinators; the status change, a red flag and its acknowledgement are the newest entries."""
    anchor = clock.now()
    massage = make_user("practitioner", name="Morgan Massage", disciplines=["massage_therapy"], password=None)
    psycho = make_user("practitioner", name="Sam Psychotherapy", disciplines=["psychotherapy"], password=None)
    patient = make_patient("Rowan", "Ellery")
    plan = make_plan(patient, team={"physiotherapy": physio, "massage_therapy": massage, "psychotherapy": psycho})
    teammates = []
    for code in OTHER_DISCIPLINES:
        teammate = make_user("practitioner", name=f"Teammate {code}", disciplines=[code], password=None)
        assign(plan, code, teammate)
        teammates.append(teammate)
    coordinators = [make_user("coordinator", name=f"Coordinator {n}", password=None) for n in range(3)]
    db.session.add(
        PlanEvent(plan=plan, kind=PlanEventKind.STATUS, from_value="draft", to_value="active", created_at=anchor)
    )
    db.session.add(
        RedFlagAlert(
            patient_id=patient.id,
            plan_id=plan.id,
            symptoms="limb_weakness",
            source=RedFlagSource.PRACTITIONER,
            raised_by_id=physio.id,
            raised_at=anchor - timedelta(hours=2),
            acknowledged_by_id=coordinator.id,
            acknowledged_at=anchor - timedelta(hours=1),
            action_taken="Seen in emergency the same day.",
        )
    )
    db.session.commit()
    return NotedPlan(plan, physio, coordinator, [physio, massage, psycho], teammates, coordinators, anchor)


def add_notes(noted: NotedPlan, count: int) -> None:
    """`count` more signed notes, a minute apart, all older than the anchor.

    Every 2nd names a teammate for attention (the first two name the signed-in coordinator and
    physiotherapist), every 3rd has an addendum by a team member and every 6th a second one, every
    7th was entered in error by one of three other coordinators; the physiotherapist has opened
    every 2nd note and the coordinator every 3rd.
    """
    numbers = range(noted.written, noted.written + count)
    # Three separate groups, so a lazy load of any of them is not hidden by another part of the page.
    attention_pool = [noted.coordinator, noted.physio, *noted.teammates]
    addenda_pool = [*noted.authors, noted.coordinator]
    start = noted.anchor - timedelta(days=1)
    rows = []
    for n in numbers:
        author, kind, signed_at = noted.authors[n % 3], KINDS[n % 4], start + timedelta(minutes=n)
        text = f"Session {n}: pain 4/10, walking 20 minutes, nerve glides twice a day."
        rows.append(
            {
                "plan_id": noted.plan.id,
                "author_id": author.id,
                "discipline_id": author.disciplines[0].id,
                "kind": kind,
                "visibility": NoteVisibility.TEAM_AND_PATIENT if n % 5 == 0 else NoteVisibility.TEAM,
                "status": NoteStatus.SIGNED,
                "subjective": None if kind == NoteKind.TEAM_MESSAGE else text,
                "objective": None if kind == NoteKind.TEAM_MESSAGE else "Straight leg raise 60° on the left.",
                "assessment": None,
                "plan_text": None if kind == NoteKind.TEAM_MESSAGE else "Continue; review next week.",
                "body": text if kind == NoteKind.TEAM_MESSAGE else None,
                "attention_user_id": attention_pool[(n // 2) % len(attention_pool)].id if n % 2 == 0 else None,
                "created_at": signed_at,
                "updated_at": signed_at,
                "signed_at": signed_at,
                "entered_in_error_at": signed_at + timedelta(seconds=50) if n % 7 == 3 else None,
                "entered_in_error_by_id": noted.coordinators[(n // 7) % 3].id if n % 7 == 3 else None,
                "entered_in_error_reason": "Written on the wrong patient." if n % 7 == 3 else None,
            }
        )
    ids = db.session.scalars(
        insert(Note).returning(Note.id, sort_by_parameter_order=True).execution_options(render_nulls=True), rows
    ).all()
    addenda, reads = [], []
    for n, note_id, row in zip(numbers, ids, rows, strict=True):
        if n % 3 == 0:
            for extra in range(1 if n % 6 else 2):
                addenda.append(
                    {
                        "note_id": note_id,
                        "author_id": addenda_pool[(n + extra) % len(addenda_pool)].id,
                        "text": "Addendum: the patient phoned; no change in symptoms.",
                        "created_at": row["signed_at"] + timedelta(seconds=20 + extra),
                    }
                )
        readers = {row["author_id"]}
        if n % 2:
            readers.add(noted.physio.id)
        if n % 3 == 1:
            readers.add(noted.coordinator.id)
        reads += [{"note_id": note_id, "user_id": user_id, "read_at": row["signed_at"]} for user_id in readers]
    if addenda:
        db.session.execute(insert(NoteAddendum), addenda)
    db.session.execute(insert(NoteRead), reads)
    db.session.commit()
    noted.written += count
