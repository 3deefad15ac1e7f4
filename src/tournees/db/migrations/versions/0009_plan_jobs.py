"""plan_jobs: the durable queue of planning jobs shared by web processes and workers

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plan_jobs",
        sa.Column("job_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("plan_id", sa.Text(), nullable=False),
        sa.Column("landlord_id", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("week", sa.Text(), nullable=False),
        sa.Column("time_limit_s", sa.Float(), nullable=False),
        sa.Column("from_run_id", sa.Text(), nullable=True),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("worker", sa.Text(), nullable=True),
        sa.Column("lease_until", sa.DateTime(), nullable=True),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("progress", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("job_id", name=op.f("pk_plan_jobs")),
    )
    op.create_index(op.f("ix_plan_jobs_plan_id"), "plan_jobs", ["plan_id"])
    op.create_index(op.f("ix_plan_jobs_state"), "plan_jobs", ["state"])


def downgrade() -> None:
    op.drop_index(op.f("ix_plan_jobs_state"), table_name="plan_jobs")
    op.drop_index(op.f("ix_plan_jobs_plan_id"), table_name="plan_jobs")
    op.drop_table("plan_jobs")
