"""The engine on the problems the planners pose: Solomon instances with breaks, and over two days.

    python benchmarks/engine_domain.py --time 10 [--workers 1] [--instances C101,R101]

On the 12 baseline Solomon instances (``shared/benchmarks``, conventions of ``solomon.py``):
(a) every vehicle gets a break of 5 % of the depot horizon starting within 40–60 % of it;
(b) two days: two vehicle-days per vehicle, every client allowed on either day. For each,
``solve()`` (default engine) is run and its distance, feasibility (independent checker, no
task left out) and gap to PyVRP on the plain instance at the same time limit (one worker,
PyVRP's own wall-clock stop) are printed. With breaks, the gap includes what the break
itself costs; to tell it from the search, the ``relaxed`` column is PyVRP (same time, same
stop) on a relaxation of the break problem: the break on a stopped clock, each visit free
to be before or after it without order (every route that holds its break is a route of
it, so its optimum is below ours; found in 10 s, it is an estimate of that bound, not a
proof). The ``vroom`` row is VROOM (pyvroom, exploration level 5, one thread) with its native breaks,
same windows and durations, its routes re-timed and checked by ``tournees.engine.check``; the ``breaks``
row then gives ours against it (``vs vroom %``, negative: ours shorter). ``--busy N`` runs N processes
burning the CPU beside the whole run (the plans of ``solve()`` must not change; PyVRP's and VROOM's
own clocks suffer). Last line: ``breaks_median_gap_pct=… breaks_feasible=n/12 twoday_median_gap_pct=…
twoday_feasible=n/12 breaks_median_gap_to_relaxed_pct=… breaks_not_worse_than_vroom=n/12
breaks_median_gap_to_vroom_pct=…``.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from tournees.engine import DAY, Break, Problem, check, solve
from tournees.engine.pyvrp_engine import solve_pyvrp
from tournees.engine.vrplib import distance, read_instance, routes_of
from tournees.settings import load_settings

sys.path.insert(0, str(Path(__file__).parent))
from solomon import _from_sequences, run_vroom  # noqa: E402

BASELINE = ["C101", "C201", "R101", "R105", "R110", "R201", "R208", "RC101", "RC105", "RC201", "RC208", "R211"]


def with_breaks(problem: Problem) -> Problem:
    v0 = problem.vehicles[0]
    span = v0.shift_end - v0.shift_start
    brk = Break(
        duration=round(0.05 * span),
        earliest=v0.shift_start + round(0.4 * span),
        latest=v0.shift_start + round(0.6 * span),
    )
    return replace(problem, vehicles=[replace(v, breaks=(brk,)) for v in problem.vehicles])


def two_days(problem: Problem) -> Problem:
    vehicles = [
        replace(v, day=d, shift_start=v.shift_start + d * DAY, shift_end=v.shift_end + d * DAY)
        for d in (0, 1)
        for v in problem.vehicles
    ]
    tasks = [
        replace(t, windows=tuple((a + d * DAY, b + d * DAY) for d in (0, 1) for a, b in t.windows))
        for t in problem.tasks
    ]
    return replace(problem, vehicles=vehicles, tasks=tasks)


def travelled(problem: Problem, routes: list[list[int]]) -> float:
    """Distance of bare routes (task indices per vehicle), untimed, in the instance's units."""
    D, total = problem.distances, 0
    for vi, order in enumerate(routes):
        if order:
            v = problem.vehicles[vi]
            locs = [v.start, *(problem.tasks[t].location for t in order), v.end]
            total += sum(int(D[a, b]) for a, b in zip(locs, locs[1:], strict=False))
    return total / 10


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=1, help="workers of solve(); PyVRP, the reference, uses one")
    parser.add_argument("--instances", default=",".join(BASELINE))
    parser.add_argument("--busy", type=int, default=0, help="processes burning the CPU beside the run")
    args = parser.parse_args()
    return beside_busy(args.busy, lambda: _run(args))


def beside_busy(busy: int, run: Callable[[], int]) -> int:
    """``run()`` with ``busy`` processes burning the CPU beside it (killed afterwards, whatever happens)."""
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(busy)]
    try:
        return run()
    finally:
        for b in burners:
            b.kill()
            b.wait()


def _run(args: argparse.Namespace) -> int:
    folder = load_settings().data_dir.parent / "benchmarks" / "solomon"
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"time limit {args.time:g} s, solve() workers {args.workers}, busy processes {args.busy}, "
        f"load {os.getloadavg()[0]:.1f}"
    )
    print(f"{'instance':9} {'variant':8} {'distance':>9} {'pyvrp':>9} {'gap %':>7} {'time s':>6} feasible engine")
    gaps: dict[str, list[float]] = {"breaks": [], "twoday": [], "relaxed": [], "vroom": []}
    feasible = {"breaks": 0, "twoday": 0}
    names = args.instances.split(",")
    for name in names:
        plain = read_instance(Path(folder) / f"{name}.vrp")
        routes, _ = solve_pyvrp(plain, time_limit_s=args.time, seed=1, wall_clock=True)[:2]
        reference = distance(plain, routes_of(plain, [[t + 1 for t in r] for r in routes if r]))
        print(
            f"{name:9} {'plain':8} {reference:9.1f} {reference:9.1f} {0:7.2f} {args.time:6.1f} True pyvrp (reference)",
            flush=True,
        )
        relaxed_routes = solve_pyvrp(with_breaks(plain), time_limit_s=args.time, seed=1, wall_clock=True, shrink=())[0]
        relaxed = travelled(plain, relaxed_routes)
        print(
            f"{name:9} {'relaxed':8} {relaxed:9.1f} {reference:9.1f} {100 * (relaxed - reference) / reference:7.2f} "
            f"{args.time:6.1f} -    pyvrp, breaks relaxed (estimate of a bound)",
            flush=True,
        )
        t0 = time.perf_counter()
        peer, peer_ok, why = _from_sequences(with_breaks(plain), run_vroom(with_breaks(plain)))
        peer_s = time.perf_counter() - t0
        peer_gap = 100 * (peer - reference) / reference if peer is not None and peer_ok else float("inf")
        print(f"{name:9} {'vroom':8} {peer or 0:9.1f} {reference:9.1f} {peer_gap:7.2f} {peer_s:6.1f} {peer_ok} "
              f"vroom, native breaks {why}", flush=True)
        for variant, problem in (("breaks", with_breaks(plain)), ("twoday", two_days(plain))):
            t0 = time.perf_counter()
            sol = solve(problem, time_limit_s=args.time, seed=0, workers=args.workers)
            elapsed = time.perf_counter() - t0
            ok = not check(problem, sol) and not sol.unassigned
            dist = distance(problem, sol)
            gap = 100 * (dist - reference) / reference if ok else float("inf")
            gaps[variant].append(gap)
            feasible[variant] += ok
            left = f" ({len(sol.unassigned)} left out)" if sol.unassigned else ""
            if variant == "breaks":
                gaps["relaxed"].append(100 * (dist - relaxed) / relaxed if ok else float("inf"))
                ours_ok_peer = ok and peer is not None and peer_ok
                versus = 100 * (dist - peer) / peer if ours_ok_peer and peer else float("-inf" if ok else "inf")
                gaps["vroom"].append(versus)
                left += f"; vs vroom {versus:.2f} %, vs relaxed {gaps['relaxed'][-1]:.2f} %"
            print(
                f"{name:9} {variant:8} {dist:9.1f} {reference:9.1f} {gap:7.2f} {elapsed:6.1f} {ok} {sol.engine}{left}",
                flush=True,
            )
    n = len(names)
    print(
        f"breaks_median_gap_pct={statistics.median(gaps['breaks']):.2f} breaks_feasible={feasible['breaks']}/{n} "
        f"twoday_median_gap_pct={statistics.median(gaps['twoday']):.2f} twoday_feasible={feasible['twoday']}/{n} "
        f"breaks_median_gap_to_relaxed_pct={statistics.median(gaps['relaxed']):.2f} "
        f"breaks_not_worse_than_vroom={sum(g <= 0 for g in gaps['vroom'])}/{n} "
        f"breaks_median_gap_to_vroom_pct={statistics.median(gaps['vroom']):.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
