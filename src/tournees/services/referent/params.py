"""Référent seniors parameters (fiche 2 « 1 visite par an à minima »), loadable from ``[referent]``."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from tournees.errors import ValidationError
from tournees.services.sections import section_values
from tournees.settings import Settings


@dataclass(frozen=True)
class ReferentOptions:
    time_limit_s: float = 20.0  # seconds of routing search
    seed: int = 0
    workers: int = 2
    first_visit_min: int = 90  # a first interview (fiche 2: trames d'entretien pour les premiers entretiens)
    followup_min: int = 60  # a follow-up visit
    visits_per_year: int = 1  # every senior tenant at least (fiche 2: « 1 visite par an à minima »)
    fragile_visits_per_year: int = 3  # isolated, GIR 1-4, signalled
    visiting_share: float = 0.6  # share of the référent's hours for visits (fiche 2: accompagnement 60 % d'ETP)
    signal_days: int = 5  # working days within which a signalled tenant is seen
    ahead_weeks: int = 1  # a visit may come this many weeks before its due date (3 measured: fewer due dates met)
    slot_min: int = 120  # minutes: slot announced to the tenant
    late_margin_min: int = 60  # minutes: the slot still holds if the day runs this late

    def __post_init__(self) -> None:
        if min(self.first_visit_min, self.followup_min, self.visits_per_year, self.fragile_visits_per_year,
               self.signal_days, self.slot_min, self.ahead_weeks) < 1 or not 0 < self.visiting_share <= 1:
            raise ValidationError("durées, visites par an, signal_days et slot_min ≥ 1 ; 0 < visiting_share ≤ 1")
        if self.time_limit_s <= 0 or self.workers < 1 or self.late_margin_min < 0:
            raise ValidationError("time_limit_s > 0, workers ≥ 1 et late_margin_min ≥ 0")

    @classmethod
    def from_settings(cls, settings: Settings) -> ReferentOptions:
        return cls(**section_values(cls, settings, "referent"))

    def replace(self, **changes: Any) -> ReferentOptions:
        return replace(self, **changes)
