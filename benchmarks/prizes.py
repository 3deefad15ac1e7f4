"""Optional tasks with prizes: ``solve()`` against PyVRP used directly with its defaults, at the same time.

    python benchmarks/prizes.py [--time 10] [--large-time 60] [--large 2] [--seeds 1] [--busy 0]

Public instances with prizes of our choosing (the held-out ones are run elsewhere): the 12 baseline
Solomon instances (``shared/benchmarks``) and ``--large`` instances of 1,000 clients drawn like
Solomon's R1 (``budget.drawn``, seeds 1, 2, …), every client optional with a prize of 1.2 times the
drive from the depot and back (about half are worth serving: ``budget.with_prizes``). Each is solved
by ``solve()`` (one worker, the path planners use, stopped on its work budget) and by PyVRP's
``solve`` on the same encoding with its default parameters, stopped after the same number of CPU
seconds of this process (what an idle core gives in wall time: the comparison holds on a busy
machine, and PyVRP is not penalised by the load). Both plans are costed by the engine's one
objective (``plan_cost``: distance plus the prizes left). Per row: both costs, ours against PyVRP
(``gap %``, negative: ours cheaper), CPU and wall seconds. Last line:
``median_gap_pct=… large_median_gap_pct=… not_behind=n/N`` (goal: medians ≤ 0.1).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from typing import Any

from budget import drawn, with_prizes
from engine_domain import BASELINE, beside_busy

from tournees.engine import Problem, Route, plan_cost, solve
from tournees.engine.pyvrp_engine import encode
from tournees.engine.schedule import timed_steps
from tournees.engine.vrplib import read_instance
from tournees.settings import load_settings


class CpuRuntime:
    """PyVRP stopping criterion: the CPU seconds of this process, like ``pyvrp.stop.MaxRuntime`` on an idle core."""

    def __init__(self, seconds: float) -> None:
        self.end = time.process_time() + seconds

    def __call__(self, best_cost: float) -> bool:
        return time.process_time() >= self.end


def pyvrp_direct(problem: Problem, seconds: float, seed: int) -> list[list[int]]:
    """PyVRP's own ``solve`` with its default parameters on our encoding of ``problem``."""
    from pyvrp import solve as pyvrp_solve
    from pyvrp.solve import SolveParams

    enc = encode(problem)
    result: Any = pyvrp_solve(enc.data, stop=CpuRuntime(seconds), seed=seed, collect_stats=False,  # type: ignore[arg-type]
                              display=False, params=SolveParams())
    return enc.routes_of(result.best, len(problem.vehicles))


def cost_of(problem: Problem, routes: list[list[int]]) -> int:
    timed = []
    for vi, order in enumerate(routes):
        if order:
            steps = timed_steps(problem, vi, [problem.tasks[t] for t in order])
            if steps is None:  # PyVRP's routes of a problem without breaks always time
                raise RuntimeError(f"route {vi} cannot be timed")
            timed.append(Route(vi, steps))
    return plan_cost(problem, timed)


def compare(name: str, problem: Problem, seconds: float, seed: int) -> float:
    c0, w0 = time.process_time(), time.monotonic()
    ours = solve(problem, time_limit_s=seconds, seed=seed, workers=1)
    ours_cpu, ours_wall = time.process_time() - c0, time.monotonic() - w0
    c0, w0 = time.process_time(), time.monotonic()
    theirs = cost_of(problem, pyvrp_direct(problem, seconds, seed))
    their_cpu, their_wall = time.process_time() - c0, time.monotonic() - w0
    gap = 100 * (ours.objective - theirs) / theirs
    served = len(problem.tasks) - len(ours.unassigned)
    print(f"{name:10} {len(problem.tasks):5} {seconds:5g} {seed:4} {ours.objective:12} {served:6} {ours_cpu:7.1f} "
          f"{ours_wall:7.1f} {theirs:12} {their_cpu:7.1f} {their_wall:7.1f} {gap:7.2f}", flush=True)
    return gap


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time", type=float, default=10.0, help="time limit on the Solomon instances (s)")
    parser.add_argument("--large-time", type=float, default=60.0, help="time limit on the 1,000-client instances (s)")
    parser.add_argument("--large", type=int, default=2, help="how many 1,000-client instances")
    parser.add_argument("--seeds", default="1", help="solver seeds, comma-separated")
    parser.add_argument("--instances", default=",".join(BASELINE))
    parser.add_argument("--busy", type=int, default=0, help="processes burning the CPU beside the run")
    args = parser.parse_args()
    return beside_busy(args.busy, lambda: _run(args))


def _run(args: argparse.Namespace) -> int:
    seeds = [int(s) for s in args.seeds.split(",")]
    print(f"# {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, load {os.getloadavg()[0]:.1f} at start, busy processes {args.busy}")
    print("instance   tasks  time seed   ours_cost served ours_cpu ours_wall  pyvrp_cost  pv_cpu pv_wall   gap %")
    folder = load_settings().data_dir.parent / "benchmarks" / "solomon"
    small = [compare(name, with_prizes(read_instance(folder / f"{name}.vrp")), args.time, seed)
             for name in args.instances.split(",") if name for seed in seeds]
    large = [compare(f"drawn1000-{k}", with_prizes(drawn(1000, seed=k)), args.large_time, seed)
             for k in range(1, args.large + 1) for seed in seeds]
    gaps = small + large
    print(f"# load {os.getloadavg()[0]:.1f} at end")
    print(f"median_gap_pct={statistics.median(small) if small else float('nan'):.2f} "
          f"large_median_gap_pct={statistics.median(large) if large else float('nan'):.2f} "
          f"not_behind={sum(g <= 0.1 for g in gaps)}/{len(gaps)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
