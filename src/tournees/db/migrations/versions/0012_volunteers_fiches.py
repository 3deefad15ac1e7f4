"""volunteers and the records every fiche's indicators need (issue #30)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.{column}"], name=op.f(f"fk_{table}_{column}_{target}"))


def upgrade() -> None:
    op.create_table(
        "workshop_attendance",
        sa.Column("workshop_id", sa.Text(), nullable=False),
        sa.Column("tenant_id", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("channel", sa.Text(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=True),
        _fk("workshop_attendance", "workshop_id", "workshops"),
        _fk("workshop_attendance", "tenant_id", "tenants"),
        sa.PrimaryKeyConstraint("workshop_id", "tenant_id", name=op.f("pk_workshop_attendance")),
    )
    op.create_table(
        "home_works",
        sa.Column("work_id", sa.Text(), nullable=False),
        sa.Column("scheme", sa.Text(), nullable=False),
        sa.Column("tenant_id", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("channel", sa.Text(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=True),
        _fk("home_works", "tenant_id", "tenants"),
        sa.PrimaryKeyConstraint("work_id", name=op.f("pk_home_works")),
    )
    op.create_table(
        "cabin_consultations",
        sa.Column("consultation_id", sa.Text(), nullable=False),
        sa.Column("tenant_id", sa.Text(), nullable=False),
        sa.Column("venue_id", sa.Text(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("channel", sa.Text(), nullable=True),
        sa.Column("ease_score", sa.Integer(), nullable=True),
        sa.Column("would_recommend", sa.Boolean(), nullable=True),
        _fk("cabin_consultations", "tenant_id", "tenants"),
        _fk("cabin_consultations", "venue_id", "venues"),
        sa.PrimaryKeyConstraint("consultation_id", name=op.f("pk_cabin_consultations")),
    )
    op.create_table(
        "mutuelle_subscriptions",
        sa.Column("tenant_id", sa.Text(), nullable=False),
        sa.Column("subscribed_on", sa.Date(), nullable=False),
        sa.Column("yearly_saving_eur", sa.Float(), nullable=True),
        sa.Column("channel", sa.Text(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=True),
        _fk("mutuelle_subscriptions", "tenant_id", "tenants"),
        sa.PrimaryKeyConstraint("tenant_id", "subscribed_on", name=op.f("pk_mutuelle_subscriptions")),
    )
    op.create_table(
        "volunteers",
        sa.Column("volunteer_id", sa.Text(), nullable=False),
        sa.Column("landlord_id", sa.Text(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("mobility", sa.Text(), nullable=False),
        sa.Column("availability", sa.Text(), nullable=False),
        sa.Column("situations", sa.Text(), nullable=False),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("charter_signed_on", sa.Date(), nullable=True),
        sa.Column("max_minutes", sa.Integer(), nullable=False),
        _fk("volunteers", "landlord_id", "landlords"),
        sa.PrimaryKeyConstraint("volunteer_id", name=op.f("pk_volunteers")),
    )
    op.create_table(
        "volunteer_interventions",
        sa.Column("intervention_id", sa.Text(), nullable=False),
        sa.Column("volunteer_id", sa.Text(), nullable=False),
        sa.Column("tenant_id", sa.Text(), nullable=False),
        sa.Column("situation", sa.Text(), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("matched_at", sa.DateTime(), nullable=True),
        sa.Column("family_involved", sa.Boolean(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        _fk("volunteer_interventions", "volunteer_id", "volunteers"),
        _fk("volunteer_interventions", "tenant_id", "tenants"),
        sa.PrimaryKeyConstraint("intervention_id", name=op.f("pk_volunteer_interventions")),
    )


def downgrade() -> None:
    for table in ("volunteer_interventions", "volunteers", "mutuelle_subscriptions", "cabin_consultations",
                  "home_works", "workshop_attendance"):
        op.drop_table(table)
