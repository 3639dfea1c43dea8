"""Care-plan templates, kept by admins."""

from flask import Blueprint

from carespace.models import Role
from carespace.permissions import restrict_blueprint

bp = Blueprint("plan_templates", __name__, url_prefix="/admin/templates")
restrict_blueprint(bp, Role.ADMIN)

from carespace.plan_templates import routes  # noqa: E402,F401
