"""Home pages per role and the health check."""

import logging
from datetime import timedelta

from flask import current_app, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from carespace import clock
from carespace.extensions import db
from carespace.main import bp, queries
from carespace.models import LIVE_STATUSES, Role
from carespace.notes.queries import patients_with_new_notes
from carespace.patients.forms import AcknowledgeForm
from carespace.permissions import public, roles, signed_in
from carespace.timefmt import clinic_today

log = logging.getLogger(__name__)

HOME_ENDPOINTS = {
    Role.ADMIN: "admin.users",
    Role.COORDINATOR: "main.coordinator_home",
    Role.PRACTITIONER: "main.practitioner_home",
    Role.PATIENT: "portal.home",
}
SECTION_SIZE = 20  # items per dashboard list; each list pages on its own `<name>_page` parameter
DECIDED_SHOWN_FOR = timedelta(days=14)  # how long a practitioner still sees the answer to their suggestion


def _page(stmt, section: str):
    page = max(request.args.get(f"{section}_page", 1, type=int), 1)
    return db.paginate(stmt, page=page, per_page=SECTION_SIZE, error_out=False)


@bp.route("/")
@signed_in
def index():
    """Send each role to its own home page."""
    return redirect(url_for(HOME_ENDPOINTS[current_user.role]))


@bp.route("/coordinator")
@roles(Role.COORDINATOR)
def coordinator_home():
    """Open red-flag alerts first, then plan counts per phase, gaps, overdue reviews and waiting suggestions."""
    today = clinic_today()
    return render_template(
        "main/coordinator_home.html",
        today=today,
        alerts=_page(queries.open_alerts(), "alerts"),
        counts={(phase, status): n for phase, status, n in db.session.execute(queries.live_plan_counts())},
        live_statuses=LIVE_STATUSES,
        gaps=_page(queries.plans_with_gaps(), "gaps"),
        overdue=_page(queries.overdue_plans(today), "overdue"),
        suggestions=_page(queries.pending_suggestions(), "suggestions"),
        acknowledge_form=AcknowledgeForm(formdata=None),
        new_by_patient=patients_with_new_notes(current_user),
    )


@bp.route("/practitioner")
@roles(Role.PRACTITIONER)
def practitioner_home():
    """The practitioner's caseload: the plans whose care team they are on today, and their phase suggestions."""
    today = clinic_today()
    page = max(request.args.get("page", 1, type=int), 1)
    return render_template(
        "main/practitioner_home.html",
        today=today,
        caseload=db.paginate(
            queries.caseload(current_user, today), page=page, per_page=current_app.config["PAGE_SIZE"], error_out=False
        ),
        suggestions=db.session.scalars(queries.own_suggestions(current_user, clock.now() - DECIDED_SHOWN_FOR)).all(),
        new_by_patient=patients_with_new_notes(current_user),
    )


@bp.route("/healthz")
@public
def healthz():
    """Liveness and database reachability, for load balancers and monitoring."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        log.warning("health check: database unavailable")
        return jsonify(status="degraded", database="unavailable"), 503
    return jsonify(status="ok", database="ok")
