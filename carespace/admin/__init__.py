"""Account management and the audit log, for admins only."""

from flask import Blueprint

from carespace.models import Role
from carespace.permissions import restrict_blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
restrict_blueprint(bp, Role.ADMIN)

from carespace.admin import routes  # noqa: E402,F401
