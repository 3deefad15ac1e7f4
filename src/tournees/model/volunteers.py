"""Fiche 3: emergency volunteers near fragile seniors, and what they did.

A volunteer is known by a pseudonymous id; their home is stored to compute travel times and is
never shown (matches give a time band, never an address, coordinates or a distance).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from tournees.model.fields import Issue, Record, col, order_issue
from tournees.model.programme import id_col
from tournees.model.vocab import AVAILABILITY, SITUATIONS, VOLUNTEER_MOBILITY


@dataclass(kw_only=True)
class Volunteer(Record):
    """An emergency volunteer: where they start from, how they travel, when, and for what."""

    table: ClassVar[str] = "volunteers"
    label_fr: ClassVar[str] = "bénévoles"
    label_en: ClassVar[str] = "volunteers"

    volunteer_id: str = id_col(
        "identifiant pseudonyme du bénévole (jamais le nom)",
        "volunteer's pseudonymous id (never the name)",
        "BEN-001",
        key=True,
    )
    landlord_id: str = id_col(
        "bailleur dont la plateforme mobilise le bénévole",
        "landlord whose platform calls on them",
        "LOGEMLOIRET",
        ref="landlords",
    )
    # home position: used for travel times only, never shown (sensitive)
    lat: float = col(
        "latitude du domicile (jamais affichée)",
        "home latitude (never shown)",
        example="47.9025",
        unit="degrés",
        min=-90,
        max=90,
        sensitive=True,
    )
    lon: float = col(
        "longitude du domicile (jamais affichée)",
        "home longitude (never shown)",
        example="1.9090",
        unit="degrés",
        min=-180,
        max=180,
        sensitive=True,
    )
    mobility: tuple[str, ...] = col(
        "déplacement : voiture, pied (les deux possibles)",
        "travels by: voiture (car), pied (on foot), or both",
        example="voiture;pied",
        choices=VOLUNTEER_MOBILITY,
        default=("pied",),
    )
    availability: tuple[str, ...] = col(
        "disponibilités (jours ou demi-journées, vide : toujours)",
        "availability (days or half-days, empty: always)",
        example="lun;mer-pm",
        choices=AVAILABILITY,
        default=(),
    )
    situations: tuple[str, ...] = col(
        "situations acceptées : canicule, retour_hospitalisation, transport_medical, silence_inquietant",
        "situations accepted: canicule (heat wave), retour_hospitalisation (back from hospital), "
        "transport_medical (urgent medical trip), silence_inquietant (worrying silence)",
        example="canicule;silence_inquietant",
        choices=SITUATIONS,
    )
    consent: bool = col(
        "consentement au traitement des données", "consent to data processing", example="oui", default=False
    )
    charter_signed_on: dt.date | None = col(
        "date de signature de la charte du bénévole (vide : pas signée)",
        "date the volunteer's charter was signed (empty: not signed)",
        example="2026-06-15",
        default=None,
    )
    max_minutes: int = col(
        "temps de trajet maximal accepté", "longest trip accepted", example="20", unit="min", min=1, max=120, default=20
    )

    @property
    def can_be_called(self) -> bool:
        """Only a volunteer who consented and signed the charter is ever proposed."""
        return self.consent and self.charter_signed_on is not None


@dataclass(kw_only=True)
class VolunteerIntervention(Record):
    """A volunteer put in touch with a senior for a situation (fiche 3's indicators)."""

    table: ClassVar[str] = "volunteer_interventions"
    label_fr: ClassVar[str] = "interventions des bénévoles"
    label_en: ClassVar[str] = "volunteer interventions"

    intervention_id: str = id_col("identifiant de l'intervention", "intervention id", "INT-0001", key=True)
    volunteer_id: str = id_col("bénévole", "volunteer", "BEN-001", ref="volunteers")
    tenant_id: str = id_col("senior concerné", "senior concerned", "LOC-00001", ref="tenants")
    situation: str = col("situation", "situation", example="canicule", choices=SITUATIONS)
    requested_at: dt.datetime = col("signalement (date-heure)", "reported (date-time)", example="2026-07-20T09:00:00")
    matched_at: dt.datetime | None = col(
        "mise en relation (date-heure)", "put in touch (date-time)", example="2026-07-20T10:30:00", default=None
    )
    family_involved: bool = col(
        "la famille du senior est concernée (prévenue, associée)",
        "the senior's family is involved",
        example="non",
        default=False,
    )
    score: int | None = col(
        "satisfaction de 1 à 5", "satisfaction from 1 to 5", example="5", min=1, max=5, default=None
    )

    @classmethod
    def cross_rules(cls, values: Mapping[str, Any]) -> list[Issue]:
        return order_issue(values, "requested_at", "matched_at", strict=False)
