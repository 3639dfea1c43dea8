"""Care-plan views. Each loads through an access-checking loader, validates, calls one service, commits once."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from wtforms.fields.choices import SelectChoice

from carespace import audit
from carespace.care_plans import bp
from carespace.care_plans.forms import (
    MATCH,
    OTHER,
    AssignmentForm,
    DecisionForm,
    DetailsForm,
    EditAssignmentForm,
    GoalForm,
    GoalStatusForm,
    NewPlanForm,
    PhaseMoveForm,
    PlanChangeForm,
    StatusForm,
    SuggestionForm,
)
from carespace.care_plans.queries import pending_suggestions, plan_history
from carespace.care_plans.services import (
    AssignmentValues,
    PlanConflict,
    PlanRuleError,
    add_assignment,
    add_goal,
    change_status,
    create_plan,
    decide_suggestion,
    eligible_practitioners,
    find_template_for,
    move_phase,
    remove_assignment,
    set_goal_status,
    suggest_phase_move,
    update_assignment,
    update_details,
)
from carespace.extensions import db
from carespace.loaders import load_assignment, load_goal, load_patient, load_plan, load_suggestion
from carespace.models import PLAN_TRANSITIONS, CarePlanTemplate, Discipline, GoalStatus, Phase, PlanStatus, Role, User
from carespace.permissions import can_manage_care, can_suggest_phase_move, roles
from carespace.portal import queries as portal_queries
from carespace.portal.chart import pain_chart
from carespace.timefmt import clinic_today

COORDINATOR = roles(Role.COORDINATOR)
TEAM = roles(Role.COORDINATOR, Role.PRACTITIONER)


def _template_choices() -> list[SelectChoice]:
    templates = db.session.scalars(
        select(CarePlanTemplate).where(CarePlanTemplate.retired_at.is_(None)).order_by(CarePlanTemplate.name)
    )
    return [SelectChoice(MATCH, "Match the condition"), *(SelectChoice(str(t.id), t.name) for t in templates)]


@bp.route("/patients/<int:patient_id>/plans/new", methods=["GET", "POST"])
@COORDINATOR
def new(patient_id: int):
    patient = load_patient(patient_id)
    form = NewPlanForm()
    form.condition.choices = [
        *(SelectChoice(c.name, c.name) for c in patient.conditions),
        SelectChoice(OTHER, "Another condition…"),
    ]
    form.template.choices = _template_choices()
    if form.validate_on_submit():
        condition = form.chosen_condition()
        if form.template.data == MATCH:
            template = find_template_for(condition)
        else:
            template = db.session.get(CarePlanTemplate, int(form.template.data))
        if template is None:
            form.template.errors.append(f"No template matches “{condition}”. Choose one, for example Blank plan.")
        else:
            plan = create_plan(patient, condition, template, current_user, form.next_review_on.data)
            db.session.commit()
            flash(f"Draft plan created from the {template.name} template. Adjust it, then activate it.", "success")
            return redirect(url_for("care_plans.detail", plan_id=plan.id))
    return render_template("care_plans/new.html", patient=patient, form=form)


def _assignment_form(plan, formdata=None) -> AssignmentForm:
    form = AssignmentForm(formdata=formdata, version=plan.version, phase=plan.phase.value)
    form.discipline.choices = [
        SelectChoice(d.id, d.name) for d in db.session.scalars(select(Discipline).order_by(Discipline.name))
    ]
    form.practitioner.choices = [SelectChoice("", "Unassigned")] + [
        SelectChoice(u.id, f"{u.name} ({', '.join(d.name for d in u.disciplines)})")
        for u in db.session.scalars(_all_practitioners())
    ]
    return form


def _all_practitioners():
    return select(User).where(User.role == Role.PRACTITIONER, User.active.is_(True)).order_by(User.name)


def render_plan(plan, status: int = 200, **bound_forms):
    """The plan page; forms that failed come back bound, with their errors and what was typed."""
    version = plan.version
    forms = {
        "details_form": DetailsForm(formdata=None, version=version, next_review_on=plan.next_review_on),
        "status_form": StatusForm(formdata=None, version=version),
        "phase_form": PhaseMoveForm(formdata=None, version=version, to_phase=(plan.phase.next() or plan.phase).value),
        "goal_form": GoalForm(formdata=None, version=version, phase=plan.phase.value),
        "assignment_form": _assignment_form(plan),
        "suggestion_form": SuggestionForm(formdata=None, to_phase=(plan.phase.next() or plan.phase).value),
    }
    forms.update(bound_forms)
    forms["status_form"].to_status.choices = [
        SelectChoice(s.value, s.label) for s in PlanStatus if s in PLAN_TRANSITIONS[plan.status]
    ]
    forms["phase_form"].to_phase.choices = [SelectChoice(p.value, p.label) for p in Phase if p != plan.phase]
    check_ins = db.session.scalars(portal_queries.check_ins(plan.patient_id, plan.id)).all()
    moves = [event for event in db.session.scalars(portal_queries.phase_moves(plan.patient, plan.id))]
    page = max(request.args.get("page", 1, type=int), 1)
    history = db.paginate(plan_history(plan.id), page=page, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return (
        render_template(
            "care_plans/detail.html",
            plan=plan,
            patient=plan.patient,
            today=clinic_today(),
            history=history,
            suggestions=db.session.scalars(pending_suggestions(plan.id)).all(),
            can_manage=can_manage_care(current_user),
            can_suggest=can_suggest_phase_move(current_user, plan),
            goal_status_form=GoalStatusForm(formdata=None, version=version),
            check_ins=check_ins,
            pain=pain_chart(check_ins, moves),
            decision_form=DecisionForm(formdata=None),
            **forms,
        ),
        status,
    )


@bp.route("/plans/<int:plan_id>")
@TEAM
def detail(plan_id: int):
    plan = load_plan(plan_id)
    audit.record("care_plan.viewed", plan, patient=plan.patient)
    db.session.commit()
    return render_plan(plan)


def apply_change(plan, form, form_name: str, error_field: str, change: Callable[[], None], success: str):
    """Validate `form`, run `change`, commit; rule errors go beside `error_field`, conflicts are explained."""
    if not form.validate_on_submit():
        return render_plan(plan, 400, **{form_name: form})
    try:
        change()
        db.session.commit()
    except PlanRuleError as refused:
        db.session.rollback()
        form[error_field].errors.append(str(refused))
        return render_plan(db.session.get(type(plan), plan.id), 400, **{form_name: form})
    except (PlanConflict, StaleDataError) as conflict:
        db.session.rollback()
        plan = db.session.get(type(plan), plan.id)
        message = str(conflict) if isinstance(conflict, PlanConflict) else str(PlanConflict(plan))
        flash(message, "danger")
        return render_plan(plan, 409, **{form_name: form})
    flash(success, "success")
    return redirect(url_for("care_plans.detail", plan_id=plan.id))


@bp.route("/plans/<int:plan_id>/details", methods=["POST"])
@COORDINATOR
def update_plan_details(plan_id: int):
    plan = load_plan(plan_id)
    form = DetailsForm()
    return apply_change(
        plan,
        form,
        "details_form",
        "next_review_on",
        lambda: update_details(plan, form.next_review_on.data, current_user, form.version.data),
        "Review date saved.",
    )


@bp.route("/plans/<int:plan_id>/status", methods=["POST"])
@COORDINATOR
def status(plan_id: int):
    plan = load_plan(plan_id)
    form = StatusForm()
    return apply_change(
        plan,
        form,
        "status_form",
        "to_status",
        lambda: change_status(plan, PlanStatus(form.to_status.data), current_user, form.version.data, form.reason.data),
        "Plan status changed.",
    )


@bp.route("/plans/<int:plan_id>/phase", methods=["POST"])
@COORDINATOR
def phase(plan_id: int):
    plan = load_plan(plan_id)
    form = PhaseMoveForm()
    return apply_change(
        plan,
        form,
        "phase_form",
        "to_phase",
        lambda: move_phase(plan, Phase(form.to_phase.data), current_user, form.reason.data, form.version.data),
        "Phase moved. The new phase's assignments now make up the care team.",
    )


@bp.route("/plans/<int:plan_id>/goals", methods=["POST"])
@COORDINATOR
def new_goal(plan_id: int):
    plan = load_plan(plan_id)
    form = GoalForm()
    return apply_change(
        plan,
        form,
        "goal_form",
        "description",
        lambda: add_goal(
            plan,
            phase=Phase(form.phase.data),
            description=form.description.data,
            measure=form.measure.data,
            target=form.target.data,
            actor=current_user,
            expected_version=form.version.data,
        ),
        "Goal added.",
    )


@bp.route("/plans/<int:plan_id>/goals/<int:goal_id>/status", methods=["POST"])
@COORDINATOR
def goal_status(plan_id: int, goal_id: int):
    plan = load_plan(plan_id)
    goal = load_goal(plan, goal_id)
    form = GoalStatusForm()
    return apply_change(
        plan,
        form,
        "goal_status_form",
        "to_status",
        lambda: set_goal_status(goal, GoalStatus(form.to_status.data), current_user, form.version.data),
        "Goal updated.",
    )


def _values(form, phase: Phase | None = None, discipline_id: int | None = None) -> AssignmentValues:
    return AssignmentValues(
        phase=phase or Phase(form.phase.data),
        discipline_id=discipline_id or form.discipline.data,
        practitioner_id=form.practitioner.data,
        focus=form.focus.data.strip(),
        frequency=form.frequency.data.strip(),
        start_on=form.start_on.data,
        end_on=form.end_on.data,
    )


@bp.route("/plans/<int:plan_id>/assignments", methods=["POST"])
@COORDINATOR
def new_assignment(plan_id: int):
    plan = load_plan(plan_id)
    form = _assignment_form(plan, formdata=request.form)
    return apply_change(
        plan,
        form,
        "assignment_form",
        "practitioner",
        lambda: add_assignment(plan, _values(form), current_user, form.version.data),
        "Assignment added.",
    )


@bp.route("/plans/<int:plan_id>/assignments/<int:assignment_id>", methods=["GET", "POST"])
@COORDINATOR
def edit_assignment(plan_id: int, assignment_id: int):
    plan = load_plan(plan_id)
    assignment = load_assignment(plan, assignment_id)
    form = EditAssignmentForm(
        formdata=request.form if request.method == "POST" else None,
        version=plan.version,
        practitioner=assignment.practitioner_id,
        focus=assignment.focus,
        frequency=assignment.frequency,
        start_on=assignment.start_on,
        end_on=assignment.end_on,
    )
    form.practitioner.choices = [SelectChoice("", "Unassigned")] + [
        SelectChoice(u.id, u.name) for u in eligible_practitioners(assignment.discipline_id)
    ]
    if form.validate_on_submit():
        try:
            update_assignment(
                assignment, _values(form, assignment.phase, assignment.discipline_id), current_user, form.version.data
            )
            db.session.commit()
        except PlanRuleError as refused:
            db.session.rollback()
            form.practitioner.errors.append(str(refused))
        except (PlanConflict, StaleDataError):
            db.session.rollback()
            flash(str(PlanConflict(db.session.get(type(plan), plan.id))), "danger")
        else:
            flash("Assignment saved.", "success")
            return redirect(url_for("care_plans.detail", plan_id=plan.id))
    return render_template("care_plans/assignment.html", plan=plan, assignment=assignment, form=form)


@bp.route("/plans/<int:plan_id>/assignments/<int:assignment_id>/remove", methods=["POST"])
@COORDINATOR
def delete_assignment(plan_id: int, assignment_id: int):
    plan = load_plan(plan_id)
    assignment = load_assignment(plan, assignment_id)
    form = PlanChangeForm()
    return apply_change(
        plan,
        form,
        "remove_form",
        "version",
        lambda: remove_assignment(assignment, current_user, form.version.data),
        "Assignment removed from the plan.",
    )


@bp.route("/plans/<int:plan_id>/suggestions", methods=["POST"])
@roles(Role.PRACTITIONER)
def suggest(plan_id: int):
    plan = load_plan(plan_id)
    form = SuggestionForm()
    return apply_change(
        plan,
        form,
        "suggestion_form",
        "to_phase",
        lambda: suggest_phase_move(plan, Phase(form.to_phase.data), form.reason.data, current_user),
        "Suggestion sent. It waits on the coordinator's dashboard.",
    )


@bp.route("/suggestions/<int:suggestion_id>/decision", methods=["POST"])
@COORDINATOR
def decide(suggestion_id: int):
    suggestion = load_suggestion(suggestion_id)
    form = DecisionForm()
    plan = suggestion.plan
    response = apply_change(
        plan,
        form,
        "decision_form",
        "decision",
        lambda: decide_suggestion(suggestion, form.decision.data == "accept", current_user, form.note.data),
        "Suggestion accepted: the plan has moved." if form.decision.data == "accept" else "Suggestion declined.",
    )
    if request.form.get("back") == "dashboard" and getattr(response, "status_code", None) == 302:
        return redirect(url_for("main.coordinator_home"))
    return response
