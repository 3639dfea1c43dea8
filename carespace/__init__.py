"""Carespace: care-plan coordination for multidisciplinary rehabilitation clinics."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from carespace.config import INSTANCE_PATH, PROJECT_ROOT, Config, ConfigError

ERROR_PAGES = (400, 403, 404, 405, 429)  # 500 has its own handler, which also rolls back


def create_app(config: Config | None = None) -> Flask:
    """Build the application from `config` (default: read from the environment)."""
    config = config or Config()
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        instance_path=str(INSTANCE_PATH),
        instance_relative_config=False,
    )
    app.config.from_object(config)
    if config.is_production and app.debug:
        raise ConfigError("The debugger is never allowed with CARESPACE_ENV=production.")
    if config.PROXY_HOPS:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=config.PROXY_HOPS, x_proto=config.PROXY_HOPS)
    register_extensions(app)
    register_blueprints(app)
    register_security_hooks(app)
    register_errors(app)
    register_templates(app)
    register_cli(app)
    return app


def register_extensions(app: Flask) -> None:
    from carespace import models  # noqa: F401  (registers the models with the metadata)
    from carespace.extensions import bootstrap, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    bootstrap.init_app(app)
    login_manager.init_app(app)
    login_manager.session_protection = None  # sessions are tied to server-side records instead
    login_manager.login_view = "auth.login"


def register_blueprints(app: Flask) -> None:
    from carespace import admin, auth, care_plans, main, notes, patients, plan_templates, portal

    for module in (auth, main, admin, patients, care_plans, plan_templates, notes, portal):
        app.register_blueprint(module.bp)


def register_security_hooks(app: Flask) -> None:
    from carespace.auth import sessions  # noqa: F401  (registers the user loader)
    from carespace.extensions import login_manager
    from carespace.permissions import enforce_access
    from carespace.security import register_security, unauthorized

    app.before_request(enforce_access)
    login_manager.unauthorized_handler(unauthorized)
    register_security(app)


def register_errors(app: Flask) -> None:
    from carespace.extensions import db

    def render_error(error: HTTPException):
        code = error.code or 500
        return render_template(f"errors/{code}.html", error=error), code

    for code in ERROR_PAGES:
        app.register_error_handler(code, render_error)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_template("errors/400.html", error=error, csrf=True), 400

    @app.errorhandler(IntegrityError)
    def integrity_error(error: IntegrityError):
        # Two people saving clashing records at the same moment: the database refused the second.
        db.session.rollback()
        return render_template("errors/409.html"), 409

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return render_template("errors/500.html"), 500


def register_templates(app: Flask) -> None:
    from carespace import permissions, timefmt
    from carespace.models import GOAL_TRANSITIONS, Phase, Role

    app.jinja_env.filters["localtime"] = timefmt.local
    app.jinja_env.globals.update(
        Role=Role,
        Phase=Phase,
        goal_transitions=GOAL_TRANSITIONS,
        can_manage_accounts=permissions.can_manage_accounts,
        can_view_audit=permissions.can_view_audit,
        can_deactivate=permissions.can_deactivate,
        can_manage_care=permissions.can_manage_care,
        can_manage_templates=permissions.can_manage_templates,
        can_add_addendum=permissions.can_add_addendum,
        can_mark_entered_in_error=permissions.can_mark_entered_in_error,
    )
    app.jinja_env.filters["date"] = timefmt.local_date
    from carespace.portal.words import GOAL_WORDS, PHASE_WORDS

    app.jinja_env.globals.update(PHASE_WORDS=PHASE_WORDS, GOAL_WORDS=GOAL_WORDS)

    @app.context_processor
    def unread_notes():
        """The navigation's count of signed team notes the user has not opened (one query, staff only)."""
        from flask_login import current_user

        from carespace.notes.queries import unread_count

        def count() -> int:
            if not permissions.can_read_any_notes(current_user):
                return 0
            return unread_count(current_user)

        return {"unread_note_count": count}


def register_cli(app: Flask) -> None:
    from carespace.cli import create_user_command, seed_demo_command

    app.cli.add_command(create_user_command)
    app.cli.add_command(seed_demo_command)
