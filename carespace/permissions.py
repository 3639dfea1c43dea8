"""Who may do what: every access rule lives here.

Access is denied by default. Each view declares who may reach it, with
`public`, `signed_in` or `roles(...)` (or its blueprint does, through
`restrict_blueprint`); a view that declares nothing is refused to everyone,
and a test walks the URL map to keep it that way. Records a user may not see
are answered with 404 by the loaders that use the `can_*` functions below.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Flask, abort, current_app, request
from flask_login import current_user
from sqlalchemy import ColumnElement, false, select, true

from carespace.care_team import on_team, patient_ids_on_team
from carespace.extensions import db
from carespace.models import CarePlan, Note, NoteStatus, Patient, Role, User
from carespace.timefmt import clinic_today

PUBLIC = "public"
SIGNED_IN = "signed_in"

_blueprint_access: dict[str, frozenset[Role]] = {}


def _declare(access: Any) -> Callable:
    def decorator(view: Callable) -> Callable:
        view.access = access
        return view

    return decorator


public = _declare(PUBLIC)
"""Anyone, signed in or not (log-in page, health check)."""

signed_in = _declare(SIGNED_IN)
"""Any signed-in user, whatever the role."""


def roles(*allowed: Role) -> Callable:
    """Signed-in users with one of these roles."""
    return _declare(frozenset(allowed))


def restrict_blueprint(blueprint: Blueprint, *allowed: Role) -> None:
    """Every view of `blueprint` that declares nothing itself is for these roles only."""
    _blueprint_access[blueprint.name] = frozenset(allowed)


def access_for(endpoint: str | None, app: Flask | None = None) -> Any:
    """The access declared for an endpoint, or None when it declares nothing."""
    app = app or current_app
    if endpoint is None:
        return None
    if endpoint == "static" or endpoint.endswith(".static"):
        return PUBLIC
    view = app.view_functions.get(endpoint)
    declared = getattr(view, "access", None)
    if declared is None and "." in endpoint:
        declared = _blueprint_access.get(endpoint.rsplit(".", 1)[0])
    return declared


def enforce_access() -> Any:
    """`before_request` hook: refuse the request unless the endpoint's rule admits the user."""
    if request.endpoint is None:  # no route matched: let the 404 handler answer
        return None
    access = access_for(request.endpoint)
    if access == PUBLIC:
        return None
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if access == SIGNED_IN:
        return None
    if isinstance(access, frozenset) and current_user.role in access:
        return None
    abort(403)


def can_manage_accounts(user: User) -> bool:
    """Admins create, edit, deactivate and reset staff accounts."""
    return user.is_authenticated and user.role == Role.ADMIN


def can_view_audit(user: User) -> bool:
    """Admins read and export the audit trail."""
    return user.is_authenticated and user.role == Role.ADMIN


def can_deactivate(actor: User, target: User) -> bool:
    """An admin may deactivate any account but their own."""
    return can_manage_accounts(actor) and actor.id != target.id


def can_change_role(actor: User, target: User) -> bool:
    """An admin may not change their own role (the clinic would risk losing its last admin)."""
    return can_manage_accounts(actor) and actor.id != target.id


def can_manage_care(user: User) -> bool:
    """Coordinators do intake, build and change plans, and handle red flags and suggestions."""
    return user.is_authenticated and user.role == Role.COORDINATOR


def can_manage_templates(user: User) -> bool:
    """Admins keep the clinic's care-plan templates."""
    return user.is_authenticated and user.role == Role.ADMIN


def visible_patients(user: User) -> ColumnElement[bool]:
    """A filter on `Patient` for the patients `user` may see (coordinators all; practitioners their own)."""
    if user.role == Role.COORDINATOR:
        return true()
    if user.role == Role.PRACTITIONER:
        return Patient.id.in_(patient_ids_on_team(user.id, clinic_today()))
    return false()


def visible_plans(user: User) -> ColumnElement[bool]:
    """A filter on `CarePlan` for the plans `user` may see (practitioners: plans whose team they are on)."""
    if user.role == Role.COORDINATOR:
        return true()
    if user.role == Role.PRACTITIONER:
        return on_team(user.id, clinic_today())
    return false()


def can_view_patient(user: User, patient: Patient) -> bool:
    """Coordinators see every patient; practitioners only those they have an active assignment for."""
    if not user.is_authenticated:
        return False
    return bool(
        db.session.scalar(select(select(Patient.id).where(Patient.id == patient.id, visible_patients(user)).exists()))
    )


def can_view_plan(user: User, plan: CarePlan) -> bool:
    """Coordinators see every plan; practitioners the plans whose care team they are on."""
    if not user.is_authenticated:
        return False
    return bool(
        db.session.scalar(select(select(CarePlan.id).where(CarePlan.id == plan.id, visible_plans(user)).exists()))
    )


def can_raise_red_flag(user: User, patient: Patient) -> bool:
    """A coordinator, or a practitioner on one of the patient's care teams."""
    return (
        user.is_authenticated and user.role in (Role.COORDINATOR, Role.PRACTITIONER) and can_view_patient(user, patient)
    )


def can_suggest_phase_move(user: User, plan: CarePlan) -> bool:
    """A practitioner on the plan's care team, while the plan is live."""
    return user.is_authenticated and user.role == Role.PRACTITIONER and plan.is_live and can_view_plan(user, plan)


def can_read_any_notes(user: User) -> bool:
    """Coordinators and practitioners read team notes (each on the plans they may see)."""
    return user.is_authenticated and user.role in (Role.COORDINATOR, Role.PRACTITIONER)


def can_read_notes(user: User, plan: CarePlan) -> bool:
    """The care team and coordinators read a plan's signed notes."""
    return can_read_any_notes(user) and can_view_plan(user, plan)


def can_write_note(user: User, plan: CarePlan) -> bool:
    """Practitioners on the team write notes; coordinators write team messages. Closed plans take no notes."""
    return plan.is_live and can_read_notes(user, plan)


def can_write_soap(user: User) -> bool:
    """Only practitioners chart SOAP notes; coordinators write team messages."""
    return user.is_authenticated and user.role == Role.PRACTITIONER


def can_view_note(user: User, note: Note) -> bool:
    """A draft is its author's alone; a signed note is for everyone who reads the plan's notes."""
    if note.status == NoteStatus.DRAFT:
        return user.is_authenticated and note.author_id == user.id and can_read_notes(user, note.plan)
    return can_read_notes(user, note.plan)


def can_change_draft(user: User, note: Note) -> bool:
    """Only the author edits, signs or discards a draft, while still on the team."""
    return note.status == NoteStatus.DRAFT and can_view_note(user, note)


def can_add_addendum(user: User, note: Note) -> bool:
    """Anyone who reads the plan's notes adds to a signed note, unless it was entered in error."""
    return note.is_signed and not note.is_entered_in_error and can_read_notes(user, note.plan)


def can_mark_entered_in_error(user: User, note: Note) -> bool:
    """The author, or a coordinator, marks a signed note as written in error."""
    return (
        note.is_signed
        and not note.is_entered_in_error
        and (note.author_id == user.id or user.role == Role.COORDINATOR)
        and can_read_notes(user, note.plan)
    )
