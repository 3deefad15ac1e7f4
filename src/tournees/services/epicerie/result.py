"""What an épicerie plan holds: the engine's plan over the horizon, the public pattern, the coverage."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from tournees.engine import Problem, Solution
from tournees.plan import PlanContext


@dataclass
class EpiceriePlan:
    problem: Problem
    solution: Solution
    context: PlanContext
    days: list[dt.date]
    calendar: pd.DataFrame  # one row per stop and weekday served: the public pattern
    coverage: pd.DataFrame  # per senior (pseudonymous id): covered, by which stop, why not
    reach: pd.DataFrame
    kpis: dict[str, Any]
    moves: list[dict[str, str]]  # holiday moves
    run_id: str | None = None  # set once the plan is stored (after its folder is in place)
