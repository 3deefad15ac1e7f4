"""Demand: bricol'âge intervention requests and écrivain numérique requests.

Both follow one status life-cycle (see :data:`STATUS_MOVES`):
received → planned → confirmed → done / cancelled / no_show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, ClassVar, TypeVar

from tournees.errors import ValidationError
from tournees.model.fields import Issue, Record, col, issue, order_issue
from tournees.model.programme import id_col
from tournees.model.vocab import AVAILABILITY, CHANNELS, MOTIVES, PRIORITIES, REQUEST_STATUSES, STATUS_MOVES

_AVAIL_DOC = (
    "disponibilités du locataire : jours (lun … sam) ou demi-journées (lun-am, lun-pm …) ; vide = toute la semaine",
    "tenant availability: weekdays (lun … sam) or half-days (lun-am, lun-pm …); empty = the whole week",
)


def _status_col() -> Any:
    return col(
        "statut : received (reçue), planned (planifiée), confirmed (confirmée), done (réalisée), cancelled (annulée), no_show (absent)",
        "status: received, planned, confirmed, done, cancelled, no_show",
        example="received", choices=REQUEST_STATUSES, default="received",
    )


@dataclass(kw_only=True)
class BricolageRequest(Record):
    table: ClassVar[str] = "bricolage_requests"
    serves: ClassVar[str] = "bricolage"
    label_fr: ClassVar[str] = "demandes d'intervention bricol'âge"
    label_en: ClassVar[str] = "bricol'âge requests"

    request_id: str = id_col("identifiant de la demande", "request id", "BRI-0001", key=True)
    tenant_id: str = id_col("locataire demandeur", "requesting tenant", "LOC-00001", ref="tenants")
    type_id: str = id_col("type d'intervention", "intervention type", "ROBINET", ref="intervention_types")
    received_on: dt.date = col("date de réception de la demande", "date the request was received", example="2026-11-16")
    priority: str = col(
        "priorité : urgent, fragile (locataire fragile), isole (locataire isolé), normal",
        "priority: urgent, fragile (frail tenant), isole (isolated tenant), normal",
        example="normal", choices=PRIORITIES, default="normal",
    )
    due_on: dt.date | None = col("date limite souhaitée", "wished due date", example="2026-11-30", default=None)
    availability: tuple[str, ...] = col(_AVAIL_DOC[0], _AVAIL_DOC[1], example="lun-am;mer;jeu-pm", choices=AVAILABILITY, default=())
    duration_min: int | None = col("durée sur place si différente du catalogue", "time on site if not the catalogue's", example="60", unit="min", min=5, max=480, default=None)
    preferred_staff_id: str | None = id_col("technicien souhaité", "preferred technician", "TECH-1", ref="staff", default=None)
    status: str = _status_col()
    channel: str | None = col("canal de la demande", "channel of the request", example="bailleur", choices=CHANNELS, default=None)
    notes: str | None = col("consignes utiles à l'intervention (pas de donnée de santé)", "notes the visit needs (no health data)", example="Sonner deux fois", default=None)

    @classmethod
    def cross_rules(cls, values: Mapping[str, Any]) -> list[Issue]:
        return order_issue(values, "received_on", "due_on", strict=False)


@dataclass(kw_only=True)
class EcrivainRequest(Record):
    table: ClassVar[str] = "ecrivain_requests"
    serves: ClassVar[str] = "ecrivain"
    label_fr: ClassVar[str] = "demandes écrivain numérique"
    label_en: ClassVar[str] = "digital writer requests"

    request_id: str = id_col("identifiant de la demande", "request id", "ECR-0001", key=True)
    tenant_id: str = id_col("locataire demandeur", "requesting tenant", "LOC-00001", ref="tenants")
    motive: str = col("motif : caf, impots, retraite, sante, logement, energie, banque, emploi, autre", "motive", example="caf", choices=MOTIVES)
    received_on: dt.date = col("date de réception de la demande", "date the request was received", example="2026-11-16")
    deadline: dt.date | None = col("échéance administrative (date limite de la démarche)", "administrative deadline", example="2026-12-15", default=None)
    urgent: bool = col("demande urgente", "urgent request", example="non", default=False)
    appointment_min: int = col("durée du rendez-vous", "appointment length", example="60", unit="min", min=15, max=240, default=60)
    followup_min: int = col("temps de suivi du dossier après le rendez-vous", "follow-up work after the appointment", example="60", unit="min", min=0, max=480, default=60)
    max_travel_min: int | None = col("trajet maximal acceptable pour le locataire ; vide = selon sa mobilité", "longest acceptable trip for the tenant; empty = from mobility", example="20", unit="min", min=1, max=180, default=None)
    home_visit: bool = col("visite à domicile nécessaire", "home visit needed", example="non", default=False)
    availability: tuple[str, ...] = col(_AVAIL_DOC[0], _AVAIL_DOC[1], example="mar-am;jeu", choices=AVAILABILITY, default=())
    status: str = _status_col()
    channel: str | None = col("canal de la demande", "channel of the request", example="mairie", choices=CHANNELS, default=None)

    @classmethod
    def cross_rules(cls, values: Mapping[str, Any]) -> list[Issue]:
        found = order_issue(values, "received_on", "deadline", strict=False)
        if values.get("home_visit") and values.get("max_travel_min") is not None:
            found.append(issue("max_travel_min", "home_visit_travel"))
        return found


R = TypeVar("R", BricolageRequest, EcrivainRequest)


def move_status(request: R, new_status: str) -> R:
    """The request with its status moved, if the life-cycle allows that move."""
    if new_status not in STATUS_MOVES.get(request.status, ()):
        allowed = ", ".join(STATUS_MOVES.get(request.status, ())) or "aucun"
        raise ValidationError(
            f"demande {request.request_id} : passage de « {request.status} » à « {new_status} » impossible "
            f"(passages permis : {allowed})"
        )
    return replace(request, status=new_status)
