"""visit outcomes and the staff role's own day (issue #27)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # filled by the work (kept in the chain so that the next revisions apply)


def downgrade() -> None:
    pass
