"""Clinical notes shared by the care team."""

from flask import Blueprint

bp = Blueprint("notes", __name__)

from carespace.notes import routes  # noqa: E402,F401
