"""Scenario sweep (issue #31): the same sweep serially and on a 2-worker local Dask cluster.

    .venv/bin/python benchmarks/scenarios.py [--quick] [--out benchmarks/results/scenarios.txt]

40 scenarios (technicians 1-4 × demand ×0.8-2.0 × slot 2 or 3 h; 8 with ``--quick``) of one week of the demo's
bricol'âge, each planned on the Monday and re-planned on the Wednesday (1 s of search each), first in this process one
after the other, then on a LocalCluster of 2 processes, each with an empty cache. Goal: speed-up ≥ 1.8. The machine's
load average is written beside the figures (the machine is shared). The last line reads
``speedup=<x> scenarios=<n> failed=<k>``.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

from tournees.scenarios import sweep_from_mapping
from tournees.scenarios.sweep import run_sweep
from tournees.settings import load_settings


def demo_base(folder: Path) -> Path:
    from tournees.demo import RESOURCES, build_demo
    from tournees.io import import_path

    settings = load_settings()
    build_demo(settings, folder / "donnees", seed=2026)
    db = folder / "demo.sqlite"
    import_path(RESOURCES, db)
    import_path(folder / "donnees", db)
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="8 scenarios instead of 40")
    parser.add_argument("--out", default="benchmarks/results/scenarios.txt")
    args = parser.parse_args()
    grid = ({"technicians": [1, 2], "demand_factor": [1.0, 1.5], "slot_hours": [2.0, 3.0]} if args.quick else
            {"technicians": [1, 2, 3, 4], "demand_factor": [0.8, 1.0, 1.2, 1.5, 2.0], "slot_hours": [2.0, 3.0]})
    lines = [f"Machine : {platform.machine()}, {os.cpu_count()} cœurs ; charge au départ {os.getloadavg()}"]
    with tempfile.TemporaryDirectory(prefix="bench-scenarios-") as tmp:
        base = demo_base(Path(tmp))
        sweep = sweep_from_mapping({"base": {"database": str(base), "service": "bricolage", "first_week": "2026-W48",
                                             "weeks": 1, "time_limit": 1.0, "replan_days": ["mer"],
                                             "simulate_runs": 50}, "grid": grid})
        n = len(sweep.scenarios)
        timings = {}
        failed = 0
        for label, workers in (("en série (ce processus)", 0), ("LocalCluster, 2 processus", 2)):
            t0 = time.monotonic()
            frame = run_sweep(sweep, workers=workers, cache_dir=Path(tmp) / f"cache-{workers}", progress=False)
            timings[workers] = time.monotonic() - t0
            failed = max(failed, int(frame.groupby("scenario")["status"].agg(lambda s: (s == "echec").any()).sum()))
            per = frame.groupby("scenario")[["scenario_seconds", "scenario_cpu_seconds"]].first()
            lines.append(f"{label} : {n} scénarios en {timings[workers]:.1f} s ; par scénario "
                         f"médiane {per['scenario_seconds'].median():.1f} s (processeur "
                         f"{per['scenario_cpu_seconds'].median():.1f} s), max {per['scenario_seconds'].max():.1f} s ; "
                         f"charge {os.getloadavg()}")
    speedup = timings[0] / timings[2]
    lines.append(f"accélération {speedup:.2f} (objectif ≥ 1,8)")
    lines.append(f"speedup={speedup:.2f} scenarios={n} failed={failed}")
    text = "\n".join(lines)
    print(text)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
