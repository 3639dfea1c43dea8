"""Read queries behind the plan page."""

from sqlalchemy import select

from carespace.models import PhaseSuggestion, PlanEvent, SuggestionStatus


def plan_history(plan_id: int):
    """The plan's history, newest first (paginate it)."""
    return (
        select(PlanEvent).where(PlanEvent.plan_id == plan_id).order_by(PlanEvent.created_at.desc(), PlanEvent.id.desc())
    )


def pending_suggestions(plan_id: int):
    """Suggestions on the plan still waiting for a coordinator, oldest first."""
    return (
        select(PhaseSuggestion)
        .where(PhaseSuggestion.plan_id == plan_id, PhaseSuggestion.status == SuggestionStatus.PENDING)
        .order_by(PhaseSuggestion.created_at)
    )
