"""Écrivain numérique parameters (fiche 10 « … un écrivain numérique »), loadable from ``[ecrivain]``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from tournees.errors import ValidationError
from tournees.model.vocab import HALF_DAYS
from tournees.network.speeds import SENIOR_WALK_MPS
from tournees.services.sections import section_values
from tournees.settings import Settings

URGENT_MOTIVES = {
    "caf",
    "impots",
    "retraite",
    "sante",
}  # motives with deadlines (fiche 10: droits, CAF, impôts, retraite, santé)
# minutes: longest trip to a session by mobility (fiche 10: permanences de proximité); a request's own limit comes first
MOBILITY_LIMIT_MIN = {"autonome": 20, "aide": 20, "fauteuil": 15}


@dataclass(frozen=True)
class EcrivainOptions:
    time_limit_s: float = 20.0  # seconds of search (half for the calendar, half for the rounds)
    seed: int = 0
    reporting: str = "ven-pm"  # half-day kept for reporting, 0.5 day per week (fiche 10: temps de compte rendu)
    walk_speed_mps: float = SENIOR_WALK_MPS  # m/s: a senior's walking pace (the network's single value)
    session_cost: int = 30  # what opening a session costs in the objective (weight units × 10)
    workers: int = 2  # parallel searches
    mobility_limit_min: Mapping[str, int] = field(default_factory=lambda: dict(MOBILITY_LIMIT_MIN))  # minutes
    keep_regular: bool = True  # sessions at the same venue, weekday and hours as the previous week's plan
    regular_bonus: int = 1_000_000  # objective value of keeping a previous week's session: kept unless impossible
    home_slot_min: int = 120  # minutes: slot announced to a tenant for a home visit
    late_margin_min: int = 60  # minutes: the announced slot still holds if the round runs this late (as bricolage)

    def __post_init__(self) -> None:
        if self.time_limit_s <= 0 or self.walk_speed_mps <= 0 or self.session_cost < 0 or self.workers < 1:
            raise ValidationError("time_limit_s > 0, walk_speed_mps > 0, session_cost ≥ 0 et workers ≥ 1")
        if any(m <= 0 for m in self.mobility_limit_min.values()):
            raise ValidationError("mobility_limit_min : des minutes positives")
        if self.reporting and self.reporting not in HALF_DAYS:
            raise ValidationError(
                f"reporting « {self.reporting} » : une demi-journée comme lun-am ou ven-pm est attendue"
            )

    @classmethod
    def from_settings(cls, settings: Settings) -> EcrivainOptions:
        return cls(**section_values(cls, settings, "ecrivain"))

    def replace(self, **changes: Any) -> EcrivainOptions:
        return replace(self, **changes)
