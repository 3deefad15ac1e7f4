"""Épicerie parameters (fiche 4 « Aller au plus près des locataires vers une épicerie mobile »), from ``[epicerie]``.

Rule numbers, what-if changes and search budgets, each with its unit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from tournees.errors import ValidationError
from tournees.model import GroceryStop
from tournees.services.epicerie.coverage import CoverageRule
from tournees.services.sections import section_values
from tournees.settings import Settings

STEP = 300  # seconds: announced times on 5-minute marks (fiche 4: mêmes jour et heure à chaque passage)


@dataclass(frozen=True)
class EpicerieOptions:
    weeks: int = 4  # weeks planned from the first Monday (the public calendar's horizon)
    rule: CoverageRule = field(default_factory=CoverageRule)  # who a stop reaches (fiche 4: proximité)
    loading_min: int = 30  # minutes at the depot before leaving (loading the van)
    unloading_min: int = 20  # minutes at the depot after coming back
    minutes_per_customer: float = 4.0  # minutes of stop per expected customer
    take_up: float = 0.5  # share (0-1) of the seniors within reach expected at the van
    dwell_factor: float = 1.0  # what-if: longer or shorter stops
    frequencies: Mapping[str, str] = field(default_factory=dict)  # what-if: commune INSEE code -> frequency
    extra_vans: int = 0  # what-if: more vans like the first one
    exclude_stops: tuple[str, ...] = ()
    exclude_communes: tuple[str, ...] = ()  # communes (INSEE codes) left out of this plan: none of their stops
    force_stops: tuple[str, ...] = ()
    extra_stops: tuple[GroceryStop, ...] = ()
    max_stops: int | None = None  # stops at most (None: as many as the vans' weeks hold)
    calendar_time: float = 5.0  # CP-SAT deterministic time units (about seconds) per calendar solve
    route_time_s: float = 1.0  # seconds of engine search per van day
    iterations: int = 8  # calendar ↔ routing rounds before leaving out the days that do not fit
    seed: int = 0
    workers: int = 4  # CP-SAT workers
    fuel_l_per_100km: float = 14.0  # litres per 100 km (refrigerated van)
    fuel_eur_per_l: float = 1.80  # euros per litre
    # Costs of one van and its driver (fiche 4: van 80 000 € once, upkeep with fuel 600 €/month, management
    # 600 €/month; the driver's pay is not in fiche 4: fiche 10's salary line, 3 000 €/month with charges).
    van_eur: float = 80_000.0  # euros, once
    van_years: float = 7.0  # years over which the van is paid off
    upkeep_eur_month: float = 600.0  # euros per month
    management_eur_month: float = 600.0  # euros per month
    driver_eur_month: float = 3_000.0  # euros per month, with charges
    asked_communes: bool = True  # a commune with a senior without a car not covered gets a stop when one is usable
    keep_published: bool = True  # keep the stops, days and times of the latest stored plan of an earlier period
    network: str | None = None  # what-if: this road file instead of the settings' (roads)

    def __post_init__(self) -> None:
        if not 1 <= self.weeks <= 26:
            raise ValidationError(f"weeks {self.weeks} : entre 1 et 26 semaines")
        if (
            min(self.loading_min, self.unloading_min, self.minutes_per_customer, self.extra_vans) < 0
            or not 0 <= self.take_up <= 1
        ):
            raise ValidationError("durées et extra_vans positifs, take_up entre 0 et 1")
        if (
            self.dwell_factor <= 0
            or self.iterations < 1
            or self.workers < 1
            or self.calendar_time <= 0
            or self.route_time_s <= 0
        ):
            raise ValidationError("dwell_factor, calendar_time et route_time_s > 0 ; iterations et workers ≥ 1")

    @classmethod
    def from_settings(cls, settings: Settings) -> EpicerieOptions:
        return cls(**section_values(cls, settings, "epicerie"))

    def replace(self, **changes: Any) -> EpicerieOptions:
        return replace(self, **changes)
