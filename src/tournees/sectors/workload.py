"""What a sector weighs: the yearly visits of its senior tenants and the driving to reach them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from tournees.errors import ValidationError

FRAGILE_GIR = 4  # GIR 1 to 4: dependent (fiche 2 « repérer les situations de fragilité »)


class SeniorLike(Protocol):
    isolated: bool
    gir: int | None


@dataclass(frozen=True)
class SectorOptions:
    visit_min: int = 60  # minutes of a home visit, as planned over a year (first interviews and follow-ups)
    fragile_visits: int = 3  # visits a year for a fragile tenant (isolated, GIR 1-4); 1 for the others
    visits_per_day: int = 4  # home visits in one day out: the driving of a sector is paid once per day out
    max_ratio: float = 1.10  # largest over smallest sector workload
    neighbours: int = 8  # road neighbours of a residence: contiguity is a path through them
    time_limit_s: float = 2.0  # deterministic seconds of CP-SAT search per solve (a few rounds)
    seed: int = 0
    workers: int = 2

    def __post_init__(self) -> None:
        if self.visit_min <= 0 or self.fragile_visits < 1 or self.visits_per_day < 1:
            raise ValidationError("visit_min > 0, fragile_visits ≥ 1 et visits_per_day ≥ 1")
        if self.max_ratio < 1.0 or self.neighbours < 1 or self.time_limit_s <= 0 or self.workers < 1:
            raise ValidationError("max_ratio ≥ 1, neighbours ≥ 1, time_limit_s > 0 et workers ≥ 1")


def is_fragile(tenant: SeniorLike) -> bool:
    """Isolated, or GIR 1–4 where known (the GIR itself never leaves this test)."""
    return tenant.isolated or (tenant.gir is not None and tenant.gir <= FRAGILE_GIR)


def visits_per_year(tenant: SeniorLike, fragile_visits: int) -> int:
    return fragile_visits if is_fragile(tenant) else 1
