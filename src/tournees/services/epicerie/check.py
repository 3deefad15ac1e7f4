"""Épicerie mobile: the rules of a plan folder that only the grocery has, rechecked from the files.

Stable calendar (a stop keeps its weekday and time whenever it is served, moves only
for a holiday listed in ``plan.json``), commune rules (forbidden and market days, time
window, frequency) and the coverage figures recomputed from ``visits.csv`` and
``portee.csv`` (who each stop reaches) against those in ``plan.json``.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from tournees.calendar import weekday_code


def recomputed_coverage(folder: Path) -> dict[str, float | int]:
    """Seniors covered, weighted or not, from the stops served in visits.csv and portee.csv."""
    with (folder / "visits.csv").open(encoding="utf-8-sig") as fh:
        served = {r["location_id"] for r in csv.DictReader(fh) if r["kind"] == "visit"}
    with (folder / "couverture.csv").open(encoding="utf-8-sig") as fh:
        weights = {r["tenant_id"]: float(r["weight"]) for r in csv.DictReader(fh)}
    with (folder / "portee.csv").open(encoding="utf-8-sig") as fh:
        covered = {r["tenant_id"] for r in csv.DictReader(fh) if r["stop_id"] in served}
    total = sum(weights.values())
    return {"seniors": len(weights), "seniors_covered": len(covered & set(weights)),
            "coverage_pct": round(100 * len(covered & set(weights)) / len(weights), 2) if weights else 0.0,
            "weighted_coverage_pct": round(100 * sum(weights[t] for t in covered if t in weights) / total, 2) if total else 0.0}


def check_epicerie_folder(folder: str | Path) -> list[str]:
    folder = Path(folder)
    plan = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
    communes, stops = plan.get("communes", {}), plan.get("stops", {})
    moved = {(m["van"], m["date"]): m["moved_to"] for m in plan.get("holiday_moves", [])}
    problems = []
    with (folder / "visits.csv").open(encoding="utf-8-sig") as fh:
        visits = [r for r in csv.DictReader(fh) if r["kind"] == "visit"]
    times: dict[tuple[str, str], set[str]] = {}
    parities: dict[str, set[int]] = {}
    for row in visits:
        stop_id, _, planned = row["task_id"].partition("@")
        where = f"visits.csv, arrêt {row['task_id']}"
        if stop_id != row["location_id"]:
            problems.append(f"{where} : lieu {row['location_id']} différent de l'arrêt")
        date = row["date"]
        if planned and planned != date and moved.get((row["resource_id"], planned)) != date:
            problems.append(f"{where} : servi le {date} au lieu du {planned} sans report pour jour férié")
        weekday = weekday_code(dt.date.fromisoformat(planned or date))
        times.setdefault((stop_id, weekday), set()).add(row["start"][11:16])
        parities.setdefault(stop_id, set()).add(dt.date.fromisoformat(planned or date).isocalendar()[1] % 2)
        rules = communes.get(stops.get(stop_id, ""), {})
        actual = weekday_code(dt.date.fromisoformat(date))
        if actual in rules.get("forbidden_days", []) or actual == rules.get("market_day"):
            problems.append(f"{where} : passage un {actual}, jour exclu par la commune")
        if rules.get("window_start") and row["start"][11:19] < rules["window_start"]:
            problems.append(f"{where} : arrivée {row['start'][11:16]} avant l'heure permise par la commune ({rules['window_start'][:5]})")
        if rules.get("window_end") and row["end"][11:19] > rules["window_end"]:
            problems.append(f"{where} : départ {row['end'][11:16]} après l'heure permise par la commune ({rules['window_end'][:5]})")
    for (stop_id, weekday), found in sorted(times.items()):
        if len(found) > 1:
            problems.append(f"arrêt {stop_id} : heures différentes le {weekday} selon les semaines ({', '.join(sorted(found))})")
    for stop_id, seen in sorted(parities.items()):
        rules = communes.get(stops.get(stop_id, ""), {})
        if rules.get("frequency") == "quinzaine" and len(seen) > 1:
            problems.append(f"arrêt {stop_id} : commune servie une semaine sur deux, mais passages en semaines paires et impaires")
    if (folder / "portee.csv").exists() and (folder / "couverture.csv").exists():
        again = recomputed_coverage(folder)
        kpis = plan.get("kpis", {})
        for key, value in again.items():
            if key in kpis and abs(float(kpis[key]) - float(value)) > 0.01:
                problems.append(f"plan.json : {key} = {kpis[key]}, recalculé depuis visits.csv et portee.csv : {value}")
    return problems
