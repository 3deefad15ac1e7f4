"""The independent checker: recomputes every time of a plan without any solver.

It reads only the problem and the routes (as a planner may have edited them) and
lists every broken rule: arrivals, windows, breaks, shifts, working time, skills,
days, pins, capacity, tasks served twice or unknown.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from tournees.engine.model import Problem, Solution, Step


@dataclass(frozen=True)
class Violation:
    code: str
    where: str  # "vehicle TECH-1 day 2" or a task id
    message: str


def check(problem: Problem, solution: Solution) -> list[Violation]:
    """Every violation found (empty list: the plan is feasible); break rules of :mod:`tournees.engine.schedule`."""
    found: list[Violation] = []
    tasks = {t.id: t for t in problem.tasks}
    D = problem.durations
    seen = Counter(tid for r in solution.routes for tid in r.task_ids)
    for tid, n in seen.items():
        if tid not in tasks:
            found.append(Violation("unknown_task", tid, f"tâche inconnue {tid}"))
        elif n > 1:
            found.append(Violation("served_twice", tid, f"{tid} servie {n} fois"))
    left = {u.task_id for u in solution.unassigned}
    for tid in tasks:
        if tid not in seen and tid not in left:
            found.append(Violation("lost_task", tid, f"{tid} n'est ni planifiée ni listée comme non planifiée"))
    for route in solution.routes:
        v = problem.vehicles[route.vehicle]
        where = f"{v.id} jour {v.day}"

        def bad(code: str, message: str, where: str = where) -> None:
            found.append(Violation(code, where, message))

        steps = route.steps
        if not steps:
            continue
        if steps[0].kind != "start" or steps[0].location != v.start or steps[-1].kind != "end" or steps[-1].location != v.end:
            bad("route_ends", "la tournée doit partir de son point de départ et finir à son point d'arrivée")
            continue
        if steps[0].departure < v.shift_start:
            bad("shift", f"départ {steps[0].departure} avant le début de journée {v.shift_start}")
        if steps[-1].arrival > v.shift_end:
            bad("shift", f"retour {steps[-1].arrival} après la fin de journée {v.shift_end}")
        if v.max_work is not None and steps[-1].arrival - steps[0].departure > v.max_work:
            bad("max_work", f"journée de {steps[-1].arrival - steps[0].departure} s pour un maximum de {v.max_work} s")
        load = 0
        last_loc, free_at = steps[0].location, steps[0].departure
        breaks: list[Step] = []
        between: list[Step] = []  # every break of the route; those since the last place
        for s in steps[1:]:
            if s.start < s.arrival or s.end < s.start or s.departure < s.end:
                bad("step_times", f"heures incohérentes à l'étape {s.task_id or s.kind}")
            if s.kind == "break":
                if s.start < (between[-1].end if between else free_at):
                    bad("arrival", f"pause commencée à {s.start} avant la fin de l'étape précédente")
                breaks.append(s)
                between.append(s)
                continue
            assert s.location is not None and last_loc is not None
            # the drive fits in the time between the two places not taken by breaks; no break during a service
            drive = int(D[last_loc, s.location])
            paused = sum(max(0, min(b.end, s.arrival) - max(b.start, free_at)) for b in between)
            if s.arrival - free_at - paused < drive:
                bad("arrival", f"arrivée à {s.task_id or s.kind} à {s.arrival}, trajet de {drive} s impossible depuis {free_at}")
            if between and between[-1].end > s.start:
                bad("break", f"pause finie à {between[-1].end}, après le début de {s.task_id or s.kind} ({s.start})")
            between = []
            if s.kind == "visit":
                task = tasks.get(s.task_id or "")
                if task is None:
                    continue
                if s.end - s.start != task.duration:
                    bad("service", f"{task.id} : durée {s.end - s.start} s au lieu de {task.duration} s", task.id)
                if task.pin is not None and (v.id, v.day) != (task.pin.vehicle_id, task.pin.day):
                    bad("pin", f"{task.id} : rendez-vous confirmé avec {task.pin.vehicle_id} jour {task.pin.day}", task.id)
                elif not problem.compatible(task, v):
                    code = "skill" if not task.skills <= v.skills else "day"
                    bad(code, f"{task.id} : {'compétence manquante' if code == 'skill' else 'jour non permis'}", task.id)
                windows = problem.windows_on(task, v)
                if not any(a <= s.start <= b for a, b in windows):
                    label = "créneau du rendez-vous confirmé" if task.pin else "fenêtre horaire"
                    bad("pin" if task.pin else "window", f"{task.id} : début {s.start} hors {label} {windows}", task.id)
                load += task.demand
            last_loc, free_at = s.location, s.departure
        if v.capacity is not None and load > v.capacity:
            bad("capacity", f"charge {load} pour une capacité de {v.capacity}")
        # each break step takes the first break due that it satisfies; a break passed over must not be owed
        due = sorted(v.breaks, key=lambda b: (b.earliest, b.latest))
        for s in breaks:
            k = next((k for k, b in enumerate(due) if b.earliest <= s.start <= b.latest and s.end - s.start >= b.duration), None)
            if k is None:
                bad("break", f"pause {s.start}-{s.end} hors de toute fenêtre de pause ou trop courte")
                continue
            due = due[:k] + due[k + 1:]
        owed = [b for b in due if steps[-1].arrival > b.latest]  # still at work when it was due
        if owed:
            bad("break", f"{len(owed)} pause(s) due(s) non prise(s) ({len(breaks)} prise(s))")
    return found
