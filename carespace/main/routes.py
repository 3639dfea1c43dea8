"""Home pages per role and the health check."""

import logging

from flask import jsonify, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from carespace.extensions import db
from carespace.main import bp
from carespace.models import Role
from carespace.permissions import public, roles, signed_in

log = logging.getLogger(__name__)

HOME_ENDPOINTS = {
    Role.ADMIN: "admin.users",
    Role.COORDINATOR: "main.coordinator_home",
    Role.PRACTITIONER: "main.practitioner_home",
    Role.PATIENT: "main.patient_home",
}


@bp.route("/")
@signed_in
def index():
    """Send each role to its own home page."""
    return redirect(url_for(HOME_ENDPOINTS[current_user.role]))


@bp.route("/coordinator")
@roles(Role.COORDINATOR)
def coordinator_home():
    return render_template("main/coordinator_home.html")


@bp.route("/practitioner")
@roles(Role.PRACTITIONER)
def practitioner_home():
    return render_template("main/practitioner_home.html")


@bp.route("/portal")
@roles(Role.PATIENT)
def patient_home():
    return render_template("main/patient_home.html")


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
