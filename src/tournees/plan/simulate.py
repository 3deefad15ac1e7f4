"""Replaying a plan folder with random delays: how often the announced slots hold.

Each run draws a driving-time factor per leg (uniform between ``travel_low`` and ``travel_high``)
and, for each repair or home visit, a service time (log-normal, median the planned duration,
``duration_spread`` the standard deviation of its logarithm), then replays every route in the
order of its rows (``visits.csv``, which lists things in the order they happen):

- a leg arrives ``travel_s_from_prev`` × factor after the previous row's departure;
- a visit starts when the resource is there, not before its window opens nor before its
  announced slot opens (nobody rings before the time they were told), and lasts its draw;
- sessions (écrivain), stops with a published time (épicerie) and workshops keep their planned
  length: they are fixed events, only reached late or not;
- a break keeps its length and starts when planned, or when the resource is free if later.

A visit holds its slot when its replayed start lies inside the announced slot. Days whose
return passes the end of the shift overrun. Only ``visits.csv`` is read; the same seed gives
the same figures.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tournees.errors import ValidationError
from tournees.i18n import t
from tournees.i18n.numbers import number_text

OVERRUN_SHARE = 0.1  # a day overruns when it is back late in at least 1 run in 10
SUMMARY_RUNS = 200  # runs behind the plan summary's figure (well under a second on a landlord week)
_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]*)?", re.ASCII)


@dataclass(frozen=True)
class Delays:
    """What goes wrong on the day: drives longer (or shorter) than the matrix, repairs longer or shorter."""

    travel_low: float = 0.9  # factor on a leg's planned driving time, lowest draw
    travel_high: float = 1.4  # highest draw (uniform in between, drawn per leg)
    duration_spread: float = 0.25  # standard deviation of log(service time / planned), 0.25 ≈ ±25 %

    def __post_init__(self) -> None:
        if not 0 < self.travel_low <= self.travel_high <= 10 or not 0 <= self.duration_spread <= 2:
            raise ValidationError(t("sim_bad_delays", None, low=self.travel_low, high=self.travel_high,
                                    spread=self.duration_spread))


@dataclass(frozen=True)
class DayFigures:
    """One resource's day over every run."""

    resource_id: str
    date: str
    visits: int  # visits with an announced slot
    held: int  # (visit, run) pairs inside the slot
    runs: int
    overruns: int  # runs whose return is after the end of the shift
    late_return_p90_s: int  # 9 runs in 10 are back by the end of the shift plus this (0 when inside)

    @property
    def held_pct(self) -> float:
        return 100.0 * self.held / (self.visits * self.runs) if self.visits else 100.0


@dataclass(frozen=True)
class Simulation:
    runs: int
    seed: int
    delays: Delays
    days: list[DayFigures]

    @property
    def visits(self) -> int:
        return sum(d.visits for d in self.days)

    @property
    def held_pct(self) -> float:
        total = sum(d.visits * d.runs for d in self.days)
        return 100.0 * sum(d.held for d in self.days) / total if total else 100.0

    @property
    def overrun_days(self) -> list[DayFigures]:
        """Days back after the end of the shift in at least ``OVERRUN_SHARE`` of the runs."""
        return [d for d in self.days if d.overruns >= OVERRUN_SHARE * d.runs]

    def last_line(self) -> str:
        """The figure scripts read: ``slots_held_pct=<float> visits=<n> runs=<N>``."""
        return f"slots_held_pct={self.held_pct:.1f} visits={self.visits} runs={self.runs}"


def _moment(text: str) -> float:
    return dt.datetime.fromisoformat(text).timestamp()


def _fixed(row: dict[str, str]) -> bool:
    """A session, or an event whose announced time is the event itself (a workshop, a published stop)."""
    announced = (row["slot_start"], row["slot_end"])
    return row["kind"] == "session" or (bool(announced[0]) and announced == (row["start"], row["end"]))


def replay_route(rows: Sequence[dict[str, str]], runs: int, rng: np.random.Generator, delays: Delays) -> DayFigures:
    """Replay one route (its rows in ``seq`` order) ``runs`` times."""
    free = np.full(runs, _moment(rows[0]["departure"]))
    visits = held = 0
    for row in rows[1:]:
        travel = int(row["travel_s_from_prev"] or 0)
        arrival = free + travel * rng.uniform(delays.travel_low, delays.travel_high, runs) if travel else free
        start = np.maximum(arrival, _moment(row["start"])) if row["kind"] == "break" else arrival
        for key in ("window_start", "slot_start"):
            if row[key] and row["kind"] in ("visit", "session"):
                start = np.maximum(start, _moment(row[key]))
        length = np.full(runs, _moment(row["end"]) - _moment(row["start"]))
        if row["kind"] == "visit" and not _fixed(row) and delays.duration_spread and length[0]:
            length *= rng.lognormal(0.0, delays.duration_spread, runs)
        free = start + length
        if row["slot_start"] and row["slot_end"] and row["kind"] in ("visit", "session"):
            visits += 1
            held += int(np.count_nonzero((start >= _moment(row["slot_start"])) & (start <= _moment(row["slot_end"]))))
    shift_end = rows[-1]["window_end"] if rows[-1]["kind"] == "end" else ""  # the end row's window is the shift
    late = free - _moment(shift_end) if shift_end else np.zeros(runs)
    return DayFigures(
        resource_id=rows[0]["resource_id"],
        date=rows[0]["date"],
        visits=visits,
        held=held,
        runs=runs,
        overruns=int(np.count_nonzero(late > 0)),
        late_return_p90_s=max(0, int(np.percentile(late, 90))),
    )


def simulate_rows(rows: Sequence[dict[str, str]], *, runs: int = 200, seed: int = 0,
                  delays: Delays | None = None) -> Simulation:
    """Replay every route of ``visits.csv`` rows (a route: one resource on one date)."""
    if runs < 1:
        raise ValidationError(t("sim_bad_runs", None, runs=runs))
    delays = delays or Delays()
    routes: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in rows:
        routes.setdefault((row["resource_id"], row["date"]), []).append(row)
    rng = np.random.default_rng(seed)
    days = [replay_route(sorted(r, key=lambda x: int(x["seq"])), runs, rng, delays) for _, r in sorted(routes.items())]
    return Simulation(runs=runs, seed=seed, delays=delays, days=days)


def _rows(folder: str | Path) -> list[dict[str, str]]:
    with (Path(folder) / "visits.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def simulate_folder(folder: str | Path, *, runs: int = 200, seed: int = 0, delays: Delays | None = None) -> Simulation:
    """Replay the plan in ``folder`` (its ``visits.csv``)."""
    return simulate_rows(_rows(folder), runs=runs, seed=seed, delays=delays)


def delays_from_options(runs: int, travel_factor: str, duration_spread: str, lang: str | None = None) -> Delays:
    """The delays of ``tournees check --simulate N --travel-factor 0.9-1.4 --duration-spread 0.25`` (``0,9-1,4``
    and ``0.9:1.4`` read too), or the input error naming the option."""
    if runs < 1:
        raise ValidationError(t("sim_bad_runs", lang, runs=runs))
    parts = travel_factor.strip().replace(":", "-").replace(",", ".").split("-")
    if len(parts) != 2 or not all(_DECIMAL.fullmatch(p.strip()) for p in parts):
        raise ValidationError(t("sim_bad_factor", lang, text=travel_factor))
    low, high = (float(p) for p in parts)
    if not 0 < low <= high <= 10:
        raise ValidationError(t("sim_bad_factor", lang, text=travel_factor))
    spread = duration_spread.strip().replace(",", ".")
    if not _DECIMAL.fullmatch(spread) or float(spread) > 2:
        raise ValidationError(t("sim_bad_spread", lang, text=duration_spread))
    return Delays(low, high, float(spread))


def report(sim: Simulation, lang: str | None = None) -> str:
    """Per resource-day, then overall; the last line is :meth:`Simulation.last_line`."""
    d = sim.delays
    lines = [t("sim_title", lang, runs=sim.runs, seed=sim.seed, low=d.travel_low, high=d.travel_high,
               spread=d.duration_spread)]
    for day in sim.days:
        late = t("sim_overrun", lang, pct=100 * day.overruns / day.runs, minutes=-(-day.late_return_p90_s // 60))
        lines.append(t("sim_day", lang, resource=day.resource_id, date=day.date, visits=day.visits,
                       held=number_text(day.held_pct, 1, lang), overrun=late if day.overruns else ""))
    lines.append(t("sim_total", lang, held=number_text(sim.held_pct, 1, lang), visits=sim.visits,
                   overruns=len(sim.overrun_days), days=len(sim.days)))
    lines.append(sim.last_line())
    return "\n".join(lines)


def plan_figures(folder: str | Path, lang: str | None = None) -> str:
    """The plan summary's lines: slots held against the default delays, a search stopped by the safety cap, then
    the long waits."""
    from tournees.plan.folder_files import read_plan_json
    from tournees.plan.waits import long_waits, wait_lines

    rows = _rows(folder)
    sim = simulate_rows(rows, runs=SUMMARY_RUNS)
    held = number_text(sim.held_pct, 1, lang)
    lines = [t("sim_summary", lang, held=held, visits=sim.visits, runs=sim.runs)] if sim.visits else []
    if read_plan_json(Path(folder), lang).get("engine", {}).get("stopped_by_clock"):
        lines.append(t("stopped_by_clock", lang))  # the plan may differ from a run on a free machine: say it
    return "\n".join([*lines, *wait_lines(long_waits(rows), lang)])
