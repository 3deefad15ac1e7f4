"""Workers: they take jobs from the queue (:mod:`tournees.web.jobs`) and run each in a child process.

``tournees worker`` runs one on any machine that reaches the database; on SQLite, ``tournees serve``
runs one in a thread of the server process (one machine, nothing to set up). Each job runs in a
child process of its own session, so that cancelling it (or finding that its lease went to another
worker) stops the computation at once: the child and its solver processes are killed, and since
a plan folder and its database rows are published whole or not at all (``plan.staging``),
nothing half-written is left. The child dies with its worker (it watches the end of a
pipe it holds open), so a worker killed with ``kill -9`` leaves no plan being finished behind its
back: its job's lease runs out and another worker plans it again.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import signal
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tournees.db import Database
from tournees.errors import TourneesError
from tournees.settings import Settings
from tournees.web import edits, findings, jobs, planning, service_plans
from tournees.web import plans as store
from tournees.web.texts import tr

log = logging.getLogger(__name__)
_PROGRESS_EVERY_S = 1.0  # the page polls every half second; one write a second is plenty


def failure(exc: BaseException) -> str:
    """What the plan page says of a failed run: the message of an error the planner can act on as it is (French,
    naming what to change); the kind of anything else."""
    return str(exc) if isinstance(exc, TourneesError) else f"{type(exc).__name__}: {exc}"


def _die_with_worker(alive: Any) -> None:
    """Kill this job's processes as soon as the worker is gone (its end of the pipe closes when it dies, even by
    kill -9): the job is then another worker's, and must not be published twice."""

    def watch() -> None:
        try:
            alive.recv()
        except (EOFError, OSError):
            pass
        os.killpg(0, signal.SIGKILL)

    threading.Thread(target=watch, name="worker-watch", daemon=True).start()


@dataclass
class _Progress:
    """Best cost over time, written to the job's row at most once a second."""

    db: Database
    job: Any
    history: list[tuple[float, int]] = field(default_factory=list)
    written: float = 0.0

    def __call__(self, t: float, cost: int) -> None:
        self.history.append((round(t, 1), int(cost)))
        if time.monotonic() - self.written >= _PROGRESS_EVERY_S:
            self.flush()

    def flush(self) -> None:
        self.written = time.monotonic()
        jobs.record_progress(self.db, self.job, list(self.history))


def execute(db: Database, settings: Settings, workdir: Path, job: Any) -> None:
    """Run one claimed job to its end: the plan's folder and version written, the job closed done or failed."""
    spec, out = jobs.spec_of(job), workdir / job.plan_id
    progress = _Progress(db, job)
    try:
        if spec.service != "bricolage":  # through the service registry (its re-plan is a plan of the same period)
            run_id = service_plans.plan_service(
                db, settings, service=spec.service, landlord_id=spec.landlord_id, week=spec.week, weeks=spec.weeks,
                out=out, time_limit_s=spec.time_limit_s, keep_run=None if spec.kind == "plan" else spec.from_run_id,
                choices=json.loads(spec.options),
            )
        elif spec.kind == "plan":
            run_id = planning.plan_week(
                db, settings, landlord_id=spec.landlord_id, week=spec.week, out=out,
                time_limit_s=spec.time_limit_s, progress=progress,
            )
        else:
            plan = store.get(db, spec.plan_id)
            assert plan is not None
            cur = edits.current(db, plan)  # the version it started from, its confirmed slots as they are now
            run_id = planning.replan_week(
                db, settings, landlord_id=spec.landlord_id, week=spec.week, out=out,
                time_limit_s=spec.time_limit_s, progress=progress,
                confirmed_slots=edits.confirmed(db, cur), previous=cur.routes,
            )
        found = findings.of_folder(out)
    except Exception as exc:  # shown on the plan page; the worker goes on with the next job
        message = failure(exc)
        store.finish(db, spec.plan_id, run_id=spec.from_run_id, error=message)
        jobs.end(db, job, "failed", message)
        return
    progress.flush()
    store.finish(db, spec.plan_id, run_id=run_id, found=found)
    jobs.end(db, job, "done")


def _background() -> None:
    """Pages first: on a shared machine (SQLite's server, or web and workers together) a plan takes the CPU the
    pages leave: nice 19, a scheduler weight of 15 against 1,024 for the web process (nice 10 is 110: two workers
    of two solver processes each then weigh almost half a web process). A plan stops on its work budget, not the
    clock: this changes how long it takes, never the plan. Not SCHED_IDLE, which starves plans on a busy machine."""
    os.nice(19 - os.nice(0))


def _child(url: str, settings: Settings, workdir: str, job: dict[str, Any], alive: Any) -> None:
    os.setsid()  # its own process group: cancelling kills the solver's processes with it
    _background()
    _die_with_worker(alive)
    db = Database(url)
    try:
        execute(db, settings, Path(workdir), _Job(**job))
    finally:
        db.dispose()


class _Job:
    """A claimed plan_jobs row, carried to the child process as a plain mapping."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)


def _context() -> Any:
    ctx = multiprocessing.get_context("forkserver")  # safe beside the web server's threads, fast once warm
    ctx.set_forkserver_preload(["tournees.web.worker"])
    return ctx


class Worker:
    """Takes jobs one at a time: run M of them (processes or machines) for M plans at once."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        workdir: Path,
        *,
        per_landlord: int = 1,
        lease_s: float = jobs.LEASE_S,
        poll_s: float = 1.0,
    ) -> None:
        self.db, self.settings, self.workdir = db, settings, Path(workdir)
        self.per_landlord, self.lease_s, self.poll_s = per_landlord, lease_s, poll_s
        self.name = f"{socket.gethostname()}:{os.getpid()}"
        self.ctx = _context()

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                busy = self.run_one()
            except Exception:  # the database away for a moment: try again, never stop serving the queue
                log.warning("file d'attente des calculs injoignable, nouvel essai dans %s s", self.poll_s * 5)
                stop.wait(self.poll_s * 5)
                continue
            if not busy:
                stop.wait(self.poll_s)

    def run_one(self) -> bool:
        """Claim and run the oldest job that may run; False when none may."""
        job, lost = jobs.claim(self.db, self.name, per_landlord=self.per_landlord, lease_s=self.lease_s)
        for row in lost:
            self._plan_failed(row, tr("job_lost", self.settings.lang, n=row.attempts))
        if job is None:
            return False
        self.workdir.mkdir(parents=True, exist_ok=True)
        alive, keep = self.ctx.Pipe(duplex=False)  # ``keep`` stays here: the child sees it close when we die
        child = self.ctx.Process(
            target=_child,
            args=(self.db.url, self.settings, str(self.workdir), job._asdict(), alive),
            name=f"job-{job.job_id}",
        )
        child.start()
        alive.close()
        outcome = "ok"
        while child.exitcode is None:
            child.join(self.lease_s / 6)
            if child.exitcode is None:
                outcome = jobs.renew(self.db, job, self.lease_s)
                if outcome != "ok":  # cancelled, or the lease went to another worker: stop at once
                    _kill(child)
        keep.close()
        if outcome == "cancel":
            if jobs.end(self.db, job, "cancelled"):
                store.cancelled(self.db, job.plan_id, job.from_run_id, tr("job_cancelled", self.settings.lang))
        elif outcome == "ok" and child.exitcode != 0:  # died before closing its job (killed, out of memory)
            message = tr("job_lost", self.settings.lang, n=job.attempts)
            if jobs.give_back(self.db, job, message) == "failed":
                self._plan_failed(job, message)
        return True

    def _plan_failed(self, job: Any, message: str) -> None:
        store.finish(self.db, job.plan_id, run_id=job.from_run_id, error=message)


def _kill(child: Any) -> None:
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    child.join()


def start_thread(queue: jobs.Jobs, settings: Settings, workdir: Path, *, per_landlord: int = 1) -> threading.Thread:
    """A worker in a thread of this process (``tournees serve`` on SQLite), stopped by ``queue.stop``."""
    worker = Worker(queue.db, settings, workdir, per_landlord=per_landlord)
    thread = threading.Thread(target=worker.run, args=(queue.stop,), name="tournees-worker", daemon=True)
    thread.start()
    return thread
