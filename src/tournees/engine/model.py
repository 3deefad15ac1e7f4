"""The routing problem every planner hands to the engine, in integers with stated units.

Units: times in seconds on one axis for the whole horizon (day ``d`` starts at
``d * DAY``), distances in metres, money in cents. Locations are indices into the
``durations`` / ``distances`` matrices. Each :class:`Vehicle` is one resource on one
day (a technician's Tuesday); tasks may be done on several days, in one of several
windows, by vehicles that have the skills they need.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from tournees.errors import ValidationError

DAY = 86_400


def _fail(what: str, rule: str) -> ValidationError:
    return ValidationError(f"{what} : {rule}")


@dataclass(frozen=True)
class Break:
    """A break of ``duration`` seconds starting within [``earliest``, ``latest``], taken where the resource is."""

    duration: int
    earliest: int
    latest: int

    def __post_init__(self) -> None:
        if self.duration < 0 or self.earliest > self.latest:
            raise _fail("pause", f"durée ≥ 0 et début au plus tôt ≤ début au plus tard attendus ({self})")


@dataclass(frozen=True)
class Vehicle:
    """One resource on one day (a technician's Tuesday, a van's Friday): where it starts and ends, its shift,
    breaks, skills and costs. Called ``Vehicle`` as in routing; also exported as :data:`ResourceDay`. Not the
    ``tournees.model.Vehicle`` record (a van of the fleet)."""

    id: str  # resource id (van, technician, writer)
    day: int  # index of the day in the horizon
    start: int  # location index
    end: int
    shift_start: int  # absolute seconds
    shift_end: int
    breaks: tuple[Break, ...] = ()
    max_work: int | None = None  # seconds from leaving the start to coming back
    skills: frozenset[str] = frozenset()
    capacity: int | None = None
    cost_per_hour: int = 0  # cents per hour of route duration
    cost_per_km: int = 0  # cents per km driven

    def __post_init__(self) -> None:
        name = f"véhicule {self.id} jour {self.day}"
        if self.shift_start > self.shift_end:
            raise _fail(name, "le début de journée doit précéder la fin")
        for b in self.breaks:
            if b.earliest < self.shift_start or b.latest + b.duration > self.shift_end:
                raise _fail(name, "la pause doit tenir dans la journée")
        if self.max_work is not None and self.max_work <= 0:
            raise _fail(name, "le temps de travail maximal doit être positif")


@dataclass(frozen=True)
class Pin:
    """A confirmed appointment: this vehicle (resource, day), service starting in [``earliest``, ``latest``]."""

    vehicle_id: str
    day: int
    earliest: int
    latest: int

    @classmethod
    def around(cls, vehicle_id: str, day: int, time: int, tolerance: int = 0) -> Pin:
        """Pinned at ``time`` give or take ``tolerance`` seconds."""
        return cls(vehicle_id, day, time - tolerance, time + tolerance)

    def __post_init__(self) -> None:
        if self.earliest > self.latest:
            raise _fail(f"rendez-vous fixé sur {self.vehicle_id}", "le début du créneau doit précéder sa fin")


@dataclass(frozen=True)
class Task:
    """Something to do at a place: a visit, a stop, a session."""

    id: str
    location: int
    duration: int  # seconds on site (service time)
    windows: tuple[tuple[int, int], ...] = ()  # absolute (start, end) in which service must start; empty = any time
    days: frozenset[int] | None = None  # allowed days; None = every day
    skills: frozenset[str] = frozenset()
    penalty: int = 1_000_000  # cost of leaving it out (far above travel); ≥ objective.REQUIRED: serve whenever possible
    demand: int = 0
    pin: Pin | None = None
    preferred: str | None = None  # resource the tenant knows: kept where possible (soft)

    def __post_init__(self) -> None:
        for a, b in self.windows:
            if a > b:
                raise _fail(f"tâche {self.id}", f"fenêtre horaire à l'envers ({a} > {b})")
        if self.duration < 0 or self.penalty < 0:
            raise _fail(f"tâche {self.id}", "durée et pénalité doivent être positives")


@dataclass
class Problem:
    """Matrices, vehicles and tasks; checks its cross-references when built."""

    durations: np.ndarray  # (n, n) int seconds
    distances: np.ndarray  # (n, n) int metres
    vehicles: Sequence[Vehicle]
    tasks: Sequence[Task]
    travel_cost_per_hour: int = 3600  # objective weight of driving time (cents/hour); Solomon: 0
    distance_cost_per_km: int = 0  # objective weight of distance (cents/km); Solomon: 1000 (1 per metre)
    balance: int = 0  # extra cost per second of the longest route (evens out the work)
    preference_cost: int = 0  # cost of a task served by another resource than its preferred one
    estimated: bool = False  # matrices are straight-line estimates
    labels: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.durations = np.asarray(self.durations, dtype=np.int64)
        self.distances = np.asarray(self.distances, dtype=np.int64)
        n = self.durations.shape[0]
        if self.durations.shape != (n, n) or self.distances.shape != (n, n):
            raise _fail("matrices", f"carrées et de même taille attendues ({self.durations.shape}, {self.distances.shape})")
        if (self.durations < 0).any() or (self.distances < 0).any():
            raise _fail("matrices", "temps et distances doivent être positifs")
        ids = [t.id for t in self.tasks]
        if len(set(ids)) != len(ids):
            raise _fail("tâches", "identifiants en double")
        keys = [(v.id, v.day) for v in self.vehicles]
        if len(set(keys)) != len(keys):
            raise _fail("véhicules", "un même véhicule deux fois le même jour")
        for v in self.vehicles:
            if not (0 <= v.start < n and 0 <= v.end < n):
                raise _fail(f"véhicule {v.id}", "lieu de départ ou d'arrivée hors des matrices")
        for t in self.tasks:
            if not 0 <= t.location < n:
                raise _fail(f"tâche {t.id}", "lieu hors des matrices")
            if t.pin is not None and (t.pin.vehicle_id, t.pin.day) not in set(keys):
                raise _fail(f"tâche {t.id}", f"fixée sur {t.pin.vehicle_id} jour {t.pin.day}, qui n'existe pas")

    def compatible(self, task: Task, vehicle: Vehicle) -> bool:
        """Whether ``vehicle`` may serve ``task`` at all (day, skills, pin)."""
        if task.pin is not None:
            return (vehicle.id, vehicle.day) == (task.pin.vehicle_id, task.pin.day)
        return (task.days is None or vehicle.day in task.days) and task.skills <= vehicle.skills

    def windows_on(self, task: Task, vehicle: Vehicle) -> list[tuple[int, int]]:
        """The task's windows on the vehicle's day, cut to its shift (pins narrow them)."""
        lo, hi = vehicle.shift_start, vehicle.shift_end
        spans = list(task.windows) or [(lo, hi)]
        if task.pin is not None:
            spans = [(task.pin.earliest, task.pin.latest)]
        return [(max(a, lo), min(b, hi)) for a, b in spans if max(a, lo) <= min(b, hi)]


@dataclass(frozen=True)
class Step:
    kind: str  # start, visit, break, end
    task_id: str | None
    location: int | None  # None for a break (taken where the resource is)
    arrival: int
    start: int
    end: int
    departure: int


@dataclass
class Route:
    vehicle: int  # index into problem.vehicles
    steps: list[Step]

    @property
    def task_ids(self) -> list[str]:
        return [s.task_id for s in self.steps if s.kind == "visit" and s.task_id]


@dataclass(frozen=True)
class LeftOut:
    task_id: str
    reason_code: str
    reason: str


@dataclass
class Solution:
    routes: list[Route]
    unassigned: list[LeftOut]
    engine: str
    seed: int
    runtime_s: float
    objective: int = 0
    history: list[tuple[float, int]] = field(default_factory=list)  # (seconds, best objective)
    stopped_by_clock: bool = False  # the wall-clock safety cap, not the work budget, ended a search (see engine.solve)

    def travel(self, problem: Problem) -> tuple[int, int]:
        """Total driving time (s) and distance (m)."""
        secs = metres = 0
        for route in self.routes:
            locs = [s.location for s in route.steps if s.location is not None]
            for a, b in zip(locs, locs[1:], strict=False):
                secs += int(problem.durations[a, b])
                metres += int(problem.distances[a, b])
        return secs, metres


ResourceDay = Vehicle  # the name that says what an engine vehicle is
