"""Response headers, log redaction and the session-expiry redirect."""

from __future__ import annotations

import logging
import re

from flask import Flask, current_app, flash, g, redirect, request, url_for
from flask.wrappers import Response

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)


def set_security_headers(response: Response) -> Response:
    """`after_request` hook: the headers every response carries."""
    headers = response.headers
    headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "no-referrer"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if current_app.config["SESSION_COOKIE_SECURE"]:
        headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    if not (request.endpoint or "").endswith("static"):
        # Pages show account or patient data: never keep them in a browser or proxy cache.
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    return response


def unauthorized():
    """Flask-Login's handler: send the visitor to the log-in page, saying why."""
    if g.pop("session_expired", False):
        flash("Your session has ended. Please log in again.", "info")
    else:
        flash("Please log in to continue.", "info")
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("auth.login", next=target))


SECRET_IN_PATH = re.compile(r"(/(?:reset|invite)/)[^\s?\"/]+")


class RedactSecretsFilter(logging.Filter):
    """Keeps one-time link tokens out of the request log."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = SECRET_IN_PATH.sub(r"\1[redacted]", message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


def register_security(app: Flask) -> None:
    """Wire headers and log redaction into `app`."""
    app.after_request(set_security_headers)
    logging.getLogger("werkzeug").addFilter(RedactSecretsFilter())
