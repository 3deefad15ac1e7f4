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
    setup_months: int = col("temps de mise en œuvre", "set-up time", example="12", unit="mois", min=0, max=60)
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
    amount_eur: float = col("montant estimé", "estimated amount", example="80000", unit="€", min=0)
    period: str = col("périodicité : unique (investissement), mensuel, annuel", "period: unique (one-off), mensuel (monthly), annuel (yearly)", example="unique", choices=COST_PERIODS)


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
