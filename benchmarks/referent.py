"""Référent seniors benchmark (issue #29): a landlord of 3,000 senior tenants over a year.

300 residences drawn on the Orléans road network, 3,000 tenants (30 % fragile: visited three times a
year), 7 référents. The year is planned as a référent would, four weeks at a time: each block's visits
are then recorded as done (activities), so the next block's due dates follow from them. Reported: time
to plan each block and the year, and the share of the due dates that fell in a block and were met (a
visit on or before its due date). Results in benchmarks/results/referent.txt (figures only).

    python benchmarks/referent.py
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import tempfile
import time
from pathlib import Path

import numpy as np

from tournees.cli.plan import demo_settings
from tournees.db import Database
from tournees.demo import ORLEANS_GRAPH, RESOURCES, NodeIndex, _write
from tournees.io import import_path
from tournees.model import Activity, Depot, Landlord, Residence, Staff, Tenant
from tournees.services.referent.params import ReferentOptions
from tournees.services.referent.planner import ReferentPlanner
from tournees.settings import load_settings

OUT = Path(__file__).parent / "results" / "referent.txt"
START = dt.date(2027, 1, 4)
BLOCKS, WEEKS = 13, 4
REFERENTS = 7


def landlord(folder: Path, settings) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(29)
    nodes = NodeIndex.for_area(settings, ORLEANS_GRAPH)
    picked = rng.choice(len(nodes.lat), size=301, replace=False)
    lat, lon = float(nodes.lat[picked[0]]), float(nodes.lon[picked[0]])
    homes = [Residence(residence_id=f"SYN-{n:03d}", landlord_id="SYNTH", name=f"Résidence {n}", address="1 rue",
                       postcode="45000", commune="Orléans", insee_code="45234", lat=float(nodes.lat[i]),
                       lon=float(nodes.lon[i])) for n, i in enumerate(picked[1:])]
    counts = rng.multinomial(2700, np.ones(300) / 300) + 1
    tenants = [Tenant(tenant_id=f"LOC-{n:05d}", residence_id=h.residence_id, birth_year=1940, sex="F",
                      isolated=bool(rng.random() < 0.3))
               for n, h in enumerate(h for h, c in zip(homes, counts, strict=True) for _ in range(c))]
    _write(folder, {
        "landlords": [Landlord(landlord_id="SYNTH", name="Bailleur synthétique")],
        "residences": homes, "tenants": tenants,
        "depots": [Depot(depot_id="DEP-REF", name="Agence", address="Orléans", lat=lat, lon=lon)],
        "staff": [Staff(staff_id=f"REF-{n}", service="referent", label=f"Référent {n}", depot_id="DEP-REF",
                        shift_start=dt.time(9), shift_end=dt.time(17, 30), lunch_start=dt.time(12),
                        lunch_end=dt.time(14), lunch_min=60) for n in range(1, REFERENTS + 1)],
    })


def main() -> None:
    settings = demo_settings(load_settings(data_dir=Path(os.environ.get("TOURNEES_DATA_DIR", "../shared/data"))))
    lines = [f"Machine: {platform.machine()}, {os.cpu_count()} cores. 3,000 seniors, 300 residences, "
             f"{REFERENTS} référents, {BLOCKS} blocks of {WEEKS} weeks from {START}, 5 s of routing per block."]
    due = met = visits = 0
    total = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        landlord(Path(tmp) / "in", settings)
        db_path = Path(tmp) / "b.sqlite"
        import_path(RESOURCES, db_path)
        import_path(Path(tmp) / "in", db_path)
        db = Database.open(db_path)
        n = 0
        for block in range(BLOCKS):
            monday = START + dt.timedelta(weeks=WEEKS * block)
            t0 = time.monotonic()
            planner = ReferentPlanner(db, settings, ReferentOptions(time_limit_s=5))
            plan = planner.plan(monday, WEEKS)
            seconds = time.monotonic() - t0
            total += seconds
            k = plan.kpis
            due, met, visits = due + k["due_in_horizon"], met + k["due_met"], visits + k["visits_planned"]
            lines.append(f"block {block + 1:2d} from {monday}: {k['visits_planned']:4d} visits, due dates met "
                         f"{k['due_met']}/{k['due_in_horizon']}, weekly visit hours {k['weekly_visit_hours_min']}-"
                         f"{k['weekly_visit_hours_max']} per référent, {seconds:5.1f} s")
            with db.session() as session:  # the block happened as planned
                for row in plan.campaign:
                    if row["planned_on"]:
                        n += 1
                        session.add(Activity(activity_id=f"ACT-{n:06d}", service="referent", tenant_id=row["tenant_id"],
                                             on=dt.date.fromisoformat(row["planned_on"]), outcome="done",
                                             staff_id=row["referent"]))
    lines.append(f"year: {visits} visits planned in {total:.0f} s ({total / BLOCKS:.1f} s a block); "
                 f"share of due dates met {met}/{due} = {100 * met / max(due, 1):.1f} %")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
