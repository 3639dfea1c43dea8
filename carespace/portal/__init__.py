"""The patient portal: a patient's own plan, team, shared notes, pain check-ins and warning symptoms."""

from flask import Blueprint

from carespace.models import Role
from carespace.permissions import restrict_blueprint

bp = Blueprint("portal", __name__, url_prefix="/portal")
restrict_blueprint(bp, Role.PATIENT)

from carespace.portal import routes  # noqa: E402,F401
