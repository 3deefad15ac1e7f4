"""Replaying a plan with random delays: slots held, days that overrun, long waits (issue #25)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import pytest

from tests.engine.instances import H, line, van
from tests.test_break_rows import _folder
from tournees.cli import main
from tournees.engine import Break, Problem, Route, Solution, Task
from tournees.engine.schedule import timed_steps
from tournees.errors import ValidationError
from tournees.plan import VISIT_COLUMNS, PlanContext, write_plan
from tournees.plan.simulate import Delays, delays_from_options, plan_figures, simulate_folder, simulate_rows
from tournees.plan.staging import staged_folder
from tournees.plan.waits import long_waits, wait_lines

DAY = "2026-11-23T"


def _row(seq: int, kind: str, arrival: str, start: str, end: str, *, travel: int = 0, slot: tuple[str, str] = ("", ""),
         window: tuple[str, str] = ("", "")) -> dict[str, str]:
    return {"service": "bricolage", "resource_id": "TECH-1", "date": DAY[:10], "seq": str(seq), "kind": kind,
            "task_id": f"T{seq}", "location_id": f"P{seq}", "arrival": DAY + arrival, "start": DAY + start,
            "end": DAY + end, "departure": DAY + end,
            "window_start": DAY + window[0] if window[0] else "", "window_end": DAY + window[1] if window[1] else "",
            "slot_start": DAY + slot[0] if slot[0] else "", "slot_end": DAY + slot[1] if slot[1] else "",
            "travel_s_from_prev": str(travel), "pinned": "0"}


def _day(slot_end: str) -> list[dict[str, str]]:
    """Leave at 08:00, an hour's drive, a one-hour repair announced 08:30-``slot_end``, back 10:30 (end of shift)."""
    return [_row(0, "start", "08:00:00", "08:00:00", "08:00:00"),
            _row(1, "visit", "09:00:00", "09:00:00", "10:00:00", travel=3600, slot=("08:30:00", slot_end)),
            _row(2, "end", "10:30:00", "10:30:00", "10:30:00", travel=1800, window=("08:00:00", "10:30:00"))]


def test_a_slot_too_tight_for_the_drive_is_measured_as_such() -> None:
    """Drives 20-40 % longer: the visit starts 09:12-09:24; a slot closing at 09:10 never holds, one at 10:30 always."""
    delays = Delays(1.2, 1.4, 0.0)
    tight = simulate_rows(_day("09:10:00"), runs=50, delays=delays)
    assert tight.held_pct == 0.0 and tight.last_line() == "slots_held_pct=0.0 visits=1 runs=50"
    wide = simulate_rows(_day("10:30:00"), runs=50, delays=delays)
    assert wide.held_pct == 100.0
    assert wide.days[0].overruns == 50 and wide.days[0].late_return_p90_s > 0  # back after 10:30 every time


def test_no_delay_holds_every_slot_and_the_same_seed_gives_the_same_figures(tmp_path: Path) -> None:
    calm = simulate_rows(_day("09:10:00"), runs=20, delays=Delays(1.0, 1.0, 0.0))
    assert calm.held_pct == 100.0 and not calm.overrun_days
    rows = _day("09:15:00")  # held when the hour's drive takes at most 75 min: 0.9-1.25 of 0.9-1.4
    first, again = simulate_rows(rows, runs=400, seed=3), simulate_rows(rows, runs=400, seed=3)
    assert first.days == again.days and 60 < first.held_pct < 80


def test_delay_options_are_checked_with_the_option_named() -> None:
    assert delays_from_options(10, "0,9-1,4", "0.3") == Delays(0.9, 1.4, 0.3)
    bad = [(0, "0.9-1.4", "0.25", "--simulate"), (5, "1.4-0.9", "0.25", "--travel-factor"),
           (5, "beaucoup", "0.25", "--travel-factor"), (5, "0.9-1.4", "-1", "--duration-spread")]
    for runs, factor, spread, option in bad:
        with pytest.raises(ValidationError, match=option):
            delays_from_options(runs, factor, spread)


def test_check_simulate_prints_each_day_and_the_figure_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d, m = line(3)
    problem = Problem(d, m, [van()], [Task("A", 1, H), Task("B", 2, H)])
    steps = timed_steps(problem, 0, problem.tasks)
    assert steps is not None
    ctx = PlanContext("bricolage", dt.date(2026, 11, 23), ["P0", "P1", "P2"], [(47.9, 1.9), (47.91, 1.9), (47.92, 1.9)],
                      slots={"A": (8 * H, 10 * H)})
    with staged_folder(tmp_path / "plan") as tmp:  # sealed with its manifest, as tournees plan writes it
        write_plan(tmp, problem, Solution([Route(0, steps)], [], engine="test", seed=0, runtime_s=0.0), ctx)
    tmp_path = tmp_path / "plan"
    assert main(["check", str(tmp_path), "--simulate", "30", "--seed", "1"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert re.fullmatch(r"slots_held_pct=[0-9]+\.[0-9] visits=1 runs=30", out[-1])
    assert any(x.startswith("  TECH-1 2026-11-23 : 1 visite(s), ") for x in out)
    assert main(["check", str(tmp_path), "--simulate", "30", "--travel-factor", "2-1"]) == 2
    assert "--travel-factor « 2-1 »" in capsys.readouterr().err


def test_a_long_wait_is_flagged_with_its_cause(tmp_path: Path) -> None:
    """Issue #25: the épicerie van at a village from 11:20, lunch 12:00-13:00, opening at the commune's 14:45."""
    d, m = line(3)
    lunch = Break(duration=H, earliest=12 * H, latest=12 * H)
    problem = Problem(d, m, [van(breaks=(lunch,))], [Task("A", 1, 3 * H),
                                                     Task("B", 2, 1800, windows=((14 * H + 2700, 15 * H),))])
    rows = _folder(tmp_path, problem, ["A", "B"])
    waits = long_waits(rows)
    assert [(w.location_id, w.seconds // 60, w.cause) for w in waits] == [("P2", 145, "wait_cause_commune")]
    assert wait_lines(waits, "fr") == ["  Attente de 145 min : TECH-1 le 2026-11-23 à P2, arrivée 11:20, début 14:45 "
                                       "(créneau de la commune)"]
    assert simulate_folder(tmp_path, runs=5).visits == 0  # stops with a published time carry no slot here


def test_the_plan_summary_gives_the_figure_and_the_long_waits(tmp_path: Path) -> None:
    d, m = line(3)
    lunch = Break(duration=H, earliest=12 * H, latest=12 * H)
    problem = Problem(d, m, [van(breaks=(lunch,))], [Task("A", 1, 3 * H),
                                                     Task("B", 2, 1800, windows=((14 * H + 2700, 15 * H),))])
    rows = _folder(tmp_path, problem, ["A", "B"])
    assert plan_figures(tmp_path, "en").splitlines() == [
        "  Wait of 145 min: TECH-1 on 2026-11-23 at P2, arrival 11:20, start 14:45 (the commune's time window)"]
    rows[1].update(slot_start=rows[1]["start"][:11] + "08:00:00", slot_end=rows[1]["start"][:11] + "10:00:00")
    with (tmp_path / "visits.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=VISIT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    first = plan_figures(tmp_path).splitlines()[0]
    assert first.startswith("  Créneaux tenus face aux retards : ") and "des 1 visites (200 tirages" in first


def test_the_plan_summary_says_when_the_safety_cap_stopped_the_search(tmp_path: Path) -> None:
    """A plan cut by the wall-clock cap may differ from one on a free machine: the planner is told in words."""
    d, m = line(3)
    problem = Problem(d, m, [van()], [Task("A", 1, 3 * H)])
    _folder(tmp_path, problem, ["A"])
    assert not any("safety limit" in x for x in plan_figures(tmp_path, "en").splitlines())
    plan = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    plan["engine"]["stopped_by_clock"] = True
    (tmp_path / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    assert any("stopped by the safety limit" in x for x in plan_figures(tmp_path, "en").splitlines())
    assert any("limite de sécurité" in x for x in plan_figures(tmp_path, "fr").splitlines())
