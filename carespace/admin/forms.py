"""Admin forms: staff accounts and audit filters."""

from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DateField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from carespace.extensions import db
from carespace.forms import MultiCheckboxField
from carespace.models import STAFF_ROLES, Discipline, Role, User

ROLE_CHOICES = [SelectChoice(role.value, role.label) for role in STAFF_ROLES]


class AccountForm(FlaskForm):
    """Name, role and disciplines of a staff account."""

    name = StringField("Full name", validators=[DataRequired(), Length(max=120)])
    role = SelectField("Role", choices=ROLE_CHOICES, validators=[DataRequired()])
    disciplines = MultiCheckboxField("Disciplines", coerce=int, description="Practitioners only: one or more.")
    submit = SubmitField("Save account")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.disciplines.choices = [
            SelectChoice(discipline.id, discipline.name)
            for discipline in db.session.scalars(select(Discipline).order_by(Discipline.name))
        ]

    def validate_disciplines(self, field: MultiCheckboxField) -> None:
        if self.role.data == Role.PRACTITIONER.value and not field.data:
            raise ValidationError("Choose at least one discipline for a practitioner.")
        if self.role.data != Role.PRACTITIONER.value and field.data:
            raise ValidationError("Only practitioners have disciplines: untick them or choose Practitioner.")


class NewAccountForm(AccountForm):
    """A new staff account; the person sets their own password through a one-time link."""

    email = StringField(
        "Email", validators=[DataRequired(), Email(message="Enter a valid email address."), Length(max=254)]
    )
    submit = SubmitField("Create account")

    class Meta:
        field_order = ("email", "name", "role", "disciplines")

    def validate_email(self, field: StringField) -> None:
        if db.session.scalar(select(User.id).where(User.email == field.data.strip().lower())):
            raise ValidationError("An account with this email already exists.")


class UserSearchForm(FlaskForm):
    """The account list's search box and role filter (GET, no CSRF needed)."""

    class Meta:
        csrf = False

    q = StringField("Name or email", validators=[Optional(), Length(max=100)])
    role = SelectField("Role", choices=[SelectChoice("", "Any role"), *ROLE_CHOICES], validators=[Optional()])


class AuditFilterForm(FlaskForm):
    """The audit page's filters (GET, no CSRF needed)."""

    class Meta:
        csrf = False

    user = StringField("User (name or email)", validators=[Optional(), Length(max=100)])
    action = SelectField(
        "Action", choices=[SelectChoice("", "Any action")], validators=[Optional()], validate_choice=False
    )
    start = DateField("From", validators=[Optional()])
    end = DateField("To", validators=[Optional()])

    def validate_end(self, field: DateField) -> None:
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError("The end date is before the start date.")
