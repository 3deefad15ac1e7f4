"""What a choice of sites gives: weighted coverage within T, mean travel and each site's catchment."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tournees.network.roads import UNREACHABLE


@dataclass(frozen=True)
class Catchment:
    """The demand points whose nearest open site is ``site`` (candidate index), and what they weigh."""

    site: int
    points: tuple[int, ...]
    weight: int
    covered_weight: int
    mean_travel_s: float


@dataclass(frozen=True)
class Figures:
    covered_weight: int
    total_weight: int
    mean_travel_s: float  # weighted, over the demand some open site reaches
    unreachable_weight: int  # demand no open site reaches
    catchments: tuple[Catchment, ...]

    @property
    def covered_pct(self) -> float:
        return round(100 * self.covered_weight / self.total_weight, 1) if self.total_weight else 0.0


def evaluate(times: np.ndarray, weights: Sequence[int], sites: Sequence[int], limit_s: int) -> Figures:
    """Coverage and travel of the open ``sites``; each demand point goes to its nearest one (ties: lowest index)."""
    w = np.asarray(weights, dtype=np.int64)
    cols = sorted(sites)
    sub = times[:, cols]
    best = sub.min(axis=1)
    nearest = np.array(cols)[sub.argmin(axis=1)]
    reached = best < UNREACHABLE
    covered = best <= limit_s
    catchments = []
    for j in cols:
        mine = np.nonzero(reached & (nearest == j))[0]
        weight = int(w[mine].sum())
        catchments.append(Catchment(
            j, tuple(int(i) for i in mine), weight, int(w[mine][covered[mine]].sum()),
            float((w[mine] * best[mine]).sum() / weight) if weight else 0.0,
        ))
    reached_weight = int(w[reached].sum())
    return Figures(
        covered_weight=int(w[covered].sum()),
        total_weight=int(w.sum()),
        mean_travel_s=float((w[reached] * best[reached]).sum() / reached_weight) if reached_weight else 0.0,
        unreachable_weight=int(w[~reached].sum()),
        catchments=tuple(catchments),
    )
