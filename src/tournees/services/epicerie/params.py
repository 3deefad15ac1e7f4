"""The épicerie's options: rule numbers, what-if changes and search budgets."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from tournees.model import GroceryStop
from tournees.services.common import SOMME
from tournees.services.epicerie.coverage import CoverageRule

STEP = 300  # announced times on 5-minute marks


@dataclass(frozen=True)
class EpicerieOptions:
    weeks: int = 4
    rule: CoverageRule = field(default_factory=CoverageRule)
    loading_min: int = 30  # at the depot before leaving
    unloading_min: int = 20  # at the depot after coming back
    minutes_per_customer: float = 4.0
    take_up: float = 0.5  # share of the seniors within reach expected at the van
    dwell_factor: float = 1.0  # what-if: longer or shorter stops
    frequencies: Mapping[str, str] = field(default_factory=dict)  # what-if: commune INSEE code -> frequency
    extra_vans: int = 0  # what-if: more vans like the first one
    exclude_stops: tuple[str, ...] = ()
    force_stops: tuple[str, ...] = ()
    extra_stops: tuple[GroceryStop, ...] = ()
    max_stops: int | None = None
    calendar_time: float = 5.0  # CP-SAT deterministic time per solve
    route_time_s: float = 1.0
    iterations: int = 8
    seed: int = 0
    workers: int = 4
    fuel_l_per_100km: float = 14.0
    fuel_eur_per_l: float = 1.80
    network: tuple[str, ...] = SOMME

