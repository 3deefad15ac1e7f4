"""The durable queue of planning jobs: one ``plan_jobs`` row per job, in the programme's database.

Any web process enqueues a job and reads its state and progress (best cost over time) from its
row; any worker (:mod:`tournees.web.worker`) claims the oldest waiting job whose landlord has
fewer than ``per_landlord`` jobs running (first come, first served across landlords; one
landlord's ten plans wait their turn without holding up the others). A claim is one UPDATE,
serialised on PostgreSQL by a transaction advisory lock (so two workers never both see a
landlord free) and by SQLite's single writer. A running job holds a lease its worker renews;
a job whose lease ran out (its worker was killed) goes back to the head of the line, or fails
with a clear message after ``max_attempts`` tries. The same code runs on SQLite (one machine,
a worker thread in the server process) and on PostgreSQL (``tournees worker`` on any machine).
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from dataclasses import dataclass

import sqlalchemy as sa

from tournees.db import Database
from tournees.db.web_tables import plan_jobs

ACTIVE = ("waiting", "running")
KINDS = ("plan", "replan")
MAX_ATTEMPTS = 3
LEASE_S = 30.0  # a worker renews its lease every LEASE_S / 6 seconds
_CLAIM_LOCK = 28_0009  # PostgreSQL advisory lock key of the claim (any constant the application owns)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class JobSpec:
    """What a worker needs to run a job: everything else it reads from the database when it starts."""

    kind: str  # plan, replan
    plan_id: str
    landlord_id: str
    week: str
    time_limit_s: float
    from_run_id: str | None = None  # replan: the version it starts from (its routes and confirmed slots)
    service: str = "bricolage"  # which registered service plans it (services.registry)
    weeks: int = 1  # weeks planned from ``week`` (a service with a horizon: the épicerie)
    options: str = "{}"  # JSON: the service's own choices for this plan (the épicerie's communes left out)


def enqueue(conn: sa.Connection, spec: JobSpec, created_by: str, *, max_attempts: int = MAX_ATTEMPTS) -> int:
    """Add a waiting job (inside the caller's transaction, with the plan row it belongs to); return its id."""
    assert spec.kind in KINDS
    result = conn.execute(
        plan_jobs.insert().values(
            plan_id=spec.plan_id,
            landlord_id=spec.landlord_id,
            kind=spec.kind,
            week=spec.week,
            service=spec.service,
            weeks=spec.weeks,
            options=spec.options,
            time_limit_s=spec.time_limit_s,
            from_run_id=spec.from_run_id,
            state="waiting",
            attempts=0,
            max_attempts=max_attempts,
            cancel_requested=False,
            created_by=created_by,
            created_at=utcnow(),
            progress="[]",
        )
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def spec_of(row: sa.Row) -> JobSpec:
    return JobSpec(
        row.kind, row.plan_id, row.landlord_id, row.week, row.time_limit_s, row.from_run_id, row.service, row.weeks,
        row.options,
    )


def latest(db: Database, plan_id: str) -> sa.Row | None:
    """The plan's most recent job (a replan adds one)."""
    with db.engine.connect() as conn:
        return conn.execute(
            sa.select(plan_jobs).where(plan_jobs.c.plan_id == plan_id).order_by(plan_jobs.c.job_id.desc()).limit(1)
        ).first()


def ahead(db: Database, job: sa.Row) -> int:
    """How many waiting jobs were queued before this one (what the page says while it waits)."""
    with db.engine.connect() as conn:
        return int(
            conn.execute(
                sa.select(sa.func.count())
                .select_from(plan_jobs)
                .where(plan_jobs.c.state == "waiting", plan_jobs.c.job_id < job.job_id)
            ).scalar_one()
        )


def snapshot(db: Database, plan_id: str) -> dict[str, object] | None:
    """State and progress of the plan's latest job, as the progress bar reads them (None: no job)."""
    job = latest(db, plan_id)
    if job is None:
        return None
    history = json.loads(job.progress)
    best = history[-1] if history else None
    elapsed = (utcnow() - job.started_at).total_seconds() if job.started_at and job.state == "running" else 0.0
    finished = job.state not in ACTIVE
    return {
        "state": job.state,
        "elapsed": round(elapsed, 1),
        "limit": job.time_limit_s,
        "best": best[1] if best else None,
        "at": best[0] if best else None,
        "attempt": job.attempts,
        "ahead": ahead(db, job) if job.state == "waiting" else 0,
        "pct": 100 if finished else min(99, int(100 * elapsed / max(job.time_limit_s, 1))),
    }


def active(db: Database) -> int:
    """Jobs waiting or running, every landlord together."""
    with db.engine.connect() as conn:
        return int(
            conn.execute(
                sa.select(sa.func.count()).select_from(plan_jobs).where(plan_jobs.c.state.in_(ACTIVE))
            ).scalar_one()
        )


def wait_all(db: Database, timeout_s: float = 600) -> None:
    """Until no job waits or runs (tests, benchmarks)."""
    end = time.monotonic() + timeout_s
    while active(db) and time.monotonic() < end:
        time.sleep(0.2)


def request_cancel(db: Database, plan_id: str) -> str | None:
    """Cancel the plan's job: a waiting one at once ("cancelled"), a running one by its worker, which stops the
    computation and publishes nothing ("cancelling"); None when the plan has no job waiting or running."""
    with db.engine.begin() as conn:
        _serialise(conn)
        job = conn.execute(
            sa.select(plan_jobs.c.job_id, plan_jobs.c.state)
            .where(plan_jobs.c.plan_id == plan_id, plan_jobs.c.state.in_(ACTIVE))
            .order_by(plan_jobs.c.job_id.desc())
            .limit(1)
        ).first()
        if job is None:
            return None
        waiting = conn.execute(
            plan_jobs.update()
            .where(plan_jobs.c.job_id == job.job_id, plan_jobs.c.state == "waiting")
            .values(state="cancelled", cancel_requested=True, finished_at=utcnow())
        ).rowcount
        if waiting:
            return "cancelled"
        conn.execute(plan_jobs.update().where(plan_jobs.c.job_id == job.job_id).values(cancel_requested=True))
        return "cancelling"


def _serialise(conn: sa.Connection) -> None:
    """One queue change at a time, taken first thing in the transaction: on PostgreSQL an advisory lock (so that a
    landlord's running count stays true between two claims), on SQLite the write lock (a transaction that read
    first and wrote after would deadlock against another, and SQLite says "locked" at once instead of waiting)."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CLAIM_LOCK})
    elif conn.dialect.name == "sqlite":
        conn.execute(plan_jobs.update().where(sa.false()).values(job_id=plan_jobs.c.job_id))


def _expired(conn: sa.Connection, now: dt.datetime) -> list[sa.Row]:
    """Running jobs whose worker stopped renewing its lease: put back at the head of the line, or failed when out
    of tries. Returns the failed ones (their plan is marked failed by the caller)."""
    expired = sa.and_(plan_jobs.c.state == "running", plan_jobs.c.lease_until < now)
    failed = list(
        conn.execute(sa.select(plan_jobs).where(expired, plan_jobs.c.attempts >= plan_jobs.c.max_attempts))
    )
    conn.execute(
        plan_jobs.update()
        .where(expired, plan_jobs.c.attempts < plan_jobs.c.max_attempts, plan_jobs.c.cancel_requested.is_(False))
        .values(state="waiting", worker=None, lease_until=None)
    )
    conn.execute(
        plan_jobs.update()
        .where(expired, sa.or_(plan_jobs.c.attempts >= plan_jobs.c.max_attempts, plan_jobs.c.cancel_requested))
        .values(state=sa.case((plan_jobs.c.cancel_requested, "cancelled"), else_="failed"), finished_at=now)
    )
    return failed


def claim(
    db: Database, worker: str, *, per_landlord: int = 1, lease_s: float = LEASE_S
) -> tuple[sa.Row | None, list[sa.Row]]:
    """Take the oldest waiting job whose landlord has fewer than ``per_landlord`` running; also returns the jobs
    found abandoned for good (out of tries) on the way."""
    now = utcnow()
    j, r = plan_jobs.alias("j"), plan_jobs.alias("r")
    running = (
        sa.select(sa.func.count())
        .select_from(r)
        .where(r.c.landlord_id == j.c.landlord_id, r.c.state == "running")
        .scalar_subquery()
    )
    oldest = (
        sa.select(j.c.job_id)
        .where(j.c.state == "waiting", running < per_landlord)
        .order_by(j.c.job_id)
        .limit(1)
        .scalar_subquery()
    )
    with db.engine.begin() as conn:
        _serialise(conn)
        lost = _expired(conn, now)
        job = conn.execute(
            plan_jobs.update()
            .where(plan_jobs.c.job_id == oldest, plan_jobs.c.state == "waiting")
            .values(
                state="running",
                attempts=plan_jobs.c.attempts + 1,
                worker=worker,
                lease_until=now + dt.timedelta(seconds=lease_s),
                started_at=now,
                progress="[]",
                error=None,
            )
            .returning(*plan_jobs.c)
        ).first()
    return job, lost


def _mine(job: sa.Row) -> sa.ColumnElement[bool]:
    """The job still held by this attempt (a worker whose lease ran out has lost it)."""
    return sa.and_(
        plan_jobs.c.job_id == job.job_id, plan_jobs.c.attempts == job.attempts, plan_jobs.c.state == "running"
    )


def renew(db: Database, job: sa.Row, lease_s: float = LEASE_S) -> str:
    """Extend the lease: "ok", "cancel" (someone asked to cancel), or "lost" (no longer this attempt's)."""
    with db.engine.begin() as conn:
        done = conn.execute(
            plan_jobs.update().where(_mine(job)).values(lease_until=utcnow() + dt.timedelta(seconds=lease_s))
        ).rowcount
        if not done:
            return "lost"
        asked = conn.execute(sa.select(plan_jobs.c.cancel_requested).where(plan_jobs.c.job_id == job.job_id))
        return "cancel" if asked.scalar_one() else "ok"


def record_progress(db: Database, job: sa.Row, history: list[tuple[float, int]]) -> None:
    with db.engine.begin() as conn:
        conn.execute(plan_jobs.update().where(_mine(job)).values(progress=json.dumps(history)))


def end(db: Database, job: sa.Row, state: str, error: str | None = None) -> bool:
    """Close this attempt (done, failed, cancelled); False when it was no longer this attempt's."""
    with db.engine.begin() as conn:
        return bool(
            conn.execute(
                plan_jobs.update().where(_mine(job)).values(state=state, error=error, finished_at=utcnow())
            ).rowcount
        )


def give_back(db: Database, job: sa.Row, error: str) -> str:
    """An attempt that died without finishing: back in line for another try, or failed when out of tries."""
    state = "waiting" if job.attempts < job.max_attempts else "failed"
    finished = None if state == "waiting" else utcnow()
    with db.engine.begin() as conn:
        conn.execute(
            plan_jobs.update()
            .where(_mine(job))
            .values(state=state, worker=None, lease_until=None, error=error, finished_at=finished)
        )
    return state


class Jobs:
    """The queue as a web process sees it (``AppState.jobs``); ``stop`` ends a worker thread of this process."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.stop = threading.Event()

    def wait_all(self, timeout_s: float = 600) -> None:
        wait_all(self.db, timeout_s)
