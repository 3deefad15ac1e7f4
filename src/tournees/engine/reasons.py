"""Why a task was left out: a stable code and a sentence a planner can act on."""

from __future__ import annotations

from tournees.engine.model import LeftOut, Problem, Task
from tournees.engine.schedule import timed_steps

SENTENCES = {
    "no_skill": "Aucun intervenant n'a la compétence requise ({skills}) : ajoutez-la à un intervenant ou changez le type d'intervention.",
    "no_day_available": "Aucun jour travaillé de l'horizon ne correspond aux disponibilités : élargissez les disponibilités ou l'horizon.",
    "pin_lost": "Le rendez-vous confirmé ne peut plus être tenu dans son créneau : rappelez la personne pour le déplacer.",
    "capacity": "La demande ({demand}) dépasse la capacité de tous les véhicules possibles.",
    "window_unreachable": "Même seul dans la journée, aucun intervenant ne peut arriver dans le créneau demandé et rentrer à l'heure.",
    "too_far": "Le lieu est trop loin : l'aller-retour ne tient dans aucune journée de travail.",
    "time_budget": "Pas assez de temps disponible sur l'horizon : les tâches plus prioritaires ou plus proches ont été servies d'abord.",
}


def explain(problem: Problem, task: Task) -> LeftOut:
    """The first reason, in this order, that explains why ``task`` is not in the plan."""

    def out(code: str, **params: object) -> LeftOut:
        return LeftOut(task.id, code, SENTENCES[code].format(**params))

    vehicles = list(problem.vehicles)
    if task.pin is not None:
        alone = [vi for vi, v in enumerate(vehicles) if problem.compatible(task, v)]
        if not any(timed_steps(problem, vi, [task]) for vi in alone):
            return out("pin_lost")
        return out("time_budget")
    if not any(task.skills <= v.skills for v in vehicles):
        return out("no_skill", skills=", ".join(sorted(task.skills)))
    able = [vi for vi, v in enumerate(vehicles) if problem.compatible(task, v)]
    if not able:
        return out("no_day_available")
    caps = [vehicles[vi].capacity for vi in able]
    if task.demand and all(cap is not None and task.demand > cap for cap in caps):
        return out("capacity", demand=task.demand)
    if not any(problem.windows_on(task, vehicles[vi]) for vi in able):
        return out("no_day_available")
    if any(timed_steps(problem, vi, [task]) is not None for vi in able):
        return out("time_budget")
    D = problem.durations
    if all(int(D[vehicles[vi].start, task.location]) + task.duration + int(D[task.location, vehicles[vi].end])
           > vehicles[vi].shift_end - vehicles[vi].shift_start for vi in able):
        return out("too_far")
    return out("window_unreachable")
