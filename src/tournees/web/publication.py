"""Publishing a bricol'âge plan: its visits are the technicians' real days, and their time is taken.

A landlord's later plans of the week only use what the other landlords' published plans leave free
(:mod:`tournees.services.shared_staff`); a plan whose routes meet another landlord's published ones
(both planned before either was published) is refused with the days that clash: re-plan it first.
Per landlord and week the latest published run counts (a re-planned plan published again replaces it).
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tournees.calendar import parse_week
from tournees.db import Database
from tournees.db.schema import TABLES
from tournees.db.web_tables import plan_publications
from tournees.services.shared_staff import Taken, taken_by
from tournees.web.accounts import User, record
from tournees.web.texts import day_label, tr

STEPS, RUNS = TABLES["plan_steps"], TABLES["planning_runs"]


class PublishError(Exception):
    """Why the plan cannot be published (a sentence for the planner)."""


def latest_runs(conn: sa.Connection, week: str, service: str = "bricolage") -> dict[str, str]:
    """Landlord id -> its latest published run of the week."""
    rows = conn.execute(
        sa.select(plan_publications.c.landlord_id, plan_publications.c.run_id)
        .where(plan_publications.c.week == week, plan_publications.c.service == service)
        .order_by(plan_publications.c.published_at, plan_publications.c.run_id)
    )
    return {landlord: run for landlord, run in rows}


def _taken(conn: sa.Connection, runs: dict[str, str]) -> list[Taken]:
    out: list[Taken] = []
    for landlord, run_id in sorted(runs.items()):
        out += taken_by(conn.execute(sa.select(STEPS).where(STEPS.c.run_id == run_id)), landlord)
    return out


def taken_elsewhere(db: Database, landlord_id: str, week: str) -> tuple[Taken, ...]:
    """The time the other landlords' published plans of ``week`` hold the technicians."""
    parse_week(week)  # (a malformed week is refused before any query)
    with db.engine.connect() as conn:
        runs = {k: v for k, v in latest_runs(conn, week).items() if k != landlord_id}
        return tuple(_taken(conn, runs))


def is_published(db: Database, run_id: str | None) -> bool:
    with db.engine.connect() as conn:
        return run_id is not None and conn.scalar(
            sa.select(plan_publications.c.run_id).where(plan_publications.c.run_id == run_id)
        ) is not None


def clashes(mine: list[Taken], others: tuple[Taken, ...]) -> list[tuple[Taken, Taken]]:
    """Pairs (this plan's technician-day, another landlord's) whose spans overlap."""
    return [
        (a, b)
        for a in mine
        for b in others
        if a.resource_id == b.resource_id and a.day == b.day and a.start < b.end and b.start < a.end
    ]


def publish(db: Database, plan: sa.Row, user: User, names: dict[str, str], lang: str) -> None:
    """Publish the plan's current run, unless its routes take time another landlord's published plan holds."""
    if plan.status != "ready" or plan.run_id is None or plan.service != "bricolage":
        raise PublishError(tr("publish_not_ready", lang))
    others = taken_elsewhere(db, plan.landlord_id, plan.week)
    with db.engine.connect() as conn:
        mine = taken_by(conn.execute(sa.select(STEPS).where(STEPS.c.run_id == plan.run_id)), plan.landlord_id)
    found = clashes(mine, others)
    if found:
        lines = [
            tr("publish_clash", lang, resource=a.resource_id, day=day_label(a.day, lang),
               start=f"{b.start:%H:%M}", end=f"{b.end:%H:%M}", landlord=names.get(b.owner, b.owner))
            for a, b in found
        ]
        raise PublishError(tr("publish_refused", lang, clashes="; ".join(lines)))
    try:
        with db.engine.begin() as conn:  # writes only (SQLite: no read-then-write transaction to refuse)
            conn.execute(
                plan_publications.insert().values(
                    run_id=plan.run_id, plan_id=plan.plan_id, landlord_id=plan.landlord_id, service=plan.service,
                    week=plan.week, published_by=user.username, published_at=dt.datetime.now(),  # (µs: the latest wins)
                )
            )
            conn.execute(RUNS.update().where(RUNS.c.run_id == plan.run_id).values(status="published"))
            record(conn, user.username, "plan_publish", plan.plan_id, plan.run_id)
    except sa.exc.IntegrityError:
        return  # already published: publishing twice changes nothing
