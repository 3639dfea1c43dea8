"""Intake, the patient list, the chart and red flags."""

from flask import Blueprint

bp = Blueprint("patients", __name__, url_prefix="/patients")

from carespace.patients import routes  # noqa: E402,F401
