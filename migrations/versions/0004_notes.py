"""Clinical notes: drafts and signed notes on care plans, addenda, and each user's read state.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("discipline_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "initial_assessment",
                "progress",
                "discharge",
                "team_message",
                name="notekind",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column(
            "visibility",
            sa.Enum("team", "team_and_patient", name="notevisibility", native_enum=False, length=30),
            nullable=False,
        ),
        sa.Column(
            "status", sa.Enum("draft", "signed", name="notestatus", native_enum=False, length=20), nullable=False
        ),
        sa.Column("subjective", sa.Text(), nullable=True),
        sa.Column("objective", sa.Text(), nullable=True),
        sa.Column("assessment", sa.Text(), nullable=True),
        sa.Column("plan_text", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("attention_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("entered_in_error_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("entered_in_error_by_id", sa.Integer(), nullable=True),
        sa.Column("entered_in_error_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["attention_user_id"], ["users.id"], name=op.f("fk_notes_attention_user_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_notes_author_id_users"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["discipline_id"], ["disciplines.id"], name=op.f("fk_notes_discipline_id_disciplines"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["entered_in_error_by_id"],
            ["users.id"],
            name=op.f("fk_notes_entered_in_error_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["care_plans.id"], name=op.f("fk_notes_plan_id_care_plans"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notes")),
    )
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.create_index("ix_notes_attention_status", ["attention_user_id", "status"], unique=False)
        batch_op.create_index(batch_op.f("ix_notes_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_notes_discipline_id"), ["discipline_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_notes_entered_in_error_by_id"), ["entered_in_error_by_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_notes_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index("ix_notes_plan_status_signed", ["plan_id", "status", "signed_at"], unique=False)

    op.create_table(
        "note_addenda",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_note_addenda_author_id_users"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["note_id"], ["notes.id"], name=op.f("fk_note_addenda_note_id_notes"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_note_addenda")),
    )
    with op.batch_alter_table("note_addenda", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_note_addenda_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_note_addenda_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_note_addenda_note_id"), ["note_id"], unique=False)

    op.create_table(
        "note_reads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(
            ["note_id"], ["notes.id"], name=op.f("fk_note_reads_note_id_notes"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_note_reads_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_note_reads")),
        sa.UniqueConstraint("note_id", "user_id", name=op.f("uq_note_reads_note_id")),
    )
    with op.batch_alter_table("note_reads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_note_reads_note_id"), ["note_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_note_reads_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("note_reads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_note_reads_user_id"))
        batch_op.drop_index(batch_op.f("ix_note_reads_note_id"))

    op.drop_table("note_reads")
    with op.batch_alter_table("note_addenda", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_note_addenda_note_id"))
        batch_op.drop_index(batch_op.f("ix_note_addenda_created_at"))
        batch_op.drop_index(batch_op.f("ix_note_addenda_author_id"))

    op.drop_table("note_addenda")
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.drop_index("ix_notes_plan_status_signed")
        batch_op.drop_index(batch_op.f("ix_notes_plan_id"))
        batch_op.drop_index(batch_op.f("ix_notes_entered_in_error_by_id"))
        batch_op.drop_index(batch_op.f("ix_notes_discipline_id"))
        batch_op.drop_index(batch_op.f("ix_notes_author_id"))
        batch_op.drop_index("ix_notes_attention_status")

    op.drop_table("notes")
