"""plan_jobs.service and .weeks: one queue for the three services (issue #27)

Jobs queued before it were one-week bricol'âge ones.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plan_jobs") as batch:
        batch.add_column(sa.Column("service", sa.Text(), nullable=False, server_default="bricolage"))
        batch.add_column(sa.Column("weeks", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("plan_jobs") as batch:
        batch.drop_column("weeks")
        batch.drop_column("service")
