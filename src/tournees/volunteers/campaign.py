"""A campaign (heat wave…): every isolated or fragile senior gets a volunteer who calls or visits daily.

An assignment with capacities, solved exactly as a min-cost flow (OR-Tools): source → volunteer (capacity k)
→ senior (capacity 1, cost the travel time in seconds) → sink. The flow serves as many seniors as
possible, and among those assignments the one of least total travel. A senior left out gets a reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow

from tournees.network.roads import UNREACHABLE


@dataclass(frozen=True)
class Assignment:
    volunteer_id: str
    senior_id: str
    seconds: int  # exact: kept inside, shown only as a band
    mode: str


@dataclass(frozen=True)
class Unreached:
    senior_id: str
    # too_far: no volunteer within reach; full: those within reach have k seniors already;
    # no_coords: the home is not placed yet; no_consent: the senior did not consent to data processing
    reason: str


@dataclass
class CampaignResult:
    assignments: list[Assignment] = field(default_factory=list)
    unreached: list[Unreached] = field(default_factory=list)

    @property
    def total_seconds(self) -> int:
        return sum(a.seconds for a in self.assignments)

    def by_volunteer(self) -> dict[str, list[Assignment]]:
        out: dict[str, list[Assignment]] = {}
        for a in self.assignments:
            out.setdefault(a.volunteer_id, []).append(a)
        return out


def assign(
    volunteers: list[str],
    seniors: list[str],
    seconds: np.ndarray,
    modes: np.ndarray,
    mode_names: list[str],
    *,
    limits_s: list[int],
    max_per_volunteer: int,
) -> CampaignResult:
    """The best assignment of ``seniors`` to ``volunteers`` (``seconds[i, j]`` from volunteer i to senior j).

    A pair counts only within the volunteer's own limit ``limits_s[i]``; each volunteer takes at most
    ``max_per_volunteer`` seniors. Deterministic: same input, same assignment.
    """
    n_v, n_s = len(volunteers), len(seniors)
    source, sink = n_v + n_s, n_v + n_s + 1
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs: list[tuple[int, int, int]] = []  # (arc, volunteer, senior)
    for i in range(n_v):
        flow.add_arc_with_capacity_and_unit_cost(source, i, max_per_volunteer, 0)
    reachable = (seconds < UNREACHABLE) & (seconds <= np.array(limits_s)[:, None])
    for i, j in zip(*np.nonzero(reachable), strict=True):
        arc = flow.add_arc_with_capacity_and_unit_cost(int(i), n_v + int(j), 1, int(seconds[i, j]))
        arcs.append((arc, int(i), int(j)))
    for j in range(n_s):
        flow.add_arc_with_capacity_and_unit_cost(n_v + j, sink, 1, 0)
    flow.set_node_supply(source, n_s)  # at most every senior; the max flow says how many can be served
    flow.set_node_supply(sink, -n_s)
    result = CampaignResult()
    served: set[int] = set()
    if arcs:
        status = flow.solve_max_flow_with_min_cost()
        if status != flow.OPTIMAL:  # a flow network with integer costs always has an optimum
            raise RuntimeError(f"min-cost flow: status {status}")
        for arc, i, j in arcs:
            if flow.flow(arc):
                served.add(j)
                mode = mode_names[int(modes[i, j])]
                result.assignments.append(Assignment(volunteers[i], seniors[j], int(seconds[i, j]), mode))
    result.assignments.sort(key=lambda a: (a.volunteer_id, a.seconds, a.senior_id))
    for j, senior in enumerate(seniors):
        if j not in served:
            result.unreached.append(Unreached(senior, "full" if reachable[:, j].any() else "too_far"))
    return result
