"""Synthetic team notes for the demo clinic, written through the note services.

A few active plans get the notes their care team would write: SOAP notes from
each demo practitioner on the plan, two coordinator team messages, some shared
with the patient, some with addenda, one for a teammate's attention, and reads
by some teammates only, so each demo practitioner's inbox badge and "Patients
with new notes" list show something. The text is made up and names nobody; the
plans are picked by phase and condition so the notes fit them, and plans with a
red flag are left alone (their story is told by the alert).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, select

from carespace.demo import DEMO_REFERRAL, TEAM_EMAILS, demo_coordinator
from carespace.extensions import db
from carespace.models import (
    CarePlan,
    Note,
    NoteKind,
    NoteVisibility,
    Patient,
    Phase,
    PlanStatus,
    RedFlagAlert,
    Role,
    User,
)
from carespace.notes.services import NoteValues, add_addendum, read_note, sign_note, start_note
from carespace.timefmt import clinic_today

COORDINATOR = "coordinator"
PHYSIO, MASSAGE, KINESIOLOGY, PSYCHOTHERAPY = "physiotherapy", "massage_therapy", "kinesiology", "psychotherapy"
LUMBAR = frozenset({"Sciatica", "Lumbar radiculopathy", "Disc herniation", "Radiculopathy"})
CERVICAL = frozenset({"Cervical radiculopathy"})
TEAM, SHARED = NoteVisibility.TEAM, NoteVisibility.TEAM_AND_PATIENT
ASSESSMENT, PROGRESS, MESSAGE = NoteKind.INITIAL_ASSESSMENT, NoteKind.PROGRESS, NoteKind.TEAM_MESSAGE


@dataclass(frozen=True)
class DemoNote:
    """One signed note: who writes it (a discipline code, or "coordinator"), its text, and who opens it."""

    author: str
    kind: NoteKind
    text: tuple[str, str, str, str] | str  # SOAP sections, or a team message's body
    visibility: NoteVisibility = TEAM
    attention: str | None = None
    read_by: tuple[str, ...] = ()
    addenda: tuple[tuple[str, str], ...] = ()

    def people(self) -> set[str]:
        return {self.author, *self.read_by, *(author for author, _ in self.addenda)} | (
            {self.attention} if self.attention else set()
        )


@dataclass(frozen=True)
class Scenario:
    """The notes of one plan, and the plans they fit."""

    phase: Phase
    conditions: frozenset[str]
    notes: tuple[DemoNote, ...]

    def practitioners(self) -> set[str]:
        return {key for note in self.notes for key in note.people()} - {COORDINATOR}


SCENARIOS = (
    Scenario(
        Phase.ACUTE,
        LUMBAR,
        (
            DemoNote(
                PHYSIO,
                ASSESSMENT,
                (
                    "Left-sided low back pain spreading to the back of the thigh and calf for three weeks, since "
                    "lifting a box at home. Worse after sitting for 20 minutes and when coughing; eased by short "
                    "walks. Intermittent tingling along the outer edge of the left foot. Wakes two or three times "
                    "a night. No change in bladder or bowel, no saddle numbness.",
                    "Lumbar flexion to mid-shin, reproduces the leg pain; extension eases it slightly. Straight leg "
                    "raise positive on the left at 45°, negative on the right. Power 5/5 except left ankle "
                    "plantarflexion 4+/5. Left ankle reflex reduced. Light touch reduced on the lateral border of "
                    "the left foot. NPRS 7/10 at worst, 4/10 at rest. ODI 46%.",
                    "Findings consistent with a left S1 radiculopathy, currently irritable. No red flags today. "
                    "Suitable for conservative care in the acute phase of the plan.",
                    "Explained the usual course and the value of staying active. Nerve glides (sliders) 10 "
                    "repetitions three times a day, stopping if symptoms spread further down the leg. Walking 10 "
                    "minutes twice a day. Red-flag symptoms reviewed and given in writing. Review in 3 to 4 days "
                    "with a repeat neurological screen.",
                ),
                SHARED,
                read_by=(MASSAGE, COORDINATOR),
                addenda=(
                    (
                        PHYSIO,
                        "Telephone follow-up: tingling unchanged, no new weakness, managing the glides. "
                        "Continue the home programme as written.",
                    ),
                ),
            ),
            DemoNote(
                MASSAGE,
                ASSESSMENT,
                (
                    "Pain 6/10 today, mostly in the left buttock and back of the thigh. Side-lying is the most "
                    "comfortable position. Finds the nerve glides from physiotherapy manageable.",
                    "Marked guarding of the left lumbar paraspinals and gluteals; tender points in the left "
                    "piriformis and gluteus medius. Lying prone for more than a few minutes increased the leg "
                    "tingling, so treatment was finished in side-lying.",
                    "Protective muscle spasm adding to the pain and limiting tolerance of positions. Gentle work "
                    "well tolerated.",
                    "Weekly 45-minute sessions in side-lying: effleurage and sustained pressure to the gluteals and "
                    "lumbar paraspinals, no deep work near the sciatic notch while the leg is irritable. Heat at "
                    "home for 15 minutes in the evening.",
                ),
                read_by=(PHYSIO,),
            ),
            DemoNote(
                PSYCHOTHERAPY,
                PROGRESS,
                (
                    "Second session. Sleeping 4 to 5 hours a night, woken by leg pain. Worries that the pain means "
                    "lasting damage and has stopped driving to work. Mood low in the evenings; denies thoughts of "
                    "self-harm.",
                    "PHQ-9 11 (13 at intake). GAD-7 9. Engaged and reflective; tearful when talking about missed work.",
                    "Pain-related sleep disturbance and catastrophising are keeping the distress going; early "
                    "response to the sleep strategies.",
                    "Continue CBT for insomnia: fixed wake time, wind-down routine, leave the bed after 20 minutes "
                    "awake. Graded exposure to a 10-minute drive with a support person. Next session in 2 weeks. "
                    "Team: fear of driving and of bending is high, so please frame exercise steps gradually.",
                ),
            ),
            DemoNote(
                PHYSIO,
                PROGRESS,
                (
                    "Leg pain now mostly above the knee; foot tingling only after sitting for more than 30 "
                    "minutes. Wakes once a night. Doing the nerve glides twice a day.",
                    "Straight leg raise left 60° (was 45°). Ankle plantarflexion 5/5. Flexion to the ankles with "
                    "thigh pain at end of range only. NPRS 4/10 at worst.",
                    "Symptoms centralising and less irritable. Prone lying tolerated for 5 minutes without leg "
                    "symptoms.",
                    "Progress to tensioner glides and prone press-ups. For massage therapy: short periods prone are "
                    "fine now; please keep avoiding sustained pressure over the sciatic notch for another two weeks "
                    "and tell me if the leg flares after a session.",
                ),
                attention=MASSAGE,
            ),
            DemoNote(
                COORDINATOR,
                MESSAGE,
                "The patient has asked for appointments after 3 pm on weekdays. Reception has moved the "
                "physiotherapy and massage therapy bookings to match from next week. The team review of this plan "
                "is booked for the end of the month.",
                SHARED,
                read_by=(PHYSIO,),
            ),
        ),
    ),
    Scenario(
        Phase.ACUTE,
        LUMBAR,
        (
            DemoNote(
                PHYSIO,
                ASSESSMENT,
                (
                    "Right buttock and leg pain to the ankle for ten days, no clear cause. Sitting and bending "
                    "forward to dress make it worse. Pins and needles in the right big toe. No bladder or bowel "
                    "change, no saddle numbness, no fever or weight loss.",
                    "Antalgic gait, shifted to the left. Flexion to the knees, reproduces leg pain. Straight leg "
                    "raise positive on the right at 40°; slump test positive. Right big-toe extension 4/5. Reflexes "
                    "symmetrical. Reduced light touch over the dorsum of the right foot. NPRS 8/10 at worst.",
                    "Right L5 radiculopathy, highly irritable. No red flags today.",
                    "Relative rest from aggravating positions without bed rest; lying on the left side with a pillow "
                    "between the knees. Walking in short bouts. Gentle sliders only if they ease symptoms. Review in "
                    "3 days; sooner if weakness increases.",
                ),
                read_by=(PSYCHOTHERAPY,),
            ),
            DemoNote(
                MASSAGE,
                ASSESSMENT,
                (
                    "Pain 7/10. Sleeping in a recliner. Anxious about making things worse.",
                    "Guarding in the right quadratus lumborum and gluteals. Prone not tolerated; treated side-lying "
                    "with the right side up.",
                    "Muscle guarding secondary to nerve root irritation; calming, low-pressure work appropriate.",
                    "Weekly 30-minute sessions while acute, light pressure only, and no stretching into the "
                    "straight leg raise position.",
                ),
                SHARED,
            ),
        ),
    ),
    Scenario(
        Phase.SUBACUTE,
        LUMBAR,
        (
            DemoNote(
                KINESIOLOGY,
                ASSESSMENT,
                (
                    "Now in the subacute phase. Leg symptoms occasional, back pain 3/10. Wants to return to "
                    "recreational hockey in the spring and to lift the children without fear.",
                    "Modified Biering-Sørensen hold 48 s. Side plank 20 s left, 28 s right. Ten sit-to-stands in "
                    "19 s, pain-free. Hip hinge: flexes through the lumbar spine under load.",
                    "Reduced trunk endurance and poor load-sharing at the hips; a good candidate for progressive "
                    "loading.",
                    "Supervised sessions twice a week: hip hinge drills with a dowel, bird dog, side plank "
                    "progressions, goblet squat to a box. Home programme three times a week. Re-test endurance in "
                    "4 weeks.",
                ),
                SHARED,
                read_by=(PSYCHOTHERAPY, COORDINATOR),
                addenda=(
                    (
                        PSYCHOTHERAPY,
                        "From psychotherapy: fear of bending with a load is still the main barrier. Naming each "
                        "new lifting step in advance helps it feel predictable.",
                    ),
                ),
            ),
            DemoNote(
                PSYCHOTHERAPY,
                PROGRESS,
                (
                    "Feels much more in control. Sleeping 6 to 7 hours. Driving short distances again. Still "
                    "avoids lifting the laundry basket.",
                    "PHQ-9 6, GAD-7 5. Tampa Scale of Kinesiophobia 41 (49 at intake).",
                    "Mood and sleep improving; fear of movement easing but still tied to lifting.",
                    "Continue the graded exposure hierarchy for lifting, in step with kinesiology. Sessions every "
                    "2 weeks; discuss stepping down to monthly at the next plan review.",
                ),
            ),
            DemoNote(
                COORDINATOR,
                MESSAGE,
                "The insurer has approved eight more kinesiology sessions for this plan. Please keep attendance "
                "in the notes so the progress report due in six weeks can be prepared from the record.",
            ),
        ),
    ),
    Scenario(
        Phase.SUBACUTE,
        CERVICAL,
        (
            DemoNote(
                KINESIOLOGY,
                ASSESSMENT,
                (
                    "Right arm symptoms now limited to occasional tingling in the thumb after long computer work. "
                    "Neck stiff in the mornings. Desk job, 8 hours a day.",
                    "Deep neck flexor endurance 18 s. Cervical rotation 60° right, 70° left. Grip strength 32 kg "
                    "right, 38 kg left. Scapular control poor during wall slides.",
                    "Reduced deep neck flexor endurance and scapular control; sitting tolerance limited by "
                    "posture fatigue.",
                    "Chin nods, wall slides and banded rows, twice a week supervised and daily at home. Desk set-up "
                    "reviewed; a movement break every 30 minutes.",
                ),
                SHARED,
            ),
        ),
    ),
    Scenario(
        Phase.MAINTENANCE,
        LUMBAR,
        (
            DemoNote(
                KINESIOLOGY,
                PROGRESS,
                (
                    "Back to hockey practice once a week with no leg symptoms. Mild stiffness the morning after "
                    "games, settling within an hour.",
                    "Biering-Sørensen hold 95 s. Side plank 55 s each side. Trap-bar deadlift 5 reps at 60 kg, "
                    "good form, pain-free.",
                    "Maintenance goals largely met; capacity now matches the demands of the sport.",
                    "Weekly session to progress the strength programme; independent gym plan for the other days. "
                    "Discuss discharge from kinesiology at the next plan review.",
                ),
                SHARED,
                read_by=(MASSAGE,),
                addenda=((KINESIOLOGY, "Correction: the trap-bar deadlift was 5 reps at 65 kg, not 60 kg."),),
            ),
            DemoNote(
                MASSAGE,
                PROGRESS,
                (
                    "Tight hamstrings and low back after the weekend's game. No leg symptoms.",
                    "Raised tone in the left hamstrings and lumbar erectors; full hip range; no signs of neural "
                    "tension.",
                    "Post-exercise muscle soreness, no sign of nerve irritation.",
                    "Sessions every 2 weeks, one or two days after games. Self-massage of the gluteals with a ball "
                    "for 5 minutes after training.",
                ),
            ),
        ),
    ),
)


def demo_notes_exist() -> bool:
    """Whether any demo plan already has a note (then `seed-demo` leaves the notes alone)."""
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    Note.plan_id == CarePlan.id,
                    CarePlan.patient_id == Patient.id,
                    Patient.referral_source == DEMO_REFERRAL,
                )
            )
        )
    )


def _demo_people() -> dict[str, User]:
    """The demo accounts by key: discipline code for the practitioners, "coordinator" for the coordinator."""
    practitioners = {
        user.email: user
        for user in db.session.scalars(
            select(User).where(User.email.in_(TEAM_EMAILS.values()), User.role == Role.PRACTITIONER, User.active)
        )
    }
    people = {code: practitioners[email] for code, email in TEAM_EMAILS.items() if email in practitioners}
    return {**people, COORDINATOR: demo_coordinator()}


def _candidate_plans() -> list[CarePlan]:
    """The demo clinic's active plans whose patient has no red flag, oldest first."""
    flagged = select(RedFlagAlert.patient_id)
    return list(
        db.session.scalars(
            select(CarePlan)
            .join(Patient)
            .where(
                Patient.referral_source == DEMO_REFERRAL,
                CarePlan.status == PlanStatus.ACTIVE,
                CarePlan.patient_id.not_in(flagged),
            )
            .order_by(CarePlan.id)
        )
    )


def _fits(plan: CarePlan, scenario: Scenario, people: dict[str, User], today: date) -> bool:
    team = {a.practitioner_id for a in plan.care_team(today)}
    return (
        plan.phase == scenario.phase
        and plan.condition in scenario.conditions
        and all(key in people and people[key].id in team for key in scenario.practitioners())
    )


def _write(plan: CarePlan, demo: DemoNote, people: dict[str, User]) -> None:
    author = people[demo.author]
    discipline = next((d.id for d in author.disciplines if d.code == demo.author), None)
    if isinstance(demo.text, str):
        sections = {"body": demo.text}
    else:
        sections = dict(zip(("subjective", "objective", "assessment", "plan_text"), demo.text, strict=True))
    values = NoteValues(
        kind=demo.kind,
        discipline_id=discipline,
        visibility=demo.visibility,
        attention_user_id=people[demo.attention].id if demo.attention else None,
        **sections,
    )
    note = start_note(plan, values, author)
    sign_note(note, author)
    for reader in demo.read_by:
        read_note(note, people[reader])
    for key, text in demo.addenda:
        read_note(note, people[key])
        add_addendum(note, text, people[key])


def seed_demo_notes() -> int:
    """Write the demo notes unless a demo plan already has one; returns how many notes were written.

    A scenario is skipped when no unused plan fits it (the demo accounts changed, say). Flushes; the
    caller commits.

    :raises DemoError: when the demo coordinator account is missing.
    """
    if demo_notes_exist():
        return 0
    people, today = _demo_people(), clinic_today()
    plans, used, written = _candidate_plans(), set(), 0
    for scenario in SCENARIOS:
        plan = next((p for p in plans if p.id not in used and _fits(p, scenario, people, today)), None)
        if plan is None:
            continue
        used.add(plan.id)
        for demo in scenario.notes:
            _write(plan, demo, people)
            written += 1
    return written
