"""Catalogues: the programme's ten actions (fiches) and the bricol'âge interventions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from tournees.model.fields import Record, col
from tournees.model.programme import id_col
from tournees.model.vocab import COST_PERIODS, SERVICES


@dataclass(kw_only=True)
class ProgrammeAction(Record):
    """One of the ten fiches actions of the regional programme."""

    table: ClassVar[str] = "actions"
    label_fr: ClassVar[str] = "actions du programme"
    label_en: ClassVar[str] = "programme actions"

    action_id: int = col("numéro de la fiche action", "action sheet number", example="4", min=1, max=99, key=True)
    title: str = col("intitulé de l'action", "action title", example="Aller au plus près des locataires vers une épicerie mobile")
    priority: int = col("niveau de priorité de la fiche (plus grand = plus prioritaire)", "priority level of the sheet (higher = more urgent)", example="1", min=1, max=5)
    ease: int | None = col("facilité de mise en œuvre (1 simple … 5 complexe)", "ease of set-up (1 simple … 5 complex)", example="3", min=1, max=5, default=None)
    setup_months: int = col("temps de mise en œuvre (le plus court si la fiche donne une fourchette)", "set-up time (the shortest of a range)",
                            example="9", unit="mois", min=0, max=60)
    setup_months_max: int | None = col("temps de mise en œuvre le plus long d'une fourchette (« 9 à 12 mois »)",
                                       "longest set-up time of a range ('9 to 12 months')", example="12", unit="mois", min=0, max=60, default=None)
    service: str | None = col("service mobile planifié par tournees, le cas échéant", "mobile service planned by tournees, if any", example="epicerie", choices=SERVICES, default=None)
    objectives: tuple[str, ...] = col("objectifs", "objectives", example="Participer à la lutte contre l'isolement social", default=())
    indicators: tuple[str, ...] = col("indicateurs à suivre", "indicators to follow", example="Nombre de bénéficiaires;Canal d'information", default=())
    funders: tuple[str, ...] = col("financements mobilisables", "possible funders", example="Carsat;MSA", default=())


@dataclass(kw_only=True)
class ActionCost(Record):
    """A cost line of an action (investment once, or running cost per month)."""

    table: ClassVar[str] = "action_costs"
    label_fr: ClassVar[str] = "coûts des actions"
    label_en: ClassVar[str] = "action costs"

    action_id: int = col("numéro de la fiche action", "action sheet number", example="4", min=1, max=99, key=True, ref="actions")
    label: str = col("poste de coût", "cost item", example="Acquisition véhicule avec aménagement", key=True)
    amount_eur: float = col("montant estimé (le bas d'une fourchette)", "estimated amount (the low end of a range)", example="5000", unit="€", min=0)
    amount_max_eur: float | None = col("haut de la fourchette de montant (« de 5 000 à 10 000 € »)", "high end of the amount range",
                                       example="10000", unit="€", min=0, default=None)
    period: str = col("périodicité : unique (investissement), mensuel, annuel, par_seance (par atelier ou séance)",
                      "period: unique (one-off), mensuel (monthly), annuel (yearly), par_seance (per workshop or session)",
                      example="unique", choices=COST_PERIODS)
    etp_share_pct: float | None = col("part d'un équivalent temps plein (ligne de coût en temps de personnel)",
                                      "share of a full-time post (a staff-time cost line)", example="10", unit="%", min=0, max=100, default=None)


@dataclass(kw_only=True)
class InterventionType(Record):
    """A kind of bricol'âge intervention with its estimated duration and tariff."""

    table: ClassVar[str] = "intervention_types"
    label_fr: ClassVar[str] = "types d'intervention"
    label_en: ClassVar[str] = "intervention types"

    type_id: str = id_col("identifiant du type d'intervention", "intervention type id", "ROBINET", key=True)
    label: str = col("libellé", "label", example="Changer un joint de robinet")
    duration_min: int = col("durée estimée sur place", "estimated time on site", example="90", unit="min", min=5, max=480)
    tariff_eur: float = col("tarif demandé au locataire", "price charged to the tenant", example="10", unit="€", min=0, default=0.0)
    skill: str = col("compétence requise", "skill required", example="plomberie", pattern=r"[a-z_]+", pattern_doc=("minuscules et _", "lower case and _"))


@dataclass(kw_only=True)
class MemberOrganisation(Record):
    """A member organisation of USH Centre-Val de Loire (reference list of the newsletter, seed 000_)."""

    table: ClassVar[str] = "member_organisations"
    label_fr: ClassVar[str] = "organismes adhérents"
    label_en: ClassVar[str] = "member organisations"

    name: str = col("nom de l'organisme", "organisation name", example="Tours Habitat", key=True)
    departement: str | None = col("département quand le nom le dit", "département when the name states it", example="37",
                                  pattern=r"\d{2}|2[AB]", pattern_doc=("deux chiffres", "two digits"), default=None)

