"""Intake, search and red-flag forms."""

from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError

from carespace.forms import MultiCheckboxField
from carespace.models import RED_FLAG_SYMPTOMS, Phase, PlanStatus
from carespace.timefmt import clinic_today

MAX_CONDITIONS = 10
RED_FLAG_CHOICES = [SelectChoice(key, label) for key, label in RED_FLAG_SYMPTOMS.items()]


def condition_lines(text: str | None) -> list[str]:
    """The conditions typed one per line, without blanks or repeats."""
    seen: dict[str, str] = {}
    for line in (text or "").splitlines():
        name = " ".join(line.split())
        if name and name.lower() not in seen:
            seen[name.lower()] = name
    return list(seen.values())


class IntakeForm(FlaskForm):
    """A new patient's details and the red-flag screen."""

    given_name = StringField("Given name", validators=[DataRequired(message="Enter the given name."), Length(max=80)])
    family_name = StringField(
        "Family name", validators=[DataRequired(message="Enter the family name."), Length(max=80)]
    )
    preferred_name = StringField("Preferred name", validators=[Optional(), Length(max=80)])
    date_of_birth = DateField(
        "Date of birth", validators=[DataRequired(message="Enter the date of birth (YYYY-MM-DD).")]
    )
    phone = StringField(
        "Phone",
        validators=[
            DataRequired(message="Enter a phone number."),
            Length(max=30),
            Regexp(r"^[0-9+()\-.\s]{7,30}$", message="Use digits, spaces and + ( ) - only."),
        ],
    )
    email = StringField(
        "Email (optional)", validators=[Optional(), Email(message="Enter a valid email address."), Length(max=254)]
    )
    conditions = TextAreaField(
        "Conditions",
        validators=[DataRequired(message="Enter at least one condition.")],
        description="One per line, e.g. Sciatica.",
    )
    referral_source = StringField("Referral source (optional)", validators=[Optional(), Length(max=120)])
    red_flags = MultiCheckboxField(
        "Red-flag screen",
        choices=RED_FLAG_CHOICES,
        description="Tick every warning symptom the patient reports now. Any tick raises an urgent alert.",
    )
    red_flag_details = TextAreaField("Red-flag details (optional)", validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Register patient")

    def validate_date_of_birth(self, field: DateField) -> None:
        today = clinic_today()
        if field.data > today:
            raise ValidationError("The date of birth cannot be in the future.")
        if field.data < date(today.year - 120, today.month, min(today.day, 28)):
            raise ValidationError("The date of birth cannot be more than 120 years ago.")

    def validate_conditions(self, field: TextAreaField) -> None:
        names = condition_lines(field.data)
        if not names:
            raise ValidationError("Enter at least one condition.")
        if len(names) > MAX_CONDITIONS:
            raise ValidationError(f"Enter at most {MAX_CONDITIONS} conditions.")
        if any(len(name) > 120 for name in names):
            raise ValidationError("Keep each condition under 120 characters.")


SORTS = {
    "name": "Name",
    "chart": "Chart number",
    "dob": "Date of birth",
    "newest": "Newest first",
}


class PatientSearchForm(FlaskForm):
    """The patient list's search, filters and sort (GET, no CSRF needed)."""

    class Meta:
        csrf = False

    q = StringField("Name or chart number", validators=[Optional(), Length(max=100)])
    phase = SelectField(
        "Phase", choices=[SelectChoice("", "Any phase"), *(SelectChoice(p.value, p.label) for p in Phase)], default=""
    )
    status = SelectField(
        "Plan status",
        choices=[SelectChoice("", "Any status"), *(SelectChoice(s.value, s.label) for s in PlanStatus)],
        default="",
    )
    practitioner = SelectField("Practitioner", choices=[SelectChoice("", "Any practitioner")], default="")
    sort = SelectField("Sort by", choices=[SelectChoice(k, v) for k, v in SORTS.items()], default="name")


class RedFlagForm(FlaskForm):
    """A red flag recorded after intake by a coordinator or a practitioner on the team."""

    symptoms = MultiCheckboxField(
        "Warning symptoms", choices=RED_FLAG_CHOICES, validators=[DataRequired(message="Tick at least one symptom.")]
    )
    details = TextAreaField("Details (optional)", validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Raise red-flag alert")


class AcknowledgeForm(FlaskForm):
    """A coordinator closes an alert, stating what was done."""

    action_taken = TextAreaField(
        "Action taken",
        validators=[DataRequired(message="State the action taken."), Length(max=1000)],
        description="For example: sent to emergency care; GP called the same day.",
    )
    submit = SubmitField("Acknowledge")
