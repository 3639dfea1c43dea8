"""Portal forms, and the coordinator's invitation form."""

from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Email, InputRequired, Length, Optional

from carespace.forms import MultiCheckboxField
from carespace.patients.forms import RED_FLAG_CHOICES
from carespace.portal.services import COMMENT_MAX

SCORE_MESSAGE = "Choose a number from 0 to 10."


def _typed_text(value):
    """Text as the patient typed it: browsers send each line break as two characters but count it as one
    against `maxlength`, so the limit is checked on the text with plain line breaks."""
    return value.replace("\r\n", "\n").strip() if isinstance(value, str) else value


class CheckInForm(FlaskForm):
    """Pain now on the 0-10 numeric rating scale, with an optional comment."""

    score = RadioField(
        "How much pain do you have right now?",
        choices=[SelectChoice(str(n), str(n)) for n in range(11)],
        # The choice is checked by AnyOf so that a value off the scale gets these words, not "Not a valid choice".
        validate_choice=False,
        validators=[
            InputRequired(message=SCORE_MESSAGE),
            AnyOf([str(n) for n in range(11)], message=SCORE_MESSAGE),
        ],
        description="0 means no pain, 10 the worst pain you can imagine.",
    )
    comment = TextAreaField(
        "Anything you want your team to know? (optional)",
        filters=[_typed_text],
        validators=[Optional(), Length(max=COMMENT_MAX, message=f"Keep it to {COMMENT_MAX} characters or fewer.")],
    )
    submit = SubmitField("Save my pain score")


class WarningSymptomsForm(FlaskForm):
    """The red-flag symptoms in plain words."""

    symptoms = MultiCheckboxField(
        "Tick anything you have now",
        choices=RED_FLAG_CHOICES,
        validators=[DataRequired(message="Tick at least one symptom, or go back if you have none.")],
    )
    details = TextAreaField(
        "When did it start? (optional)", filters=[_typed_text], validators=[Optional(), Length(max=1000)]
    )
    submit = SubmitField("Tell my care team now")


def _stripped(value):
    return value.strip() if isinstance(value, str) else value


class InviteForm(FlaskForm):
    """A coordinator invites the patient to the portal."""

    email = StringField(
        "Patient's email",
        filters=[_stripped],  # an address pasted with a stray space is still the address
        validators=[
            DataRequired(message="Enter the patient's email."),
            Email(message="Enter a valid email address."),
            Length(max=254),
        ],
    )
    submit = SubmitField("Create invitation link")
