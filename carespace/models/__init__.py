"""The models, one module per aggregate; importing this package registers them all."""

from carespace.models.audit import AuditEvent
from carespace.models.care_plan import CarePlan, PhaseSuggestion, PlanAssignment, PlanEvent, PlanGoal
from carespace.models.care_plan_enums import (
    EDITABLE_STATUSES,
    GOAL_TRANSITIONS,
    LIVE_STATUSES,
    PLAN_TRANSITIONS,
    RED_FLAG_SYMPTOMS,
    GoalStatus,
    Phase,
    PlanEventKind,
    PlanStatus,
    RedFlagSource,
    SuggestionStatus,
)
from carespace.models.note import Note, NoteAddendum, NoteKind, NoteRead, NoteStatus, NoteVisibility
from carespace.models.patient import PainCheckIn, Patient, PatientCondition
from carespace.models.red_flag import RedFlagAlert
from carespace.models.session import AccountToken, TokenPurpose, UserSession
from carespace.models.template import (
    CarePlanTemplate,
    TemplateAlias,
    TemplateDiscipline,
    TemplateGoal,
    condition_key,
)
from carespace.models.user import STAFF_ROLES, Discipline, Role, User, user_disciplines

__all__ = [
    "EDITABLE_STATUSES",
    "GOAL_TRANSITIONS",
    "LIVE_STATUSES",
    "PLAN_TRANSITIONS",
    "RED_FLAG_SYMPTOMS",
    "STAFF_ROLES",
    "AccountToken",
    "AuditEvent",
    "CarePlan",
    "CarePlanTemplate",
    "Discipline",
    "GoalStatus",
    "Note",
    "NoteAddendum",
    "NoteKind",
    "NoteRead",
    "NoteStatus",
    "NoteVisibility",
    "PainCheckIn",
    "Patient",
    "PatientCondition",
    "Phase",
    "PhaseSuggestion",
    "PlanAssignment",
    "PlanEvent",
    "PlanEventKind",
    "PlanGoal",
    "PlanStatus",
    "RedFlagAlert",
    "RedFlagSource",
    "Role",
    "SuggestionStatus",
    "TemplateAlias",
    "TemplateDiscipline",
    "TemplateGoal",
    "TokenPurpose",
    "User",
    "UserSession",
    "condition_key",
    "user_disciplines",
]
