"""Note forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from carespace.models import NoteKind, NoteVisibility
from carespace.models.note import ADDENDUM_MAX, REASON_MAX, SECTION_MAX


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


def _section(label: str) -> TextAreaField:
    return TextAreaField(
        label,
        validators=[
            Optional(),
            Length(max=SECTION_MAX, message=f"Keep this section to {SECTION_MAX:,} characters or fewer."),
        ],
    )


class NoteForm(FlaskForm):
    """A note: its kind, discipline, SOAP sections (or a message), visibility and who should see it first."""

    kind = SelectField("Kind", choices=[SelectChoice(k.value, k.label) for k in NoteKind])
    discipline = SelectField("Discipline", coerce=_optional_int, validate_choice=False)
    subjective = _section("Subjective")
    objective = _section("Objective")
    assessment = _section("Assessment")
    plan_text = _section("Plan")
    body = _section("Message (team messages)")
    visibility = RadioField(
        "Who can read it",
        choices=[SelectChoice(v.value, v.label) for v in NoteVisibility],
        default=NoteVisibility.TEAM.value,
    )
    attention = SelectField(
        "For the attention of (optional)",
        coerce=_optional_int,
        validate_choice=False,
        description="The note waits in that teammate's inbox until they open it.",
    )
    save = SubmitField("Save draft")
    sign = SubmitField("Sign")


class AddendumForm(FlaskForm):
    text = TextAreaField(
        "Addendum",
        validators=[
            DataRequired(message="Write the addendum."),
            Length(max=ADDENDUM_MAX, message=f"Keep the addendum to {ADDENDUM_MAX:,} characters or fewer."),
        ],
    )
    submit = SubmitField("Add addendum")


class EnteredInErrorForm(FlaskForm):
    reason = TextAreaField(
        "Reason",
        validators=[
            DataRequired(message="Say why the note is entered in error."),
            Length(max=REASON_MAX, message=f"Keep the reason to {REASON_MAX:,} characters or fewer."),
        ],
        description="For example: written on the wrong patient.",
    )
    submit = SubmitField("Mark entered in error")


class NoteFilterForm(FlaskForm):
    """Filters of the plan's note list (GET)."""

    class Meta:
        csrf = False

    discipline = SelectField("Discipline", default="", validate_choice=False)
    kind = SelectField(
        "Kind", choices=[SelectChoice("", "Any kind"), *(SelectChoice(k.value, k.label) for k in NoteKind)], default=""
    )
