"""Template views (admins only, through the blueprint). Each loads, validates, calls one service, commits once."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from carespace.extensions import db
from carespace.models import CarePlanTemplate
from carespace.plan_templates import bp
from carespace.plan_templates.forms import TemplateForm
from carespace.plan_templates.queries import listed_templates
from carespace.plan_templates.services import (
    TemplateConflict,
    create_template,
    restore_template,
    retire_template,
    update_template,
    version_of,
)


def load_template(template_id: int) -> CarePlanTemplate:
    """The template with this id, or 404."""
    template = db.session.get(CarePlanTemplate, template_id)
    if template is None:
        abort(404)
    return template


def _render_form(form: TemplateForm, template: CarePlanTemplate | None):
    form.add_blank_rows()
    return render_template("plan_templates/form.html", form=form, template=template)


@bp.route("")
def index():
    templates = db.session.scalars(listed_templates()).all()
    return render_template(
        "plan_templates/index.html",
        in_use=[t for t in templates if not t.retired],
        retired=[t for t in templates if t.retired],
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = TemplateForm()
    if form.validate_on_submit():
        template = create_template(form.values(), current_user)
        db.session.commit()
        flash(f"Template {template.name} created. Coordinators can now start plans from it.", "success")
        return redirect(url_for("plan_templates.edit", template_id=template.id))
    return _render_form(form, None)


@bp.route("/<int:template_id>", methods=["GET", "POST"])
def edit(template_id: int):
    template = load_template(template_id)
    form = TemplateForm(template=template) if request.method == "POST" else TemplateForm.from_template(template)
    if form.validate_on_submit():
        try:
            update_template(template, form.values(), current_user, form.version.data)
        except TemplateConflict as conflict:
            form.version.data = version_of(template)  # saving again now replaces the other save, knowingly
            flash(str(conflict), "danger")
        else:
            db.session.commit()
            flash(f"Saved {template.name}. Existing plans keep their own copy.", "success")
            return redirect(url_for("plan_templates.edit", template_id=template.id))
    return _render_form(form, template)


@bp.route("/<int:template_id>/retire", methods=["POST"])
def retire(template_id: int):
    template = load_template(template_id)
    retire_template(template, current_user)
    db.session.commit()
    flash(f"{template.name} is retired: no longer offered for new plans. Existing plans are unchanged.", "success")
    return redirect(url_for("plan_templates.edit", template_id=template.id))


@bp.route("/<int:template_id>/restore", methods=["POST"])
def restore(template_id: int):
    template = load_template(template_id)
    restore_template(template, current_user)
    db.session.commit()
    flash(f"{template.name} is in use again: coordinators can start plans from it.", "success")
    return redirect(url_for("plan_templates.edit", template_id=template.id))
