"""The time limit a user gives, turned into a budget of work (so plans do not depend on the machine's load).

A search stopped by the clock returns whatever it reached when the clock ran out: on a loaded machine
another plan. Every search of the engine therefore stops on work done (PyVRP iterations, OR-Tools
solutions), the number the time limit buys on an idle core of the reference machine (2 cores), so the
same input, settings, seed and worker count give the same plan whatever else runs. The rates below come
from ``benchmarks/budget.py`` (``make bench`` reruns it): PyVRP and OR-Tools on Solomon (100 tasks),
Gehring-Homberger (200) and 400/1000-task instances drawn like them, with and without breaks, with every
task required and with prizes. It counts the work per second of the process's own CPU time, which is
what an idle core gives in wall time, so it can be measured beside other work; see its results file for
the date, the load and the figures.
"""

from __future__ import annotations

# PyVRP iterations per second of one core for 100 tasks, and how the rate falls with the number of tasks
# (rate = IPS * (100 / tasks) ** EXPONENT), every task required / optional tasks (the planners' parameters,
# see pyvrp_engine.optional_params). benchmarks/budget.py, 2026-12-03 12:03 UTC on the idle machine (load 0.2):
# required (plain and breaks, 100 to 1,000 tasks) 1,540 and 0.67, prizes 2,522 and 0.80 (see
# benchmarks/results/budget.txt, which keeps the earlier run beside other work: about 35 % slower per CPU second).
ITERATIONS_PER_SECOND = {False: 1_540, True: 2_520}
ITERATIONS_EXPONENT = {False: 0.67, True: 0.80}
# Share of that rate the budget takes: what is left covers timing and repairing routes, the polish, and a second
# worker's core not always as fast as the first (solve() keeps a little more for starting worker processes).
# 0.85 left 10-15 % of the limit unused on the idle machine (benchmarks/prizes.py, 2026-12-03): 0.93.
ITERATIONS_SHARE = 0.93
# OR-Tools guided local search solutions per second for 10 tasks x vehicles (one van-day of the épicerie, with its
# break), same law with (10 / (tasks x vehicles)): same run, van-days of 5, 10, 20 tasks 5,165, 3,391, 2,790 a second;
# a 30-task week of 4 technicians (tests/engine/instances.busy_week) 131.
SOLUTIONS_PER_SECOND = 3_400
SOLUTIONS_EXPONENT = 1.2
# The wall-clock safety net: a search still running after ten times its time limit plus a minute stops there, and
# the plan says so (Solution.stopped_by_clock). The minute covers what a short limit does not: starting processes,
# encoding, repairing and timing routes, which a loaded machine slows as much as the search.
CAP_FACTOR = 10.0
CAP_EXTRA_S = 60.0


def safety_cap_s(time_limit_s: float) -> float:
    """Wall-clock seconds after which a search with ``time_limit_s`` of work stops anyway (see CAP_FACTOR)."""
    return CAP_FACTOR * time_limit_s + CAP_EXTRA_S


def iterations_for(time_limit_s: float, tasks: int, optional: bool = False) -> int:
    """PyVRP iterations that fill ``time_limit_s`` on an idle core of the reference machine for ``tasks`` tasks;
    ``optional``: with the planners' parameters (pyvrp_engine.planner_search), whose iterations are cheaper."""
    rate = ITERATIONS_PER_SECOND[optional] * (100 / max(tasks, 20)) ** ITERATIONS_EXPONENT[optional]
    return max(200, int(time_limit_s * ITERATIONS_SHARE * rate))


def solutions_for(time_limit_s: float, tasks: int, vehicles: int = 1) -> int:
    """OR-Tools solutions (guided local search) that fill ``time_limit_s`` on an idle core for ``tasks`` tasks
    and ``vehicles`` vehicles (measured up to 120 tasks x vehicles: beyond, a guess the safety cap bounds)."""
    rate = SOLUTIONS_PER_SECOND * (10 / max(tasks * vehicles, 2)) ** SOLUTIONS_EXPONENT
    return max(50, int(time_limit_s * ITERATIONS_SHARE * rate))
