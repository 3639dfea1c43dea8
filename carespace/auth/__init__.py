"""Signing in and out, own password changes, and reset links."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from carespace.auth import routes  # noqa: E402,F401
