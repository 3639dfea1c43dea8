"""Loaders that apply the access rules: a record the signed-in user may not see is a 404."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from carespace.extensions import db
from carespace.models import CarePlan, Note, Patient, PhaseSuggestion, PlanAssignment, PlanGoal, RedFlagAlert
from carespace.permissions import can_view_note, can_view_patient, can_view_plan


def load_patient(patient_id: int) -> Patient:
    """The patient, when the user may see them."""
    patient = db.session.get(Patient, patient_id)
    if patient is None or not can_view_patient(current_user, patient):
        abort(404)
    return patient


def load_plan(plan_id: int) -> CarePlan:
    """The care plan, when the user may see it."""
    plan = db.session.get(CarePlan, plan_id)
    if plan is None or not can_view_plan(current_user, plan):
        abort(404)
    return plan


def load_goal(plan: CarePlan, goal_id: int) -> PlanGoal:
    """A goal of this plan (the plan is already loaded through `load_plan`)."""
    goal = db.session.get(PlanGoal, goal_id)
    if goal is None or goal.plan_id != plan.id:
        abort(404)
    return goal


def load_assignment(plan: CarePlan, assignment_id: int) -> PlanAssignment:
    """An assignment of this plan (the plan is already loaded through `load_plan`)."""
    assignment = db.session.get(PlanAssignment, assignment_id)
    if assignment is None or assignment.plan_id != plan.id:
        abort(404)
    return assignment


def load_alert(alert_id: int) -> RedFlagAlert:
    """A red-flag alert of a patient the user may see."""
    alert = db.session.get(RedFlagAlert, alert_id)
    if alert is None or not can_view_patient(current_user, alert.patient):
        abort(404)
    return alert


def load_suggestion(suggestion_id: int) -> PhaseSuggestion:
    """A phase suggestion on a plan the user may see."""
    suggestion = db.session.get(PhaseSuggestion, suggestion_id)
    if suggestion is None or not can_view_plan(current_user, suggestion.plan):
        abort(404)
    return suggestion


def load_note(note_id: int) -> Note:
    """A note the user may see: their own draft, or a signed note on a plan whose notes they read."""
    note = db.session.get(Note, note_id)
    if note is None or not can_view_note(current_user, note):
        abort(404)
    return note
