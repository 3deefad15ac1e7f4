"""référent seniors: signals on a tenant that make a visit due (issue #29)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "referent_signals",
        sa.Column("signal_id", sa.Text(), nullable=False),
        sa.Column("tenant_id", sa.Text(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.tenant_id"], name=op.f("fk_referent_signals_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("signal_id", name=op.f("pk_referent_signals")),
    )


def downgrade() -> None:
    op.drop_table("referent_signals")
