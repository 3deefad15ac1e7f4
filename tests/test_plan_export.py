"""Plan folders in the shared format: written by the engine, re-checked from the files alone."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from tests.engine import instances as inst
from tournees.engine import solve
from tournees.plan import VISIT_COLUMNS, PlanContext, check_plan_folder, write_plan


def _write(tmp_path: Path) -> Path:
    p = inst.busy_week(n=14, days=2)
    s = solve(p, time_limit_s=1.0, engine="ortools", workers=1)
    at = next((st.start for r in s.routes for st in r.steps if st.task_id == "R01"), None)
    slots = {"R01": (at - 3600, at + 3600)} if at is not None else {}  # an announced slot holding the planned start
    ctx = PlanContext("bricolage", dt.date(2026, 11, 23), [f"P{i}" for i in range(12)], [(47.9 + i / 1000, 1.9) for i in range(12)],
                      slots=slots)
    return write_plan(tmp_path / "plan", p, s, ctx, meta={"settings": {"time_limit_s": 1.0}, "inputs_fingerprint": "test"})


def _rows(folder: Path) -> list[dict[str, str]]:
    with (folder / "visits.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _save(folder: Path, rows: list[dict[str, str]]) -> None:
    with (folder / "visits.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=VISIT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_written_plan_follows_the_format_and_checks_clean(tmp_path: Path) -> None:
    folder = _write(tmp_path)
    rows = _rows(folder)
    assert list(rows[0]) == VISIT_COLUMNS
    assert rows[0]["kind"] == "start" and rows[0]["seq"] == "0" and rows[0]["date"] == "2026-11-23"
    breaks = [r for r in rows if r["kind"] == "break"]
    assert breaks and all(r["lat"] and r["lon"] for r in breaks)  # every break says where it is taken
    assert rows[1]["arrival"].startswith("2026-11-2")
    plan = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
    assert plan["format_version"] == "1.0" and plan["kpis"]["tasks_served"] + plan["kpis"]["tasks_left_out"] == 14
    assert plan["engine"]["name"] == "tournees" and plan["seed"] == 0
    assert check_plan_folder(folder) == []


def test_hand_edits_that_break_the_plan_are_listed(tmp_path: Path) -> None:
    folder = _write(tmp_path)
    rows = _rows(folder)
    visit = next(i for i, r in enumerate(rows) if r["kind"] == "visit" and rows[i - 1]["kind"] == "visit")
    rows[visit]["arrival"] = rows[visit - 1]["departure"]  # no time left to drive there
    rows[visit]["start"] = rows[visit]["arrival"]
    dup = dict(rows[visit])
    dup["seq"] = "99"
    rows.insert(visit + 1, dup)
    _save(folder, rows)
    found = check_plan_folder(folder)
    assert any("impossible" in f for f in found)
    assert any("déjà planifiée" in f for f in found)


def test_a_day_longer_than_its_working_time_is_listed(tmp_path: Path) -> None:
    folder = _write(tmp_path)
    plan = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
    rows = _rows(folder)
    first = rows[0]  # the first route: its span, from leaving the depot to coming back
    back = next(r for r in rows if r["kind"] == "end" and (r["resource_id"], r["date"]) == (first["resource_id"], first["date"]))
    span = int((dt.datetime.fromisoformat(back["arrival"]) - dt.datetime.fromisoformat(first["departure"])).total_seconds())
    resource = next(r for r in plan["resources"] if (r["resource_id"], r["date"]) == (first["resource_id"], first["date"]))
    resource["max_work_s"] = span
    (folder / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    assert not any("temps de travail" in f for f in check_plan_folder(folder))  # exactly the day it may work
    resource["max_work_s"] = span - 600
    (folder / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    assert [f for f in check_plan_folder(folder) if "temps de travail" in f] == [
        f"{first['resource_id']} le {first['date']} : journée de {span // 3600} h {span % 3600 // 60:02d}, au-delà du "
        f"temps de travail permis ({(span - 600) // 3600} h {(span - 600) % 3600 // 60:02d})"
    ]
