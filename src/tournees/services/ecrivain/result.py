"""What an écrivain plan holds: the sessions opened, the appointments booked, the engine's plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tournees.engine import Problem, Solution
from tournees.plan import PlanContext
from tournees.services.common import Horizon


@dataclass
class Session:
    session_id: str
    venue_id: str
    day: int
    start: int  # absolute engine seconds
    end: int
    staff_id: str = ""  # the writer holding it


@dataclass
class Appointment:
    session_id: str
    venue_id: str
    request_id: str
    start: int
    end: int
    travel_s_tenant: int
    travel_mode: str = "voiture"  # how the tenant comes (ecrivain.rules.trip)


@dataclass
class EcrivainPlan:
    problem: Problem
    solution: Solution
    context: PlanContext
    horizon: Horizon
    sessions: list[Session]
    appointments: list[Appointment]
    kpis: dict[str, Any] = field(default_factory=dict)
    run_id: str | None = None  # set once the plan is stored (after its folder is in place)
