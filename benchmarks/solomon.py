"""VRPTW benchmark: our engine against OR-Tools (its defaults, and our wrapper), PyVRP and VROOM, in one run.

    python benchmarks/solomon.py --subset baseline --time 10   # the 12 instances of baseline-peers.csv
    python benchmarks/solomon.py --subset all --time 10        # the 56 Solomon instances
    python benchmarks/solomon.py --set gh200 --time 10         # Gehring-Homberger 200

Same data for every solver (``shared/benchmarks/SOURCES.md``): d_ij = floor(10·euclid),
time = distance, fleet and capacity of the file, objective = distance. Every solution
is checked by our independent checker. Every solver gets one thread (``--workers`` for
ours, default 1, the same as the peers). Rows: ``tournees`` = ``solve()`` as the planners
call it (the ``path`` column says which engine produced the plan); ``ortools_default`` =
OR-Tools with its default search parameters, only the time limit set; ``ortools_wrapper``
= our OR-Tools adapter (parallel cheapest insertion + guided local search); ``pyvrp`` =
PyVRP with its own wall-clock stop; ``vroom`` = VROOM, exploration level 5.
Last line: ``median_gap_pct=<float> feasible=<n>/<m>`` (ours).
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import statistics
import sys
import time
from pathlib import Path

from tournees.engine import Problem, check, solve
from tournees.engine.ortools_engine import solve_ortools
from tournees.engine.pyvrp_engine import solve_pyvrp
from tournees.engine.vrplib import distance, read_instance, routes_of
from tournees.settings import load_settings

BASELINE = ["C101", "C201", "R101", "R105", "R110", "R201", "R208", "RC101", "RC105", "RC201", "RC208", "R211"]


def _bench_dir() -> Path:
    return load_settings().data_dir.parent / "benchmarks"


def _from_sequences(problem: Problem, routes: list[list[int]]) -> tuple[float | None, bool, str]:
    """Distance and feasibility of bare routes (task indices), timed and checked by us."""
    seqs = [[t + 1 for t in r] for r in routes if r]
    served = sum(len(r) for r in seqs)
    if served != len(problem.tasks):
        return None, False, f"{len(problem.tasks) - served} clients non servis"
    try:
        sol = routes_of(problem, seqs)
    except ValueError as exc:
        return None, False, str(exc)
    violations = check(problem, sol)
    return distance(problem, sol), not violations, "; ".join(v.code for v in violations[:3])


def run_vroom(problem: Problem, threads: int = 1) -> list[list[int]]:
    import vroom

    inp = vroom.Input()
    matrix = problem.durations.tolist()
    inp.set_durations_matrix(profile="car", matrix_input=matrix)
    inp.set_costs_matrix(profile="car", matrix_input=problem.distances.tolist())
    for k, v in enumerate(problem.vehicles):  # breaks: VROOM's own (always taken, inside their window)
        breaks = [vroom.Break(id=100 * k + j, time_windows=[vroom.TimeWindow(b.earliest, b.latest)], service=b.duration)
                  for j, b in enumerate(v.breaks)]
        inp.add_vehicle(vroom.Vehicle(id=k, start=v.start, end=v.end, capacity=[v.capacity or 0],
                                      time_window=vroom.TimeWindow(v.shift_start, v.shift_end), breaks=breaks))
    for i, t in enumerate(problem.tasks):
        a, b = t.windows[0]
        inp.add_job(vroom.Job(id=i, location=t.location, default_service=t.duration, delivery=[t.demand],
                              time_windows=[vroom.TimeWindow(a, b)]))
    sol = inp.solve(exploration_level=5, nb_threads=threads)
    routes: dict[int, list[int]] = {}
    for row in sol.routes.itertuples():
        if row.type == "job":
            routes.setdefault(int(row.vehicle_id), []).append(int(row.id))
    return list(routes.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subset", choices=("baseline", "all"), default="baseline")
    parser.add_argument("--set", dest="which", choices=("solomon", "gh200"), default="solomon")
    parser.add_argument("--time", type=float, default=10.0)
    parser.add_argument("--solvers", default="tournees,ortools_default,ortools_wrapper,pyvrp,vroom")
    parser.add_argument("--workers", type=int, default=1, help="workers of our solve() (the peers run one thread)")
    parser.add_argument("--out", default=None, help="CSV of every row")
    args = parser.parse_args()
    bench = _bench_dir()
    bks = {r["instance"]: float(r["bks_dist_objective"]) for r in csv.DictReader((bench / "bks.csv").open())}
    folder = bench / ("solomon" if args.which == "solomon" else "gehring_homberger/200")
    names = BASELINE if (args.which == "solomon" and args.subset == "baseline") else sorted(p.stem for p in folder.glob("*.vrp"))
    solvers = args.solvers.split(",")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; time limit {args.time:g} s; "
          f"our workers {args.workers}")
    print(f"{'instance':10} {'solver':16} {'distance':>10} {'bks':>9} {'gap %':>7} {'time s':>7} feasible path")
    rows = []
    for name in names:
        problem = read_instance(folder / f"{name}.vrp")
        for solver in solvers:
            t0 = time.perf_counter()
            note = ""
            if solver == "tournees":
                sol = solve(problem, time_limit_s=args.time, seed=0, workers=args.workers)
                violations = check(problem, sol)
                dist = distance(problem, sol) if not sol.unassigned else None
                feasible = not violations and not sol.unassigned
                note = sol.engine
            elif solver == "ortools_default":  # OR-Tools' own default parameters, only the time limit set
                routes, _ = solve_ortools(problem, time_limit_s=args.time, defaults=True)
                dist, feasible, note = _from_sequences(problem, routes)
                note = note or "ortools (default parameters)"
            elif solver == "ortools_wrapper":  # our adapter: parallel cheapest insertion + guided local search
                routes, _ = solve_ortools(problem, time_limit_s=args.time)
                dist, feasible, note = _from_sequences(problem, routes)
                note = note or "ortools (tournees wrapper)"
            elif solver == "pyvrp":
                routes, _, _ = solve_pyvrp(problem, time_limit_s=args.time, seed=1, wall_clock=True)
                dist, feasible, note = _from_sequences(problem, routes)
                note = note or "pyvrp (own stop)"
            else:
                dist, feasible, note = _from_sequences(problem, run_vroom(problem))
                note = note or "vroom"
            elapsed = time.perf_counter() - t0
            gap = None if dist is None or not feasible else 100 * (dist - bks[name]) / bks[name]
            rows.append({"instance": name, "solver": solver, "distance": dist, "bks": bks[name], "gap_pct": gap,
                         "runtime_s": round(elapsed, 2), "feasible": feasible, "path": note})
            shown = f"{gap:7.2f}" if gap is not None else "      -"
            print(f"{name:10} {solver:16} {dist if dist is not None else '-':>10} {bks[name]:9.1f} {shown} {elapsed:7.1f} {feasible} {note}",
                  flush=True)
    if args.out:
        with open(args.out, "w", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    print()
    for solver in solvers:
        mine = [r for r in rows if r["solver"] == solver]
        gaps = [r["gap_pct"] for r in mine if r["gap_pct"] is not None]
        ok = sum(r["feasible"] for r in mine)
        if gaps:
            print(f"{solver:16} median gap {statistics.median(gaps):.2f} %, mean gap {statistics.mean(gaps):.2f} %, feasible {ok}/{len(mine)}")
        else:
            print(f"{solver:16} feasible {ok}/{len(mine)}")
    ours = [r for r in rows if r["solver"] == "tournees"]
    gaps = [r["gap_pct"] if r["gap_pct"] is not None else float("inf") for r in ours]
    print(f"median_gap_pct={statistics.median(gaps):.2f} feasible={sum(r['feasible'] for r in ours)}/{len(ours)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
