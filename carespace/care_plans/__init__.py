"""Care plans: creation from templates, phases, status, goals, assignments and suggestions."""

from flask import Blueprint

bp = Blueprint("care_plans", __name__)

from carespace.care_plans import routes  # noqa: E402,F401
