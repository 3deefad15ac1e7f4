"""référent seniors: sectors, campaign visits, signals, contacts (issue #29)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # filled by the work (kept in the chain so that the next revisions apply)


def downgrade() -> None:
    pass
