"""absences of staff and vehicles (leave, sickness, training, a van at the garage)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # resource_id names a staff member or a vehicle: no foreign key, the import checks that it exists
    op.create_table(
        "absences",
        sa.Column("resource_id", sa.Text(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("part", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("resource_id", "first_day", "part", name=op.f("pk_absences")),
    )


def downgrade() -> None:
    op.drop_table("absences")
