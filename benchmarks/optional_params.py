"""PyVRP's parameters when tasks are optional: the planners' real weeks, not Solomon instances.

    python benchmarks/optional_params.py [--time 60] [--params 50/25/20,80/10/20] [--weeks 48,49,50] [--seeds 0,10,20]

Each parameter set (``neighbours/max perturbations/late-acceptance history``; the first one is the
baseline) plans the same landlord-sized bricol'âge weeks (600 requests, 10 technicians × 5 days, as in
``bricolage.py``; ``--weeks``: the seeds drawing them) with several solver seeds, through the whole
``BricolagePlanner.plan()`` at ``--time`` (the iteration budgets of that limit: every set does as many
iterations, so the time is a result too). Printed per set: each plan's objective, the total, how many
plans beat the baseline's on the same week and seed, mean and longest planning time. Last line: the
engine's own set (when run) and the best set, each ``spec total_vs_baseline_pct=… wins=n/N``.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from bricolage import MONDAY, week_database

import tournees.engine.pyvrp_engine as engine
from tournees.services.bricolage.planner import BricolageOptions, BricolagePlanner
from tournees.settings import load_settings

ENGINE_OPTIONAL_PARAMS = engine.optional_params


def params_for(spec: str) -> Callable[[], Any]:
    """``engine.optional_params`` with ``spec`` (neighbours/max perturbations/history); ``engine._params`` still
    decides when tasks are optional."""
    neighbours, perturbations, history = (int(x) for x in spec.split("/"))
    return lambda: ENGINE_OPTIONAL_PARAMS(neighbours, perturbations, history)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time", type=float, default=60.0, help="time limit of each plan (s)")
    parser.add_argument("--params", default="50/25/20,80/10/20", help="parameter sets, the baseline first")
    parser.add_argument("--weeks", default="48,49,50", help="seeds drawing the landlord weeks")
    parser.add_argument("--seeds", default="0,10,20", help="solver seeds")
    args = parser.parse_args()
    specs = args.params.split(",")
    weeks, seeds = [int(x) for x in args.weeks.split(",")], [int(x) for x in args.seeds.split(",")]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    defaults = (engine.OPTIONAL_NEIGHBOURS, engine.OPTIONAL_MAX_PERTURBATIONS, engine.OPTIONAL_HISTORY)
    print("engine defaults for optional tasks: " + "/".join(map(str, defaults)))
    with tempfile.TemporaryDirectory() as tmp:
        settings = replace(load_settings(), cache_dir=Path(tmp) / "cache")
        dbs = {}
        for week in weeks:
            (Path(tmp) / str(week)).mkdir()
            dbs[week] = week_database(Path(tmp) / str(week), settings, 600, 10, week)
        found: dict[str, list[int]] = {}

        def versus_baseline(spec: str) -> str:
            change = 100 * (sum(found[spec]) - sum(found[specs[0]])) / sum(found[specs[0]])
            wins = sum(a < b for a, b in zip(found[spec], found[specs[0]], strict=True))
            return f"{spec} total_vs_baseline_pct={change:.2f} wins={wins}/{len(found[spec])}"

        for spec in specs:
            engine.optional_params = params_for(spec)  # forked workers inherit it
            times = []
            for week, db in dbs.items():
                for seed in seeds:
                    t0 = time.perf_counter()
                    options = BricolageOptions(time_limit_s=args.time, seed=seed)
                    plan = BricolagePlanner(db, settings, options).plan(MONDAY)
                    times.append(time.perf_counter() - t0)
                    found.setdefault(spec, []).append(plan.solution.objective)
                print(f"{spec} week {week}: " + ", ".join(f"{x:,}" for x in found[spec][-len(seeds):]), flush=True)
            print(f"{spec}: total {sum(found[spec]):,}, {versus_baseline(spec).split(' ', 1)[1]}, "
                  f"planning time mean {sum(times) / len(times):.1f} s, longest {max(times):.1f} s", flush=True)
        engine.optional_params = ENGINE_OPTIONAL_PARAMS
    chosen = "/".join(map(str, defaults))
    best = min(specs, key=lambda s: sum(found[s]))
    print((f"engine: {versus_baseline(chosen)}; " if chosen in found else "") + f"best: {versus_baseline(best)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
