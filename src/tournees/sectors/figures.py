"""The balance figures of a partition: workload per sector, its spread, the driving inside each sector."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tournees.sectors.districts import Partition, connected, neighbours, sector_costs, tree_seconds


@dataclass
class Figures:
    workload_h: list[float]  # per sector: visits + star driving, hours a year
    visit_h: list[float]  # per sector: visit time, hours a year
    driving_h: list[float]  # per sector: star driving (days out × round trip from the centre), hours a year
    tour_min: list[float]  # per sector: a road tree through its residences (minimum spanning tree), minutes
    residences: list[int]
    contiguous: list[bool]  # connected through road neighbours

    @property
    def ratio(self) -> float:
        loads = [w for w in self.workload_h if w > 0]
        return max(loads) / min(loads) if loads else 1.0

    @property
    def tour_total_min(self) -> float:
        return float(sum(self.tour_min))


def figures(part: Partition, rt: np.ndarray, visit_s: np.ndarray, days: np.ndarray, *, near: int = 8) -> Figures:
    """Figures of ``part``; the intra-sector driving is measured on the road tree of each sector (the length of a
    minimum spanning tree bounds a round through all its residences within a factor 2), so that it does not
    depend on where a centre was put."""
    cost = sector_costs(rt, visit_s, days, part.centres)
    graph = neighbours(rt, near)
    out = Figures([], [], [], [], [], [])
    for j in range(len(part.centres)):
        members = np.flatnonzero(part.labels == j)
        out.residences.append(len(members))
        out.workload_h.append(float(cost[members, j].sum()) / 3600)
        out.visit_h.append(float(visit_s[members].sum()) / 3600)
        out.driving_h.append(out.workload_h[-1] - out.visit_h[-1])
        out.tour_min.append(tree_seconds(members, rt) / 60)
        out.contiguous.append(connected(members, graph))
    return out
