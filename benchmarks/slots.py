"""Announced slots against delays (issue #25): how often a tenant sees the technician inside the slot.

Each plan is replayed ``--runs`` times by :mod:`tournees.plan.simulate` at its default delays
(every drive × a factor drawn uniformly in 0.9-1.4, every repair or home visit log-normal
around its catalogue duration with a 0.25 spread; see docs/bricolage.md). Plans:

- the demo week (``tournees demo``: bricol'âge, écrivain home visits, four épicerie weeks);
- the landlord-sized bricol'âge weeks of ``benchmarks/bricolage.py`` (600 requests, 10
  technicians), drawn with ``--landlord-seeds``, planned at ``--landlord-time``.

For the bricol'âge plans it also re-announces the same visits with several late margins
(``--margins``, minutes: how late the planned start may run with the slot still open) and
replays each: the slot rule's default is chosen from that table. Goal: ≥ 95 % everywhere.

    python benchmarks/slots.py [--runs 200] [--seed 0] [--landlord-seeds 48,49,50] [--landlord-time 60]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import platform
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bricolage import MONDAY, week_database  # noqa: E402

from tournees.db import Database  # noqa: E402
from tournees.plan.simulate import Simulation, simulate_folder  # noqa: E402
from tournees.services.bricolage.planner import BricolageOptions, BricolagePlanner  # noqa: E402
from tournees.settings import Settings, load_settings  # noqa: E402


def line(label: str, sim: Simulation, served: int | None = None) -> str:
    worst = min(sim.days, key=lambda d: d.held_pct)
    text = (f"{label}: {sim.last_line()} overrun_days={len(sim.overrun_days)}/{len(sim.days)} "
            f"worst_day={worst.resource_id}@{worst.date}:{worst.held_pct:.1f}")
    return text + (f" served={served}" if served is not None else "")


def margin_table(label: str, planner: BricolagePlanner, folder: Path, margins: list[int], runs: int, seed: int) -> None:
    """The same plan announced with each late margin, replayed."""
    plan = planner.plan(MONDAY)
    served = plan.kpis["requests_served"]
    default = planner.options
    for margin in margins:
        planner.options = default.replace(late_margin_min=margin)
        plan.context.slots = planner._slots(plan.problem, plan.solution)
        planner.write(plan, folder / f"m{margin}", week_label="2026-W48", store=False)
        sim = simulate_folder(folder / f"m{margin}", runs=runs, seed=seed)
        print(line(f"{label} late_margin={margin}", sim, served), flush=True)
    planner.options = default


def demo_week(tmp: Path, runs: int, seed: int, margins: list[int]) -> None:
    from tournees.cli import main as tournees
    from tournees.cli.plan import demo_settings

    out = tmp / "demo"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = tournees(["demo", "--db", str(tmp / "demo.sqlite"), "--out", str(out)])
    if code:
        raise SystemExit(f"tournees demo failed ({code})")
    for service in ("bricolage", "ecrivain", "epicerie"):
        print(line(f"demo {service}", simulate_folder(out / service, runs=runs, seed=seed)), flush=True)
    settings = demo_settings(replace(load_settings(), cache_dir=tmp / "cache"))
    planner = BricolagePlanner(Database.open(tmp / "demo.sqlite"), settings, BricolageOptions())
    margin_table("demo bricolage", planner, tmp / "demo-margins", margins, runs, seed)


def landlord_week(tmp: Path, week_seed: int, time_limit: float, runs: int, seed: int, margins: list[int]) -> None:
    settings: Settings = replace(load_settings(), cache_dir=tmp / "cache")
    db = week_database(tmp / f"landlord{week_seed}", settings, 600, 10, week_seed)
    planner = BricolagePlanner(db, settings, BricolageOptions(time_limit_s=time_limit))
    margin_table(f"landlord#{week_seed} bricolage", planner, tmp / f"landlord{week_seed}-plans", margins, runs, seed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="replays of each plan")
    parser.add_argument("--seed", type=int, default=0, help="seed of the delays")
    parser.add_argument("--landlord-seeds", default="48,49,50", help="seeds drawing the landlord weeks (empty: none)")
    parser.add_argument("--landlord-time", type=float, default=60.0, help="time limit of a landlord week's plan (s)")
    parser.add_argument("--margins", default="30,45,60,75,90", help="late margins to compare, minutes")
    parser.add_argument("--week", choices=("demo", "landlord", "both"), default="both")
    args = parser.parse_args()
    margins = [int(x) for x in args.margins.split(",")]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"default late margin: {BricolageOptions().late_margin_min} min; delays: drives x 0.9-1.4, spread 0.25")
    with tempfile.TemporaryDirectory() as tmp:
        if args.week in ("demo", "both"):
            demo_week(Path(tmp), args.runs, args.seed, margins)
        if args.week in ("landlord", "both"):
            for week_seed in [int(x) for x in args.landlord_seeds.split(",") if x]:
                landlord_week(Path(tmp), week_seed, args.landlord_time, args.runs, args.seed, margins)
    return 0


if __name__ == "__main__":
    sys.exit(main())
