"""Bricol'âge parameters (fiche 7 « Assurer l'entretien du logement avec le bricol'âge »), from ``[bricolage]``.

Every number of a plan's rules lives here with its unit. ``tournees.toml`` may set any field of
:class:`BricolageOptions` in a ``[bricolage]`` table; a bad value stops with the file, key and rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from tournees.errors import ValidationError
from tournees.services.common import AFTERNOON, HALF_DAY_SPLIT  # noqa: F401  (the shared half-day rule)
from tournees.services.sections import section_values
from tournees.settings import Settings

# Weight of a request by priority (fiche 7: urgent first, then fragile and isolated tenants); no unit, relative.
PRIORITY_WEIGHT = {"urgent": 40, "fragile": 20, "isole": 15, "normal": 10}
REQUEST_PROCESSING_H = 2.0  # staff hours per request for reception and planning (fiche 7)


@dataclass(frozen=True)
class BricolageOptions:
    """Settings of a bricol'âge plan (seconds inside, minutes and hours where people set them)."""

    slot_hours: float = 2.0  # hours: length of the slot announced to the tenant (fiche 7: « créneau annoncé »)
    late_margin_min: int = 60  # minutes: delay the announced slot must absorb (measured: benchmarks/results/slots.txt)
    urgent_within_days: int = 2  # working days: an urgent request is served within (fiche 7: urgences sous 48 h)
    time_limit_s: float = 20.0  # seconds of search
    seed: int = 0
    workers: int = 2  # parallel searches
    same_technician_cost: int = 20_000  # cents: about 5 h 30 of driving to keep a tenant's technician
    travel_cost_per_hour: int = 3_600  # cents per hour of driving
    priority_weight: Mapping[str, int] = field(default_factory=lambda: dict(PRIORITY_WEIGHT))  # see PRIORITY_WEIGHT
    request_processing_h: float = REQUEST_PROCESSING_H  # staff hours per request, reception and planning (fiche 7)

    def __post_init__(self) -> None:
        if (
            not 0.5 <= self.slot_hours <= 8
            or self.late_margin_min < 0
            or self.late_margin_min * 60 > self.slot_hours * 3600
        ):
            raise ValidationError("créneau entre 0,5 et 8 h, et marge de retard positive et plus courte que le créneau")
        if set(self.priority_weight) != set(PRIORITY_WEIGHT) or any(w <= 0 for w in self.priority_weight.values()):
            raise ValidationError(f"priority_weight : un poids positif par priorité {sorted(PRIORITY_WEIGHT)}")
        if self.urgent_within_days < 0 or self.time_limit_s <= 0 or self.workers < 1:
            raise ValidationError("urgent_within_days ≥ 0, time_limit_s > 0 et workers ≥ 1")

    @classmethod
    def from_settings(cls, settings: Settings) -> BricolageOptions:
        """The defaults overridden by the ``[bricolage]`` table of the settings file."""
        return cls(**section_values(cls, settings, "bricolage"))

    def replace(self, **changes: Any) -> BricolageOptions:
        return replace(self, **changes)
