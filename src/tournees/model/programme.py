"""Who the programme serves: landlords, territories, residences and tenants."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from tournees.model.fields import Issue, Record, col, coords_issue
from tournees.model.vocab import (
    CHANNELS,
    CONTACT,
    ID_DOC,
    ID_PATTERN,
    INSEE_DOC,
    INSEE_PATTERN,
    MOBILITY,
    PHONE_DOC,
    PHONE_PATTERN,
    SEXES,
)


def id_col(doc_fr: str, doc_en: str, example: str, *, ref: str | None = None, key: bool = False, default: Any = ...) -> Any:
    """An identifier column (own id when ``key``, a reference when ``ref``)."""
    extra = {} if default is ... else {"default": default}
    return col(doc_fr, doc_en, example=example, pattern=ID_PATTERN, pattern_doc=ID_DOC, ref=ref, key=key, **extra)


def lat_col(*, required: bool = False, example: str = "47.9025") -> Any:
    extra = {} if required else {"default": None}
    return col("latitude WGS84", "WGS84 latitude", example=example, unit="degrés", min=-90, max=90, **extra)  # type: ignore[arg-type]


def lon_col(*, required: bool = False, example: str = "1.9090") -> Any:
    extra = {} if required else {"default": None}
    return col("longitude WGS84", "WGS84 longitude", example=example, unit="degrés", min=-180, max=180, **extra)  # type: ignore[arg-type]


def insee_col(default: Any = ..., *, key: bool = False, ref: str | None = None) -> Any:
    extra = {} if default is ... else {"default": default}
    return col(
        "code INSEE de la commune", "commune INSEE code", example="45234",
        pattern=INSEE_PATTERN, pattern_doc=INSEE_DOC, key=key, ref=ref, **extra,
    )


@dataclass(kw_only=True)
class Landlord(Record):
    table: ClassVar[str] = "landlords"
    label_fr: ClassVar[str] = "bailleurs"
    label_en: ClassVar[str] = "landlords"

    landlord_id: str = id_col("identifiant du bailleur", "landlord id", "LOGEMLOIRET", key=True)
    name: str = col("nom de l'organisme", "organisation name", example="LogemLoiret")
    siren: str | None = col("numéro SIREN", "SIREN number", example="775528125", pattern=r"\d{9}", pattern_doc=("9 chiffres", "9 digits"), default=None)
    # the landlord's service tenants call about a visit or an appointment (printed on letters)
    service_name: str | None = col("service à contacter par les locataires", "service tenants contact", example="Service seniors", default=None)
    service_phone: str | None = col("téléphone du service (standard, pas une ligne personnelle)", "the service's phone (switchboard, not a personal line)",
                                    example="02 38 00 00 00", pattern=PHONE_PATTERN, pattern_doc=PHONE_DOC, default=None)
    service_email: str | None = col("courriel du service", "the service's e-mail", example="seniors@logemloiret.fr", default=None)


@dataclass(kw_only=True)
class Territory(Record):
    table: ClassVar[str] = "territories"
    label_fr: ClassVar[str] = "territoires"
    label_en: ClassVar[str] = "territories"

    territory_id: str = id_col("identifiant du territoire", "territory id", "ORL-NORD", key=True)
    landlord_id: str = id_col("bailleur gestionnaire", "managing landlord", "LOGEMLOIRET", ref="landlords")
    name: str = col("nom du territoire (agence, secteur)", "territory name (agency, sector)", example="Orléans Nord")


@dataclass(kw_only=True)
class Sector(Record):
    """A bricol'âge sector with its planned passes (e.g. every other Tuesday)."""

    table: ClassVar[str] = "sectors"
    label_fr: ClassVar[str] = "secteurs"
    label_en: ClassVar[str] = "sectors"

    sector_id: str = id_col("identifiant du secteur", "sector id", "NORD", key=True)
    name: str = col("nom du secteur", "sector name", example="Secteur Nord")
    pass_weekday: str | None = col(
        "jour des passages planifiés", "weekday of planned passes", example="mar",
        choices=("lun", "mar", "mer", "jeu", "ven", "sam"), default=None,
    )
    pass_every_weeks: int = col("un passage toutes les N semaines", "one pass every N weeks", example="2", unit="semaines", min=1, max=12, default=1)
    first_pass_on: dt.date | None = col("date d'un passage de référence", "date of a reference pass", example="2026-11-24", default=None)


@dataclass(kw_only=True)
class Residence(Record):
    table: ClassVar[str] = "residences"
    label_fr: ClassVar[str] = "résidences"
    label_en: ClassVar[str] = "residences"

    residence_id: str = id_col("identifiant de la résidence ou du bâtiment", "residence or building id", "RES-0001", key=True)
    landlord_id: str = id_col("bailleur propriétaire", "owning landlord", "LOGEMLOIRET", ref="landlords")
    territory_id: str | None = id_col("territoire de gestion", "managing territory", "ORL-NORD", ref="territories", default=None)
    sector_id: str | None = id_col("secteur bricol'âge", "bricol'âge sector", "NORD", ref="sectors", default=None)
    name: str = col("nom de la résidence", "residence name", example="Résidence Les Acacias")
    address: str = col("adresse (numéro et voie)", "address (number and street)", example="12 rue des Acacias")
    postcode: str = col("code postal", "postcode", example="45000", pattern=r"\d{5}", pattern_doc=("5 chiffres", "5 digits"))
    commune: str = col("nom de la commune", "commune name", example="Orléans")
    insee_code: str = insee_col()
    qpv: bool = col("dans un quartier prioritaire (QPV)", "in a priority urban district (QPV)", example="non", default=False)
    lat: float | None = lat_col()
    lon: float | None = lon_col()
    access_notes: str | None = col("accès à la résidence (entrée, stationnement ; pas de code d'accès)", "how to get in (entrance, parking; no door code)",
                                   example="Entrée par le parking rue Bannier", default=None)

    @classmethod
    def cross_rules(cls, values: Mapping[str, Any]) -> list[Issue]:
        return coords_issue(values)


@dataclass(kw_only=True)
class Tenant(Record):
    """A senior household member, known by a pseudonymous id only."""

    table: ClassVar[str] = "tenants"
    label_fr: ClassVar[str] = "locataires"
    label_en: ClassVar[str] = "tenants"

    tenant_id: str = id_col("identifiant pseudonyme (jamais le nom ni le NIR)", "pseudonymous id (never the name or NIR)", "LOC-00001", key=True)
    residence_id: str = id_col("résidence du logement", "residence of the dwelling", "RES-0001", ref="residences")
    birth_year: int = col("année de naissance", "birth year", example="1942", min=1900, max=2010)
    sex: str = col("sexe", "sex", example="F", choices=SEXES)
    gir: int | None = col(
        "niveau GIR si connu (1 très dépendant … 6 autonome) ; donnée de santé",
        "GIR level when known (1 most dependent … 6 autonomous); health data",
        example="5", min=1, max=6, default=None, sensitive=True,
    )
    isolated: bool = col("personne isolée", "lives isolated", example="oui", default=False)
    has_car: bool = col("dispose d'une voiture", "has a car", example="non", default=False)
    mobility: str = col(
        "mobilité : autonome, aide (se déplace accompagné), fauteuil, domicile (ne sort pas)",
        "mobility: autonome, aide (travels with help), fauteuil (wheelchair), domicile (housebound)",
        example="autonome", choices=MOBILITY, default="autonome",
    )
    consent: bool = col("consentement au traitement des données", "consent to data processing", example="oui", default=False)
    contact_preference: str = col("moyen de contact préféré", "preferred contact", example="telephone", choices=CONTACT, default="courrier")
    channel: str | None = col("canal par lequel le locataire a connu le service", "how the tenant heard of the service", example="bailleur", choices=CHANNELS, default=None)
    phone: str | None = col(
        "téléphone (pour les services qui en ont besoin)", "phone (for services that need it)",
        example="02 38 00 00 00", pattern=PHONE_PATTERN, pattern_doc=PHONE_DOC, default=None, sensitive=True,
    )
    # where the dwelling is in the residence, for the technician's route sheet (never health data)
    building: str | None = col("bâtiment", "building", example="B", default=None)
    staircase: str | None = col("escalier", "staircase", example="2", default=None)
    floor: str | None = col("étage", "floor", example="3", default=None)
    door: str | None = col("porte ou numéro de logement", "door or flat number", example="32", default=None)
    access_notes: str | None = col("consignes d'accès au logement (pas de donnée de santé)", "how to reach the dwelling (no health data)",
                                   example="Sonner à l'interphone 32", default=None)
    call_ahead: bool = col("accepte d'être appelé avant une visite (téléphone sur la feuille du technicien)",
                           "agrees to be called before a visit (phone on the technician's sheet)", example="non", default=False)
