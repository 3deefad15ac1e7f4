"""depots and venues may wait for their coordinates (geocoded after the import)

Revision ID: 0006
Revises: 0002
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ('depots', 'venues'):
        with op.batch_alter_table(table) as batch:
            batch.alter_column('lat', existing_type=sa.Float(), nullable=True)
            batch.alter_column('lon', existing_type=sa.Float(), nullable=True)


def downgrade() -> None:
    for table in ('depots', 'venues'):
        with op.batch_alter_table(table) as batch:
            batch.alter_column('lat', existing_type=sa.Float(), nullable=False)
            batch.alter_column('lon', existing_type=sa.Float(), nullable=False)
