"""Sectors benchmark (issue #29): balanced CP-SAT districts against a weighted k-medoids baseline.

Goal: largest over smallest sector workload ≤ 1.10, and total driving inside the sectors (the road tree
through each sector's residences) no worse than k-medoids, on the demo's landlords and on a synthetic
landlord of 3,000 senior tenants in 300 residences drawn on the Orléans road network. Results in
benchmarks/results/sectors.txt (no OSM-derived data is written there: figures only).

    python benchmarks/sectors.py
"""

from __future__ import annotations

import os
import platform
import tempfile
import time
from pathlib import Path

import numpy as np

from tournees.cli.plan import demo_settings
from tournees.db import Database
from tournees.demo import ORLEANS_GRAPH, RESOURCES, NodeIndex, build_demo
from tournees.io import import_path
from tournees.sectors import SectorOptions, balanced, figures, kmedoids
from tournees.sectors.districts import symmetric
from tournees.sectors.split import split
from tournees.services.common import Places
from tournees.settings import load_settings

OUT = Path(__file__).parent / "results" / "sectors.txt"


def line(name: str, k: int, ours, base, seconds: float) -> str:  # type: ignore[no-untyped-def]
    gap = 100 * (ours.tour_total_min / base.tour_total_min - 1) if base.tour_total_min else 0.0
    return (f"{name:<28} k={k:<3} max/min {ours.ratio:5.2f} (k-medoids {base.ratio:5.2f})  driving inside "
            f"{ours.tour_total_min:7.0f} min (k-medoids {base.tour_total_min:7.0f}, {gap:+.1f} %)  "
            f"contiguous {all(ours.contiguous)}  {seconds:5.1f} s")


def main() -> None:
    settings = load_settings(data_dir=Path(os.environ.get("TOURNEES_DATA_DIR", "../shared/data")))
    settings = demo_settings(settings)
    lines = [f"Machine: {platform.machine()}, {os.cpu_count()} cores. CP-SAT 2 deterministic s per solve, seed 0."]
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "demo.sqlite"
        build_demo(settings, Path(tmp) / "donnees", seed=2026)
        import_path(RESOURCES, db_path)
        import_path(Path(tmp) / "donnees", db_path)
        db = Database.open(db_path)
        for k in (4, 6):
            t0 = time.monotonic()
            for r in split(db, settings, k=k):
                lines.append(line(f"demo {r.landlord_id}", k, r.figures, r.baseline, time.monotonic() - t0))
    rng = np.random.default_rng(29)
    nodes = NodeIndex.for_area(settings, ORLEANS_GRAPH)
    picked = rng.choice(len(nodes.lat), size=300, replace=False)
    seniors = rng.multinomial(3000 - 300, np.ones(300) / 300) + 1
    fragile = rng.binomial(seniors, 0.3)
    o = SectorOptions()
    visits = seniors + fragile * (o.fragile_visits - 1)
    places = Places()
    for n, i in enumerate(picked):
        places.add(f"SYN-{n:03d}", float(nodes.lat[i]), float(nodes.lon[i]))
    durations, _, _ = places.matrix(settings)
    rt = symmetric(durations)
    visit_s, days = visits * o.visit_min * 60.0, visits / o.visits_per_day
    for k in (8, 15):
        t0 = time.monotonic()
        part = balanced(rt, visit_s, days, k, options=o)
        ours = figures(part, rt, visit_s, days)
        base = figures(kmedoids(rt, np.maximum(days, 1e-3), k), rt, visit_s, days)
        note = f"  {part.note}" if part.note else ""
        lines.append(line("synthetic 3000 seniors/300", k, ours, base, time.monotonic() - t0) + note)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
