"""access details for route sheets and the landlord's contact service for letters

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

TENANT = ('building', 'staircase', 'floor', 'door', 'access_notes')
LANDLORD = ('service_name', 'service_phone', 'service_email')


def upgrade() -> None:
    with op.batch_alter_table('tenants') as batch:
        for name in TENANT:
            batch.add_column(sa.Column(name, sa.Text(), nullable=True))
        batch.add_column(sa.Column('call_ahead', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('residences') as batch:
        batch.add_column(sa.Column('access_notes', sa.Text(), nullable=True))
    with op.batch_alter_table('landlords') as batch:
        for name in LANDLORD:
            batch.add_column(sa.Column(name, sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('landlords') as batch:
        for name in LANDLORD:
            batch.drop_column(name)
    with op.batch_alter_table('residences') as batch:
        batch.drop_column('access_notes')
    with op.batch_alter_table('tenants') as batch:
        for name in (*TENANT, 'call_ahead'):
            batch.drop_column(name)
