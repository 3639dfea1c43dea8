"""The landing route, each role's home page and the health check."""

from flask import Blueprint

bp = Blueprint("main", __name__)

from carespace.main import routes  # noqa: E402,F401
