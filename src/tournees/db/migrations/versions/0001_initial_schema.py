"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""
import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('actions',
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('ease', sa.Integer(), nullable=True),
    sa.Column('setup_months', sa.Integer(), nullable=False),
    sa.Column('service', sa.Text(), nullable=True),
    sa.Column('objectives', sa.Text(), nullable=False),
    sa.Column('indicators', sa.Text(), nullable=False),
    sa.Column('funders', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('action_id', name=op.f('pk_actions'))
    )
    op.create_table('depots',
    sa.Column('depot_id', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('insee_code', sa.Text(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('depot_id', name=op.f('pk_depots'))
    )
    op.create_table('grocery_communes',
    sa.Column('insee_code', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('frequency', sa.Text(), nullable=False),
    sa.Column('preferred_days', sa.Text(), nullable=False),
    sa.Column('forbidden_days', sa.Text(), nullable=False),
    sa.Column('market_day', sa.Text(), nullable=True),
    sa.Column('window_start', sa.Time(), nullable=True),
    sa.Column('window_end', sa.Time(), nullable=True),
    sa.PrimaryKeyConstraint('insee_code', name=op.f('pk_grocery_communes'))
    )
    op.create_table('intervention_types',
    sa.Column('type_id', sa.Text(), nullable=False),
    sa.Column('label', sa.Text(), nullable=False),
    sa.Column('duration_min', sa.Integer(), nullable=False),
    sa.Column('tariff_eur', sa.Float(), nullable=False),
    sa.Column('skill', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('type_id', name=op.f('pk_intervention_types'))
    )
    op.create_table('landlords',
    sa.Column('landlord_id', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('siren', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('landlord_id', name=op.f('pk_landlords'))
    )
    op.create_table('planning_runs',
    sa.Column('run_id', sa.Text(), nullable=False),
    sa.Column('service', sa.Text(), nullable=False),
    sa.Column('horizon_start', sa.Date(), nullable=False),
    sa.Column('horizon_end', sa.Date(), nullable=False),
    sa.Column('status', sa.Text(), nullable=False),
    sa.Column('inputs_fingerprint', sa.Text(), nullable=False),
    sa.Column('settings_json', sa.Text(), nullable=False),
    sa.Column('seed', sa.Integer(), nullable=False),
    sa.Column('engine', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('parent_run_id', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['parent_run_id'], ['planning_runs.run_id'], name=op.f('fk_planning_runs_parent_run_id_planning_runs')),
    sa.PrimaryKeyConstraint('run_id', name=op.f('pk_planning_runs'))
    )
    op.create_table('sectors',
    sa.Column('sector_id', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('pass_weekday', sa.Text(), nullable=True),
    sa.Column('pass_every_weeks', sa.Integer(), nullable=False),
    sa.Column('first_pass_on', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('sector_id', name=op.f('pk_sectors'))
    )
    op.create_table('venues',
    sa.Column('venue_id', sa.Text(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('insee_code', sa.Text(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('accessible', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('venue_id', name=op.f('pk_venues'))
    )
    op.create_table('action_costs',
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.Text(), nullable=False),
    sa.Column('amount_eur', sa.Float(), nullable=False),
    sa.Column('period', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['actions.action_id'], name=op.f('fk_action_costs_action_id_actions')),
    sa.PrimaryKeyConstraint('action_id', 'label', name=op.f('pk_action_costs'))
    )
    op.create_table('grocery_stops',
    sa.Column('stop_id', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('insee_code', sa.Text(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('parking', sa.Boolean(), nullable=False),
    sa.Column('electricity', sa.Boolean(), nullable=False),
    sa.Column('dwell_min', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['insee_code'], ['grocery_communes.insee_code'], name=op.f('fk_grocery_stops_insee_code_grocery_communes')),
    sa.PrimaryKeyConstraint('stop_id', name=op.f('pk_grocery_stops'))
    )
    op.create_table('plan_appointments',
    sa.Column('run_id', sa.Text(), nullable=False),
    sa.Column('request_id', sa.Text(), nullable=False),
    sa.Column('session_id', sa.Text(), nullable=False),
    sa.Column('start', sa.DateTime(), nullable=False),
    sa.Column('end', sa.DateTime(), nullable=False),
    sa.Column('travel_s_tenant', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['planning_runs.run_id'], name=op.f('fk_plan_appointments_run_id_planning_runs')),
    sa.PrimaryKeyConstraint('run_id', 'request_id', name=op.f('pk_plan_appointments'))
    )
    op.create_table('plan_steps',
    sa.Column('run_id', sa.Text(), nullable=False),
    sa.Column('resource_id', sa.Text(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('task_id', sa.Text(), nullable=True),
    sa.Column('location_id', sa.Text(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('arrival', sa.DateTime(), nullable=False),
    sa.Column('start', sa.DateTime(), nullable=False),
    sa.Column('end', sa.DateTime(), nullable=False),
    sa.Column('departure', sa.DateTime(), nullable=False),
    sa.Column('window_start', sa.DateTime(), nullable=True),
    sa.Column('window_end', sa.DateTime(), nullable=True),
    sa.Column('slot_start', sa.DateTime(), nullable=True),
    sa.Column('slot_end', sa.DateTime(), nullable=True),
    sa.Column('travel_s_from_prev', sa.Integer(), nullable=False),
    sa.Column('distance_m_from_prev', sa.Integer(), nullable=False),
    sa.Column('pinned', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['planning_runs.run_id'], name=op.f('fk_plan_steps_run_id_planning_runs')),
    sa.PrimaryKeyConstraint('run_id', 'resource_id', 'date', 'seq', name=op.f('pk_plan_steps'))
    )
    op.create_table('plan_unassigned',
    sa.Column('run_id', sa.Text(), nullable=False),
    sa.Column('task_id', sa.Text(), nullable=False),
    sa.Column('reason_code', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['planning_runs.run_id'], name=op.f('fk_plan_unassigned_run_id_planning_runs')),
    sa.PrimaryKeyConstraint('run_id', 'task_id', name=op.f('pk_plan_unassigned'))
    )
    op.create_table('territories',
    sa.Column('territory_id', sa.Text(), nullable=False),
    sa.Column('landlord_id', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['landlord_id'], ['landlords.landlord_id'], name=op.f('fk_territories_landlord_id_landlords')),
    sa.PrimaryKeyConstraint('territory_id', name=op.f('pk_territories'))
    )
    op.create_table('vehicles',
    sa.Column('vehicle_id', sa.Text(), nullable=False),
    sa.Column('service', sa.Text(), nullable=False),
    sa.Column('depot_id', sa.Text(), nullable=False),
    sa.Column('label', sa.Text(), nullable=False),
    sa.Column('cost_per_km_eur', sa.Float(), nullable=False),
    sa.Column('needs_electricity', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['depot_id'], ['depots.depot_id'], name=op.f('fk_vehicles_depot_id_depots')),
    sa.PrimaryKeyConstraint('vehicle_id', name=op.f('pk_vehicles'))
    )
    op.create_table('venue_hours',
    sa.Column('venue_id', sa.Text(), nullable=False),
    sa.Column('weekday', sa.Text(), nullable=False),
    sa.Column('opens', sa.Time(), nullable=False),
    sa.Column('closes', sa.Time(), nullable=False),
    sa.ForeignKeyConstraint(['venue_id'], ['venues.venue_id'], name=op.f('fk_venue_hours_venue_id_venues')),
    sa.PrimaryKeyConstraint('venue_id', 'weekday', 'opens', name=op.f('pk_venue_hours'))
    )
    op.create_table('residences',
    sa.Column('residence_id', sa.Text(), nullable=False),
    sa.Column('landlord_id', sa.Text(), nullable=False),
    sa.Column('territory_id', sa.Text(), nullable=True),
    sa.Column('sector_id', sa.Text(), nullable=True),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('postcode', sa.Text(), nullable=False),
    sa.Column('commune', sa.Text(), nullable=False),
    sa.Column('insee_code', sa.Text(), nullable=False),
    sa.Column('qpv', sa.Boolean(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['landlord_id'], ['landlords.landlord_id'], name=op.f('fk_residences_landlord_id_landlords')),
    sa.ForeignKeyConstraint(['sector_id'], ['sectors.sector_id'], name=op.f('fk_residences_sector_id_sectors')),
    sa.ForeignKeyConstraint(['territory_id'], ['territories.territory_id'], name=op.f('fk_residences_territory_id_territories')),
    sa.PrimaryKeyConstraint('residence_id', name=op.f('pk_residences'))
    )
    op.create_table('staff',
    sa.Column('staff_id', sa.Text(), nullable=False),
    sa.Column('service', sa.Text(), nullable=False),
    sa.Column('label', sa.Text(), nullable=False),
    sa.Column('depot_id', sa.Text(), nullable=False),
    sa.Column('vehicle_id', sa.Text(), nullable=True),
    sa.Column('skills', sa.Text(), nullable=False),
    sa.Column('working_days', sa.Text(), nullable=False),
    sa.Column('shift_start', sa.Time(), nullable=False),
    sa.Column('shift_end', sa.Time(), nullable=False),
    sa.Column('lunch_start', sa.Time(), nullable=False),
    sa.Column('lunch_end', sa.Time(), nullable=False),
    sa.Column('lunch_min', sa.Integer(), nullable=False),
    sa.Column('max_work_min', sa.Integer(), nullable=True),
    sa.Column('weekly_hours', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['depot_id'], ['depots.depot_id'], name=op.f('fk_staff_depot_id_depots')),
    sa.ForeignKeyConstraint(['vehicle_id'], ['vehicles.vehicle_id'], name=op.f('fk_staff_vehicle_id_vehicles')),
    sa.PrimaryKeyConstraint('staff_id', name=op.f('pk_staff'))
    )
    op.create_table('plan_sessions',
    sa.Column('run_id', sa.Text(), nullable=False),
    sa.Column('session_id', sa.Text(), nullable=False),
    sa.Column('venue_id', sa.Text(), nullable=False),
    sa.Column('staff_id', sa.Text(), nullable=False),
    sa.Column('start', sa.DateTime(), nullable=False),
    sa.Column('end', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['planning_runs.run_id'], name=op.f('fk_plan_sessions_run_id_planning_runs')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.staff_id'], name=op.f('fk_plan_sessions_staff_id_staff')),
    sa.ForeignKeyConstraint(['venue_id'], ['venues.venue_id'], name=op.f('fk_plan_sessions_venue_id_venues')),
    sa.PrimaryKeyConstraint('run_id', 'session_id', name=op.f('pk_plan_sessions'))
    )
    op.create_table('tenants',
    sa.Column('tenant_id', sa.Text(), nullable=False),
    sa.Column('residence_id', sa.Text(), nullable=False),
    sa.Column('birth_year', sa.Integer(), nullable=False),
    sa.Column('sex', sa.Text(), nullable=False),
    sa.Column('gir', sa.Integer(), nullable=True),
    sa.Column('isolated', sa.Boolean(), nullable=False),
    sa.Column('has_car', sa.Boolean(), nullable=False),
    sa.Column('mobility', sa.Text(), nullable=False),
    sa.Column('consent', sa.Boolean(), nullable=False),
    sa.Column('contact_preference', sa.Text(), nullable=False),
    sa.Column('channel', sa.Text(), nullable=True),
    sa.Column('phone', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['residence_id'], ['residences.residence_id'], name=op.f('fk_tenants_residence_id_residences')),
    sa.PrimaryKeyConstraint('tenant_id', name=op.f('pk_tenants'))
    )
    op.create_table('activities',
    sa.Column('activity_id', sa.Text(), nullable=False),
    sa.Column('service', sa.Text(), nullable=False),
    sa.Column('tenant_id', sa.Text(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('request_id', sa.Text(), nullable=True),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('staff_id', sa.Text(), nullable=True),
    sa.Column('venue_id', sa.Text(), nullable=True),
    sa.Column('stop_id', sa.Text(), nullable=True),
    sa.Column('motive', sa.Text(), nullable=True),
    sa.Column('channel', sa.Text(), nullable=True),
    sa.Column('duration_min', sa.Integer(), nullable=True),
    sa.Column('succeeded', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.staff_id'], name=op.f('fk_activities_staff_id_staff')),
    sa.ForeignKeyConstraint(['stop_id'], ['grocery_stops.stop_id'], name=op.f('fk_activities_stop_id_grocery_stops')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.tenant_id'], name=op.f('fk_activities_tenant_id_tenants')),
    sa.ForeignKeyConstraint(['venue_id'], ['venues.venue_id'], name=op.f('fk_activities_venue_id_venues')),
    sa.PrimaryKeyConstraint('activity_id', name=op.f('pk_activities'))
    )
    op.create_table('bricolage_requests',
    sa.Column('request_id', sa.Text(), nullable=False),
    sa.Column('tenant_id', sa.Text(), nullable=False),
    sa.Column('type_id', sa.Text(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('priority', sa.Text(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('availability', sa.Text(), nullable=False),
    sa.Column('duration_min', sa.Integer(), nullable=True),
    sa.Column('preferred_staff_id', sa.Text(), nullable=True),
    sa.Column('status', sa.Text(), nullable=False),
    sa.Column('channel', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['preferred_staff_id'], ['staff.staff_id'], name=op.f('fk_bricolage_requests_preferred_staff_id_staff')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.tenant_id'], name=op.f('fk_bricolage_requests_tenant_id_tenants')),
    sa.ForeignKeyConstraint(['type_id'], ['intervention_types.type_id'], name=op.f('fk_bricolage_requests_type_id_intervention_types')),
    sa.PrimaryKeyConstraint('request_id', name=op.f('pk_bricolage_requests'))
    )
    op.create_table('ecrivain_requests',
    sa.Column('request_id', sa.Text(), nullable=False),
    sa.Column('tenant_id', sa.Text(), nullable=False),
    sa.Column('motive', sa.Text(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('urgent', sa.Boolean(), nullable=False),
    sa.Column('appointment_min', sa.Integer(), nullable=False),
    sa.Column('followup_min', sa.Integer(), nullable=False),
    sa.Column('max_travel_min', sa.Integer(), nullable=True),
    sa.Column('home_visit', sa.Boolean(), nullable=False),
    sa.Column('availability', sa.Text(), nullable=False),
    sa.Column('status', sa.Text(), nullable=False),
    sa.Column('channel', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.tenant_id'], name=op.f('fk_ecrivain_requests_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('request_id', name=op.f('pk_ecrivain_requests'))
    )
    op.create_table('satisfaction',
    sa.Column('activity_id', sa.Text(), nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.activity_id'], name=op.f('fk_satisfaction_activity_id_activities')),
    sa.PrimaryKeyConstraint('activity_id', 'question', name=op.f('pk_satisfaction'))
    )


def downgrade() -> None:
    op.drop_table('satisfaction')
    op.drop_table('ecrivain_requests')
    op.drop_table('bricolage_requests')
    op.drop_table('activities')
    op.drop_table('tenants')
    op.drop_table('plan_sessions')
    op.drop_table('staff')
    op.drop_table('residences')
    op.drop_table('venue_hours')
    op.drop_table('vehicles')
    op.drop_table('territories')
    op.drop_table('plan_unassigned')
    op.drop_table('plan_steps')
    op.drop_table('plan_appointments')
    op.drop_table('grocery_stops')
    op.drop_table('action_costs')
    op.drop_table('venues')
    op.drop_table('sectors')
    op.drop_table('planning_runs')
    op.drop_table('landlords')
    op.drop_table('intervention_types')
    op.drop_table('grocery_communes')
    op.drop_table('depots')
    op.drop_table('actions')
