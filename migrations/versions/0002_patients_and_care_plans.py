"""Patients, care-plan templates, care plans (goals, assignments, history, phase suggestions) and red flags.

Also ties the audit trail's patient column to the patients table.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "care_plan_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("name_key", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_care_plan_templates")),
        sa.UniqueConstraint("name_key", name=op.f("uq_care_plan_templates_name_key")),
    )
    op.create_table(
        "patients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chart_number", sa.String(length=16), nullable=False),
        sa.Column("given_name", sa.String(length=80), nullable=False),
        sa.Column("family_name", sa.String(length=80), nullable=False),
        sa.Column("preferred_name", sa.String(length=80), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("referral_source", sa.String(length=120), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_patients_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patients")),
        sa.UniqueConstraint("chart_number", name=op.f("uq_patients_chart_number")),
    )
    with op.batch_alter_table("patients", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_patients_created_by_id"), ["created_by_id"], unique=False)
        batch_op.create_index("ix_patients_family_given", ["family_name", "given_name"], unique=False)

    op.create_table(
        "template_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=120), nullable=False),
        sa.Column("alias_key", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["care_plan_templates.id"],
            name=op.f("fk_template_aliases_template_id_care_plan_templates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_template_aliases")),
        sa.UniqueConstraint("alias_key", name=op.f("uq_template_aliases_alias_key")),
    )
    with op.batch_alter_table("template_aliases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_template_aliases_template_id"), ["template_id"], unique=False)

    op.create_table(
        "template_disciplines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column(
            "phase",
            sa.Enum("acute", "subacute", "maintenance", name="phase", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("discipline_id", sa.Integer(), nullable=False),
        sa.Column("focus", sa.String(length=200), nullable=False),
        sa.Column("frequency", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["discipline_id"],
            ["disciplines.id"],
            name=op.f("fk_template_disciplines_discipline_id_disciplines"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["care_plan_templates.id"],
            name=op.f("fk_template_disciplines_template_id_care_plan_templates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_template_disciplines")),
    )
    with op.batch_alter_table("template_disciplines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_template_disciplines_discipline_id"), ["discipline_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_template_disciplines_template_id"), ["template_id"], unique=False)

    op.create_table(
        "template_goals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column(
            "phase",
            sa.Enum("acute", "subacute", "maintenance", name="phase", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("measure", sa.String(length=40), nullable=True),
        sa.Column("target", sa.String(length=40), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["care_plan_templates.id"],
            name=op.f("fk_template_goals_template_id_care_plan_templates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_template_goals")),
    )
    with op.batch_alter_table("template_goals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_template_goals_template_id"), ["template_id"], unique=False)

    op.create_table(
        "care_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=True),
        sa.Column("condition", sa.String(length=120), nullable=False),
        sa.Column("condition_key", sa.String(length=120), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "active",
                "on-hold",
                "completed",
                "revoked",
                "entered-in-error",
                name="planstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "phase",
            sa.Enum("acute", "subacute", "maintenance", name="phase", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("next_review_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_care_plans_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_care_plans_patient_id_patients"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["care_plan_templates.id"],
            name=op.f("fk_care_plans_template_id_care_plan_templates"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_care_plans_updated_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_care_plans")),
    )
    with op.batch_alter_table("care_plans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_care_plans_created_by_id"), ["created_by_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_care_plans_next_review_on"), ["next_review_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_care_plans_patient_id"), ["patient_id"], unique=False)
        batch_op.create_index("ix_care_plans_status_phase", ["status", "phase"], unique=False)
        batch_op.create_index(batch_op.f("ix_care_plans_template_id"), ["template_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_care_plans_updated_by_id"), ["updated_by_id"], unique=False)
        batch_op.create_index(
            "uq_care_plans_one_active",
            ["patient_id", "condition_key"],
            unique=True,
            sqlite_where=sa.text("status = 'active'"),
            postgresql_where=sa.text("status = 'active'"),
        )

    op.create_table(
        "patient_conditions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_patient_conditions_patient_id_patients"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patient_conditions")),
    )
    with op.batch_alter_table("patient_conditions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_patient_conditions_patient_id"), ["patient_id"], unique=False)

    op.create_table(
        "phase_suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("suggested_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "from_phase",
            sa.Enum("acute", "subacute", "maintenance", name="phase", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column(
            "to_phase",
            sa.Enum("acute", "subacute", "maintenance", name="phase", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("pending", "accepted", "declined", name="suggestionstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_phase_suggestions_decided_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["care_plans.id"], name=op.f("fk_phase_suggestions_plan_id_care_plans"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["suggested_by_id"],
            ["users.id"],
            name=op.f("fk_phase_suggestions_suggested_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phase_suggestions")),
    )
    with op.batch_alter_table("phase_suggestions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_phase_suggestions_decided_by_id"), ["decided_by_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_phase_suggestions_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_phase_suggestions_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_phase_suggestions_suggested_by_id"), ["suggested_by_id"], unique=False)

    op.create_table(
        "plan_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column(
            "phase",
            sa.Enum("acute", "subacute", "maintenance", name="phase", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("discipline_id", sa.Integer(), nullable=False),
        sa.Column("practitioner_id", sa.Integer(), nullable=True),
        sa.Column("focus", sa.String(length=200), nullable=False),
        sa.Column("frequency", sa.String(length=80), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=True),
        sa.Column("end_on", sa.Date(), nullable=True),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["discipline_id"],
            ["disciplines.id"],
            name=op.f("fk_plan_assignments_discipline_id_disciplines"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["care_plans.id"], name=op.f("fk_plan_assignments_plan_id_care_plans"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["practitioner_id"],
            ["users.id"],
            name=op.f("fk_plan_assignments_practitioner_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_assignments")),
    )
    with op.batch_alter_table("plan_assignments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_assignments_discipline_id"), ["discipline_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_assignments_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index("ix_plan_assignments_practitioner_phase", ["practitioner_id", "phase"], unique=False)

    op.create_table(
        "plan_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "created",
                "status",
                "phase",
                "goal",
                "assignment",
                "details",
                "suggestion",
                name="planeventkind",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("from_value", sa.String(length=40), nullable=True),
        sa.Column("to_value", sa.String(length=40), nullable=True),
        sa.Column("summary", sa.String(length=300), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_plan_events_actor_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["care_plans.id"], name=op.f("fk_plan_events_plan_id_care_plans"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_events")),
    )
    with op.batch_alter_table("plan_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_events_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_events_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_events_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "plan_goals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column(
            "phase",
            sa.Enum("acute", "subacute", "maintenance", name="phase", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("measure", sa.String(length=40), nullable=True),
        sa.Column("target", sa.String(length=40), nullable=True),
        sa.Column(
            "status",
            sa.Enum("proposed", "active", "achieved", "cancelled", name="goalstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["care_plans.id"], name=op.f("fk_plan_goals_plan_id_care_plans"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_goals")),
    )
    with op.batch_alter_table("plan_goals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_goals_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "red_flag_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("symptoms", sa.String(length=200), nullable=False),
        sa.Column("details", sa.Text(), nullable=True),
        sa.Column(
            "source",
            sa.Enum(
                "intake", "coordinator", "practitioner", "patient", name="redflagsource", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("raised_by_id", sa.Integer(), nullable=True),
        sa.Column("raised_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("acknowledged_by_id", sa.Integer(), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("action_taken", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["acknowledged_by_id"],
            ["users.id"],
            name=op.f("fk_red_flag_alerts_acknowledged_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_red_flag_alerts_patient_id_patients"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["care_plans.id"], name=op.f("fk_red_flag_alerts_plan_id_care_plans"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["raised_by_id"], ["users.id"], name=op.f("fk_red_flag_alerts_raised_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_red_flag_alerts")),
    )
    with op.batch_alter_table("red_flag_alerts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_red_flag_alerts_acknowledged_at"), ["acknowledged_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_red_flag_alerts_acknowledged_by_id"), ["acknowledged_by_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_red_flag_alerts_patient_id"), ["patient_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_red_flag_alerts_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_red_flag_alerts_raised_by_id"), ["raised_by_id"], unique=False)

    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f("fk_audit_events_patient_id_patients"), "patients", ["patient_id"], ["id"], ondelete="SET NULL"
        )


def downgrade():
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_audit_events_patient_id_patients"), type_="foreignkey")

    with op.batch_alter_table("red_flag_alerts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_red_flag_alerts_raised_by_id"))
        batch_op.drop_index(batch_op.f("ix_red_flag_alerts_plan_id"))
        batch_op.drop_index(batch_op.f("ix_red_flag_alerts_patient_id"))
        batch_op.drop_index(batch_op.f("ix_red_flag_alerts_acknowledged_by_id"))
        batch_op.drop_index(batch_op.f("ix_red_flag_alerts_acknowledged_at"))

    op.drop_table("red_flag_alerts")
    with op.batch_alter_table("plan_goals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_goals_plan_id"))

    op.drop_table("plan_goals")
    with op.batch_alter_table("plan_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_events_plan_id"))
        batch_op.drop_index(batch_op.f("ix_plan_events_created_at"))
        batch_op.drop_index(batch_op.f("ix_plan_events_actor_id"))

    op.drop_table("plan_events")
    with op.batch_alter_table("plan_assignments", schema=None) as batch_op:
        batch_op.drop_index("ix_plan_assignments_practitioner_phase")
        batch_op.drop_index(batch_op.f("ix_plan_assignments_plan_id"))
        batch_op.drop_index(batch_op.f("ix_plan_assignments_discipline_id"))

    op.drop_table("plan_assignments")
    with op.batch_alter_table("phase_suggestions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_phase_suggestions_suggested_by_id"))
        batch_op.drop_index(batch_op.f("ix_phase_suggestions_status"))
        batch_op.drop_index(batch_op.f("ix_phase_suggestions_plan_id"))
        batch_op.drop_index(batch_op.f("ix_phase_suggestions_decided_by_id"))

    op.drop_table("phase_suggestions")
    with op.batch_alter_table("patient_conditions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patient_conditions_patient_id"))

    op.drop_table("patient_conditions")
    with op.batch_alter_table("care_plans", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_care_plans_one_active",
            sqlite_where=sa.text("status = 'active'"),
            postgresql_where=sa.text("status = 'active'"),
        )
        batch_op.drop_index(batch_op.f("ix_care_plans_updated_by_id"))
        batch_op.drop_index(batch_op.f("ix_care_plans_template_id"))
        batch_op.drop_index("ix_care_plans_status_phase")
        batch_op.drop_index(batch_op.f("ix_care_plans_patient_id"))
        batch_op.drop_index(batch_op.f("ix_care_plans_next_review_on"))
        batch_op.drop_index(batch_op.f("ix_care_plans_created_by_id"))

    op.drop_table("care_plans")
    with op.batch_alter_table("template_goals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_template_goals_template_id"))

    op.drop_table("template_goals")
    with op.batch_alter_table("template_disciplines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_template_disciplines_template_id"))
        batch_op.drop_index(batch_op.f("ix_template_disciplines_discipline_id"))

    op.drop_table("template_disciplines")
    with op.batch_alter_table("template_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_template_aliases_template_id"))

    op.drop_table("template_aliases")
    with op.batch_alter_table("patients", schema=None) as batch_op:
        batch_op.drop_index("ix_patients_family_given")
        batch_op.drop_index(batch_op.f("ix_patients_created_by_id"))

    op.drop_table("patients")
    op.drop_table("care_plan_templates")
