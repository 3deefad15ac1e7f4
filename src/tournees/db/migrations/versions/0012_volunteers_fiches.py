"""volunteers and the records every fiche's indicators need (issue #30)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # filled by the work (kept in the chain so that the next revisions apply)


def downgrade() -> None:
    pass
