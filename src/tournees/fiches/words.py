"""The fiche tables in words, for the web page and the workbook: column names and stored codes said in French or
English (the CSV files keep the codes, for programs)."""

from __future__ import annotations

import re

import pandas as pd

from tournees.i18n import pick
from tournees.indicators import AGE_BANDS

COLUMNS: dict[str, tuple[str, str]] = {
    "indicateur": ("indicateur", "indicator"),
    "valeur": ("valeur", "value"),
    "dimension": ("critère", "criterion"),
    "beneficiaires": ("bénéficiaires", "beneficiaries"),
    "beneficiaires_plusieurs_fois": ("bénéficiaires venus plusieurs fois", "beneficiaries who came back"),
    "prestations": ("prestations", "services given"),
    "part_pct": ("part (%)", "share (%)"),
    "age_band": ("tranche d'âge", "age band"),
    "sex": ("sexe", "sex"),
    "qpv": ("QPV", "QPV"),
    "commune": ("commune", "commune"),
    "canal": ("canal", "channel"),
    "channel": ("canal", "channel"),
    "motive": ("motif", "motive"),
    "motif": ("motif", "motive"),
    "nombre": ("nombre", "number"),
    "question": ("question", "question"),
    "reponses": ("réponses", "answers"),
    "note_moyenne": ("note moyenne sur 5", "mean score out of 5"),
    "taux_satisfaction_pct": ("satisfaits (%)", "satisfied (%)"),
    "demandes": ("demandes", "requests"),
    "realisees": ("réalisées", "done"),
    "moyen": ("moyenne", "mean"),
    "median": ("médiane", "median"),
    "maximum": ("maximum", "maximum"),
    "annulations": ("annulations", "cancellations"),
    "absences": ("absences", "no-shows"),
    "taux_annulation_pct": ("annulations (%)", "cancellations (%)"),
    "taux_absence_pct": ("absences (%)", "no-shows (%)"),
    "venue_id": ("lieu", "venue"),
    "lieu": ("lieu", "venue"),
    "consultations": ("consultations", "consultations"),
    "demarches_abouties": ("démarches abouties", "procedures completed"),
    "abouties": ("abouties", "completed"),
    "taux_abouties_pct": ("abouties (%)", "completed (%)"),
    "interventions": ("interventions", "interventions"),
    "montant_encaisse_eur": ("montant encaissé (€)", "fees collected (€)"),
    "heures_traitement": ("heures de traitement", "processing hours"),
    "type": ("type", "kind"),
    "situation": ("situation", "situation"),
    "rendez_vous": ("rendez-vous", "appointments"),
}
VALUES: dict[str, tuple[str, str]] = {
    "age": ("âge", "age"),
    "sexe": ("sexe", "sex"),
    "qpv": ("QPV", "QPV"),
    "commune": ("commune", "commune"),
    "hors QPV": ("hors QPV", "outside QPV"),
    "bouche_a_oreille": ("bouche-à-oreille", "word of mouth"),
    "mairie": ("mairie", "town hall"),
    "bailleur": ("bailleur", "landlord"),
    "ccas": ("CCAS", "CCAS"),
    "affichage": ("affichage", "posters"),
    "autre": ("autre", "other"),
    "inconnu": ("inconnu", "unknown"),
    "canicule": ("canicule", "heat wave"),
    "retour_hospitalisation": ("retour d'hospitalisation", "back from hospital"),
    "transport_medical": ("transport médical urgent", "urgent medical trip"),
    "silence_inquietant": ("silence inquiétant", "worrying silence"),
    "animation": ("qualité de l'animation", "quality of the workshop"),
    "service": ("qualité du service", "quality of the service"),
    "mise_en_relation": ("mise en relation", "putting in touch"),
    "prise_en_main": ("facilité de prise en main", "ease of use"),
    "global": ("globale", "overall"),
    "qualite": ("qualité", "quality"),
    "delai": ("délai", "lead time"),
    "cout": ("coût", "cost"),
    "produits": ("produits", "products"),
    # fiche 2: the référent's reasons for contact (model.vocab.REFERENT_MOTIVES)
    "besoins": ("recueil des besoins", "needs assessment"),
    "logement": ("logement", "housing"),
    "adaptation": ("adaptation du logement", "home adaptation"),
    "demarches": ("démarches", "paperwork"),
    "isolement": ("isolement", "isolation"),
    "sorties": ("sorties et loisirs", "outings and leisure"),
    "partenaires": ("orientation vers un partenaire", "referral to a partner"),
    **{label: (label, f"{lo}-{hi - 1}" if lo else f"under {hi}") for lo, hi, label in AGE_BANDS[:-1]},
    AGE_BANDS[-1][2]: (AGE_BANDS[-1][2], f"{AGE_BANDS[-1][0]} and over"),
}
_CODE = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)+")


def column_words(name: str, lang: str) -> str:
    return pick(COLUMNS[name], lang) if name in COLUMNS else name.replace("_", " ")


def value_words(value: object, lang: str) -> object:
    """A stored code in words; any other code written with underscores (a kind of works) with spaces."""
    if isinstance(value, str):
        if value in VALUES:
            return pick(VALUES[value], lang)
        if _CODE.fullmatch(value):
            return value.replace("_", " ")
    return value


def worded(frame: pd.DataFrame, lang: str) -> tuple[list[str], list[list[object]]]:
    """The column names and rows of ``frame`` in words."""
    rows = [[value_words(v, lang) for v in row] for row in frame.itertuples(index=False)]
    return [column_words(str(c), lang) for c in frame.columns], rows
