"""Forms for signing in and choosing passwords."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from carespace.auth.passwords import MAX_LENGTH


class LoginForm(FlaskForm):
    """Email and password."""

    email = StringField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=MAX_LENGTH)])
    submit = SubmitField("Log in")


class NewPasswordForm(FlaskForm):
    """A new password typed twice; the rules themselves are checked by the service."""

    new_password = PasswordField(
        "New password",
        validators=[DataRequired(message="Enter a new password.")],
        description="At least 12 characters. Not your email and not a common password.",
    )
    confirm = PasswordField(
        "Repeat the new password",
        validators=[DataRequired(), EqualTo("new_password", message="The two passwords do not match.")],
    )
    submit = SubmitField("Save password")


class ChangePasswordForm(NewPasswordForm):
    """A signed-in user's own change."""

    current_password = PasswordField("Current password", validators=[DataRequired()])

    class Meta:
        field_order = ("current_password", "new_password", "confirm")
