"""Admin views: staff accounts and the audit log."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from carespace import audit, timefmt
from carespace.admin import bp
from carespace.admin.forms import AccountForm, AuditFilterForm, NewAccountForm, UserSearchForm
from carespace.admin.queries import audit_actions, audit_events, staff_accounts
from carespace.admin.services import (
    AccountChangeRefused,
    create_staff_account,
    deactivate_account,
    issue_password_reset,
    reactivate_account,
    update_account,
)
from carespace.extensions import db
from carespace.models import STAFF_ROLES, Role, User


def load_staff_account(user_id: int) -> User:
    """The staff account with this id, or 404 (patient accounts are managed from the portal)."""
    user = db.session.get(User, user_id)
    if user is None or user.role not in STAFF_ROLES:
        abort(404)
    return user


def _paginate(stmt):
    page = request.args.get("page", 1, type=int)
    return db.paginate(stmt, page=max(page, 1), per_page=current_app.config["PAGE_SIZE"], error_out=False)


def _show_link(user: User, secret: str, message: str):
    link = url_for("auth.reset_password", token=secret, _external=True)
    flash(message, "success")
    hours = int(current_app.config["PASSWORD_RESET_LIFETIME"].total_seconds() // 3600)
    return render_template("admin/password_link.html", account=user, link=link, lifetime_hours=hours)


@bp.route("/")
@bp.route("/users")
def users():
    form = UserSearchForm(request.args)
    form.validate()
    q = form.q.data if not form.q.errors else None
    role = form.role.data if not form.role.errors else None
    pagination = _paginate(staff_accounts(q, role))
    return render_template("admin/users.html", form=form, pagination=pagination)


@bp.route("/users/new", methods=["GET", "POST"])
def create_user():
    form = NewAccountForm()
    if form.validate_on_submit():
        user, issued = create_staff_account(
            email=form.email.data,
            name=form.name.data,
            role=Role(form.role.data),
            discipline_ids=form.disciplines.data,
            actor=current_user,
        )
        db.session.commit()
        return _show_link(user, issued.secret, f"Account created for {user.name}.")
    return render_template("admin/user_form.html", form=form, account=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int):
    user = load_staff_account(user_id)
    form = AccountForm(obj=user if request.method == "GET" else None)
    if request.method == "GET":
        form.role.data = user.role.value
        form.disciplines.data = [d.id for d in user.disciplines]
    if form.validate_on_submit():
        try:
            update_account(
                user,
                name=form.name.data,
                role=Role(form.role.data),
                discipline_ids=form.disciplines.data,
                actor=current_user,
            )
        except AccountChangeRefused as refused:
            form.role.errors.append(str(refused))
        else:
            db.session.commit()
            flash(f"Saved {user.name}.", "success")
            return redirect(url_for("admin.edit_user", user_id=user.id))
    return render_template("admin/user_form.html", form=form, account=user)


@bp.route("/users/<int:user_id>/deactivate", methods=["POST"])
def deactivate_user(user_id: int):
    user = load_staff_account(user_id)
    try:
        deactivate_account(user, current_user)
    except AccountChangeRefused as refused:
        flash(str(refused), "danger")
    else:
        db.session.commit()
        flash(f"{user.name} is deactivated and has been logged out everywhere.", "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.route("/users/<int:user_id>/reactivate", methods=["POST"])
def reactivate_user(user_id: int):
    user = load_staff_account(user_id)
    reactivate_account(user, current_user)
    db.session.commit()
    flash(f"{user.name} can log in again.", "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.route("/users/<int:user_id>/reset-link", methods=["POST"])
def reset_link(user_id: int):
    user = load_staff_account(user_id)
    if not user.active:
        flash("Reactivate the account before issuing a password link.", "danger")
        return redirect(url_for("admin.edit_user", user_id=user.id))
    issued = issue_password_reset(user, current_user)
    db.session.commit()
    return _show_link(user, issued.secret, f"A new password link is ready for {user.name}.")


def _audit_query(form: AuditFilterForm):
    """The filtered events, or None when a filter is invalid (the form then carries the errors)."""
    form.action.choices = [SelectChoice("", "Any action"), *map(SelectChoice, db.session.scalars(audit_actions()))]
    if not form.validate():
        return None
    return audit_events(
        user=form.user.data,
        action=form.action.data,
        start=form.start.data,
        end=form.end.data,
        zone=timefmt.clinic_zone(),
    )


@bp.route("/audit")
def audit_log():
    form = AuditFilterForm(request.args)
    stmt = _audit_query(form)
    pagination = _paginate(stmt) if stmt is not None else None
    return render_template("admin/audit.html", form=form, pagination=pagination)


CSV_COLUMNS = [
    "time_utc",
    "time_local",
    "user",
    "action",
    "object_type",
    "object_id",
    "patient_id",
    "address",
    "detail",
]


def _csv_cell(value) -> str:
    """Text a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_rows(stmt) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for event in db.session.scalars(stmt.execution_options(yield_per=500)):
        writer.writerow(
            _csv_cell(value)
            for value in (
                event.created_at.isoformat(),
                timefmt.local(event.created_at),
                event.actor.email if event.actor else "",
                event.action,
                event.object_type,
                event.object_id,
                event.patient_id,
                event.ip_address,
                event.detail,
            )
        )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


@bp.route("/audit.csv")
def audit_export():
    form = AuditFilterForm(request.args)
    stmt = _audit_query(form)
    if stmt is None:
        abort(400)
    filters = ", ".join(f"{name}={value}" for name, value in form.data.items() if value)
    audit.record("audit.exported", detail=filters or None)
    db.session.commit()
    return Response(
        stream_with_context(_csv_rows(stmt)),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=carespace-audit.csv"},
    )
