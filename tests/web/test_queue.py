"""The durable queue of planning jobs (issue #28): order and fairness, leases, retries, cancelling, a worker killed
with kill -9, a server restarted with jobs waiting; on SQLite and on the PostgreSQL the tests start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.web.conftest import Server, sign_in, token
from tournees.db import Database
from tournees.db.web_tables import plan_jobs, web_plans
from tournees.settings import Settings
from tournees.web import jobs
from tournees.web import plans as store
from tournees.web.accounts import load_user

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(params=["sqlite", "postgresql"])
def queue_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """An empty programme database of its own."""
    if request.param == "sqlite":
        url = str(tmp_path / "queue.sqlite")
    else:
        url = request.getfixturevalue("postgres").create_database(f"queue_{uuid.uuid4().hex[:8]}")
    db = Database.open(url)
    yield db
    db.dispose()


def _add(db: Database, plan_id: str, landlord: str, **options: int) -> int:
    with db.engine.begin() as conn:
        return jobs.enqueue(conn, jobs.JobSpec("plan", plan_id, landlord, "2026-W48", 5.0), "pa", **options)


def _claimed(db: Database, worker: str = "w1", **options: float) -> str | None:
    job, _lost = jobs.claim(db, worker, **options)  # type: ignore[arg-type]
    return None if job is None else str(job.plan_id)


def test_first_come_first_served_one_plan_per_landlord_at_a_time(queue_db: Database) -> None:
    for plan_id, landlord in [("a1", "A"), ("a2", "A"), ("a3", "A"), ("b1", "B"), ("c1", "C")]:
        _add(queue_db, plan_id, landlord)
    # A's three plans do not hold B's and C's back: while a1 runs, the next worker takes b1, then c1
    assert [_claimed(queue_db) for _ in range(4)] == ["a1", "b1", "c1", None]
    a1 = jobs.latest(queue_db, "a1")
    assert a1 is not None and jobs.end(queue_db, a1, "done")
    assert _claimed(queue_db) == "a2"


def test_per_landlord_concurrency_is_configurable(queue_db: Database) -> None:
    for plan_id, landlord in [("a1", "A"), ("a2", "A"), ("a3", "A"), ("b1", "B")]:
        _add(queue_db, plan_id, landlord)
    assert [_claimed(queue_db, per_landlord=2) for _ in range(4)] == ["a1", "a2", "b1", None]


def test_workers_claiming_at_once_never_share_a_job_nor_a_landlord(queue_db: Database) -> None:
    for k in range(6):
        _add(queue_db, f"a{k}", "A")
    for k in range(3):
        _add(queue_db, f"z{k}", f"Z{k}")
    start, got = threading.Barrier(6), []

    def worker(name: str) -> None:
        start.wait()
        got.append(_claimed(queue_db, name))

    threads = [threading.Thread(target=worker, args=(f"w{k}",)) for k in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    taken = sorted(p for p in got if p is not None)
    assert taken == ["a0", "z0", "z1", "z2"]  # each once; one of A's at a time, and the oldest


def test_a_job_whose_worker_went_silent_is_retried_then_failed_with_a_message(queue_db: Database) -> None:
    _add(queue_db, "a1", "A", max_attempts=2)
    first, _ = jobs.claim(queue_db, "w1", lease_s=0.05)
    time.sleep(0.2)  # w1 was killed: its lease runs out
    second, lost = jobs.claim(queue_db, "w2", lease_s=0.05)
    assert first is not None and second is not None and second.job_id == first.job_id and second.attempts == 2
    assert not lost and jobs.renew(queue_db, first) == "lost" and not jobs.end(queue_db, first, "done")
    time.sleep(0.2)
    third, lost = jobs.claim(queue_db, "w3")
    assert third is None and [row.plan_id for row in lost] == ["a1"]
    job = jobs.latest(queue_db, "a1")
    assert job is not None and job.state == "failed"


def test_a_retried_job_keeps_its_place_at_the_head_of_the_line(queue_db: Database) -> None:
    _add(queue_db, "a1", "A")
    _add(queue_db, "b1", "B")
    jobs.claim(queue_db, "w1", lease_s=0.05)
    time.sleep(0.2)
    assert _claimed(queue_db, "w2") == "a1"


def test_cancel_a_waiting_job_at_once_and_a_running_one_through_its_worker(queue_db: Database) -> None:
    _add(queue_db, "a1", "A")
    _add(queue_db, "a2", "A")
    running, _ = jobs.claim(queue_db, "w1")
    assert running is not None and jobs.renew(queue_db, running) == "ok"
    assert jobs.request_cancel(queue_db, "a2") == "cancelled"
    assert jobs.request_cancel(queue_db, "a1") == "cancelling"
    assert jobs.renew(queue_db, running) == "cancel"
    assert jobs.request_cancel(queue_db, "zz") is None
    assert _claimed(queue_db, "w2") is None  # a2 left the queue


def test_progress_is_read_from_the_database(queue_db: Database) -> None:
    _add(queue_db, "a1", "A")
    _add(queue_db, "a2", "A")
    job, _ = jobs.claim(queue_db, "w1")
    assert job is not None
    jobs.record_progress(queue_db, job, [(0.5, 900), (1.5, 800)])
    other = Database(queue_db.url)  # as another web process would
    snap = jobs.snapshot(other, "a1")
    assert snap is not None and snap["state"] == "running" and snap["best"] == 800 and snap["at"] == 1.5
    assert (jobs.snapshot(other, "a2") or {})["ahead"] == 0 and (jobs.snapshot(other, "a2") or {})["state"] == "waiting"
    other.dispose()


# --- with the planner ---------------------------------------------------------------------------------------


def _new_plan(url: str, time_limit_s: float) -> str:
    db = Database(url)
    user = load_user(db, "pa")
    assert user is not None
    plan_id = store.create(db, user, landlord_id="LOGEMLOIRET", service="bricolage", week="2026-W48",
                           time_limit_s=time_limit_s)
    db.dispose()
    return plan_id


def _job(url: str, plan_id: str) -> sa.Row:
    db = Database(url)
    job = jobs.latest(db, plan_id)
    db.dispose()
    assert job is not None
    return job


def _runs(url: str) -> int:
    db = Database(url)
    with db.engine.connect() as conn:
        n = conn.scalar(sa.text("SELECT count(*) FROM planning_runs"))
    db.dispose()
    return int(n or 0)


def _worker(url: str, workdir: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tournees.web", "--db", url, "worker", "--workdir", str(workdir), "--lease", "3"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def _until(check, timeout_s: float) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout_s
    while not check():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.3)


@pytest.fixture(params=["sqlite", "postgresql"])
def own_db(request: pytest.FixtureRequest, demo_db: Path, demo_folder: Path, tmp_path: Path) -> str:
    """The demo programme with planner ``pa``, in a database of its own: no other test's worker takes its jobs."""
    import shutil

    from tournees.demo import RESOURCES
    from tournees.io import import_path
    from tournees.web.accounts import add_user

    if request.param == "sqlite":
        url = str(tmp_path / "web.sqlite")
        shutil.copyfile(demo_db, url)
    else:
        url = request.getfixturevalue("postgres").create_database(f"queue_{uuid.uuid4().hex[:8]}")
        Database.open(url).dispose()
        import_path(RESOURCES, url)
        import_path(demo_folder, url)
    db = Database.open(url)
    add_user(db, "pa", "mot-de-passe-pa", "planner", ("LOGEMLOIRET",))
    db.dispose()
    return url


def test_worker_killed_mid_plan_its_job_is_planned_by_another(own_db: str, tmp_path: Path) -> None:
    url, workdir = own_db, tmp_path / "web"
    runs = _runs(url)
    plan_id = _new_plan(url, time_limit_s=12)
    first = _worker(url, workdir)
    try:
        _until(lambda: _job(url, plan_id).progress != "[]", 240)  # solving
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
        assert _job(url, plan_id).state == "running" and _runs(url) == runs  # nothing published
        second = _worker(url, workdir)
        try:
            _until(lambda: _job(url, plan_id).state not in jobs.ACTIVE, 300)
        finally:
            second.terminate()
            assert second.wait(60) is not None
    finally:
        first.kill()
    job = _job(url, plan_id)
    assert (job.state, job.attempts) == ("done", 2), job.error
    assert _runs(url) == runs + 1  # planned once: the killed attempt left no run behind
    db = Database(url)
    plan = store.get(db, plan_id)
    db.dispose()
    assert plan is not None and plan.status == "ready" and plan.run_id
    assert (workdir / plan_id / "plan.json").is_file()


@pytest.mark.parametrize("own_db", ["sqlite"], indirect=True)
def test_jobs_waiting_when_the_server_stops_are_planned_after_it_restarts(
    own_db: str, settings: Settings, tmp_path: Path
) -> None:
    """SQLite, one machine: the worker is a thread of the server process."""
    from tournees.web.worker import start_thread

    url = own_db
    plan_id = _new_plan(url, time_limit_s=3)  # queued by a server that then stopped before any worker took it
    assert _job(url, plan_id).state == "waiting"
    db = Database.open(url)  # the server starts again
    queue = jobs.Jobs(db)
    thread = start_thread(queue, settings, tmp_path / "web")
    try:
        queue.wait_all(300)
    finally:
        queue.stop.set()
        thread.join(30)
    plan = store.get(db, plan_id)
    db.dispose()
    assert _job(url, plan_id).state == "done" and plan is not None and plan.status == "ready"


def test_cancel_a_running_plan_from_its_page(server: Server) -> None:
    client = sign_in(server, "pa")
    page = client.get("/plans")
    server.state.time_limit_s = 60  # long enough to be running when the cancel arrives
    try:
        reply = client.post(
            "/plans", data={"csrftoken": token(page.text), "landlord": "LOGEMLOIRET", "week": "2026-W48"}
        )
    finally:
        server.state.time_limit_s = 3
    plan_id = str(reply.url).rsplit("/", 1)[-1]
    _until(lambda: _job(server.db_url, plan_id).progress != "[]", 240)
    reply = client.post(f"/plans/{plan_id}/cancel", data={"csrftoken": token(reply.text)})
    assert reply.status_code == 200 and ("Annulation demandée" in reply.text or "Calcul annulé" in reply.text)
    server.state.jobs.wait_all(120)
    job = _job(server.db_url, plan_id)
    db = Database(server.db_url)
    with db.engine.connect() as conn:
        plan = conn.execute(sa.select(web_plans).where(web_plans.c.plan_id == plan_id)).one()
        states = [r.state for r in conn.execute(sa.select(plan_jobs.c.state).where(plan_jobs.c.plan_id == plan_id))]
    db.dispose()
    assert job.state == "cancelled" and states == ["cancelled"]
    assert plan.status == "failed" and plan.run_id is None and "annulé" in plan.error
    assert not (server.state.workdir / plan_id / "plan.json").exists()  # nothing published
    assert "annulé" in client.get(f"/plans/{plan_id}").text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["worker", "--per-landlord", "0"], "--per-landlord 0 : un nombre entier d'au moins 1 est attendu"),
        (["worker", "--lease", "0.5"], "--lease 0.5 : au moins 3 secondes"),
        (["--lang", "en", "worker", "--per-landlord", "deux"], "--per-landlord deux: a whole number of at least 1"),
        (["serve", "--per-landlord", "-1"], "--per-landlord -1 : un nombre entier"),
    ],
)
def test_worker_and_serve_options_refused_with_exit_2(argv: list[str], message: str, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from tournees.cli import main

    assert main([*argv, "--db", str(tmp_path / "none.sqlite")]) == 2
    assert message in capsys.readouterr().err and not (tmp_path / "none.sqlite").exists()


def test_worker_refuses_a_missing_base_without_creating_it(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from tournees.cli import main

    assert main(["worker", "--db", str(tmp_path / "none.sqlite")]) == 2
    assert "none.sqlite" in capsys.readouterr().err and not (tmp_path / "none.sqlite").exists()
