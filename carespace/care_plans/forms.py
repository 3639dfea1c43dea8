"""Care-plan forms. Every form that changes a plan carries the version the user saw."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import HiddenInput

from carespace.models import GoalStatus, Phase, PlanStatus
from carespace.timefmt import clinic_today

PHASE_CHOICES = [SelectChoice(p.value, p.label) for p in Phase]
OTHER = "__other__"
MATCH = "0"


def _not_in_the_past(form, field) -> None:
    if field.data and field.data < clinic_today():
        raise ValidationError("Choose today or a later date.")


class NewPlanForm(FlaskForm):
    """Choose the condition; the matching template is copied into a draft plan."""

    condition = SelectField("Condition", validators=[DataRequired(message="Choose the condition.")])
    other_condition = StringField("Other condition", validators=[Optional(), Length(max=120)])
    template = SelectField("Template", default=MATCH, description="Left on “match”, the condition picks its template.")
    next_review_on = DateField("Next review", validators=[Optional(), _not_in_the_past])
    submit = SubmitField("Create draft plan")

    def chosen_condition(self) -> str:
        return (self.other_condition.data or "").strip() if self.condition.data == OTHER else self.condition.data

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.condition.data == OTHER and not (self.other_condition.data or "").strip():
            self.other_condition.errors = [*self.other_condition.errors, "Name the condition."]
            return False
        return valid


class PlanChangeForm(FlaskForm):
    """Base of every form that changes a plan: the version the user loaded."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class DetailsForm(PlanChangeForm):
    next_review_on = DateField("Next review", validators=[Optional()])
    submit = SubmitField("Save review date")


class StatusForm(PlanChangeForm):
    to_status = SelectField(
        "New status", choices=[SelectChoice(s.value, s.label) for s in PlanStatus], validators=[DataRequired()]
    )
    reason = TextAreaField(
        "Reason",
        validators=[Optional(), Length(max=1000)],
        description="Needed to put on hold, revoke or mark entered in error.",
    )
    submit = SubmitField("Change status")


class PhaseMoveForm(PlanChangeForm):
    to_phase = SelectField("Move to phase", choices=PHASE_CHOICES, validators=[DataRequired()])
    reason = TextAreaField(
        "Reason", validators=[Optional(), Length(max=1000)], description="Required when moving back (a flare-up)."
    )
    submit = SubmitField("Move phase")


class GoalForm(PlanChangeForm):
    phase = SelectField("Phase", choices=PHASE_CHOICES, validators=[DataRequired()])
    description = StringField("Goal", validators=[DataRequired(message="Describe the goal."), Length(max=300)])
    measure = StringField("Measure (optional)", validators=[Optional(), Length(max=40)], description="e.g. NPRS")
    target = StringField("Target (optional)", validators=[Optional(), Length(max=40)], description="e.g. ≤ 3")
    submit = SubmitField("Add goal")


class GoalStatusForm(PlanChangeForm):
    to_status = HiddenField(validators=[DataRequired()])

    def validate_to_status(self, field: HiddenField) -> None:
        if field.data not in {s.value for s in GoalStatus}:
            raise ValidationError("Unknown goal status.")


class AssignmentForm(PlanChangeForm):
    phase = SelectField("Phase", choices=PHASE_CHOICES, validators=[DataRequired()])
    discipline = SelectField("Discipline", coerce=int, validators=[DataRequired(message="Choose a discipline.")])
    practitioner = SelectField(
        "Practitioner",
        coerce=lambda value: int(value) if value not in (None, "", "None") else None,
        description="Only active practitioners of the discipline. Leave unassigned to show a gap.",
        validate_choice=False,
    )
    focus = StringField("Focus", validators=[DataRequired(message="Describe the focus."), Length(max=200)])
    frequency = StringField(
        "Frequency",
        validators=[DataRequired(message="Give a frequency."), Length(max=80)],
        description="e.g. 2 sessions a week",
    )
    start_on = DateField("Start (optional)", validators=[Optional()])
    end_on = DateField("End (optional)", validators=[Optional()])
    submit = SubmitField("Save assignment")


class EditAssignmentForm(AssignmentForm):
    """Phase and discipline are fixed once an assignment exists; remove it and add another to change them."""

    phase = None
    discipline = None


class SuggestionForm(FlaskForm):
    to_phase = SelectField("Suggest moving to", choices=PHASE_CHOICES, validators=[DataRequired()])
    reason = TextAreaField("Why", validators=[DataRequired(message="Say why the plan should move."), Length(max=1000)])
    submit = SubmitField("Send suggestion to the coordinator")


class DecisionForm(FlaskForm):
    decision = HiddenField(validators=[DataRequired()])
    note = StringField("Note (optional)", validators=[Optional(), Length(max=300)])

    def validate_decision(self, field: HiddenField) -> None:
        if field.data not in ("accept", "decline"):
            raise ValidationError("Accept or decline.")
