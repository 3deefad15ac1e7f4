"""Calibration of the work budgets (tournees.engine.budget): how much work a second of one idle core does.

    python benchmarks/budget.py [--seconds 3]

For PyVRP (iterations) on 100-task Solomon instances, a 200-task Gehring-Homberger one and 400/1000-task
instances drawn like them, each plain (every task required), with a break per vehicle and with prizes
(every task optional, the planners' parameters, forced), and for OR-Tools' guided local search (solutions) on
one van-day of 5 to 20 tasks with a break (the épicerie's routing). Each search is stopped on work (a
fixed number of iterations or solutions, about ``--seconds`` of CPU) and timed in CPU seconds of this
process: what an idle core gives in wall time, so the calibration holds even beside other work (the
load is printed; the wall time too). Lines ``fit … ips100=<rate at 100 tasks> exponent=<e>`` are the
least-squares fit of rate = ips100 * (100 / tasks) ** e that budget.py's constants take (date them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import platform
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

import tournees.engine.pyvrp_engine as pyvrp_engine
from tournees.engine import Problem, Task, Vehicle
from tournees.engine.budget import ITERATIONS_EXPONENT, ITERATIONS_PER_SECOND, SOLUTIONS_EXPONENT, SOLUTIONS_PER_SECOND
from tournees.engine.ortools_engine import solve_ortools
from tournees.engine.pyvrp_engine import solve_pyvrp
from tournees.engine.vrplib import read_instance
from tournees.settings import load_settings

sys.path.insert(0, str(Path(__file__).parent))
from engine_domain import with_breaks  # noqa: E402

PLANNER_SEARCH = pyvrp_engine.planner_search


def drawn(n: int, seed: int = 1) -> Problem:
    """``n`` clients uniform on a square grown with sqrt(n) (Solomon R1-like density, windows and demands)."""
    rng = np.random.default_rng(seed)
    side = 100 * math.sqrt(n / 100)
    coords = np.vstack([[side / 2, side / 2], rng.uniform(0, side, size=(n, 2))])
    diff = coords[:, None, :] - coords[None, :, :]
    dist = np.floor(10 * np.sqrt((diff**2).sum(axis=2)) + 1e-9).astype(np.int64)
    horizon = int(10 * 2.3 * side)
    tasks = []
    for i in range(1, n + 1):
        reach = int(dist[0, i])
        centre = int(rng.integers(reach, max(reach + 1, horizon - reach - 100)))
        half = int(rng.integers(50, 300))
        window = (max(0, centre - half), min(horizon - reach - 100, centre + half))
        tasks.append(Task(id=str(i), location=i, duration=100, windows=(window,), demand=int(rng.integers(1, 30)),
                          penalty=10**9))
    vehicles = [Vehicle(id=f"V{k}", day=0, start=0, end=0, shift_start=0, shift_end=horizon, capacity=200)
                for k in range(n // 4)]
    return Problem(dist, dist, vehicles, tasks, travel_cost_per_hour=0, distance_cost_per_km=1000,
                   labels={"name": f"drawn{n}"})


def with_prizes(problem: Problem) -> Problem:
    """Every task optional, worth a little more than the drive there and back (about half are worth it)."""
    depot = problem.vehicles[0].start
    return replace(problem, tasks=[replace(t, penalty=int(1.2 * problem.distances[depot, t.location]))
                                   for t in problem.tasks])


def van_day(n: int) -> Problem:
    """One van, ``n`` stops of R101 with a break: the size of an épicerie day."""
    base = with_breaks(read_instance(_solomon() / "R101.vrp"))
    return replace(base, vehicles=base.vehicles[:1], tasks=base.tasks[:n])


def _solomon() -> Path:
    return load_settings().data_dir.parent / "benchmarks" / "solomon"


def fit(points: list[tuple[int, float]], ref: int) -> tuple[float, float]:
    """rate = a * (ref / n) ** e, least squares in logs."""
    x = np.log([ref / n for n, _ in points])
    y = np.log([r for _, r in points])
    e, log_a = np.polyfit(x, y, 1) if len(set(x)) > 1 else (0.0, float(np.mean(y)))
    return float(math.exp(log_a)), float(e)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="CPU seconds per measure (about)")
    args = parser.parse_args()
    print(f"# {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.1f} at start")
    print(f"# in use: pyvrp ips100={ITERATIONS_PER_SECOND} exponent={ITERATIONS_EXPONENT}; "
          f"ortools sps10={SOLUTIONS_PER_SECOND} exponent={SOLUTIONS_EXPONENT}")
    bases = [read_instance(_solomon() / "R101.vrp"), read_instance(_solomon() / "RC105.vrp"),
             read_instance(load_settings().data_dir.parent / "benchmarks" / "gehring_homberger" / "200" / "R1_2_1.vrp"),
             drawn(400), drawn(1000)]
    print("kind,instance,tasks,iterations,cpu_s,wall_s,per_cpu_s")
    rates: dict[str, list[tuple[int, float]]] = {"plain": [], "breaks": [], "prizes": []}
    for base in bases:
        n = len(base.tasks)
        guess = args.seconds * 2000 * (100 / n) ** 0.8
        for kind, problem in (("plain", base), ("breaks", with_breaks(base)), ("prizes", with_prizes(base))):
            iterations = max(100, int(guess))
            # prizes: the planners' parameters, which the budget's optional rate is for (in the planners' weeks a
            # task has a client per day: pyvrp_engine.planner_search)
            pyvrp_engine.planner_search = (lambda p, e: True) if kind == "prizes" else PLANNER_SEARCH
            c0, w0 = time.process_time(), time.monotonic()
            solve_pyvrp(problem, time_limit_s=1e6, seed=1, iterations=iterations)
            cpu, wall = time.process_time() - c0, time.monotonic() - w0
            pyvrp_engine.planner_search = PLANNER_SEARCH
            rates[kind].append((n, iterations / cpu))
            name = base.labels.get("name")
            print(f"{kind},{name},{n},{iterations},{cpu:.2f},{wall:.2f},{iterations / cpu:.0f}", flush=True)
    for kind, points in rates.items():
        a, e = fit(points, 100)
        print(f"fit pyvrp {kind} ips100={a:.0f} exponent={e:.2f}")
    required = rates["plain"] + rates["breaks"]
    a, e = fit(required, 100)
    print(f"fit pyvrp required ips100={a:.0f} exponent={e:.2f}")
    points = []
    for n in (5, 10, 20):
        problem = van_day(n)
        solutions = int(args.seconds * 500)
        c0, w0 = time.process_time(), time.monotonic()
        solve_ortools(problem, time_limit_s=1e6, solutions=solutions)
        cpu, wall = time.process_time() - c0, time.monotonic() - w0
        points.append((n, solutions / cpu))
        print(f"ortools,van_day,{n},{solutions},{cpu:.2f},{wall:.2f},{solutions / cpu:.0f}", flush=True)
    a, e = fit(points, 10)
    print(f"fit ortools van_day sps10={a:.0f} exponent={e:.2f}")
    print(f"# load {os.getloadavg()[0]:.1f} at end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
