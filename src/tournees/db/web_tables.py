"""Tables of the planners' web application: accounts, their landlords, the audit trail, plans edited online.

Plain SQLAlchemy tables on the programme's metadata, so the same Alembic migrations build
them on SQLite and PostgreSQL. ``landlord_id`` carries no foreign key: an import that
replaces the landlords table must not be blocked by the accounts that name them.
"""

from __future__ import annotations

import sqlalchemy as sa

from tournees.db.schema import metadata

ROLES = ("planner", "analyst", "admin", "staff")  # staff: a technician who sees their own day only

web_users = sa.Table(
    "web_users",
    metadata,
    sa.Column("username", sa.Text, primary_key=True),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("display_name", sa.Text, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

web_user_landlords = sa.Table(
    "web_user_landlords",
    metadata,
    sa.Column("username", sa.Text, sa.ForeignKey("web_users.username"), primary_key=True),
    sa.Column("landlord_id", sa.Text, primary_key=True),
)

web_audit = sa.Table(
    "web_audit",
    metadata,
    sa.Column("audit_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("username", sa.Text, nullable=False),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("target", sa.Text, nullable=False),
    sa.Column("detail", sa.Text, nullable=False),
)

web_plans = sa.Table(
    "web_plans",
    metadata,
    sa.Column("plan_id", sa.Text, primary_key=True),
    sa.Column("landlord_id", sa.Text, nullable=False),
    sa.Column("service", sa.Text, nullable=False),
    sa.Column("week", sa.Text, nullable=False),
    sa.Column("run_id", sa.Text, sa.ForeignKey("planning_runs.run_id"), nullable=True),
    sa.Column("status", sa.Text, nullable=False),  # running, ready, failed
    sa.Column("version", sa.Integer, nullable=False),  # optimistic lock: +1 on every change
    sa.Column("updated_by", sa.Text, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Column("findings", sa.Text, nullable=False),  # JSON list of the checker's findings after the last change
    sa.Column("error", sa.Text, nullable=True),
)

# Sessions live here, not in the cookie, so that signing out ends them and every web process sees the same ones.
web_sessions = sa.Table(
    "web_sessions",
    metadata,
    sa.Column("session_id", sa.Text, primary_key=True),  # SHA-256 of the cookie's random token, never the token
    sa.Column("username", sa.Text, nullable=True),  # None until signed in
    sa.Column("data", sa.Text, nullable=False),  # JSON: account, role, language, CSRF token, flash message
    sa.Column("created_at", sa.DateTime, nullable=False),  # UTC
    sa.Column("last_seen", sa.DateTime, nullable=False),  # UTC
    sa.Column("expires_at", sa.DateTime, nullable=False, index=True),  # UTC: idle limit, never past the lifetime
)

# Failed sign-ins, shared by every web process: the per-account delay and the per-address limit read them.
web_sign_in_failures = sa.Table(
    "web_sign_in_failures",
    metadata,
    sa.Column("failure_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.Text, nullable=False, index=True),  # as typed, lower case (known account or not)
    sa.Column("address", sa.Text, nullable=False, index=True),  # the client's address (see web.app.client_address)
    sa.Column("at", sa.DateTime, nullable=False, index=True),  # UTC
)

# The durable queue of planning jobs (web.jobs): any web process enqueues and reads progress, any worker claims.
plan_jobs = sa.Table(
    "plan_jobs",
    metadata,
    sa.Column("job_id", sa.Integer, primary_key=True, autoincrement=True),  # increasing: first come, first served
    sa.Column("plan_id", sa.Text, nullable=False, index=True),
    sa.Column("landlord_id", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),  # plan, replan
    sa.Column("week", sa.Text, nullable=False),
    sa.Column("service", sa.Text, nullable=False, server_default="bricolage"),  # bricolage, ecrivain, epicerie
    sa.Column("weeks", sa.Integer, nullable=False, server_default="1"),  # weeks planned (the épicerie's horizon)
    # JSON: the service's own choices for this plan, carried by its re-plans (the épicerie's communes left out)
    sa.Column("options", sa.Text, nullable=False, server_default="{}"),
    sa.Column("time_limit_s", sa.Float, nullable=False),
    sa.Column("from_run_id", sa.Text, nullable=True),  # replan: the version it starts from
    sa.Column("state", sa.Text, nullable=False, index=True),  # waiting, running, done, failed, cancelled
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("max_attempts", sa.Integer, nullable=False),
    sa.Column("worker", sa.Text, nullable=True),  # host:pid of the worker running it
    sa.Column("lease_until", sa.DateTime, nullable=True),  # UTC: past it, a running job's worker is taken for dead
    sa.Column("cancel_requested", sa.Boolean, nullable=False),
    sa.Column("created_by", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),  # UTC
    sa.Column("started_at", sa.DateTime, nullable=True),  # UTC, of the current attempt
    sa.Column("finished_at", sa.DateTime, nullable=True),  # UTC
    sa.Column("progress", sa.Text, nullable=False),  # JSON [[seconds, best cost], ...] of the current attempt
    sa.Column("error", sa.Text, nullable=True),
)

# A staff account is one technician: it sees that staff member's day and nothing else (issue #27).
web_user_staff = sa.Table(
    "web_user_staff",
    metadata,
    sa.Column("username", sa.Text, sa.ForeignKey("web_users.username"), primary_key=True),
    sa.Column("staff_id", sa.Text, nullable=False),
)

# A bricol'âge run made public: its technicians' time is taken for the other landlords' plans of the week.
plan_publications = sa.Table(
    "plan_publications",
    metadata,
    sa.Column("run_id", sa.Text, sa.ForeignKey("planning_runs.run_id"), primary_key=True),
    sa.Column("plan_id", sa.Text, nullable=False),
    sa.Column("landlord_id", sa.Text, nullable=False, index=True),
    sa.Column("service", sa.Text, nullable=False),
    sa.Column("week", sa.Text, nullable=False, index=True),
    sa.Column("published_by", sa.Text, nullable=False),
    sa.Column("published_at", sa.DateTime, nullable=False),
)

# What happened at a visit of a published plan; the request's history when it goes back to the backlog.
visit_outcomes = sa.Table(
    "visit_outcomes",
    metadata,
    sa.Column("request_id", sa.Text, primary_key=True),
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("plan_id", sa.Text, nullable=False),
    sa.Column("run_id", sa.Text, nullable=False),
    sa.Column("landlord_id", sa.Text, nullable=False),
    sa.Column("staff_id", sa.Text, nullable=False),
    sa.Column("outcome", sa.Text, nullable=False),  # done, cancelled, no_show (model.vocab.OUTCOMES)
    sa.Column("cancelled_by", sa.Text, nullable=True),  # tenant, landlord, service
    sa.Column("activity_id", sa.Text, nullable=False),  # the activity record it wrote
    sa.Column("recorded_by", sa.Text, nullable=False),
    sa.Column("recorded_at", sa.DateTime, nullable=False),
)
