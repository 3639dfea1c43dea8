"""Plain words for patients: what each phase is for, what comes next, where a goal stands."""

from carespace.models import GoalStatus, Phase

PHASE_WORDS = {
    Phase.ACUTE: (
        "Settling things down",
        "Right now your team's aim is to calm the irritated nerve, ease your pain and keep you moving gently.",
        "When your pain has settled, you move on to rebuilding strength.",
    ),
    Phase.SUBACUTE: (
        "Building strength",
        "Now the aim is to rebuild your strength, your core and how you move, and your confidence to move.",
        "Once you are moving well, you move on to staying well: keeping what you have gained.",
    ),
    Phase.MAINTENANCE: (
        "Staying well",
        "The aim now is to keep what you have gained and to stop the problem from coming back.",
        "Keep up your exercises. Your team checks in with you at each review.",
    ),
}

GOAL_WORDS = {
    GoalStatus.PROPOSED: "Planned",
    GoalStatus.ACTIVE: "Working on it",
    GoalStatus.ACHIEVED: "Achieved",
}
