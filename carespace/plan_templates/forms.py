"""The template form: name, aliases, and per phase the discipline rows and goal rows.

There is no JavaScript, so the form shows the template's rows plus a few blank ones per list;
a blank row is ignored (that is how a row is removed) and a half-filled one is an error beside it.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import FieldList, Form, FormField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from carespace.extensions import db
from carespace.models import CarePlanTemplate, Discipline, Phase, condition_key
from carespace.plan_templates.services import (
    DisciplineRow,
    GoalRow,
    NameHolder,
    TemplateValues,
    name_holders,
    single_spaced,
    version_of,
)

BLANK_ROWS = 3
MAX_ROWS = 40  # per phase and list; far more than any pathway needs, and it bounds what a POST can add
NAME_MAX = 120


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _optional_id(value) -> int | None:
    return int(value) if value not in (None, "", "None") else None


class _Row(Form):
    """A row of a list: entirely blank (ignored) or filled in enough to save."""

    def is_blank(self) -> bool:
        return all(field.data in (None, "") for field in self)

    def _require(self, field, message: str) -> None:
        if field.data in (None, "") and not self.is_blank():
            raise ValidationError(message)


class DisciplineRowForm(_Row):
    """A discipline the template assigns in a phase, with its focus and default frequency."""

    discipline = SelectField("Discipline", coerce=_optional_id)
    focus = StringField("Focus", filters=[_strip], validators=[Length(max=200)])
    frequency = StringField("Default frequency", filters=[_strip], validators=[Length(max=80)])

    def validate_discipline(self, field: SelectField) -> None:
        self._require(field, "Choose the discipline, or clear the row.")

    def validate_focus(self, field: StringField) -> None:
        self._require(field, "Describe the focus, or clear the row.")

    def validate_frequency(self, field: StringField) -> None:
        self._require(field, "Give the default frequency, or clear the row.")


class GoalRowForm(_Row):
    """A default goal of a phase; the measure and target are optional, but a target needs its measure."""

    description = StringField("Goal", filters=[_strip], validators=[Length(max=300)])
    measure = StringField("Measure", filters=[_strip], validators=[Length(max=40)])
    target = StringField("Target", filters=[_strip], validators=[Length(max=40)])

    def validate_description(self, field: StringField) -> None:
        self._require(field, "Describe the goal, or clear the row.")

    def validate_measure(self, field: StringField) -> None:
        if self.target.data and not field.data:
            raise ValidationError("Name the measure this target is for (e.g. NPRS).")


class PhaseRowsForm(Form):
    """One phase's discipline rows and goal rows."""

    disciplines = FieldList(FormField(DisciplineRowForm), max_entries=MAX_ROWS)
    goals = FieldList(FormField(GoalRowForm), max_entries=MAX_ROWS)


def _holder_text(holder: NameHolder) -> str:
    """How a message names the template that holds a name: "the Radiculopathy template (retired)"."""
    retired = " (retired)" if holder.template.retired else ""
    return f"the {holder.template.name} template{retired}"


class TemplateForm(FlaskForm):
    """A care-plan template. `template` is the one being edited (None when creating one)."""

    version = HiddenField()
    name = StringField(
        "Name",
        filters=[_strip],
        validators=[DataRequired(message="Name the condition."), Length(max=NAME_MAX)],
        description="The condition, e.g. Radiculopathy. Plans for it, or for one of its aliases, start here.",
    )
    description = TextAreaField("Description (optional)", validators=[Optional(), Length(max=2000)])
    aliases = TextAreaField(
        "Aliases (optional)",
        description="Other names of the condition, one per line, e.g. Sciatica.",
        render_kw={"rows": 6},
    )
    acute = FormField(PhaseRowsForm)  # one per Phase; `rows(phase)` finds them by its value
    subacute = FormField(PhaseRowsForm)
    maintenance = FormField(PhaseRowsForm)
    submit = SubmitField("Save template")

    def __init__(self, *args, template: CarePlanTemplate | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.template = template
        self._discipline_choices = [
            SelectChoice("", "Choose a discipline"),
            *(SelectChoice(d.id, d.name) for d in db.session.scalars(select(Discipline).order_by(Discipline.name))),
        ]
        for phase in Phase:
            for row in self.rows(phase).disciplines:
                row.form.discipline.choices = self._discipline_choices

    @classmethod
    def from_template(cls, template: CarePlanTemplate) -> TemplateForm:
        """The form filled in from `template`, to show before any submit."""
        data = {
            "version": version_of(template),
            "name": template.name,
            "description": template.description,
            "aliases": "\n".join(alias.alias for alias in template.aliases),
        }
        for phase in Phase:
            data[phase.value] = {
                "disciplines": [
                    {"discipline": row.discipline_id, "focus": row.focus, "frequency": row.frequency}
                    for row in template.disciplines_in(phase)
                ],
                "goals": [
                    {"description": row.description, "measure": row.measure or "", "target": row.target or ""}
                    for row in template.goals_in(phase)
                ],
            }
        return cls(formdata=None, data=data, template=template)

    def rows(self, phase: Phase) -> PhaseRowsForm:
        """The discipline and goal rows of one phase."""
        return self[phase.value].form

    def add_blank_rows(self) -> None:
        """End every list with BLANK_ROWS blank rows to fill in (as far as MAX_ROWS allows)."""
        for phase in Phase:
            for rows in (self.rows(phase).disciplines, self.rows(phase).goals):
                trailing = 0
                for row in reversed(rows.entries):
                    if not row.form.is_blank():
                        break
                    trailing += 1
                for _ in range(min(BLANK_ROWS - trailing, MAX_ROWS - len(rows.entries))):
                    row = rows.append_entry()
                    if "discipline" in row.form:
                        row.form.discipline.choices = self._discipline_choices

    def alias_list(self) -> list[str]:
        """The aliases typed, one per line, single-spaced, each condition once."""
        aliases: dict[str, str] = {}
        for line in (self.aliases.data or "").splitlines():
            alias = single_spaced(line)
            if alias:
                aliases.setdefault(condition_key(alias), alias)
        return list(aliases.values())

    def validate_name(self, field: StringField) -> None:
        holder = name_holders([field.data], other_than=self.template).get(condition_key(field.data))
        if holder is not None and holder.as_alias:
            raise ValidationError(f"“{field.data}” is already an alias of {_holder_text(holder)}.")
        if holder is not None:
            raise ValidationError(f"“{field.data}” is already the name of {_holder_text(holder)}.")

    def validate_aliases(self, field: TextAreaField) -> None:
        aliases = self.alias_list()
        holders = name_holders(aliases, other_than=self.template)
        own_name = condition_key(self.name.data or "")
        problems = []
        for alias in aliases:
            holder = holders.get(condition_key(alias))
            if len(alias) > NAME_MAX:
                problems.append(f"“{alias[:40]}…” is longer than {NAME_MAX} characters.")
            elif condition_key(alias) == own_name:
                problems.append(f"“{alias}” is this template's name; an alias is another name for the condition.")
            elif holder is not None and holder.as_alias:
                problems.append(f"“{alias}” is already an alias of {_holder_text(holder)}.")
            elif holder is not None:
                problems.append(f"“{alias}” is already the name of {_holder_text(holder)}.")
        if problems:
            field.errors.extend(problems[:-1])
            raise ValidationError(problems[-1])

    def values(self) -> TemplateValues:
        """What was submitted, blank rows left out, for the services."""
        disciplines = []
        goals = []
        for phase in Phase:
            rows = self.rows(phase)
            disciplines += [
                DisciplineRow(phase, row.form.discipline.data, row.form.focus.data, row.form.frequency.data)
                for row in rows.disciplines
                if not row.form.is_blank()
            ]
            goals += [
                GoalRow(phase, row.form.description.data, row.form.measure.data or None, row.form.target.data or None)
                for row in rows.goals
                if not row.form.is_blank()
            ]
        return TemplateValues(
            name=single_spaced(self.name.data),
            description=(self.description.data or "").strip() or None,
            aliases=tuple(self.alias_list()),
            disciplines=tuple(disciplines),
            goals=tuple(goals),
        )
