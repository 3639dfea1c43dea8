"""Portal access (invitations, revocation) and what patients do there (pain check-ins, warning symptoms)."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from carespace import audit, clock
from carespace.auth.services import IssuedToken, issue_token, set_password, void_tokens
from carespace.auth.sessions import end_all_sessions
from carespace.extensions import db
from carespace.models import (
    LIVE_STATUSES,
    AccountToken,
    CarePlan,
    PainCheckIn,
    Patient,
    PlanStatus,
    RedFlagAlert,
    RedFlagSource,
    Role,
    TokenPurpose,
    User,
)
from carespace.patients.services import raise_red_flag

COMMENT_MAX = 280


class PortalError(ValueError):
    """A portal action that cannot be taken; the message says why."""


def invite_patient(patient: Patient, email: str, actor: User) -> IssuedToken:
    """Create (or renew) the patient's portal account and a one-time invitation link (72 hours).

    A renewed invitation also clears any old password, so only the new link opens the account.

    :raises PortalError: when another account already uses the email.
    """
    email = email.strip().lower()
    user = patient.user
    taken = db.session.scalar(select(User).where(User.email == email))
    if taken is not None and taken is not user:
        raise PortalError("Another account already uses this email. Use the patient's own email address.")
    if user is None:
        user = User(email=email, name=patient.full_name, role=Role.PATIENT)
        db.session.add(user)
        patient.user = user
    user.email, user.active, user.password_hash = email, True, None
    patient.email = patient.email or email
    db.session.flush()
    end_all_sessions(user, "invited_again")
    audit.record("portal.invited", user, patient=patient, actor=actor)
    return issue_token(user, TokenPurpose.INVITATION, actor, lifetime=current_app.config["INVITATION_LIFETIME"])


def accept_invitation(record: AccountToken, new_password: str) -> User:
    """The patient chooses a password through the invitation link, which is then used up.

    :raises PasswordRefused: when the password breaks a rule (the link stays usable).
    """
    set_password(record.user, new_password)
    record.used_at = clock.now()
    audit.record("portal.invitation_accepted", record.user, patient=patient_of(record.user), actor=record.user)
    return record.user


def revoke_portal_access(patient: Patient, actor: User) -> None:
    """Close the patient's portal account: signed out everywhere, links voided, log-in refused.

    :raises PortalError: when the patient has no portal account.
    """
    user = patient.user
    if user is None or not user.active:
        raise PortalError("This patient has no portal access to revoke.")
    user.active = False
    end_all_sessions(user, "portal_revoked")
    void_tokens(user)
    audit.record("portal.revoked", user, patient=patient, actor=actor)


def patient_of(user: User) -> Patient | None:
    """The patient record behind a patient account."""
    return db.session.scalar(select(Patient).where(Patient.user_id == user.id))


def current_plan(patient: Patient) -> CarePlan | None:
    """The patient's plan in progress (active or on hold), the most recent when there are several."""
    return db.session.scalar(
        select(CarePlan)
        .where(CarePlan.patient_id == patient.id, CarePlan.status.in_(LIVE_STATUSES))
        .order_by((CarePlan.status == PlanStatus.ACTIVE).desc(), CarePlan.updated_at.desc())
        .limit(1)
    )


def record_check_in(patient: Patient, score: int, comment: str | None, user: User) -> PainCheckIn:
    """Save a pain score (0-10) against the plan in progress.

    :raises PortalError: for a score outside 0-10 or a comment that is too long.
    """
    if not isinstance(score, int) or not 0 <= score <= 10:
        raise PortalError("Choose a number from 0 (no pain) to 10 (worst pain imaginable).")
    comment = (comment or "").strip() or None
    if comment and len(comment) > COMMENT_MAX:
        raise PortalError(f"Keep the comment to {COMMENT_MAX} characters or fewer.")
    plan = current_plan(patient)
    check_in = PainCheckIn(patient_id=patient.id, plan_id=plan.id if plan else None, score=score, comment=comment)
    db.session.add(check_in)
    db.session.flush()
    audit.record("portal.pain_check_in", check_in, patient=patient, actor=user)
    return check_in


def report_warning_symptoms(patient: Patient, symptoms: list[str], details: str | None, user: User) -> RedFlagAlert:
    """The patient reports warning symptoms: a patient-reported alert for the coordinators at once.

    :raises RedFlagError: when nothing known is ticked.
    """
    return raise_red_flag(patient, symptoms, details, RedFlagSource.PATIENT, user, plan=current_plan(patient))
