"""Install the clinic's radiculopathy pathway and a blank template.

The radiculopathy template serves radiculopathy and its relatives (medial nerve
radiculopathy, sciatica, cervical radiculopathy, disc herniation, spinal
stenosis). Existing plans are copies, so later edits never reach them.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

RADICULOPATHY = "Radiculopathy"
BLANK = "Blank plan"
ALIASES = [
    "Medial nerve radiculopathy",
    "Sciatica",
    "Cervical radiculopathy",
    "Lumbar radiculopathy",
    "Disc herniation",
    "Spinal stenosis",
]
# (phase, discipline code, focus, default frequency)
DISCIPLINES = [
    ("acute", "physiotherapy", "Gentle mobility and nerve glides", "2 sessions a week"),
    ("acute", "massage_therapy", "Pain relief and muscle relaxation", "1 session a week"),
    ("acute", "acupuncture", "Pain relief (an alternative to massage therapy)", "1 session a week"),
    ("acute", "nutrition", "Anti-inflammatory diet", "1 consultation, then every 4 weeks"),
    ("acute", "psychotherapy", "Sleep and mood when pain disturbs them", "Every 2 weeks, as needed"),
    ("subacute", "kinesiology", "Core stability, spinal support, safe return to activity", "2 sessions a week"),
    ("subacute", "chiropractic", "Spinal mechanics and posture", "1 session a week"),
    ("subacute", "psychotherapy", "Confidence and fear of re-injury", "Every 2 weeks"),
    ("subacute", "mental_performance_coaching", "Confidence to move and return to activity", "Every 2 weeks"),
    ("maintenance", "kinesiology", "Ongoing exercise programme", "1 session a week"),
    ("maintenance", "massage_therapy", "Recovery after activity", "Every 2 weeks"),
    ("maintenance", "naturopathic_medicine", "Long-term inflammation and recovery strategies", "Every 4 weeks"),
    ("maintenance", "nutrition", "Sustainable eating habits", "Every 4 weeks"),
    ("maintenance", "mental_performance_coaching", "Habits and stress management", "Every 4 weeks"),
]
# (phase, description, measure, target)
GOALS = [
    ("acute", "Pain settles to a manageable level", "NPRS", "≤ 5"),
    ("acute", "Sleep through most nights", None, None),
    ("acute", "Walk for 10 minutes without leg pain getting worse", None, None),
    ("subacute", "Pain is mostly low", "NPRS", "≤ 3"),
    ("subacute", "Back-related disability is reduced", "ODI", "< 30 %"),
    ("subacute", "Return to daily activities and light work", None, None),
    ("maintenance", "Keep low disability", "ODI", "< 20 %"),
    ("maintenance", "Keep up the home exercise programme independently", None, None),
    ("maintenance", "No flare-up needing acute care for 3 months", None, None),
]

templates = sa.table(
    "care_plan_templates",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("name_key", sa.String),
    sa.column("description", sa.Text),
)
aliases = sa.table(
    "template_aliases",
    sa.column("template_id", sa.Integer),
    sa.column("alias", sa.String),
    sa.column("alias_key", sa.String),
)
template_disciplines = sa.table(
    "template_disciplines",
    sa.column("template_id", sa.Integer),
    sa.column("phase", sa.String),
    sa.column("discipline_id", sa.Integer),
    sa.column("focus", sa.String),
    sa.column("frequency", sa.String),
    sa.column("position", sa.Integer),
)
template_goals = sa.table(
    "template_goals",
    sa.column("template_id", sa.Integer),
    sa.column("phase", sa.String),
    sa.column("description", sa.String),
    sa.column("measure", sa.String),
    sa.column("target", sa.String),
    sa.column("position", sa.Integer),
)
disciplines = sa.table("disciplines", sa.column("id", sa.Integer), sa.column("code", sa.String))


def _template_id(conn, name: str) -> int:
    return conn.execute(sa.select(templates.c.id).where(templates.c.name_key == name.lower())).scalar_one()


def upgrade():
    conn = op.get_bind()
    op.bulk_insert(
        templates,
        [
            {
                "name": RADICULOPATHY,
                "name_key": RADICULOPATHY.lower(),
                "description": "The clinic's reference pathway for radicular pain, from calming the nerve "
                "to preventing recurrence.",
            },
            {
                "name": BLANK,
                "name_key": BLANK.lower(),
                "description": "Start from nothing and add what the patient needs.",
            },
        ],
    )
    template_id = _template_id(conn, RADICULOPATHY)
    discipline_ids = dict(conn.execute(sa.select(disciplines.c.code, disciplines.c.id)).all())
    op.bulk_insert(aliases, [{"template_id": template_id, "alias": a, "alias_key": a.lower()} for a in ALIASES])
    op.bulk_insert(
        template_disciplines,
        [
            {
                "template_id": template_id,
                "phase": phase,
                "discipline_id": discipline_ids[code],
                "focus": focus,
                "frequency": frequency,
                "position": position,
            }
            for position, (phase, code, focus, frequency) in enumerate(DISCIPLINES)
        ],
    )
    op.bulk_insert(
        template_goals,
        [
            {
                "template_id": template_id,
                "phase": phase,
                "description": description,
                "measure": measure,
                "target": target,
                "position": position,
            }
            for position, (phase, description, measure, target) in enumerate(GOALS)
        ],
    )


def downgrade():
    conn = op.get_bind()
    for name in (RADICULOPATHY, BLANK):
        template_id = _template_id(conn, name)
        for table in (aliases, template_disciplines, template_goals):
            conn.execute(sa.delete(table).where(table.c.template_id == template_id))
        conn.execute(sa.delete(templates).where(templates.c.id == template_id))
