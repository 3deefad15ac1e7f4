"""Plans as stored: a planning run with its routes, steps, sessions and appointments.

The columns of :class:`PlanStep` are those of ``visits.csv`` in the plan export
format (``shared/PLAN_EXPORT.md``); times are local Europe/Paris, durations in
seconds, distances in metres.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from tournees.model.fields import Issue, Record, col, order_issue
from tournees.model.programme import id_col
from tournees.model.vocab import RUN_STATUSES, SERVICES, STEP_KINDS


@dataclass(kw_only=True)
class PlanningRun(Record):
    table: ClassVar[str] = "planning_runs"
    label_fr: ClassVar[str] = "plans calculés"
    label_en: ClassVar[str] = "planning runs"

    run_id: str = id_col("identifiant du plan", "plan id", "bricolage-2026-W48-1", key=True)
    service: str = col("service", "service", example="bricolage", choices=SERVICES)
    horizon_start: dt.date = col("premier jour de l'horizon", "first day of the horizon", example="2026-11-23")
    horizon_end: dt.date = col("dernier jour de l'horizon", "last day of the horizon", example="2026-11-27")
    status: str = col("statut : draft (brouillon), published (publié), confirmed (confirmé)", "status: draft, published, confirmed", example="draft", choices=RUN_STATUSES, default="draft")
    inputs_fingerprint: str = col("empreinte des données d'entrée", "fingerprint of the inputs", example="3f2a…", default="")
    settings_json: str = col("réglages du solveur (JSON)", "solver settings (JSON)", example="{}", default="{}")
    seed: int = col("graine aléatoire", "random seed", example="0", min=0, default=0)
    engine: str = col("moteur et version", "engine and version", example="tournees 0.1.0", default="")
    created_at: dt.datetime = col("date de calcul", "computed at", example="2026-11-22T10:00:00", default=dt.datetime(2000, 1, 1))
    parent_run_id: str | None = id_col("plan d'origine (re-planification)", "plan re-planned from", "bricolage-2026-W48-1", ref="planning_runs", default=None)

    @classmethod
    def cross_rules(cls, values: Mapping[str, Any]) -> list[Issue]:
        return order_issue(values, "horizon_start", "horizon_end", strict=False)


@dataclass(kw_only=True)
class PlanStep(Record):
    """One step of a route (start, visit, session, break, end)."""

    table: ClassVar[str] = "plan_steps"
    label_fr: ClassVar[str] = "étapes des tournées"
    label_en: ClassVar[str] = "route steps"

    run_id: str = id_col("plan", "plan", "bricolage-2026-W48-1", ref="planning_runs", key=True)
    resource_id: str = id_col("véhicule, technicien ou écrivain", "van, technician or writer", "TECH-1", key=True)
    date: dt.date = col("jour", "day", example="2026-11-24", key=True)
    seq: int = col("rang dans la tournée (0 = départ)", "rank in the route (0 = start)", example="1", min=0, key=True)
    kind: str = col("nature de l'étape", "kind of step", example="visit", choices=STEP_KINDS)
    task_id: str | None = col("demande, arrêt ou permanence", "request, stop or session", example="BRI-0001", default=None)
    location_id: str | None = col("lieu", "place", example="RES-0001", default=None)
    lat: float | None = col("latitude", "latitude", example="47.90", default=None)
    lon: float | None = col("longitude", "longitude", example="1.90", default=None)
    arrival: dt.datetime = col("arrivée", "arrival", example="2026-11-24T09:12:00")
    start: dt.datetime = col("début du service", "service start", example="2026-11-24T09:12:00")
    end: dt.datetime = col("fin du service", "service end", example="2026-11-24T10:42:00")
    departure: dt.datetime = col("départ", "departure", example="2026-11-24T10:42:00")
    window_start: dt.datetime | None = col("début de la fenêtre imposée", "hard window start", example="2026-11-24T09:00:00", default=None)
    window_end: dt.datetime | None = col("fin de la fenêtre imposée", "hard window end", example="2026-11-24T12:00:00", default=None)
    slot_start: dt.datetime | None = col("début du créneau annoncé", "announced slot start", example="2026-11-24T09:00:00", default=None)
    slot_end: dt.datetime | None = col("fin du créneau annoncé", "announced slot end", example="2026-11-24T11:00:00", default=None)
    travel_s_from_prev: int = col("trajet depuis l'étape précédente", "travel from previous step", example="540", unit="s", min=0, default=0)
    distance_m_from_prev: int = col("distance depuis l'étape précédente", "distance from previous step", example="4200", unit="m", min=0, default=0)
    pinned: bool = col("fixé par un rendez-vous confirmé", "fixed by a confirmed appointment", example="non", default=False)


@dataclass(kw_only=True)
class PlanSession(Record):
    """An écrivain session (venue × half-day) of a plan."""

    table: ClassVar[str] = "plan_sessions"
    label_fr: ClassVar[str] = "permanences planifiées"
    label_en: ClassVar[str] = "planned sessions"

    run_id: str = id_col("plan", "plan", "ecrivain-2026-W48-1", ref="planning_runs", key=True)
    session_id: str = id_col("identifiant de la permanence", "session id", "S-MAIRIE-ORL-2026-11-24-am", key=True)
    venue_id: str = id_col("lieu", "venue", "MAIRIE-ORL", ref="venues")
    staff_id: str = id_col("écrivain", "writer", "ECR-1", ref="staff")
    start: dt.datetime = col("début", "start", example="2026-11-24T09:00:00")
    end: dt.datetime = col("fin", "end", example="2026-11-24T12:00:00")


@dataclass(kw_only=True)
class PlanAppointment(Record):
    table: ClassVar[str] = "plan_appointments"
    label_fr: ClassVar[str] = "rendez-vous planifiés"
    label_en: ClassVar[str] = "planned appointments"

    run_id: str = id_col("plan", "plan", "ecrivain-2026-W48-1", ref="planning_runs", key=True)
    request_id: str = id_col("demande servie", "request served", "ECR-0001", key=True)
    session_id: str = id_col("permanence", "session", "S-MAIRIE-ORL-2026-11-24-am")
    start: dt.datetime = col("début", "start", example="2026-11-24T09:00:00")
    end: dt.datetime = col("fin", "end", example="2026-11-24T10:00:00")
    travel_s_tenant: int = col("trajet du locataire jusqu'au lieu", "tenant's trip to the venue", example="600", unit="s", min=0, default=0)


@dataclass(kw_only=True)
class PlanUnassigned(Record):
    """A task a plan leaves out, with its reason."""

    table: ClassVar[str] = "plan_unassigned"
    label_fr: ClassVar[str] = "tâches non planifiées"
    label_en: ClassVar[str] = "tasks left out"

    run_id: str = id_col("plan", "plan", "bricolage-2026-W48-1", ref="planning_runs", key=True)
    # as in plan_steps: a grocery stop's task is « ARR-031@2026-12-01 » (an id pattern would refuse its « @ »)
    task_id: str = col("demande, arrêt ou permanence", "request, stop or session", example="BRI-0042", key=True)
    reason_code: str = col("code de la raison", "reason code", example="no_day_available")
    reason: str = col("raison en clair", "reason in words", example="Aucun jour de la semaine ne convient au locataire.")
