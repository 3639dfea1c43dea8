"""Intake and red flags."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from carespace import audit, clock
from carespace.extensions import db
from carespace.models import RED_FLAG_SYMPTOMS, CarePlan, Patient, PatientCondition, RedFlagAlert, RedFlagSource, User


class RedFlagError(ValueError):
    """A red-flag action that cannot be taken; the message says why."""


@dataclass
class IntakeValues:
    """What the intake form collects."""

    given_name: str
    family_name: str
    preferred_name: str | None
    date_of_birth: date
    phone: str
    email: str | None
    referral_source: str | None
    conditions: list[str]


def register_patient(values: IntakeValues, red_flags: list[str], red_flag_details: str | None, actor: User) -> Patient:
    """Create the patient with a new chart number; a positive red-flag screen raises an alert at once."""
    patient = Patient(
        given_name=values.given_name.strip(),
        family_name=values.family_name.strip(),
        preferred_name=(values.preferred_name or "").strip() or None,
        date_of_birth=values.date_of_birth,
        phone=values.phone.strip(),
        email=(values.email or "").strip().lower() or None,
        referral_source=(values.referral_source or "").strip() or None,
        created_by_id=actor.id,
        conditions=[PatientCondition(name=" ".join(name.split())) for name in values.conditions],
    )
    db.session.add(patient)
    db.session.flush()
    audit.record("patient.created", patient, patient=patient, actor=actor)
    if red_flags:
        raise_red_flag(patient, red_flags, red_flag_details, RedFlagSource.INTAKE, actor)
    return patient


def raise_red_flag(
    patient: Patient,
    symptoms: list[str],
    details: str | None,
    source: RedFlagSource,
    actor: User | None,
    plan: CarePlan | None = None,
) -> RedFlagAlert:
    """Open an alert that stays at the top of the dashboard and the chart until acknowledged.

    :raises RedFlagError: when no known symptom is given.
    """
    known = [key for key in RED_FLAG_SYMPTOMS if key in symptoms]
    if not known:
        raise RedFlagError("Tick at least one warning symptom.")
    alert = RedFlagAlert(
        patient=patient,
        plan_id=plan.id if plan else None,
        symptoms=",".join(known),
        details=(details or "").strip() or None,
        source=source,
        raised_by_id=actor.id if actor else None,
    )
    db.session.add(alert)
    audit.record("red_flag.raised", alert, patient=patient, actor=actor, detail=f"source {source.value}")
    return alert


def acknowledge_red_flag(alert: RedFlagAlert, action_taken: str, actor: User) -> None:
    """Close the alert, stating the action taken (e.g. sent to emergency care).

    :raises RedFlagError: when it is already acknowledged or no action is stated.
    """
    if not alert.is_open:
        raise RedFlagError("This alert was already acknowledged.")
    if not action_taken.strip():
        raise RedFlagError("State the action taken.")
    alert.acknowledged_at = clock.now()
    alert.acknowledged_by_id = actor.id
    alert.action_taken = action_taken.strip()
    audit.record("red_flag.acknowledged", alert, patient=alert.patient, actor=actor)
