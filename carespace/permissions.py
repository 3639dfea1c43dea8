"""Who may do what: every access rule lives here.

Access is denied by default. Each view declares who may reach it, with
`public`, `signed_in` or `roles(...)` (or its blueprint does, through
`restrict_blueprint`); a view that declares nothing is refused to everyone,
and a test walks the URL map to keep it that way. Records a user may not see
are answered with 404 by the loaders that use the `can_*` functions below.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Flask, abort, current_app, request
from flask_login import current_user

from carespace.models import Role, User

PUBLIC = "public"
SIGNED_IN = "signed_in"

_blueprint_access: dict[str, frozenset[Role]] = {}


def _declare(access: Any) -> Callable:
    def decorator(view: Callable) -> Callable:
        view.access = access
        return view

    return decorator


public = _declare(PUBLIC)
"""Anyone, signed in or not (log-in page, health check)."""

signed_in = _declare(SIGNED_IN)
"""Any signed-in user, whatever the role."""


def roles(*allowed: Role) -> Callable:
    """Signed-in users with one of these roles."""
    return _declare(frozenset(allowed))


def restrict_blueprint(blueprint: Blueprint, *allowed: Role) -> None:
    """Every view of `blueprint` that declares nothing itself is for these roles only."""
    _blueprint_access[blueprint.name] = frozenset(allowed)


def access_for(endpoint: str | None, app: Flask | None = None) -> Any:
    """The access declared for an endpoint, or None when it declares nothing."""
    app = app or current_app
    if endpoint is None:
        return None
    if endpoint == "static" or endpoint.endswith(".static"):
        return PUBLIC
    view = app.view_functions.get(endpoint)
    declared = getattr(view, "access", None)
    if declared is None and "." in endpoint:
        declared = _blueprint_access.get(endpoint.rsplit(".", 1)[0])
    return declared


def enforce_access() -> Any:
    """`before_request` hook: refuse the request unless the endpoint's rule admits the user."""
    if request.endpoint is None:  # no route matched: let the 404 handler answer
        return None
    access = access_for(request.endpoint)
    if access == PUBLIC:
        return None
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if access == SIGNED_IN:
        return None
    if isinstance(access, frozenset) and current_user.role in access:
        return None
    abort(403)


def can_manage_accounts(user: User) -> bool:
    """Admins create, edit, deactivate and reset staff accounts."""
    return user.is_authenticated and user.role == Role.ADMIN


def can_view_audit(user: User) -> bool:
    """Admins read and export the audit trail."""
    return user.is_authenticated and user.role == Role.ADMIN


def can_deactivate(actor: User, target: User) -> bool:
    """An admin may deactivate any account but their own."""
    return can_manage_accounts(actor) and actor.id != target.id


def can_change_role(actor: User, target: User) -> bool:
    """An admin may not change their own role (the clinic would risk losing its last admin)."""
    return can_manage_accounts(actor) and actor.id != target.id
