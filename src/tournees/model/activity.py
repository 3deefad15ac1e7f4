"""What happened: activity records and satisfaction answers, the indicators' source."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from tournees.model.fields import Record, col
from tournees.model.programme import id_col
from tournees.model.vocab import CHANNELS, MOTIVES, OUTCOMES, SERVICES


@dataclass(kw_only=True)
class Activity(Record):
    """One service given, cancelled or missed (a visit, an appointment, a grocery purchase)."""

    table: ClassVar[str] = "activities"
    label_fr: ClassVar[str] = "activité"
    label_en: ClassVar[str] = "activity"

    activity_id: str = id_col("identifiant de l'enregistrement", "record id", "ACT-00001", key=True)
    service: str = col("service", "service", example="bricolage", choices=SERVICES)
    tenant_id: str = id_col("locataire bénéficiaire", "beneficiary tenant", "LOC-00001", ref="tenants")
    on: dt.date = col("date de la prestation", "date of the service", example="2026-11-24")
    outcome: str = col("résultat : done (réalisée), cancelled (annulée), no_show (absent)", "outcome: done, cancelled, no_show", example="done", choices=OUTCOMES)
    request_id: str | None = id_col("demande servie (bricol'âge, écrivain)", "request served (bricol'âge, écrivain)", "BRI-0001", default=None)
    received_on: dt.date | None = col("date de la demande, pour le délai d'intervention", "date of the request, for the lead time", example="2026-11-16", default=None)
    staff_id: str | None = id_col("intervenant", "staff member", "TECH-1", ref="staff", default=None)
    venue_id: str | None = id_col("lieu d'accueil (écrivain)", "venue (écrivain)", "MAIRIE-ORL", ref="venues", default=None)
    stop_id: str | None = id_col("arrêt (épicerie)", "stop (épicerie)", "ARR-001", ref="grocery_stops", default=None)
    motive: str | None = col("motif (écrivain) ou type d'intervention (bricol'âge)", "motive (écrivain) or intervention type (bricol'âge)", example="caf", default=None)
    channel: str | None = col("canal d'information", "information channel", example="mairie", choices=CHANNELS, default=None)
    duration_min: int | None = col("durée réelle", "actual duration", example="75", unit="min", min=0, max=600, default=None)
    succeeded: bool | None = col("démarche aboutie (écrivain)", "procedure completed (écrivain)", example="oui", default=None)


@dataclass(kw_only=True)
class SatisfactionAnswer(Record):
    """One answer to the satisfaction survey, tied to an activity record."""

    table: ClassVar[str] = "satisfaction"
    label_fr: ClassVar[str] = "réponses de satisfaction"
    label_en: ClassVar[str] = "satisfaction answers"

    activity_id: str = id_col("prestation évaluée", "activity rated", "ACT-00001", ref="activities", key=True)
    question: str = col("question : qualite, delai, cout, produits, global", "question: qualite, delai, cout, produits, global", example="global", choices=("qualite", "delai", "cout", "produits", "global"), key=True)
    score: int = col("note de 1 (pas satisfait) à 5 (très satisfait)", "score from 1 (unhappy) to 5 (very happy)", example="4", min=1, max=5)


__all__ = ["Activity", "SatisfactionAnswer", "MOTIVES"]
