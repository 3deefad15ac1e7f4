"""catalogue ranges (set-up months, amounts), staff-time cost lines, member organisations

Revision ID: 0005
Revises: 0002
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('member_organisations',
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('departement', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_member_organisations'))
    )
    with op.batch_alter_table('actions') as batch:
        batch.add_column(sa.Column('setup_months_max', sa.Integer(), nullable=True))
    with op.batch_alter_table('action_costs') as batch:
        batch.add_column(sa.Column('amount_max_eur', sa.Float(), nullable=True))
        batch.add_column(sa.Column('etp_share_pct', sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('action_costs') as batch:
        batch.drop_column('etp_share_pct')
        batch.drop_column('amount_max_eur')
    with op.batch_alter_table('actions') as batch:
        batch.drop_column('setup_months_max')
    op.drop_table('member_organisations')
