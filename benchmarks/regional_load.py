"""Regional load test of the planning queue (issue #28), on loopback only, against PostgreSQL.

A throw-away PostgreSQL cluster (or ``--db URL``) holds the demo programme with its residences
shared out among ``--landlords`` landlords (35: the regional programme). One web process
(``tournees serve --no-worker``) and ``--workers`` worker processes (``tournees worker``) run on
this machine. Every landlord's planner starts the week's bricol'âge plan at the same moment and
follows its state; meanwhile ``--planners`` planners browse (the pages of benchmarks/web_load.py).
Once a job is running on the first worker, that worker is killed with ``kill -9`` and started
again (as systemd's ``Restart=always`` would): its job must finish elsewhere.

Checked: every plan ready, every job done, none lost, none run twice (one planning run recorded
per plan, attempts 1 except the killed one), p95 page time ≤ 300 ms while solving. Printed: the
figures, the throughput (plans per minute per worker) and the workers a 15-minute Monday turnaround
of the 35 landlords needs at the measured job time and at a landlord-sized week (``--week-s``).

    python benchmarks/regional_load.py [--landlords 35] [--workers 2] [--planners 20] [--time-limit 10]
"""

from __future__ import annotations

import argparse
import asyncio
import glob
import math
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).parent))
from web_load import PASSWORD, Recorder, _pct, _port, _sign_in, _token, planner  # noqa: E402

from tournees.db import Database  # noqa: E402
from tournees.db.web_tables import plan_jobs, web_plans  # noqa: E402
from tournees.web.accounts import add_user  # noqa: E402

GOAL_MS = 300


def _pg_bin(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), "")
    if not found:
        sys.exit(f"{name} is missing: install the Debian package postgresql (make postgres)")
    return found


@contextmanager
def postgres(work: Path) -> Iterator[str]:
    """A throw-away cluster on a loopback port (as the tests start one); yields the database URL."""
    data, sock = work / "pg", work / "sock"
    sock.mkdir()
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root: the cluster belongs to the postgres account
        for path in (work, sock):
            shutil.chown(path, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    port = _port()
    run = {"check": True, "capture_output": True}
    subprocess.run([*as_user, _pg_bin("initdb"), "-D", str(data), "-A", "trust", "-U", "tournees", "-E", "UTF8",
                    "--locale", "C"], **run)  # type: ignore[call-overload]
    options = f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    subprocess.run([*as_user, _pg_bin("pg_ctl"), "-D", str(data), "-o", options, "-l", str(work / "pg.log"), "-w",
                    "start"], **run)  # type: ignore[call-overload]
    try:
        subprocess.run([*as_user, _pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "tournees",
                        "regional"], **run)  # type: ignore[call-overload]
        yield f"postgresql+psycopg://tournees@127.0.0.1:{port}/regional"
    finally:
        subprocess.run([*as_user, _pg_bin("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], capture_output=True)


def regional_programme(url: str, work: Path, landlords: int, planners: int) -> list[str]:
    """The demo programme with its residences shared out among ``landlords`` landlords; their planners' accounts."""
    from tournees.demo import RESOURCES, build_demo
    from tournees.io import import_path
    from tournees.settings import load_settings

    build_demo(load_settings(), work / "donnees", seed=2026)
    Database.open(url).dispose()
    import_path(RESOURCES, url)
    import_path(work / "donnees", url)
    ids = [f"BAIL-{k:02d}" for k in range(1, landlords + 1)]
    db = Database.open(url)
    with db.engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO landlords (landlord_id, name) VALUES (:i, :n)"),
                     [{"i": i, "n": f"Bailleur {i[-2:]}"} for i in ids])
        conn.execute(sa.text(
            "UPDATE residences r SET landlord_id = 'BAIL-' || lpad((((x.n - 1) % :k) + 1)::text, 2, '0') "
            "FROM (SELECT residence_id, row_number() OVER (ORDER BY residence_id) AS n FROM residences) x "
            "WHERE x.residence_id = r.residence_id"), {"k": landlords})
    for i in ids:
        add_user(db, f"planif-{i}", PASSWORD, "planner", [i])
    for k in range(planners):
        add_user(db, f"planif-{k}", PASSWORD, "planner", [ids[k % landlords]])
    db.dispose()
    return ids


async def start_and_follow(base: str, landlord: str, rec: Recorder) -> str:
    client = await _sign_in(base, f"planif-{landlord}")
    try:
        page = await client.get("/plans")
        t0 = time.perf_counter()
        reply = await client.post(
            "/plans", data={"csrftoken": _token(page.text), "landlord": landlord, "service": "bricolage",
                            "week": "2026-W48"},
        )
        rec.times["plan_start"].append(time.perf_counter() - t0)
        url = str(reply.url.path)
        while True:  # as the page does, but every 2 s (35 open streams would only measure the streams)
            await asyncio.sleep(2)
            snap = (await rec.get(client, "status", f"{url}/status")).json()
            if snap["state"] not in ("waiting", "running"):
                return url
    finally:
        await client.aclose()


def _worker(db_url: str, workdir: Path, lease: float) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "tournees.web", "--db", db_url, "worker", "--workdir", str(workdir),
                             "--lease", f"{lease:g}"])


async def killer(db: Database, workers: list[subprocess.Popen[bytes]], db_url: str, workdir: Path, lease: float,
                 killed: dict[str, object]) -> None:
    """kill -9 the first worker once it is solving a job (some progress written), then start it again."""
    victim = workers[0]
    name = f"{socket.gethostname()}:{victim.pid}"
    while True:
        await asyncio.sleep(0.5)
        with db.engine.connect() as conn:
            row = conn.execute(sa.select(plan_jobs.c.plan_id).where(
                plan_jobs.c.worker == name, plan_jobs.c.state == "running", plan_jobs.c.progress != "[]")).first()
        if row is not None:
            victim.send_signal(signal.SIGKILL)
            victim.wait()
            killed["plan_id"], killed["at"] = row.plan_id, time.monotonic()
            workers[0] = _worker(db_url, workdir, lease)
            return


async def run(base: str, db: Database, ids: list[str], planners: int, workers: list[subprocess.Popen[bytes]],
              db_url: str, workdir: Path, lease: float) -> tuple[Recorder, float, dict[str, object]]:
    rec, killed = Recorder(), {}
    t0 = time.monotonic()
    kill = asyncio.create_task(killer(db, workers, db_url, workdir, lease, killed))
    plans = asyncio.gather(*(start_and_follow(base, i, rec) for i in ids))
    until = time.monotonic() + 3600
    browsing = [asyncio.create_task(planner(base, f"planif-{k}", rec, until, None)) for k in range(planners)]
    await asyncio.wait_for(plans, timeout=3600)
    makespan = time.monotonic() - t0
    for task in (kill, *browsing):
        task.cancel()
    await asyncio.gather(kill, *browsing, return_exceptions=True)
    return rec, makespan, killed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--landlords", type=int, default=35)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--planners", type=int, default=20)
    parser.add_argument("--time-limit", type=float, default=10.0, help="planning time limit of each job, seconds")
    parser.add_argument("--lease", type=float, default=10.0, help="workers' lease, seconds")
    parser.add_argument("--week-s", type=float, default=60.0, help="time limit of a landlord-sized week, to project")
    parser.add_argument("--db", default=None, help="an empty PostgreSQL database (default: a throw-away cluster)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tournees-regional-"))
    with (postgres(work) if args.db is None else _given(args.db)) as db_url:
        ids = regional_programme(db_url, work, args.landlords, args.planners)
        db = Database(db_url)
        runs_before = _scalar(db, "SELECT count(*) FROM planning_runs")
        port, webdir = _port(), work / "web"
        server = subprocess.Popen([sys.executable, "-m", "tournees.web", "--db", db_url, "serve", "--no-worker",
                                   "--port", str(port), "--workdir", str(webdir),
                                   "--time-limit", f"{args.time_limit:g}"])
        workers = [_worker(db_url, webdir, args.lease) for _ in range(args.workers)]
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(600):
                try:
                    if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.2)
            rec, makespan, killed = asyncio.run(run(base, db, ids, args.planners, workers, db_url, webdir, args.lease))
        finally:
            for proc in (server, *workers):
                proc.terminate()
            for proc in (server, *workers):
                proc.wait(60)
        with db.engine.connect() as conn:
            jobs = list(conn.execute(sa.select(plan_jobs).order_by(plan_jobs.c.job_id)))
            plans = list(conn.execute(sa.select(web_plans)))
        runs = _scalar(db, "SELECT count(*) FROM planning_runs") - runs_before
        db.dispose()
    shutil.rmtree(work, ignore_errors=True)
    return report(args, rec, makespan, killed, jobs, plans, runs)


@contextmanager
def _given(url: str) -> Iterator[str]:
    yield url


def _scalar(db: Database, sql: str) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(sa.text(sql)).scalar_one())


def report(args: argparse.Namespace, rec: Recorder, makespan: float, killed: dict[str, object], jobs: list[sa.Row],
           plans: list[sa.Row], runs: int) -> int:
    done = [j for j in jobs if j.state == "done"]
    retried = [j.plan_id for j in jobs if j.attempts > 1]
    ready = [p for p in plans if p.status == "ready"]
    busy = [(j.finished_at - j.started_at).total_seconds() for j in done if j.finished_at and j.started_at]
    job_s = sum(busy) / len(busy) if busy else float("nan")
    per_worker = len(done) / (makespan / 60) / args.workers
    overhead = job_s - args.time_limit
    every = [t for kind, ts in rec.times.items() if kind != "plan_start" for t in ts]
    p95 = _pct(every, 0.95)
    ok = (len(done) == len(jobs) == args.landlords and len(ready) == args.landlords and runs == args.landlords
          and retried == [killed.get("plan_id")] and p95 <= GOAL_MS and not rec.errors)
    load = os.getloadavg()[0]
    print(f"# python benchmarks/regional_load.py --landlords {args.landlords} --workers {args.workers} "
          f"--planners {args.planners} --time-limit {args.time_limit:g} — {time.strftime('%Y-%m-%d')}")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores shared with other engineers' jobs (load average "
          f"{load:.1f} at the end), Python {platform.python_version()}, PostgreSQL on loopback; 1 web process, "
          f"{args.workers} workers, all on this machine")
    print(f"{args.landlords} landlords start their week's plan at once (demo residences shared out among them, "
          f"time limit {args.time_limit:g} s); {args.planners} planners browse meanwhile")
    print(f"plans ready: {len(ready)}/{args.landlords}; jobs done: {len(done)}/{len(jobs)}; planning runs recorded: "
          f"{runs} (one per plan: none run twice)")
    print(f"worker killed with kill -9 while solving {killed.get('plan_id')}: jobs tried twice {retried} "
          f"(finished by another worker)")
    print(f"all {args.landlords} plans done in {makespan:.0f} s; a job took {job_s:.1f} s on average "
          f"({overhead:.1f} s beyond the solver's time limit: loading, documents, PDF)")
    print(f"throughput: {per_worker:.2f} plans per minute per worker")
    print(f"{'page':<12}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for kind in sorted(rec.times):
        ts = rec.times[kind]
        print(f"{kind:<12}{len(ts):>9}{_pct(ts, 0.5):>9.0f}{_pct(ts, 0.95):>9.0f}{max(ts) * 1000:>9.0f}")
    print(f"{'all pages':<12}{len(every):>9}{_pct(every, 0.5):>9.0f}{p95:>9.0f}{max(every) * 1000:>9.0f}")
    print(f"errors: {len(rec.errors)}" + (" — " + "; ".join(rec.errors[:5]) if rec.errors else ""))
    week = f"a landlord-sized week ({args.week_s:g} s limit + {overhead:.0f} s)"
    for label, seconds in ((f"this run's job ({job_s:.0f} s)", job_s), (week, args.week_s + overhead)):
        need = math.ceil(35 * seconds / (15 * 60))
        print(f"projection, 35 landlords in 15 minutes at {label}: {need} worker(s), one per 2-core machine")
    print(f"p95_ms={p95:.0f} goal_ms={GOAL_MS} plans={len(ready)}/{args.landlords} runs={runs} "
          f"per_worker_per_min={per_worker:.2f} {'OK' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
