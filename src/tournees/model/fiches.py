"""What the other fiches record for their indicators: workshops (1), adaptation and multi-service works (5, 6),
telemedicine cabin consultations (8) and mutuelle subscriptions (9)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from tournees.model.fields import Issue, Record, col, order_issue
from tournees.model.programme import id_col
from tournees.model.vocab import ATTENDANCE, CHANNELS, HOME_WORK_SCHEMES


def channel_col() -> Any:
    return col("canal d'information", "information channel", example="bailleur", choices=CHANNELS, default=None)


def score_col(
    doc_fr: str = "satisfaction de 1 (pas satisfait) à 5 (très satisfait)",
    doc_en: str = "satisfaction from 1 (unhappy) to 5 (very happy)",
) -> Any:
    return col(doc_fr, doc_en, example="4", min=1, max=5, default=None)


@dataclass(kw_only=True)
class WorkshopAttendance(Record):
    """A tenant registered for a collective workshop (fiche 1), and whether they came."""

    table: ClassVar[str] = "workshop_attendance"
    label_fr: ClassVar[str] = "inscriptions aux ateliers"
    label_en: ClassVar[str] = "workshop registrations"

    workshop_id: str = id_col("atelier", "workshop", "ATELIER-01", ref="workshops", key=True)
    tenant_id: str = id_col("locataire inscrit", "registered tenant", "LOC-00001", ref="tenants", key=True)
    status: str = col(
        "présence : present, absent (inscrit, pas venu), desiste (désistement annoncé)",
        "attendance: present, absent (registered, did not come), desiste (withdrew)",
        example="present",
        choices=ATTENDANCE,
        default="present",
    )
    channel: str | None = channel_col()
    score: int | None = score_col("qualité de l'animation, de 1 à 5", "quality of the workshop, from 1 to 5")


@dataclass(kw_only=True)
class HomeWork(Record):
    """A request for works at home: an adaptation after the ergotherapist's diagnosis (fiche 5) or a service of
    the multi-service contract (fiche 6)."""

    table: ClassVar[str] = "home_works"
    label_fr: ClassVar[str] = "travaux et prestations à domicile"
    label_en: ClassVar[str] = "home works and services"

    work_id: str = id_col("identifiant de la demande", "request id", "TRV-0001", key=True)
    scheme: str = col(
        "dispositif : adaptation (fiche 5), multiservices (fiche 6)",
        "scheme: adaptation (fiche 5), multiservices (fiche 6)",
        example="adaptation",
        choices=HOME_WORK_SCHEMES,
    )
    tenant_id: str = id_col("locataire", "tenant", "LOC-00001", ref="tenants")
    kind: str = col(
        "type de travaux ou de prestation",
        "kind of works or service",
        example="douche_plain_pied",
        pattern=r"[a-z0-9_]{1,40}",
        pattern_doc=("code en minuscules (a-z, 0-9, _)", "lower-case code (a-z, 0-9, _)"),
    )
    requested_on: dt.date = col("date de la demande", "date of the request", example="2026-09-14")
    done_on: dt.date | None = col(
        "date de réalisation (vide : en attente)", "date done (empty: waiting)", example="2026-10-20", default=None
    )
    channel: str | None = channel_col()
    score: int | None = score_col()

    @classmethod
    def cross_rules(cls, values: Mapping[str, Any]) -> list[Issue]:
        return order_issue(values, "requested_on", "done_on", strict=False)


@dataclass(kw_only=True)
class CabinConsultation(Record):
    """An appointment in a telemedicine cabin (fiche 8), at the venue that houses it."""

    table: ClassVar[str] = "cabin_consultations"
    label_fr: ClassVar[str] = "consultations en cabine de télémédecine"
    label_en: ClassVar[str] = "telemedicine cabin consultations"

    consultation_id: str = id_col("identifiant du rendez-vous", "appointment id", "CAB-0001", key=True)
    tenant_id: str = id_col("locataire", "tenant", "LOC-00001", ref="tenants")
    venue_id: str = id_col("lieu de la cabine", "venue of the cabin", "MAIRIE-ORL", ref="venues")
    on: dt.date = col("date du rendez-vous", "date of the appointment", example="2026-10-06")
    channel: str | None = channel_col()
    ease_score: int | None = score_col("facilité de prise en main, de 1 à 5", "ease of use, from 1 to 5")
    would_recommend: bool | None = col(
        "recommanderait le dispositif", "would recommend it", example="oui", default=None
    )


@dataclass(kw_only=True)
class MutuelleSubscription(Record):
    """A tenant who joined the negotiated group health insurance (fiche 9)."""

    table: ClassVar[str] = "mutuelle_subscriptions"
    label_fr: ClassVar[str] = "adhésions à la mutuelle"
    label_en: ClassVar[str] = "mutuelle subscriptions"

    tenant_id: str = id_col("locataire adhérent", "subscribing tenant", "LOC-00001", ref="tenants", key=True)
    subscribed_on: dt.date = col("date d'adhésion", "date of subscription", example="2026-09-01", key=True)
    yearly_saving_eur: float | None = col(
        "économie annuelle par rapport au contrat précédent",
        "yearly saving over the former contract",
        example="240",
        unit="€",
        min=0,
        max=10_000,
        default=None,
    )
    channel: str | None = channel_col()
    score: int | None = score_col()
