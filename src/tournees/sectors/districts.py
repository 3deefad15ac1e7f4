"""Balanced districts on a road-time matrix: CP-SAT location–allocation, and the k-medoids baseline.

Each sector has a centre (a residence). A residence's yearly cost in sector ``j`` is its visit
time plus its days out × the round trip from the centre (the star estimate of the driving). The
CP-SAT model (Hess et al. 1965, with the shortest-path contiguity of Mehrotra, Johnson &
Nemhauser 1998) assigns every residence to one of its nearest centres so that:

- the largest sector workload is at most ``max_ratio`` × the smallest (balance);
- a residence joins a centre only through a road neighbour that is closer to that centre and in
  the same sector (contiguity: each sector is connected through neighbours on the road network);
- the planner's pinned residences stay in their sector;

and minimises the star driving (compactness). Centres are then moved to each sector's weighted
medoid and the model solved again, a few rounds, keeping the best plan.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from tournees.engine.budget import safety_cap_s
from tournees.sectors.workload import SectorOptions

log = logging.getLogger(__name__)
ROUNDS = 4  # re-centring rounds: the centres settle in two or three
CANDIDATES = 6  # nearest centres a residence may join
LOOSER = (1.0, 1.05, 1.15, 1.4)  # the balance asked, × max_ratio, when the previous one finds no plan


@dataclass
class Partition:
    labels: np.ndarray  # sector index of each residence
    centres: list[int]  # residence index of each sector's centre
    ratio_asked: float = 0.0  # the balance the model was held to (0: none, the baseline)
    note: str = ""  # what could not be met, in French (empty when all was)


def symmetric(durations: np.ndarray) -> np.ndarray:
    """Road time between two places, the mean of both ways (a sector is driven both ways)."""
    d = np.asarray(durations, dtype=float)
    return (d + d.T) / 2


def neighbours(rt: np.ndarray, n: int) -> list[list[int]]:
    """The ``n`` nearest residences of each by road time, made symmetric (a road links both)."""
    size = len(rt)
    near = [set() for _ in range(size)]  # type: list[set[int]]
    for i in range(size):
        for j in np.argsort(rt[i], kind="stable")[: n + 1]:
            if int(j) != i:
                near[i].add(int(j))
                near[int(j)].add(i)
    return [sorted(s) for s in near]


def tree_seconds(members: np.ndarray, rt: np.ndarray) -> float:
    """Road seconds of a minimum spanning tree through ``members``: a round through them all is at most twice it."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import minimum_spanning_tree

    if len(members) < 2:
        return 0.0
    return float(minimum_spanning_tree(csr_matrix(np.maximum(rt[np.ix_(members, members)], 1e-3))).sum())


def connected(members: np.ndarray, near: list[list[int]]) -> bool:
    """Whether ``members`` hang together through road neighbours."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    if len(members) < 2:
        return True
    index = {int(m): a for a, m in enumerate(members)}
    pairs = [(index[int(m)], index[o]) for m in members for o in near[int(m)] if o in index]
    rows, cols = zip(*pairs, strict=True) if pairs else ((), ())
    graph = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(members), len(members)))
    return bool(connected_components(graph, directed=False)[0] == 1)


def sector_costs(rt: np.ndarray, visit_s: np.ndarray, days: np.ndarray, centres: list[int]) -> np.ndarray:
    """Seconds a year of each residence (rows) in each sector (columns): visits + days out × round trip."""
    return visit_s[:, None] + days[:, None] * 2 * rt[:, centres]


def medoid(members: np.ndarray, rt: np.ndarray, weight: np.ndarray) -> int:
    """The member from which the weighted road time to the others is least (ties: the lowest index)."""
    sub = rt[np.ix_(members, members)]
    cost = (sub * weight[members][None, :]).sum(axis=1)
    return int(members[int(np.argmin(cost))])


def kmedoids(rt: np.ndarray, weight: np.ndarray, k: int, *, iterations: int = 100) -> Partition:
    """Weighted k-medoids (PAM's greedy BUILD, then alternate assignment and medoid updates): the baseline.

    Deterministic. Minimises the weighted road time to the nearest medoid, with no balance.
    """
    n = len(rt)
    k = min(k, n)
    w = np.maximum(weight, 1e-9)
    centres = [int(np.argmin((rt * w[None, :]).sum(axis=1)))]
    best = rt[centres[0]].copy()
    while len(centres) < k:
        gain = (np.maximum(best[None, :] - rt, 0) * w[None, :]).sum(axis=1)
        gain[centres] = -1
        c = int(np.argmax(gain))
        centres.append(c)
        best = np.minimum(best, rt[c])
    labels = np.argmin(rt[centres], axis=0)
    for _ in range(iterations):
        moved = [medoid(np.flatnonzero(labels == j), rt, w) if (labels == j).any() else c
                 for j, c in enumerate(centres)]
        new = np.argmin(rt[moved], axis=0)
        if moved == centres and (new == labels).all():
            break
        centres, labels = moved, new
    return Partition(labels=labels, centres=centres)


def balanced(rt: np.ndarray, visit_s: np.ndarray, days: np.ndarray, k: int, *,
             pins: Mapping[int, int] | None = None, options: SectorOptions | None = None) -> Partition:
    """``k`` balanced, compact, contiguous sectors (see the module); ``pins``: residence index → sector index.

    When the balance cannot be held (a residence heavier than a sector, pins too lopsided), the ratio is
    loosened step by step and the partition's ``note`` says so.
    """
    o = options or SectorOptions()
    pins = dict(pins or {})
    n = len(rt)
    if k <= 1 or n <= k:
        labels = np.zeros(n, dtype=int) if k <= 1 else np.arange(n)
        return Partition(labels=labels, centres=list(range(min(k, n))) or [0], ratio_asked=o.max_ratio)
    weight = days.astype(float)
    start = kmedoids(rt, np.maximum(weight, 1e-3), k)
    centres = list(start.centres)
    for j in sorted(set(pins.values())):  # a pinned sector is centred on its pinned residences
        members = np.array(sorted(i for i, s in pins.items() if s == j))
        centres[j] = medoid(members, rt, np.maximum(weight, 1e-3))
    if len(set(centres)) < len(centres):  # a pinned centre took a free sector's: that one takes the farthest place
        for j in range(k):
            if centres.count(centres[j]) > 1 and j not in pins.values():
                centres[j] = int(np.argmax(rt[centres].min(axis=0)))
    near = neighbours(rt, o.neighbours)
    best: Partition | None = None
    best_cost = math.inf
    hint: np.ndarray | None = None
    ratio = o.max_ratio
    for _ in range(ROUNDS):
        found = None
        for factor in LOOSER:  # loosen the balance only when no plan holds it
            asked = o.max_ratio * factor
            found = _solve(rt, visit_s, days, centres, pins, near, asked, o, hint)
            if found is not None:
                ratio = asked
                break
        if found is None:
            break
        labels, cost = found
        if cost < best_cost:
            best_cost, best = cost, Partition(labels, list(centres), ratio)
        hint = labels
        moved = list(centres)
        for j in range(k):  # a pinned sector keeps the centre of its pinned residences
            members = np.flatnonzero(labels == j)
            if len(members) and j not in pins.values():
                moved[j] = medoid(members, rt, np.maximum(weight, 1e-3))
        if moved == centres:
            break
        centres = moved
    if best is None:  # no balanced plan at all: the baseline, said as such
        start.note = "aucun découpage équilibré trouvé : découpage au plus proche (k-medoids)"
        return start
    best = polish(best, rt, visit_s, days, near, pins)
    if best.ratio_asked > o.max_ratio:
        best.note = (f"équilibre {o.max_ratio:.2f} impossible (une résidence ou des secteurs épinglés trop lourds) : "
                     f"tenu à {best.ratio_asked:.2f}")
    return best


def _solve(rt: np.ndarray, visit_s: np.ndarray, days: np.ndarray, centres: list[int], pins: Mapping[int, int],
           near: list[list[int]], ratio: float, o: SectorOptions,
           hint: np.ndarray | None) -> tuple[np.ndarray, float] | None:
    from ortools.sat.python import cp_model

    n, k = len(rt), len(centres)
    cost = sector_costs(rt, visit_s, days, centres) / 60  # minutes a year
    star = days[:, None] * 2 * rt[:, centres] / 60
    to_centre = rt[:, centres]
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    for i in range(n):
        if i in pins:
            options = [pins[i]]
        else:
            options = [int(j) for j in np.argsort(to_centre[i], kind="stable")[:CANDIDATES]]
        for j in options:
            x[i, j] = model.NewBoolVar(f"x{i}_{j}")
    for j, c in enumerate(centres):  # a centre belongs to its sector (unless pinned elsewhere)
        if (c, j) in x:
            model.Add(x[c, j] == 1)
    for i in range(n):
        model.AddExactlyOne([v for (ii, _), v in x.items() if ii == i] or [model.NewConstant(0)])
    for (i, j), v in x.items():  # contiguity: reached through a neighbour closer to the centre, in the sector
        if i == centres[j] or i in pins:
            continue
        before = [x[m, j] for m in near[i] if (m, j) in x and to_centre[m, j] < to_centre[i, j]]
        if before:
            model.AddBoolOr(before).OnlyEnforceIf(v)
        elif j != int(np.argmin(to_centre[i])):  # an outlier keeps its nearest centre, whatever its road neighbours
            model.Add(v == 0)
    total = int(cost.min(axis=1).sum()) + 1
    low, high = model.NewIntVar(0, total, "low"), model.NewIntVar(0, 10 * total, "high")
    for j in range(k):
        load = sum(int(round(cost[i, jj])) * v for (i, jj), v in x.items() if jj == j)
        model.Add(load >= low)
        model.Add(load <= high)
    model.Add(100 * high <= int(math.floor(100 * ratio)) * low)
    model.Minimize(sum(int(round(10 * star[i, j])) * v for (i, j), v in x.items()))
    if hint is not None:
        for (i, j), v in x.items():
            model.AddHint(v, int(hint[i] == j))
    solver = cp_model.CpSolver()
    # deterministic: the same residences and seed give the same sectors whatever the machine's load
    solver.parameters.max_deterministic_time = o.time_limit_s
    solver.parameters.max_time_in_seconds = safety_cap_s(o.time_limit_s)
    solver.parameters.num_workers = o.workers
    solver.parameters.random_seed = o.seed
    status = solver.Solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        log.debug("sectors: no plan at ratio %.2f (%s)", ratio, solver.StatusName(status))
        return None
    labels = np.full(n, -1, dtype=int)
    for (i, j), v in x.items():
        if solver.Value(v):
            labels[i] = j
    return labels, float(solver.ObjectiveValue())


def polish(part: Partition, rt: np.ndarray, visit_s: np.ndarray, days: np.ndarray, near: list[list[int]],
           pins: Mapping[int, int], passes: int = 20) -> Partition:
    """Move residences across sector borders while it shortens the roads inside the two sectors (their spanning
    trees) and the balance asked and the contiguity still hold: CP-SAT's star estimate of driving does not see
    the roads between residences; this last step does (first improving move, in index order: deterministic)."""
    labels = part.labels.copy()
    k = len(part.centres)
    cost = sector_costs(rt, visit_s, days, part.centres)
    load = np.array([cost[labels == j, j].sum() for j in range(k)])
    tree = [tree_seconds(np.flatnonzero(labels == j), rt) for j in range(k)]
    fixed = set(pins) | set(part.centres)
    for _ in range(passes):
        moved = False
        for i in range(len(labels)):
            a = int(labels[i])
            if i in fixed:
                continue
            for b in sorted({int(labels[m]) for m in near[i]} - {a}):
                new = load.copy()
                new[a] -= cost[i, a]
                new[b] += cost[i, b]
                if new.max() > part.ratio_asked * new.min():
                    continue
                rest = np.flatnonzero((labels == a) & (np.arange(len(labels)) != i))
                grown = np.append(np.flatnonzero(labels == b), i)
                gain = tree[a] + tree[b] - tree_seconds(rest, rt) - tree_seconds(grown, rt)
                if gain <= 1.0 or not connected(rest, near):
                    continue
                labels[i], load = b, new
                tree[a], tree[b] = tree_seconds(rest, rt), tree_seconds(np.sort(grown), rt)
                moved = True
                break
        if not moved:
            break
    return Partition(labels, part.centres, part.ratio_asked, part.note)
