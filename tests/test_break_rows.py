"""Breaks in the plan folder: each says where it is taken, and rows follow the order things happen."""

from __future__ import annotations

import csv
import datetime as dt
import html
import re
from pathlib import Path

import numpy as np

from tests.engine.instances import H, line, van
from tournees.engine import Break, Problem, Route, Solution, Task
from tournees.engine.schedule import timed_steps
from tournees.outputs.folder import PlanFolder
from tournees.outputs.sheets import route_sheet
from tournees.plan import VISIT_COLUMNS, PlanContext, check_plan_folder, write_plan

MONDAY = dt.date(2026, 11, 23)


def _folder(tmp_path: Path, problem: Problem, order: list[str]) -> list[dict[str, str]]:
    tasks = {t.id: t for t in problem.tasks}
    steps = timed_steps(problem, 0, [tasks[i] for i in order])
    assert steps is not None
    n = len(problem.durations)
    coords = [(49.9 + i / 100, 2.3 + i / 100) for i in range(n)]
    ctx = PlanContext("epicerie", MONDAY, [f"P{i}" for i in range(n)], coords)
    write_plan(tmp_path, problem, Solution([Route(0, steps)], [], engine="test", seed=0, runtime_s=0.0), ctx)
    with (tmp_path / "visits.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _hm(row: dict[str, str], key: str) -> str:
    return row[key][11:16]


def test_a_lunch_taken_waiting_at_the_next_village_is_written_there(tmp_path: Path) -> None:
    """The épicerie van reaches a village at 11:20, lunches there 12:00-13:00 and opens at its window, 14:45."""
    d, m = line(3)
    lunch = Break(duration=H, earliest=12 * H, latest=12 * H)
    problem = Problem(d, m, [van(breaks=(lunch,))], [Task("A", 1, 3 * H),
                                                     Task("B", 2, 1800, windows=((14 * H + 2700, 15 * H),))])
    rows = _folder(tmp_path, problem, ["A", "B"])
    assert [r["kind"] for r in rows] == ["start", "visit", "break", "visit", "end"]
    brk, stop = rows[2], rows[3]
    assert (brk["location_id"], brk["lat"], brk["lon"]) == ("P2", stop["lat"], stop["lon"])  # the village, not the road
    assert (_hm(brk, "arrival"), _hm(brk, "start"), _hm(brk, "end")) == ("11:20", "12:00", "13:00")
    assert brk["travel_s_from_prev"] == "600" and brk["distance_m_from_prev"] == "5000"  # the drive there
    assert (_hm(stop, "arrival"), _hm(stop, "start")) == ("13:00", "14:45")  # not 11:20: the break came first
    assert stop["travel_s_from_prev"] == "0" and stop["distance_m_from_prev"] == "0"
    assert check_plan_folder(tmp_path) == []
    folder = PlanFolder.read(tmp_path)
    text = html.unescape(re.sub(r"<[^>]+>", " ", route_sheet(folder, folder.routes[0], [], {}, {})))
    assert re.search(r"12 h 00 +jusqu'à 13 h 00 +arrivée 11 h 20 à P2 · Pause déjeuner", text), text
    assert text.index("Pause déjeuner") < text.index("14 h 45")  # arrive 11:20, lunch 12:00-13:00, start 14:45


def test_a_break_on_the_road_splits_the_drive(tmp_path: Path) -> None:
    """Two hours' drive from 11:00 with lunch due at 12:00: the break is on the road, half-way."""
    d = np.array([[0, 7200], [7200, 0]])
    m = np.array([[0, 100_000], [100_000, 0]])
    lunch = Break(duration=2700, earliest=12 * H, latest=12 * H)
    problem = Problem(d, m, [van(shift_start=11 * H, shift_end=18 * H, breaks=(lunch,))], [Task("A", 1, H)])
    rows = _folder(tmp_path, problem, ["A"])
    brk, visit = rows[1], rows[2]
    assert brk["kind"] == "break" and brk["location_id"] == ""
    assert (float(brk["lat"]), float(brk["lon"])) == (49.905, 2.305)  # half of the drive done
    assert (brk["travel_s_from_prev"], brk["distance_m_from_prev"]) == ("3600", "50000")
    assert (visit["travel_s_from_prev"], visit["distance_m_from_prev"]) == ("3600", "50000")
    assert _hm(visit, "arrival") == "13:45"
    assert check_plan_folder(tmp_path) == []


def test_check_lists_a_row_arriving_before_the_previous_one_ends(tmp_path: Path) -> None:
    """The old layout: a break with no place, then the place's row arriving before the break's end."""
    d, m = line(3)
    lunch = Break(duration=H, earliest=12 * H, latest=12 * H)
    problem = Problem(d, m, [van(breaks=(lunch,))], [Task("A", 1, 3 * H),
                                                     Task("B", 2, 1800, windows=((14 * H + 2700, 15 * H),))])
    rows = _folder(tmp_path, problem, ["A", "B"])
    rows[2].update(location_id="", travel_s_from_prev="0", distance_m_from_prev="0", arrival=rows[2]["start"])
    rows[3].update(arrival=rows[1]["departure"][:11] + "11:20:00", travel_s_from_prev="600")
    with (tmp_path / "visits.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=VISIT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    found = check_plan_folder(tmp_path)
    assert any("ligne 5" in f and "avant le départ de la ligne précédente" in f for f in found), found
