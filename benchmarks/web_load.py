"""Load test of the planners' web application (issue 17), on loopback only, bounded in time.

A real ``tournees serve`` (separate process, demo database) is browsed by 20 simulated planners
(sign in, then plans, backlog with filters, a tenant, a plan page, one page every ~0.5 s) while
one more planner plans a week and follows its progress stream. Every page time is recorded;
the script prints p50/p95/max per page kind and overall, and the errors. Goal: p95 ≤ 300 ms, no error.
It stops by itself: browsing lasts ``--seconds`` (45 by default, 60 at most).

    python benchmarks/web_load.py [--seconds 45] [--planners 20] [--db URL]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

from tournees.db import Database
from tournees.web.accounts import add_user

PASSWORD = "charge-de-test-2026"
LANDLORDS = ("LOGEMLOIRET", "RES-ORLEANAIS")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _token(html: str) -> str:
    return re.search(r'name="csrftoken" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]


class Recorder:
    def __init__(self) -> None:
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []

    async def get(self, client: httpx.AsyncClient, kind: str, url: str, **kw: object) -> httpx.Response:
        t0 = time.perf_counter()
        reply = await client.get(url, **kw)  # type: ignore[arg-type]
        self.times[kind].append(time.perf_counter() - t0)
        if reply.status_code != 200:
            self.errors.append(f"{kind} {url} -> {reply.status_code}")
        return reply


async def _sign_in(base: str, name: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=base, follow_redirects=True, timeout=30)
    page = await client.get("/login")
    reply = await client.post("/login", data={"csrftoken": _token(page.text), "username": name, "password": PASSWORD})
    assert reply.status_code == 200, reply.status_code
    return client


async def planner(base: str, name: str, rec: Recorder, until: float, plan_url: str | None) -> None:
    client = await _sign_in(base, name)
    try:
        backlog = await rec.get(client, "backlog", "/backlog")
        tenants = re.findall(r'href="(/tenants/[^"]+)"', backlog.text) or ["/plans"]
        n = 0
        while time.monotonic() < until:
            n += 1
            await rec.get(client, "plans", "/plans")
            await asyncio.sleep(0.5)
            await rec.get(
                client, "backlog", "/backlog", params={"priority": "urgent" if n % 2 else "", "min_age": str(n % 10)}
            )
            await asyncio.sleep(0.5)
            await rec.get(client, "tenant", tenants[n % len(tenants)])
            await asyncio.sleep(0.5)
            if plan_url:
                await rec.get(client, "plan", plan_url)
                await asyncio.sleep(0.5)
    finally:
        await client.aclose()


async def plan_once(base: str, name: str, landlord: str, rec: Recorder) -> tuple[str, float]:
    client = await _sign_in(base, name)
    try:
        page = await client.get("/plans")
        t0 = time.perf_counter()
        reply = await client.post(
            "/plans",
            data={"csrftoken": _token(page.text), "landlord": landlord, "service": "bricolage", "week": "2026-W48"},
        )
        rec.times["plan_start"].append(time.perf_counter() - t0)
        url = str(reply.url.path)
        async with client.stream("GET", f"{url}/events") as stream:
            async for line in stream.aiter_lines():
                if line.startswith("data:") and '"state": "running"' not in line and '"state": "waiting"' not in line:
                    break
        took = time.perf_counter() - t0
        await rec.get(client, "plan", url)
        return url, took
    finally:
        await client.aclose()


async def run(base: str, planners: int, seconds: float) -> tuple[Recorder, float, str]:
    rec = Recorder()
    # a plan to look at, made before the clock starts (its pages are part of the browsing)
    first_url, _ = await plan_once(base, "planif-0", LANDLORDS[0], rec)
    rec.times.clear()
    until = time.monotonic() + seconds
    browsing = [planner(base, f"planif-{i}", rec, until, first_url if i % 2 == 0 else None) for i in range(planners)]
    planning = plan_once(base, f"planif-{planners}", LANDLORDS[1], rec)
    results = await asyncio.wait_for(asyncio.gather(planning, *browsing), timeout=seconds + 120)
    return rec, results[0][1], first_url


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=45)
    parser.add_argument("--planners", type=int, default=20)
    parser.add_argument("--db", default=None, help="database URL (default: a new SQLite file with the demo programme)")
    parser.add_argument("--time-limit", type=float, default=20.0, help="planning time limit of the server, seconds")
    args = parser.parse_args()
    seconds = min(args.seconds, 60.0)
    work = Path(tempfile.mkdtemp(prefix="tournees-load-"))
    db_target = args.db or str(work / "demo.sqlite")
    env = {**os.environ, "TOURNEES_DOWNLOAD": "0"}
    if args.db is None:
        from tournees.cli import build_demo_database
        from tournees.settings import load_settings

        build_demo_database(load_settings(), db_target, work / "demo", seed=2026)
    db = Database.open(db_target)
    for i in range(args.planners + 1):
        add_user(db, f"planif-{i}", PASSWORD, "planner", [LANDLORDS[i % 2]] if i < args.planners else [LANDLORDS[1]])
    db.dispose()
    port = _port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tournees.web",
            "--db",
            db_target,
            "serve",
            "--port",
            str(port),
            "--workdir",
            str(work / "web"),
            "--time-limit",
            str(args.time_limit),
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        rec, plan_s, _ = asyncio.run(run(base, args.planners, seconds))
    finally:
        server.terminate()
        server.wait(30)
        shutil.rmtree(work, ignore_errors=True)
    every = [t for kind, ts in rec.times.items() if kind != "plan_start" for t in ts]
    print(
        f"# python benchmarks/web_load.py --seconds {seconds:g} --planners {args.planners}"
        f" — {time.strftime('%Y-%m-%d')}"
    )
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores shared with other engineers' jobs, "
        f"Python {platform.python_version()}, "
        f"database {'SQLite' if args.db is None else args.db.split(':', 1)[0]}"
    )
    print(
        f"{args.planners} planners browsing for {seconds:g} s + 1 planning a week "
        f"(server time limit {args.time_limit:g} s): "
        f"planning took {plan_s:.1f} s"
    )
    print(f"{'page':<12}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for kind in sorted(rec.times):
        ts = rec.times[kind]
        print(f"{kind:<12}{len(ts):>9}{_pct(ts, 0.5):>9.0f}{_pct(ts, 0.95):>9.0f}{max(ts) * 1000:>9.0f}")
    p95 = _pct(every, 0.95)
    print(f"{'all pages':<12}{len(every):>9}{_pct(every, 0.5):>9.0f}{p95:>9.0f}{max(every) * 1000:>9.0f}")
    print(f"errors: {len(rec.errors)}" + (" — " + "; ".join(rec.errors[:5]) if rec.errors else ""))
    print(
        f"p95_ms={p95:.0f} goal_ms=300 errors={len(rec.errors)} {'OK' if p95 <= 300 and not rec.errors else 'MISSED'}"
    )
    return 0 if p95 <= 300 and not rec.errors else 1


if __name__ == "__main__":
    sys.exit(main())
