"""Reading Solomon / Gehring-Homberger instances (VRPLIB format) into a :class:`Problem`.

Convention of ``shared/benchmarks/SOURCES.md``: d_ij = floor(10 · euclid), travel time
= distance, windows and service times × 10, objective = total distance.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np

from tournees.engine.model import Problem, Route, Solution, Task, Vehicle
from tournees.engine.objective import REQUIRED


def read_instance(path: str | Path) -> Problem:
    text = Path(path).read_text()
    header = dict(re.findall(r"^(\w+)\s*:\s*(.+)$", text, flags=re.M))

    def section(name: str) -> list[list[str]]:
        m = re.search(rf"^{name}\s*\n(.*?)(?=^\w+_SECTION|^EOF|\Z)", text, flags=re.M | re.S)
        return [line.split() for line in (m.group(1).strip().splitlines() if m else []) if line.strip()]

    coords = np.array([[float(x), float(y)] for _, x, y in section("NODE_COORD_SECTION")])
    demand = [int(d) for _, d in section("DEMAND_SECTION")]
    windows = [(int(a) * 10, int(b) * 10) for _, a, b in section("TIME_WINDOW_SECTION")]
    service_rows = section("SERVICE_TIME_SECTION")
    service = [int(s) * 10 for _, s in service_rows] if service_rows else [int(header.get("SERVICE_TIME", "0")) * 10] * len(coords)
    diff = coords[:, None, :] - coords[None, :, :]
    dist = np.floor(10 * np.sqrt((diff**2).sum(axis=2)) + 1e-9).astype(np.int64)
    fleet = int(header.get("VEHICLES", "25"))
    capacity = int(header["CAPACITY"])
    e0, l0 = windows[0]
    vehicles = [Vehicle(id=f"V{k + 1}", day=0, start=0, end=0, shift_start=e0, shift_end=l0, capacity=capacity) for k in range(fleet)]
    tasks = [Task(id=str(i), location=i, duration=service[i] if i < len(service) else 0, windows=(windows[i],), demand=demand[i],
                  penalty=REQUIRED) for i in range(1, len(coords))]
    return Problem(dist, dist, vehicles, tasks, travel_cost_per_hour=0, distance_cost_per_km=1000, labels={"name": Path(path).stem})


def distance(problem: Problem, solution: Solution) -> float:
    """Total distance in the instance's units (one decimal, DIMACS truncation)."""
    return solution.travel(problem)[1] / 10


def routes_of(problem: Problem, sequences: list[list[int]]) -> Solution:
    """A solution from bare client sequences (as ``.sol`` files give them), timed by the engine's rules."""
    from tournees.engine.schedule import timed_steps

    routes = []
    for vi, seq in enumerate(sequences):
        steps = timed_steps(problem, vi, [problem.tasks[c - 1] for c in seq])
        if steps is None:
            raise ValueError(f"route {vi + 1} infaisable")
        routes.append(Route(vi, steps))
    return Solution(routes, [], "sol", 0, 0.0)


def read_solution(path: str | Path) -> list[list[int]]:
    return [[int(x) for x in line.split(":", 1)[1].split()] for line in Path(path).read_text().splitlines() if line.startswith("Route")]


__all__ = ["distance", "math", "read_instance", "read_solution", "routes_of"]
