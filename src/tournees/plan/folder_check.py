"""Re-check a plan folder (possibly edited by hand in a spreadsheet) against the shared plan format."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path


def _t(text: str) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def check_plan_folder(folder: str | Path) -> list[str]:
    """Every rule of the plan format broken by the folder's visits (French sentences)."""
    folder = Path(folder)
    problems: list[str] = []
    plan = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
    with (folder / "visits.csv").open(encoding="utf-8-sig") as fh:
        visits = list(csv.DictReader(fh))
    with (folder / "unassigned.csv").open(encoding="utf-8-sig") as fh:
        unassigned = list(csv.DictReader(fh))
    matrix = plan.get("matrix", {})
    index = {lid: i for i, lid in enumerate(matrix.get("location_ids", []))}
    durations = matrix.get("durations_s")
    shifts = {(r["resource_id"], r["date"]): r for r in plan.get("resources", [])}
    services = {t["task_id"]: t["service_s"] for t in plan.get("tasks", [])}
    routes: dict[tuple[str, str], list[dict[str, str]]] = {}
    for n, row in enumerate(visits, start=2):
        row["_line"] = str(n)
        routes.setdefault((row["resource_id"], row["date"]), []).append(row)
    seen: dict[str, str] = {}
    for (resource, date), rows in routes.items():
        rows.sort(key=lambda r: int(r["seq"]))
        label = f"{resource} le {date}"
        shift = shifts.get((resource, date))
        if rows[0]["kind"] != "start" or rows[-1]["kind"] != "end":
            problems.append(f"{label} : la tournée doit commencer par « start » et finir par « end »")
        if shift:
            if _t(rows[0]["departure"]) < _t(shift["shift_start"]):  # type: ignore[operator]
                problems.append(f"{label} : départ avant le début de journée ({shift['shift_start']})")
            if _t(rows[-1]["arrival"]) > _t(shift["shift_end"]):  # type: ignore[operator]
                problems.append(f"{label} : retour après la fin de journée ({shift['shift_end']})")
        prev_free, prev_loc, place_free, pauses = None, None, None, []
        for row in rows:
            where = f"visits.csv ligne {row['_line']} ({label}, {row['kind']} {row['task_id']})".replace(" )", ")")
            arrival, start, end, departure = (_t(row[k]) for k in ("arrival", "start", "end", "departure"))
            if None in (arrival, start, end, departure):
                problems.append(f"{where} : heure manquante")
                continue
            if start < arrival or end < start or departure < end:  # type: ignore[operator]
                problems.append(f"{where} : il faut arrivée ≤ début ≤ fin ≤ départ")
            travel = 0
            loc = row["location_id"]
            if row["kind"] != "break" and loc and prev_loc is not None:
                if durations is not None and loc in index and prev_loc in index:
                    travel = durations[index[prev_loc]][index[loc]]
                else:
                    travel = int(row["travel_s_from_prev"] or 0)
            if row["kind"] == "break":
                if prev_free is not None and arrival < prev_free:  # type: ignore[operator]
                    problems.append(f"{where} : pause commencée à {row['arrival']}, avant la fin de l'étape précédente")
                pauses.append((start, end))
            elif place_free is not None:
                # the engine's break rule: a break may interrupt the drive; the drive fits in the time between
                # the two places that breaks do not take
                paused = sum((max(dt.timedelta(0), min(b, arrival) - max(a, place_free)) for a, b in pauses), dt.timedelta(0))
                if arrival - place_free - paused < dt.timedelta(seconds=travel):  # type: ignore[operator]
                    problems.append(f"{where} : arrivée {row['arrival']} impossible, pas avant "
                                    f"{(place_free + paused + dt.timedelta(seconds=travel)).isoformat()}")
            ws, we = _t(row["window_start"]), _t(row["window_end"])
            if row["kind"] not in ("start", "end"):
                if ws is not None and start < ws:  # type: ignore[operator]
                    problems.append(f"{where} : début {row['start']} avant la fenêtre ({row['window_start']})")
                if we is not None and end > we:  # type: ignore[operator]
                    problems.append(f"{where} : fin {row['end']} après la fenêtre ({row['window_end']})")
            if row["kind"] in ("visit", "session") and row["task_id"]:
                if row["task_id"] in seen:
                    problems.append(f"{where} : {row['task_id']} déjà planifiée ({seen[row['task_id']]})")
                seen[row["task_id"]] = where
                need = services.get(row["task_id"])
                if need is not None and (end - start).total_seconds() < need:  # type: ignore[operator]
                    problems.append(f"{where} : durée sur place plus courte que prévu ({need} s)")
            prev_free = departure
            if row["kind"] != "break":
                place_free, pauses = departure, []
            if loc:
                prev_loc = loc
    left = {u["task_id"] for u in unassigned}
    for u in unassigned:
        if not u.get("reason"):
            problems.append(f"unassigned.csv : {u['task_id']} sans raison")
    for task_id in services:
        if task_id not in seen and task_id not in left:
            problems.append(f"{task_id} n'est ni dans visits.csv ni dans unassigned.csv")
    for task_id in left & set(seen):
        problems.append(f"{task_id} est à la fois planifiée et non planifiée")
    return problems
