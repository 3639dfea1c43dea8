"""Patient portal: a patient's own account, and their pain check-ins.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "pain_check_ins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.String(length=280), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint("score >= 0 AND score <= 10", name=op.f("ck_pain_check_ins_score_range")),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_pain_check_ins_patient_id_patients"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["care_plans.id"], name=op.f("fk_pain_check_ins_plan_id_care_plans"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pain_check_ins")),
    )
    with op.batch_alter_table("pain_check_ins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pain_check_ins_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_pain_check_ins_patient_id"), ["patient_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pain_check_ins_plan_id"), ["plan_id"], unique=False)

    with op.batch_alter_table("patients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_patients_user_id"), ["user_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_patients_user_id_users"), "users", ["user_id"], ["id"], ondelete="SET NULL"
        )


def downgrade():
    with op.batch_alter_table("patients", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_patients_user_id_users"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("uq_patients_user_id"), type_="unique")
        batch_op.drop_column("user_id")

    with op.batch_alter_table("pain_check_ins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pain_check_ins_plan_id"))
        batch_op.drop_index(batch_op.f("ix_pain_check_ins_patient_id"))
        batch_op.drop_index(batch_op.f("ix_pain_check_ins_created_at"))

    op.drop_table("pain_check_ins")
