"""Signals on a senior tenant (fiches 2 and 3, « situations à risque »): a visit of the référent is due soon."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from tournees.model.fields import Record, col
from tournees.model.programme import id_col

SIGNAL_KINDS = ("sans_reponse", "courrier_non_releve", "retour_hospitalisation", "autre")


@dataclass(kw_only=True)
class ReferentSignal(Record):
    """Something staff noticed about a tenant: the référent visits within a few working days."""

    table: ClassVar[str] = "referent_signals"
    label_fr: ClassVar[str] = "signalements"
    label_en: ClassVar[str] = "signals"

    signal_id: str = id_col("identifiant du signalement", "signal id", "SIG-0001", key=True)
    tenant_id: str = id_col("locataire concerné", "tenant concerned", "LOC-00001", ref="tenants")
    on: dt.date = col("date du signalement", "date of the signal", example="2026-11-25")
    # a stay in hospital is health data: the kind is never repeated in a message, a sheet or a map
    kind: str = col(
        "motif : sans_reponse (pas de réponse après plusieurs contacts), courrier_non_releve, "
        "retour_hospitalisation, autre",
        "kind: sans_reponse (no answer after repeated contacts), courrier_non_releve (mail not collected), "
        "retour_hospitalisation (back from hospital), autre (other)",
        example="courrier_non_releve", choices=SIGNAL_KINDS, default="autre", sensitive=True,
    )
