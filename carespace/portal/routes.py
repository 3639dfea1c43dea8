"""Portal views. The patient always comes from the session, never from the URL."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from carespace import audit
from carespace.auth.forms import NewPasswordForm
from carespace.auth.services import PasswordRefused, find_usable_token
from carespace.extensions import db
from carespace.models import CarePlan, Note, RedFlagAlert, RedFlagSource, TokenPurpose
from carespace.patients.services import RedFlagError
from carespace.permissions import public
from carespace.portal import bp, queries
from carespace.portal.chart import pain_chart
from carespace.portal.forms import CheckInForm, WarningSymptomsForm
from carespace.portal.services import (
    PortalError,
    accept_invitation,
    current_plan,
    patient_of,
    record_check_in,
    report_warning_symptoms,
)
from carespace.portal.words import PHASE_WORDS
from carespace.timefmt import clinic_today


def me():
    """The signed-in patient's record (404 for an account not linked to one)."""
    patient = patient_of(current_user)
    if patient is None:
        abort(404)
    return patient


def seen(page: str, patient, obj=None) -> None:
    """Every portal page view is audited."""
    audit.record(f"portal.viewed_{page}", obj, patient=patient)
    db.session.commit()


def _pain(patient, plan_id=None):
    check_ins = db.session.scalars(queries.check_ins(patient.id, plan_id)).all()
    moves = db.session.scalars(queries.phase_moves(patient, plan_id)).all()
    return check_ins, pain_chart(check_ins, moves, phase_name=lambda phase: PHASE_WORDS[phase][0])


@bp.route("")
def home():
    patient = patient_of(current_user)
    if patient is None:
        return render_template("portal/unlinked.html")
    plan = current_plan(patient)
    seen("home", patient)
    return render_template("portal/home.html", patient=patient, plan=plan, today=clinic_today())


@bp.route("/team")
def team():
    patient = me()
    plan = current_plan(patient)
    seen("team", patient)
    return render_template("portal/team.html", plan=plan, today=clinic_today())


@bp.route("/notes")
def notes():
    patient = me()
    page = max(request.args.get("page", 1, type=int), 1)
    shared = db.paginate(
        queries.shared_notes(patient), page=page, per_page=current_app.config["PAGE_SIZE"], error_out=False
    )
    seen("notes", patient)
    return render_template("portal/notes.html", notes=shared)


@bp.route("/notes/<int:note_id>")
def note(note_id: int):
    patient = me()
    shared = db.session.scalar(queries.shared_notes(patient).where(Note.id == note_id))
    if shared is None:
        abort(404)
    seen("note", patient, shared)
    return render_template("portal/note.html", note=shared)


@bp.route("/history")
def history():
    patient = me()
    moves = db.session.scalars(queries.phase_moves(patient)).all()
    past = db.session.scalars(queries.past_plans(patient)).all()
    seen("history", patient)
    return render_template("portal/history.html", moves=moves, past=past)


@bp.route("/plans/<int:plan_id>")
def past_plan(plan_id: int):
    patient = me()
    plan = db.session.get(CarePlan, plan_id)
    if plan is None or plan.patient_id != patient.id or plan.status not in queries.PAST_STATUSES:
        abort(404)
    moves = db.session.scalars(queries.phase_moves(patient, plan.id)).all()
    seen("past_plan", patient, plan)
    return render_template("portal/past_plan.html", plan=plan, moves=moves)


@bp.route("/pain", methods=["GET", "POST"])
def pain():
    patient = me()
    form = CheckInForm()
    if form.validate_on_submit():
        try:
            record_check_in(patient, int(form.score.data), form.comment.data, current_user)
        except (PortalError, ValueError) as refused:
            form.score.errors.append(str(refused))
        else:
            db.session.commit()
            flash("Thank you. Your pain score is saved and your care team can see it.", "success")
            return redirect(url_for("portal.pain"))
    check_ins, chart = _pain(patient)
    seen("pain", patient)
    return render_template("portal/pain.html", form=form, check_ins=check_ins, chart=chart), (
        400 if form.errors else 200
    )


@bp.route("/warning-symptoms", methods=["GET", "POST"])
def warning_symptoms():
    patient = me()
    form = WarningSymptomsForm()
    if form.validate_on_submit():
        try:
            alert = report_warning_symptoms(patient, form.symptoms.data, form.details.data, current_user)
        except RedFlagError as refused:
            form.symptoms.errors.append(str(refused))
        else:
            db.session.commit()
            # Redirect so that reloading the advice cannot raise the alert a second time.
            return redirect(url_for("portal.seek_care", alert_id=alert.id))
    seen("warning_symptoms", patient)
    return render_template(
        "portal/warning_symptoms.html", form=form, emergency=current_app.config["EMERGENCY_NUMBER"]
    ), (400 if form.errors else 200)


@bp.route("/warning-symptoms/<int:alert_id>")
def seek_care(alert_id: int):
    """The urgent-care advice for one of the patient's own reports (staff-raised alerts are not shown here)."""
    patient = me()
    alert = db.session.get(RedFlagAlert, alert_id)
    if alert is None or alert.patient_id != patient.id or alert.source != RedFlagSource.PATIENT:
        abort(404)
    seen("seek_care", patient, alert)
    return render_template("portal/seek_care.html", alert=alert, emergency=current_app.config["EMERGENCY_NUMBER"])


@bp.route("/invite/<token>", methods=["GET", "POST"])
@public
def accept(token: str):
    record = find_usable_token(token, TokenPurpose.INVITATION)
    if record is None:
        return render_template("portal/invitation_invalid.html"), 404
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            accept_invitation(record, form.new_password.data)
        except PasswordRefused as refused:
            form.new_password.errors.append(str(refused))
        else:
            db.session.commit()
            flash("Your password is set. Log in with your email and your new password.", "success")
            return redirect(url_for("auth.login"))
    seen("invitation", patient_of(record.user), record.user)
    return render_template("portal/accept.html", form=form, account=record.user)
