"""visit outcomes and the staff role's own day (issue #27)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_user_staff",
        sa.Column("username", sa.Text(), nullable=False),
        sa.Column("staff_id", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["username"], ["web_users.username"], name=op.f("fk_web_user_staff_username_web_users")
        ),
        sa.PrimaryKeyConstraint("username", name=op.f("pk_web_user_staff")),
    )
    op.create_table(
        "plan_publications",
        sa.Column("run_id", sa.Text(), nullable=False),
        sa.Column("plan_id", sa.Text(), nullable=False),
        sa.Column("landlord_id", sa.Text(), nullable=False),
        sa.Column("service", sa.Text(), nullable=False),
        sa.Column("week", sa.Text(), nullable=False),
        sa.Column("published_by", sa.Text(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["planning_runs.run_id"], name=op.f("fk_plan_publications_run_id_planning_runs")
        ),
        sa.PrimaryKeyConstraint("run_id", name=op.f("pk_plan_publications")),
    )
    op.create_index(op.f("ix_plan_publications_landlord_id"), "plan_publications", ["landlord_id"])
    op.create_index(op.f("ix_plan_publications_week"), "plan_publications", ["week"])
    op.create_table(
        "visit_outcomes",
        sa.Column("request_id", sa.Text(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("plan_id", sa.Text(), nullable=False),
        sa.Column("run_id", sa.Text(), nullable=False),
        sa.Column("landlord_id", sa.Text(), nullable=False),
        sa.Column("staff_id", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("cancelled_by", sa.Text(), nullable=True),
        sa.Column("activity_id", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("request_id", "day", name=op.f("pk_visit_outcomes")),
    )


def downgrade() -> None:
    op.drop_table("visit_outcomes")
    op.drop_index(op.f("ix_plan_publications_week"), table_name="plan_publications")
    op.drop_index(op.f("ix_plan_publications_landlord_id"), table_name="plan_publications")
    op.drop_table("plan_publications")
    op.drop_table("web_user_staff")
