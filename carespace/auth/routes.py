"""Log-in, log-out, password change and password reset views."""

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from carespace import audit
from carespace.auth import bp
from carespace.auth.forms import ChangePasswordForm, LoginForm, NewPasswordForm
from carespace.auth.services import (
    PasswordRefused,
    authenticate,
    change_password,
    find_usable_token,
    redeem_password_reset,
)
from carespace.auth.sessions import end_session, start_session
from carespace.extensions import db, limiter
from carespace.models import TokenPurpose
from carespace.permissions import public, signed_in

LOGIN_REFUSED = "That email and password do not match an active account. Check them and try again."


def safe_next(target: str | None) -> str | None:
    """`target` when it is a path on this site, otherwise None."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(ch) < 32 for ch in target):
        return None
    return target


def _login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            db.session.commit()
            flash(LOGIN_REFUSED, "danger")
            return render_template("auth/login.html", form=form), 200
        start_session(user, request.remote_addr)
        db.session.commit()
        return redirect(safe_next(request.args.get("next")) or url_for("main.index"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@signed_in
def logout():
    audit.record("auth.logout", current_user)
    end_session("logout")
    db.session.commit()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@signed_in
def change_own_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            change_password(user, form.current_password.data, form.new_password.data)
        except PasswordRefused as refused:
            getattr(form, refused.field).errors.append(str(refused))
        else:
            start_session(user, request.remote_addr)
            db.session.commit()
            flash("Your password is changed. Other devices have been logged out.", "success")
            return redirect(url_for("main.index"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"])
@public
def reset_password(token: str):
    record = find_usable_token(token, TokenPurpose.PASSWORD_RESET)
    if record is None:
        return render_template("auth/reset_invalid.html"), 404
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            redeem_password_reset(record, form.new_password.data)
        except PasswordRefused as refused:
            form.new_password.errors.append(str(refused))
        else:
            db.session.commit()
            flash("Your password is set. You can log in now.", "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form, account=record.user)
