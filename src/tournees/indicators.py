"""The indicators the fiches ask to follow ("INDICATEURS A SUIVRE"), from activity records.

Pandas in, pandas out: :func:`compute_indicators` takes the activity, tenant,
residence and satisfaction tables as DataFrames and returns one DataFrame per
indicator, each with a ``service`` column. Only aggregates leave this module.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pandas as pd

from tournees.services.bricolage.params import REQUEST_PROCESSING_H  # fiche 7: 2 h per request

if TYPE_CHECKING:
    from tournees.db import Database

AGE_BANDS = [
    (0, 60, "moins de 60 ans"),
    (60, 70, "60-69 ans"),
    (70, 80, "70-79 ans"),
    (80, 90, "80-89 ans"),
    (90, 200, "90 ans et plus"),
]

TITLES = {
    "beneficiaires": ("Bénéficiaires (prestations réalisées)", "Beneficiaries (services done)"),
    "public_age": ("Public par tranche d'âge", "Beneficiaries by age band"),
    "public_sexe": ("Public par sexe", "Beneficiaries by sex"),
    "public_qpv": ("Public en quartier prioritaire (QPV)", "Beneficiaries in priority districts (QPV)"),
    "public_commune": ("Public par commune", "Beneficiaries by commune"),
    "motifs": ("Motifs de consultation / types d'intervention", "Motives / intervention types"),
    "canaux": ("Canal d'information", "Information channel"),
    "delais": ("Délai entre la demande et la prestation (jours)", "Lead time from request to service (days)"),
    "issues": ("Réalisées, annulations et absences", "Done, cancelled and no-shows"),
    "lieux": ("Consultations par lieu d'accueil", "Consultations by venue"),
    "satisfaction": (
        "Satisfaction (note moyenne sur 5 et taux de notes ≥ 4)",
        "Satisfaction (mean score out of 5 and share of scores ≥ 4)",
    ),
    "demarches": ("Démarches abouties, en permanence et à domicile", "Procedures completed, at venues and at home"),
    "bricolage_recettes": (
        "Bricol'âge : tarifs encaissés et temps de traitement des demandes",
        "Bricol'âge: fees collected and request processing time",
    ),
}
SATISFIED = 4  # a score at or above this counts as satisfied (satisfaction rate)


def _age_band(age: int) -> str:
    return next(label for lo, hi, label in AGE_BANDS if lo <= age < hi)


def people_frame(tenants: pd.DataFrame, residences: pd.DataFrame, year: int) -> pd.DataFrame:
    """Tenants with their commune, QPV flag and age band in ``year`` (the public analysed by every fiche)."""
    people = tenants.merge(residences[["residence_id", "commune", "qpv"]], on="residence_id", how="left")
    people["age_band"] = [_age_band(year - int(y)) for y in people["birth_year"]]
    return people


def compute_indicators(
    activities: pd.DataFrame,
    tenants: pd.DataFrame,
    residences: pd.DataFrame,
    satisfaction: pd.DataFrame | None = None,
    *,
    service: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    reference_year: int | None = None,
    intervention_types: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """Every indicator as a DataFrame, over an optional service and date range."""
    acts = activities.copy()
    if service:
        acts = acts[acts["service"] == service]
    if start:
        acts = acts[acts["on"] >= start]
    if end:
        acts = acts[acts["on"] <= end]
    year = reference_year or (max(acts["on"]).year if len(acts) else dt.date.today().year)
    people = people_frame(tenants, residences, year)
    done = acts[acts["outcome"] == "done"].merge(people, on="tenant_id", how="left", suffixes=("", "_tenant"))
    out: dict[str, pd.DataFrame] = {}

    visits = done.groupby(["service", "tenant_id"]).size().rename("n").reset_index()
    out["beneficiaires"] = (
        visits.groupby("service")
        .agg(
            beneficiaires=("tenant_id", "nunique"),
            prestations=("n", "sum"),
            beneficiaires_plusieurs_fois=("n", lambda s: int((s >= 2).sum())),
        )
        .reset_index()
    )
    unique = done.drop_duplicates(["service", "tenant_id"])
    for key, column in (
        ("public_age", "age_band"),
        ("public_sexe", "sex"),
        ("public_qpv", "qpv"),
        ("public_commune", "commune"),
    ):
        table = unique.groupby(["service", column]).size().rename("beneficiaires").reset_index()
        table["part_pct"] = (
            100 * table["beneficiaires"] / table.groupby("service")["beneficiaires"].transform("sum")
        ).round(1)
        out[key] = table
    if "qpv" in out["public_qpv"]:
        out["public_qpv"]["qpv"] = out["public_qpv"]["qpv"].map({True: "QPV", False: "hors QPV"})
    out["motifs"] = done.dropna(subset=["motive"]).groupby(["service", "motive"]).size().rename("nombre").reset_index()
    channel = done["channel"].fillna(done.get("channel_tenant")) if "channel_tenant" in done else done["channel"]
    out["canaux"] = (
        done.assign(channel=channel.fillna("inconnu"))
        .drop_duplicates(["service", "tenant_id"])
        .groupby(["service", "channel"])
        .size()
        .rename("beneficiaires")
        .reset_index()
    )
    with_lead = done.dropna(subset=["received_on"]).copy()
    with_lead["lead_days"] = [(a - b).days for a, b in zip(with_lead["on"], with_lead["received_on"], strict=True)]
    out["delais"] = (
        with_lead.groupby("service")["lead_days"]
        .agg(demandes="count", moyen="mean", median="median", maximum="max")
        .round(1)
        .reset_index()
    )
    issues = acts.groupby(["service", "outcome"]).size().unstack(fill_value=0)
    for outcome in ("done", "cancelled", "no_show"):
        if outcome not in issues:
            issues[outcome] = 0
    issues = issues[["done", "cancelled", "no_show"]].rename(
        columns={"done": "realisees", "cancelled": "annulations", "no_show": "absences"}
    )
    total = issues.sum(axis=1).where(lambda s: s > 0, 1)
    issues["taux_annulation_pct"] = (100 * issues["annulations"] / total).round(1)
    issues["taux_absence_pct"] = (100 * issues["absences"] / total).round(1)
    issues.columns.name = None
    out["issues"] = issues.reset_index()
    venues = done.dropna(subset=["venue_id"])
    lieux = venues.groupby(["service", "venue_id"]).agg(consultations=("activity_id", "count")).reset_index()
    if "succeeded" in venues:
        ok = (
            venues.assign(ok=venues["succeeded"].fillna(False).astype(bool))
            .groupby(["service", "venue_id"])["ok"]
            .sum()
        )
        lieux = lieux.merge(ok.rename("demarches_abouties").reset_index(), on=["service", "venue_id"], how="left")
    out["lieux"] = lieux
    if satisfaction is not None and len(satisfaction):
        rated = satisfaction.merge(acts[["activity_id", "service"]], on="activity_id")
        rated = rated.assign(satisfait=rated["score"] >= SATISFIED)
        table = (
            rated.groupby(["service", "question"])
            .agg(reponses=("score", "count"), note_moyenne=("score", "mean"), satisfaits=("satisfait", "sum"))
            .reset_index()
        )
        table["note_moyenne"] = table["note_moyenne"].round(2)
        table["taux_satisfaction_pct"] = (100 * table["satisfaits"] / table["reponses"]).round(1)
        out["satisfaction"] = table.drop(columns="satisfaits")
    else:
        out["satisfaction"] = pd.DataFrame(
            columns=["service", "question", "reponses", "note_moyenne", "taux_satisfaction_pct"]
        )
    out["demarches"] = _procedures(done)
    out["bricolage_recettes"] = _bricolage_fees(acts, done, intervention_types)
    return out


def _procedures(done: pd.DataFrame) -> pd.DataFrame:
    """Procedures completed by place: each venue, and the tenant's home (no venue) for home visits."""
    columns = ["service", "lieu", "realisees", "abouties", "taux_abouties_pct"]
    if "succeeded" not in done or not done["succeeded"].notna().any():
        return pd.DataFrame(columns=columns)
    rows = done[done["succeeded"].notna() | (done["service"] == "ecrivain")]
    rows = rows.assign(lieu=rows["venue_id"].fillna("domicile"), ok=rows["succeeded"].fillna(False).astype(bool))
    table = (
        rows.groupby(["service", "lieu"]).agg(realisees=("activity_id", "count"), abouties=("ok", "sum")).reset_index()
    )
    table["abouties"] = table["abouties"].astype(int)
    table["taux_abouties_pct"] = (100 * table["abouties"] / table["realisees"]).round(1)
    return table[columns]


def _bricolage_fees(acts: pd.DataFrame, done: pd.DataFrame, types: pd.DataFrame | None) -> pd.DataFrame:
    """Fees collected (catalogue tariff of each intervention done) and staff time receiving and planning requests."""
    brico = acts[acts["service"] == "bricolage"]
    if not len(brico):
        return pd.DataFrame(columns=["interventions", "montant_encaisse_eur", "demandes", "heures_traitement"])
    tariffs = dict(zip(types["type_id"], types["tariff_eur"], strict=True)) if types is not None else {}
    worked = done[done["service"] == "bricolage"]
    requests = (
        brico["request_id"].nunique() if "request_id" in brico and brico["request_id"].notna().any() else len(brico)
    )
    return pd.DataFrame(
        [
            {
                "interventions": len(worked),
                "montant_encaisse_eur": round(float(sum(tariffs.get(m, 0.0) for m in worked["motive"])), 2),
                "demandes": int(requests),
                "heures_traitement": round(REQUEST_PROCESSING_H * int(requests), 1),
            }
        ]
    )


def indicators_from_db(db: Database, **kwargs: object) -> dict[str, pd.DataFrame]:
    """:func:`compute_indicators` on the tables of a database."""
    from tournees.model import Activity, InterventionType, Residence, SatisfactionAnswer, Tenant

    return compute_indicators(
        db.frame(Activity),
        db.frame(Tenant),
        db.frame(Residence),
        db.frame(SatisfactionAnswer),  # type: ignore[arg-type]
        intervention_types=db.frame(InterventionType),
        **kwargs,  # type: ignore[arg-type]
    )
