"""Template changes made by admins. Each flushes, audits, and leaves the commit to the request.

A plan copies its template when it is created, so nothing here ever reaches an existing plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select, true

from carespace import audit, clock, timefmt
from carespace.extensions import db
from carespace.models import (
    CarePlanTemplate,
    Phase,
    TemplateAlias,
    TemplateDiscipline,
    TemplateGoal,
    User,
    condition_key,
)


@dataclass(frozen=True)
class DisciplineRow:
    phase: Phase
    discipline_id: int
    focus: str
    frequency: str


@dataclass(frozen=True)
class GoalRow:
    phase: Phase
    description: str
    measure: str | None
    target: str | None


@dataclass(frozen=True)
class TemplateValues:
    """Everything an admin sets on a template; rows are in the order they are shown, phase by phase."""

    name: str
    description: str | None
    aliases: tuple[str, ...]
    disciplines: tuple[DisciplineRow, ...]
    goals: tuple[GoalRow, ...]


@dataclass(frozen=True)
class NameHolder:
    """The template that already uses a condition name, as its name or as one of its aliases."""

    template: CarePlanTemplate
    as_alias: bool


class TemplateConflict(Exception):
    """Someone saved the template after this admin loaded it."""

    def __init__(self, template: CarePlanTemplate) -> None:
        when = timefmt.local(template.updated_at, "%H:%M")
        super().__init__(
            f"Someone else saved this template at {when} while you were editing, so your changes were not saved. "
            "They are still in the form: check the template in another tab, then save again to replace it."
        )


def single_spaced(text: str) -> str:
    """`text` trimmed, with runs of white space made one space (how names and aliases are stored)."""
    return " ".join(text.split())


def version_of(template: CarePlanTemplate) -> str:
    """What the edit form carries to tell whether the template changed since it was loaded."""
    return template.updated_at.isoformat()


def name_holders(names: Iterable[str], other_than: CarePlanTemplate | None = None) -> dict[str, NameHolder]:
    """For each of `names` another template already uses, keyed by `condition_key`, that template.

    Names and aliases share one space: a name may be neither another template's name nor one of its
    aliases. Retired templates keep their names, so restoring one never clashes.
    """
    keys = {condition_key(name) for name in names} - {""}
    if not keys:
        return {}
    other = CarePlanTemplate.id != other_than.id if other_than is not None else true()
    holders = {
        alias.alias_key: NameHolder(alias.template, as_alias=True)
        for alias in db.session.scalars(
            select(TemplateAlias).join(TemplateAlias.template).where(TemplateAlias.alias_key.in_(keys), other)
        )
    }
    for template in db.session.scalars(select(CarePlanTemplate).where(CarePlanTemplate.name_key.in_(keys), other)):
        holders[template.name_key] = NameHolder(template, as_alias=False)
    return holders


def _set_aliases(template: CarePlanTemplate, aliases: Iterable[str]) -> None:
    # Keep the rows of aliases that stay: deleting and re-inserting the same alias_key in one flush
    # would break its unique constraint, since the unit of work inserts before it deletes.
    kept = {alias.alias_key: alias for alias in template.aliases}
    rows = []
    for text in aliases:
        row = kept.get(condition_key(text)) or TemplateAlias(alias_key=condition_key(text))
        row.alias = text
        rows.append(row)
    template.aliases = rows


def _discipline_rows(values: TemplateValues) -> list[TemplateDiscipline]:
    return [
        TemplateDiscipline(
            phase=row.phase, discipline_id=row.discipline_id, focus=row.focus, frequency=row.frequency, position=n
        )
        for n, row in enumerate(values.disciplines)
    ]


def _goal_rows(values: TemplateValues) -> list[TemplateGoal]:
    return [
        TemplateGoal(phase=row.phase, description=row.description, measure=row.measure, target=row.target, position=n)
        for n, row in enumerate(values.goals)
    ]


def _current_disciplines(template: CarePlanTemplate) -> tuple[DisciplineRow, ...]:
    return tuple(DisciplineRow(r.phase, r.discipline_id, r.focus, r.frequency) for r in template.disciplines)


def _current_goals(template: CarePlanTemplate) -> tuple[GoalRow, ...]:
    return tuple(GoalRow(r.phase, r.description, r.measure, r.target) for r in template.goals)


def _counted(label: str, before: tuple, after: tuple) -> str:
    return f"{label} {len(before)} to {len(after)}" if len(before) != len(after) else label


def create_template(values: TemplateValues, actor: User) -> CarePlanTemplate:
    """A new template in use at once; the form has checked that its name and aliases are free."""
    template = CarePlanTemplate(name=values.name, name_key=condition_key(values.name), description=values.description)
    db.session.add(template)
    _set_aliases(template, values.aliases)
    template.disciplines = _discipline_rows(values)
    template.goals = _goal_rows(values)
    db.session.flush()
    audit.record(
        "template.created",
        template,
        actor=actor,
        detail=f"aliases {len(values.aliases)}; disciplines {len(values.disciplines)}; goals {len(values.goals)}",
    )
    return template


def update_template(
    template: CarePlanTemplate, values: TemplateValues, actor: User, expected_version: str | None
) -> None:
    """Replace the template's name, description, aliases and rows; the audit entry names what changed.

    Plans already made from the template keep their own copy and do not change.

    :raises TemplateConflict: when the template was saved by someone else since `expected_version`.
    """
    if expected_version and expected_version != version_of(template):
        raise TemplateConflict(template)
    changes = []
    if values.name != template.name:
        changes.append("name")
        template.name = values.name
        template.name_key = condition_key(values.name)
    if values.description != template.description:
        changes.append("description")
        template.description = values.description
    before_aliases = tuple(alias.alias for alias in template.aliases)
    if sorted(values.aliases) != sorted(before_aliases):
        changes.append(_counted("aliases", before_aliases, values.aliases))
        _set_aliases(template, values.aliases)
    before_disciplines = _current_disciplines(template)
    if values.disciplines != before_disciplines:
        changes.append(_counted("disciplines", before_disciplines, values.disciplines))
        template.disciplines = _discipline_rows(values)
    before_goals = _current_goals(template)
    if values.goals != before_goals:
        changes.append(_counted("goals", before_goals, values.goals))
        template.goals = _goal_rows(values)
    if changes:
        template.updated_at = clock.now()
        db.session.flush()
        audit.record("template.updated", template, actor=actor, detail="; ".join(changes))


def retire_template(template: CarePlanTemplate, actor: User) -> None:
    """Stop offering the template for new plans; plans made from it carry on unchanged."""
    if template.retired_at is None:
        template.retired_at = clock.now()
        audit.record("template.retired", template, actor=actor)


def restore_template(template: CarePlanTemplate, actor: User) -> None:
    """Offer a retired template for new plans again."""
    if template.retired_at is not None:
        template.retired_at = None
        audit.record("template.restored", template, actor=actor)
