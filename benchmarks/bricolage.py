"""Bricol'âge planning benchmark: generated weeks on the Orléans road network.

Two weeks: the demo's (200 requests, 2 technicians × 5 days) and a landlord-sized one
(600 requests, 10 technicians × 5 days: the demo's two technicians repeated with their
skills, vans and lunch), drawn with several seeds (``--landlord-seeds``; the first one is the
demo's). For each it prints the planning time, the share of requests served, the engine path,
and the gap between our plan's objective and that of a longer run of our own engine (same
input, same seed; ``--factor`` times the time limit, 10 by default); for the landlord weeks,
a last line with the longest planning time and the mean and largest gap.
Goals: ≤ 60 s, gap ≤ 1 % (landlord week).

    python benchmarks/bricolage.py [--week demo|landlord|both] [--time 20] [--landlord-time 60] [--factor 10] [--landlord-seeds 48,49,50]

The limit is a cap: the search stops on its iteration budget, at about a third of the limit on
an idle machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from tournees.db import Database
from tournees.demo import RESOURCES, _write, build_demo
from tournees.engine import check
from tournees.io import import_path
from tournees.services.bricolage.planner import BricolageOptions, BricolagePlanner
from tournees.settings import Settings, load_settings


def landlord_week(tables: dict, technicians: int) -> None:
    """The demo's technicians repeated (skills, van, lunch) up to ``technicians``, each with a van of their own."""
    staff = [s for s in tables["staff"] if s.service == "bricolage"]
    vans = {v.vehicle_id: v for v in tables["vehicles"]}
    for k in range(len(staff), technicians):
        model = staff[k % len(staff)]
        van = replace(vans[model.vehicle_id], vehicle_id=f"VAN-{k + 1}", label=f"Fourgon bricol'âge {k + 1}")
        tables["vehicles"].append(van)
        tables["staff"].append(replace(model, staff_id=f"TECH-{k + 1}", label=f"Technicien {k + 1}", vehicle_id=van.vehicle_id))


MONDAY = dt.date(2026, 11, 23)


def week_database(folder: Path, settings: Settings, requests: int, technicians: int, week_seed: int) -> Database:
    """A database in ``folder`` holding a generated week (the demo's resources, ``technicians`` of them);
    the week's matrix is computed (and cached) here, outside any timed run."""
    tables = build_demo(settings, folder / "donnees", seed=week_seed, n_bricolage=requests)
    if technicians > 2:
        landlord_week(tables, technicians)
        _write(folder / "donnees", tables)
    db_path = folder / "bench.sqlite"
    import_path(RESOURCES, db_path)
    import_path(folder / "donnees", db_path)
    db = Database.open(db_path)
    BricolagePlanner(db, settings, BricolageOptions(time_limit_s=1, workers=1)).build(MONDAY)
    return db


def run_week(label: str, requests: int, technicians: int, time_limit: float, factor: float, week_seed: int = 48) -> tuple[float, float]:
    """Plan the week at ``time_limit`` and at ``factor`` times it; print both; return (planning time, gap %)."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = replace(load_settings(), cache_dir=Path(tmp) / "cache")
        db = week_database(Path(tmp), settings, requests, technicians, week_seed)
        results = {}
        print(f"week {label}: {requests} requests, {technicians} technicians x 5 days, drawn with seed {week_seed}")
        for run, limit in (("plan", time_limit), ("reference", time_limit * factor)):
            planner = BricolagePlanner(db, settings, BricolageOptions(time_limit_s=limit))
            t0 = time.perf_counter()
            plan = planner.plan(MONDAY)
            elapsed = time.perf_counter() - t0
            assert check(plan.problem, plan.solution) == []
            total = plan.kpis["requests_served"] + plan.kpis["requests_left_out"]
            results[run] = (plan.solution.objective, elapsed, plan.kpis["requests_served"], total)
            print(f"{run:9} [{plan.solution.engine}] time limit {limit:6.0f} s: {elapsed:6.1f} s, objective {plan.solution.objective:,}, "
                  f"served {plan.kpis['requests_served']}/{total} (of which sent to the next sector pass: "
                  f"{plan.kpis['left_out_by_reason'].get('next_pass', 0)}), driving {plan.kpis['driving_time_s'] // 60} min")
    ours, ref = results["plan"][0], results["reference"][0]
    gap = 100 * (ours - ref) / ref
    print(f"{label}: planning_time_s={results['plan'][1]:.1f} served_share={results['plan'][2] / results['plan'][3]:.3f} "
          f"gap_vs_{factor:g}x_pct={gap:.2f}", flush=True)
    return results["plan"][1], gap


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--week", choices=("demo", "landlord", "both"), default="both")
    parser.add_argument("--time", type=float, default=20.0, help="time limit of the demo week's planning run (s)")
    parser.add_argument("--landlord-time", type=float, default=60.0, help="time limit of the landlord week's run (s)")
    parser.add_argument("--factor", type=float, default=10.0, help="the reference run is this many times longer")
    parser.add_argument("--landlord-seeds", default="48,49,50",
                        help="seeds drawing the landlord weeks' requests, comma-separated (the demo's: 48)")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    if args.week in ("demo", "both"):
        run_week("demo", 200, 2, args.time, args.factor)
    if args.week in ("landlord", "both"):
        seeds = [int(x) for x in args.landlord_seeds.split(",")]
        runs = [run_week("landlord" if k == 0 else f"landlord#{seed}", 600, 10, args.landlord_time, args.factor, seed)
                for k, seed in enumerate(seeds)]
        gaps = [gap for _, gap in runs]
        print(f"landlord weeks ({len(seeds)} draws): max_planning_time_s={max(t for t, _ in runs):.1f} "
              f"mean_gap_pct={sum(gaps) / len(gaps):.2f} max_gap_pct={max(gaps):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
