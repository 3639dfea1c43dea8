"""Read-only queries behind the template pages."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from carespace.models import CarePlanTemplate


def listed_templates() -> Select:
    """Every template, those in use first, then the retired ones, each group by name.

    Aliases and discipline rows are loaded with the templates, so the list's query count stays fixed.
    """
    return (
        select(CarePlanTemplate)
        .options(selectinload(CarePlanTemplate.aliases), selectinload(CarePlanTemplate.disciplines))
        .order_by(CarePlanTemplate.retired_at.is_not(None), CarePlanTemplate.name_key)
    )
