"""Note views: writing, signing, reading, addenda, the plan's timeline, the inbox and print views."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from carespace import audit
from carespace.extensions import db
from carespace.loaders import load_note, load_plan
from carespace.models import Discipline, NoteKind, NoteVisibility, Role
from carespace.notes import bp
from carespace.notes.forms import AddendumForm, EnteredInErrorForm, NoteFilterForm, NoteForm
from carespace.notes.queries import (
    drafts_of,
    inbox,
    patients_with_new_notes,
    plan_with_team,
    read_ids,
    signed_notes,
    timeline_page,
)
from carespace.notes.services import (
    NoteRuleError,
    NoteValues,
    add_addendum,
    discard_draft,
    edit_draft,
    mark_entered_in_error,
    read_note,
    sign_note,
    start_note,
)
from carespace.permissions import can_change_draft, can_write_soap, roles
from carespace.timefmt import clinic_today

TEAM = roles(Role.COORDINATOR, Role.PRACTITIONER)


def _page() -> int:
    return max(request.args.get("page", 1, type=int), 1)


def _note_form(plan, note=None) -> NoteForm:
    """The note form with the choices this author has on this plan."""
    form = NoteForm(obj=note) if note is not None and request.method == "GET" else NoteForm()
    if not can_write_soap(current_user):
        form.kind.choices = [SelectChoice(NoteKind.TEAM_MESSAGE.value, NoteKind.TEAM_MESSAGE.label)]
    disciplines = current_user.disciplines
    form.discipline.choices = [SelectChoice("", "None")] + [SelectChoice(d.id, d.name) for d in disciplines]
    teammates = {a.practitioner for a in plan.care_team(clinic_today()) if a.practitioner_id != current_user.id}
    form.attention.choices = [SelectChoice("", "Nobody in particular")] + [
        SelectChoice(u.id, u.name) for u in sorted(teammates, key=lambda u: u.name)
    ]
    if request.method == "GET":
        if note is None:
            form.kind.data = form.kind.choices[0].value
            form.discipline.data = disciplines[0].id if len(disciplines) == 1 else None
        else:
            form.kind.data, form.visibility.data = note.kind.value, note.visibility.value
            form.discipline.data, form.attention.data = note.discipline_id, note.attention_user_id
    return form


def _values(form: NoteForm) -> NoteValues:
    allowed_teammates = {choice.value for choice in form.attention.choices}
    allowed_disciplines = {choice.value for choice in form.discipline.choices}
    return NoteValues(
        kind=NoteKind(form.kind.data),
        discipline_id=form.discipline.data if form.discipline.data in allowed_disciplines else None,
        visibility=NoteVisibility(form.visibility.data),
        subjective=form.subjective.data,
        objective=form.objective.data,
        assessment=form.assessment.data,
        plan_text=form.plan_text.data,
        body=form.body.data,
        attention_user_id=form.attention.data if form.attention.data in allowed_teammates else None,
    )


@bp.route("/plans/<int:plan_id>/notes")
@TEAM
def plan_notes(plan_id: int):
    plan = load_plan(plan_id)
    audit.record("care_plan.notes_read", plan, patient=plan.patient)
    db.session.commit()
    form = NoteFilterForm(request.args)
    form.discipline.choices = [SelectChoice("", "Any discipline")] + [
        SelectChoice(str(d.id), d.name) for d in db.session.scalars(select(Discipline).order_by(Discipline.name))
    ]
    form.validate()
    kind = NoteKind(form.kind.data) if form.kind.data in {k.value for k in NoteKind} else None
    discipline_id = int(form.discipline.data) if (form.discipline.data or "").isdigit() else None
    notes = db.paginate(
        signed_notes(plan.id, discipline_id, kind),
        page=_page(),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template(
        "notes/list.html",
        plan=plan,
        form=form,
        notes=notes,
        read=read_ids(current_user, [n.id for n in notes.items]),
        drafts=db.session.scalars(drafts_of(plan.id, current_user)).all(),
    )


@bp.route("/plans/<int:plan_id>/notes/new", methods=["GET", "POST"])
@TEAM
def new_note(plan_id: int):
    plan = load_plan(plan_id)
    form = _note_form(plan)
    if form.validate_on_submit():
        try:
            note = start_note(plan, _values(form), current_user)
            if form.sign.data:
                sign_note(note, current_user)
        except NoteRuleError as refused:
            db.session.rollback()
            form.kind.errors.append(str(refused))
        else:
            db.session.commit()
            flash(
                "Note signed: the team can read it now." if note.is_signed else "Draft saved. Only you can see it.",
                "success",
            )
            return redirect(url_for("notes.view", note_id=note.id))
    return render_template("notes/form.html", plan=plan, form=form, note=None), (400 if form.errors else 200)


def _show(note, addendum_form: AddendumForm | None = None, error_form: EnteredInErrorForm | None = None):
    """The note page, with a refused addendum or entered-in-error form shown again as typed."""
    return render_template(
        "notes/view.html",
        note=note,
        plan=note.plan,
        addendum_form=addendum_form or AddendumForm(formdata=None),
        error_form=error_form or EnteredInErrorForm(formdata=None),
    )


@bp.route("/notes/<int:note_id>")
@TEAM
def view(note_id: int):
    note = load_note(note_id)
    if note.is_signed:
        read_note(note, current_user)
        db.session.commit()
    return _show(note)


@bp.route("/notes/<int:note_id>/edit", methods=["GET", "POST"])
@TEAM
def edit(note_id: int):
    note = load_note(note_id)
    if not can_change_draft(current_user, note):  # a signed note: refused whether reached by link or by URL
        flash("A signed note cannot be edited: add an addendum instead.", "danger")
        return redirect(url_for("notes.view", note_id=note.id))
    form = _note_form(note.plan, note)
    if form.validate_on_submit():
        try:
            edit_draft(note, _values(form), current_user)
            if form.sign.data:
                sign_note(note, current_user)
        except NoteRuleError as refused:
            db.session.rollback()
            form.kind.errors.append(str(refused))
        else:
            db.session.commit()
            flash("Note signed." if note.is_signed else "Draft saved.", "success")
            return redirect(url_for("notes.view", note_id=note.id))
    return render_template("notes/form.html", plan=note.plan, form=form, note=note), (400 if form.errors else 200)


def _act(note, action, success: str):
    """Run a one-step action on a note and return to it, with the refusal explained if there is one."""
    try:
        action()
    except NoteRuleError as refused:
        db.session.rollback()
        flash(str(refused), "danger")
    else:
        db.session.commit()
        flash(success, "success")
    return redirect(url_for("notes.view", note_id=note.id))


@bp.route("/notes/<int:note_id>/sign", methods=["POST"])
@TEAM
def sign(note_id: int):
    note = load_note(note_id)
    return _act(note, lambda: sign_note(note, current_user), "Note signed: the team can read it now.")


@bp.route("/notes/<int:note_id>/discard", methods=["POST"])
@TEAM
def discard(note_id: int):
    note = load_note(note_id)
    plan_id = note.plan_id
    try:
        discard_draft(note, current_user)
    except NoteRuleError as refused:
        flash(str(refused), "danger")
        return redirect(url_for("notes.view", note_id=note.id))
    db.session.commit()
    flash("Draft discarded.", "success")
    return redirect(url_for("notes.plan_notes", plan_id=plan_id))


@bp.route("/notes/<int:note_id>/addenda", methods=["POST"])
@TEAM
def addendum(note_id: int):
    note = load_note(note_id)
    form = AddendumForm()
    if not form.validate_on_submit():
        return _show(note, addendum_form=form), 400
    return _act(note, lambda: add_addendum(note, form.text.data, current_user), "Addendum added.")


@bp.route("/notes/<int:note_id>/entered-in-error", methods=["POST"])
@TEAM
def entered_in_error(note_id: int):
    note = load_note(note_id)
    form = EnteredInErrorForm()
    if not form.validate_on_submit():
        return _show(note, error_form=form), 400
    return _act(
        note,
        lambda: mark_entered_in_error(note, form.reason.data, current_user),
        "Note marked entered in error. It stays in the record, struck through.",
    )


@bp.route("/plans/<int:plan_id>/timeline")
@TEAM
def timeline(plan_id: int):
    plan = load_plan(plan_id)
    audit.record("care_plan.timeline_read", plan, patient=plan.patient)
    db.session.commit()
    per_page = current_app.config["PAGE_SIZE"]
    entries, total = timeline_page(plan, _page(), per_page)
    pages = max((total + per_page - 1) // per_page, 1)
    return render_template("notes/timeline.html", plan=plan, entries=entries, total=total, page=_page(), pages=pages)


@bp.route("/notes/inbox")
@TEAM
def inbox_page():
    return render_template(
        "notes/inbox.html",
        attention=db.session.scalars(inbox(current_user)).all(),
        new_by_patient=patients_with_new_notes(current_user),
    )


@bp.route("/notes/<int:note_id>/print")
@TEAM
def print_note(note_id: int):
    note = load_note(note_id)
    audit.record("note.printed", note, patient=note.plan.patient)
    db.session.commit()
    return render_template("notes/print_note.html", note=note, plan=note.plan)


@bp.route("/plans/<int:plan_id>/print")
@TEAM
def print_plan(plan_id: int):
    plan = load_plan(plan_id)
    audit.record("care_plan.printed", plan, patient=plan.patient)
    db.session.commit()
    plan, notes = plan_with_team(plan.id), db.session.scalars(signed_notes(plan.id)).all()
    return render_template("notes/print_plan.html", plan=plan, notes=notes, today=clinic_today())
