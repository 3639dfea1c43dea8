"""Patient list, intake, chart and red-flag views."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from carespace import audit
from carespace.extensions import db
from carespace.loaders import load_alert, load_patient
from carespace.models import RedFlagSource, Role
from carespace.patients import bp
from carespace.patients.forms import AcknowledgeForm, IntakeForm, PatientSearchForm, RedFlagForm, condition_lines
from carespace.patients.queries import alerts_for, chart_plans, patient_list, practitioners
from carespace.patients.services import (
    IntakeValues,
    RedFlagError,
    acknowledge_red_flag,
    raise_red_flag,
    register_patient,
)
from carespace.permissions import roles
from carespace.portal.forms import InviteForm
from carespace.portal.services import PortalError, invite_patient, revoke_portal_access
from carespace.timefmt import clinic_today


@bp.route("")
@roles(Role.COORDINATOR)
def index():
    form = PatientSearchForm(request.args)
    form.practitioner.choices += [SelectChoice(str(u.id), u.name) for u in db.session.scalars(practitioners())]
    pagination = None
    if form.validate():
        stmt = patient_list(
            current_user,
            q=form.q.data,
            phase=form.phase.data,
            status=form.status.data,
            practitioner_id=int(form.practitioner.data) if form.practitioner.data else None,
            sort=form.sort.data or "name",
        )
        page = max(request.args.get("page", 1, type=int), 1)
        pagination = db.paginate(stmt, page=page, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("patients/index.html", form=form, pagination=pagination, today=clinic_today())


@bp.route("/new", methods=["GET", "POST"])
@roles(Role.COORDINATOR)
def new():
    form = IntakeForm()
    if form.validate_on_submit():
        values = IntakeValues(
            **{name: form[name].data for name in IntakeValues.__dataclass_fields__ if name != "conditions"},
            conditions=condition_lines(form.conditions.data),
        )
        patient = register_patient(values, form.red_flags.data, form.red_flag_details.data, current_user)
        db.session.commit()
        if patient.open_alerts:
            flash("Red-flag alert raised: the patient needs urgent medical care today.", "danger")
        flash(f"{patient.full_name} is registered with chart number {patient.chart_number}.", "success")
        return redirect(url_for("patients.chart", patient_id=patient.id))
    return render_template("patients/new.html", form=form)


def render_chart(patient, red_flag_form=None, invite_form=None, status=200):
    plans = db.session.scalars(chart_plans(current_user, patient)).all()
    alerts = db.session.scalars(alerts_for(patient)).all()
    return (
        render_template(
            "patients/chart.html",
            patient=patient,
            plans=plans,
            alerts=alerts,
            today=clinic_today(),
            red_flag_form=red_flag_form or RedFlagForm(formdata=None),
            acknowledge_form=AcknowledgeForm(formdata=None),
            invite_form=invite_form or InviteForm(formdata=None, email=patient.email),
        ),
        status,
    )


@bp.route("/<int:patient_id>")
@roles(Role.COORDINATOR, Role.PRACTITIONER)
def chart(patient_id: int):
    patient = load_patient(patient_id)
    audit.record("patient.viewed", patient, patient=patient)
    db.session.commit()
    return render_chart(patient)


@bp.route("/<int:patient_id>/red-flags", methods=["POST"])
@roles(Role.COORDINATOR, Role.PRACTITIONER)
def raise_flag(patient_id: int):
    patient = load_patient(patient_id)
    form = RedFlagForm()
    if form.validate_on_submit():
        source = RedFlagSource.COORDINATOR if current_user.role == Role.COORDINATOR else RedFlagSource.PRACTITIONER
        raise_red_flag(patient, form.symptoms.data, form.details.data, source, current_user)
        db.session.commit()
        flash("Red-flag alert raised. The coordinator sees it at the top of the dashboard.", "danger")
        return redirect(url_for("patients.chart", patient_id=patient.id))
    return render_chart(patient, red_flag_form=form, status=400)


@bp.route("/red-flags/<int:alert_id>/acknowledge", methods=["POST"])
@roles(Role.COORDINATOR)
def acknowledge(alert_id: int):
    alert = load_alert(alert_id)
    form = AcknowledgeForm()
    if not form.validate_on_submit():
        flash(" ".join(form.action_taken.errors) or "State the action taken.", "danger")
    else:
        try:
            acknowledge_red_flag(alert, form.action_taken.data, current_user)
        except RedFlagError as refused:
            flash(str(refused), "danger")
        else:
            db.session.commit()
            flash("Alert acknowledged.", "success")
    return redirect(safe_back() or url_for("patients.chart", patient_id=alert.patient_id))


def safe_back() -> str | None:
    """Return to the dashboard when the acknowledgement was made there."""
    return url_for("main.coordinator_home") if request.form.get("back") == "dashboard" else None


@bp.route("/<int:patient_id>/portal/invite", methods=["POST"])
@roles(Role.COORDINATOR)
def invite(patient_id: int):
    patient = load_patient(patient_id)
    form = InviteForm()
    if form.validate_on_submit():
        try:
            issued = invite_patient(patient, form.email.data, current_user)
        except PortalError as refused:
            form.email.errors.append(str(refused))
        else:
            db.session.commit()
            link = url_for("portal.accept", token=issued.secret, _external=True)
            hours = int(current_app.config["INVITATION_LIFETIME"].total_seconds() // 3600)
            return render_template("patients/invitation.html", patient=patient, link=link, lifetime_hours=hours)
    return render_chart(patient, invite_form=form, status=400)


@bp.route("/<int:patient_id>/portal/revoke", methods=["POST"])
@roles(Role.COORDINATOR)
def revoke_portal(patient_id: int):
    patient = load_patient(patient_id)
    try:
        revoke_portal_access(patient, current_user)
    except PortalError as refused:
        flash(str(refused), "danger")
    else:
        db.session.commit()
        flash(f"{patient.full_name} can no longer log in to the portal.", "success")
    return redirect(url_for("patients.chart", patient_id=patient.id))
