"""web application: accounts, their landlords, audit trail, plans edited online

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_audit",
        sa.Column("audit_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("username", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("audit_id", name=op.f("pk_web_audit")),
    )
    op.create_table(
        "web_users",
        sa.Column("username", sa.Text(), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("display_name", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("username", name=op.f("pk_web_users")),
    )
    op.create_table(
        "web_plans",
        sa.Column("plan_id", sa.Text(), nullable=False),
        sa.Column("landlord_id", sa.Text(), nullable=False),
        sa.Column("service", sa.Text(), nullable=False),
        sa.Column("week", sa.Text(), nullable=False),
        sa.Column("run_id", sa.Text(), nullable=True),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["run_id"], ["planning_runs.run_id"], name=op.f("fk_web_plans_run_id_planning_runs")),
        sa.PrimaryKeyConstraint("plan_id", name=op.f("pk_web_plans")),
    )
    op.create_table(
        "web_user_landlords",
        sa.Column("username", sa.Text(), nullable=False),
        sa.Column("landlord_id", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["username"], ["web_users.username"], name=op.f("fk_web_user_landlords_username_web_users")
        ),
        sa.PrimaryKeyConstraint("username", "landlord_id", name=op.f("pk_web_user_landlords")),
    )


def downgrade() -> None:
    op.drop_table("web_user_landlords")
    op.drop_table("web_plans")
    op.drop_table("web_users")
    op.drop_table("web_audit")
