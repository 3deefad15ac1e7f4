"""The indicators each of the ten fiches asks to follow ("INDICATEURS A SUIVRE"), as aggregated tables.

Pandas in, pandas out, like :mod:`tournees.indicators` (whose tables fiches 4, 7 and 10 reuse). Every
table is a count, a share or a mean: no tenant id, no GIR, no phone ever leaves this module.
A fiche with no records yet shows its tables with zeros, so that an empty programme reads as such.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from tournees.indicators import SATISFIED, compute_indicators, people_frame

# fiche -> (French, English) title, as the catalogue names the action (short form)
FICHES: dict[int, tuple[str, str]] = {
    1: ("Ateliers collectifs", "Collective workshops"),
    2: ("Référent seniors", "Seniors' référent"),
    3: ("Réseau de bénévoles d'urgence", "Emergency volunteers"),
    4: ("Épicerie mobile", "Mobile grocery"),
    5: ("Diagnostic ergothérapique et adaptation du logement", "Ergotherapist's diagnosis and home adaptation"),
    6: ("Contrat multi-services", "Multi-service contract"),
    7: ("Bricol'âge", "Bricol'âge"),
    8: ("Cabine de télémédecine", "Telemedicine cabin"),
    9: ("Achat groupé de mutuelles", "Group health insurance"),
    10: ("Écrivain numérique", "Digital public writer"),
}
# the services tournees plans, by fiche (their tables come from tournees.indicators)
SERVICE_FICHES = {4: "epicerie", 7: "bricolage", 10: "ecrivain"}
FICHE_OF_SERVICE = {"referent": 2, **{service: fiche for fiche, service in SERVICE_FICHES.items()}}  # --service

TABLE_TITLES: dict[str, tuple[str, str]] = {
    "chiffres": ("Chiffres clés", "Key figures"),
    "public": ("Public bénéficiaire (âge, sexe, QPV, commune)", "Beneficiaries (age, sex, QPV, commune)"),
    "canaux": ("Canal d'information", "Information channel"),
    "satisfaction": ("Enquête de satisfaction", "Satisfaction survey"),
    "types": ("Nombre et types de demandes", "Number and kinds of requests"),
    "delais": ("Délais d'attente (jours)", "Waiting times (days)"),
    "situations": ("Interventions par situation", "Interventions by situation"),
    "lieux": ("Rendez-vous par lieu", "Appointments by venue"),
    "motifs": ("Motifs de contact", "Contact motives"),
}
# key figure labels (French, English)
FIGURES: dict[str, tuple[str, str]] = {
    "inscrits": ("Nombre d'inscrits", "Registrations"),
    "desistements": ("Nombre de désistements", "Withdrawals"),
    "absents": ("Inscrits absents", "Registered, did not come"),
    "participants": ("Nombre de participants", "Participants"),
    "participants_plusieurs": ("Participants à plusieurs reprises", "Participants who came more than once"),
    "contacts": ("Nombre de prises de contact des seniors", "Contacts with seniors"),
    "seniors_contactes": ("Seniors contactés", "Seniors contacted"),
    "benevoles": ("Bénévoles inscrits", "Volunteers registered"),
    "benevoles_mobilisables": (
        "Bénévoles mobilisables (consentement et charte signée)",
        "Volunteers who can be called (consent and charter)",
    ),
    "seniors": ("Seniors concernés", "Seniors concerned"),
    "familles": ("Familles concernées", "Families concerned"),
    "interventions": ("Nombre d'interventions", "Interventions"),
    "delai_moyen_h": ("Délai moyen de mise en relation (heures)", "Mean time to put in touch (hours)"),
    "delai_median_h": ("Délai médian de mise en relation (heures)", "Median time to put in touch (hours)"),
    "beneficiaires": ("Nombre de bénéficiaires", "Beneficiaries"),
    "beneficiaires_plusieurs": ("Bénéficiaires ayant fait appel plusieurs fois", "Beneficiaries who came back"),
    "prestations": ("Nombre de prestations", "Services given"),
    "demandes": ("Nombre de demandes", "Requests"),
    "realisees": ("Demandes réalisées", "Requests done"),
    "en_attente": ("Demandes en attente", "Requests waiting"),
    "rendez_vous": ("Nombre de rendez-vous", "Appointments"),
    "deux_fois": ("Locataires ayant utilisé le service au moins deux fois", "Tenants who used it at least twice"),
    "taux_recommandation_pct": ("Recommanderaient le dispositif (%)", "Would recommend it (%)"),
    "adhesions": ("Nombre d'adhésions", "Subscriptions"),
    "economies_eur": ("Économies réalisées par an (€)", "Yearly savings (€)"),
    "economie_moyenne_eur": ("Économie moyenne par adhérent et par an (€)", "Mean yearly saving per member (€)"),
}


@dataclass
class Frames:
    """The tables the fiches read, as DataFrames (``None``: the table is not there; its fiche shows zeros)."""

    tenants: pd.DataFrame
    residences: pd.DataFrame
    activities: pd.DataFrame
    satisfaction: pd.DataFrame | None = None
    intervention_types: pd.DataFrame | None = None
    workshops: pd.DataFrame | None = None
    attendance: pd.DataFrame | None = None
    home_works: pd.DataFrame | None = None
    cabin: pd.DataFrame | None = None
    mutuelle: pd.DataFrame | None = None
    volunteers: pd.DataFrame | None = None
    interventions: pd.DataFrame | None = None
    contacts: pd.DataFrame | None = None  # the référent's contacts (fiche 2): tenant_id, optional motive


@dataclass(frozen=True)
class FicheTable:
    """One table of a fiche: its key, its (French, English) title and the figures."""

    key: str
    title: tuple[str, str]
    frame: pd.DataFrame


@dataclass
class _Period:
    start: dt.date | None = None
    end: dt.date | None = None
    year: int = field(default_factory=lambda: dt.date.today().year)

    def keep(self, frame: pd.DataFrame | None, column: str) -> pd.DataFrame:
        """Rows of ``frame`` whose ``column`` (a date or a date-time) falls in the period; empty when absent."""
        if frame is None or not len(frame):
            return pd.DataFrame(columns=[column] if frame is None else frame.columns)
        days = pd.Series([_day(v) for v in frame[column]], index=frame.index)
        mask = pd.Series(True, index=frame.index)
        if self.start:
            mask &= days.map(lambda d: d is not None and d >= self.start)
        if self.end:
            mask &= days.map(lambda d: d is not None and d <= self.end)
        return frame[mask]


def _day(value: object) -> dt.date | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value if isinstance(value, dt.date) else None


def figures(pairs: Iterable[tuple[str, float | int]], lang: str) -> pd.DataFrame:
    """A two-column table of key figures, labelled in ``lang``."""
    i = 1 if lang == "en" else 0
    return pd.DataFrame([(FIGURES[k][i], v) for k, v in pairs], columns=["indicateur", "valeur"], dtype=object)


def public(tenant_ids: Iterable[str], people: pd.DataFrame) -> pd.DataFrame:
    """Distinct beneficiaries by age band, sex, QPV and commune, with their share (one long table)."""
    ids = set(tenant_ids)
    who = people[people["tenant_id"].isin(ids)]
    rows: list[tuple[str, str, int, float]] = []
    for dimension, column in (("age", "age_band"), ("sexe", "sex"), ("qpv", "qpv"), ("commune", "commune")):
        values = who[column].map(_qpv_label) if column == "qpv" else who[column]
        counts = values.value_counts()
        for value, n in sorted(counts.items(), key=lambda kv: str(kv[0])):
            rows.append((dimension, str(value), int(n), round(100 * n / len(who), 1)))
    return pd.DataFrame(rows, columns=["dimension", "valeur", "beneficiaires", "part_pct"])


def _qpv_label(flag: object) -> str:
    return "QPV" if flag else "hors QPV"


def channels(frame: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """Distinct beneficiaries by information channel (the record's, else the tenant's, else « inconnu »)."""
    if not len(frame):
        return pd.DataFrame(columns=["canal", "beneficiaires"])
    own = frame["channel"] if "channel" in frame else pd.Series(None, index=frame.index, dtype=object)
    tenant_channel = frame["tenant_id"].map(dict(zip(people["tenant_id"], people["channel"], strict=True)))
    canal = own.where(own.notna(), tenant_channel).fillna("inconnu")
    table = (
        frame.assign(canal=canal)
        .drop_duplicates(["tenant_id"])
        .groupby("canal")
        .size()
        .rename("beneficiaires")
        .reset_index()
    )
    return table


def satisfaction(scores: pd.Series, question: str) -> pd.DataFrame:
    """Answers, mean score out of 5 and share of scores at or above :data:`SATISFIED` for one question."""
    given = pd.to_numeric(scores, errors="coerce").dropna()
    n = len(given)
    return pd.DataFrame(
        [
            (
                question,
                n,
                round(float(given.mean()), 2) if n else 0.0,
                round(100 * float((given >= SATISFIED).sum()) / n, 1) if n else 0.0,
            )
        ],
        columns=["question", "reponses", "note_moyenne", "taux_satisfaction_pct"],
    )


def _waits(frame: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    done = frame.dropna(subset=[end]) if len(frame) else frame
    days = [(_day(b) - _day(a)).days for a, b in zip(done[start], done[end], strict=True)] if len(done) else []  # type: ignore[operator]
    s = pd.Series(days, dtype=float)
    return pd.DataFrame(
        [
            (
                len(s),
                round(float(s.mean()), 1) if len(s) else 0.0,
                float(s.median()) if len(s) else 0.0,
                float(s.max()) if len(s) else 0.0,
            )
        ],
        columns=["realisees", "moyen", "median", "maximum"],
    )


def _table(key: str, frame: pd.DataFrame) -> FicheTable:
    return FicheTable(key, TABLE_TITLES[key], frame)


def fiche_indicators(
    frames: Frames,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    reference_year: int | None = None,
    lang: str = "fr",
) -> dict[int, list[FicheTable]]:
    """The tables of every fiche (1 … 10), over an optional date range."""
    acts = frames.activities
    year = reference_year or (max(acts["on"]).year if len(acts) else (end or dt.date.today()).year)
    period = _Period(start, end, year)
    people = people_frame(frames.tenants, frames.residences, period.year)
    services = compute_indicators(
        frames.activities,
        frames.tenants,
        frames.residences,
        frames.satisfaction,
        start=start,
        end=end,
        reference_year=period.year,
        intervention_types=frames.intervention_types,
    )
    out = {
        1: _workshops(frames, period, people, lang),
        2: _referent(frames, period, lang),
        3: _volunteers(frames, period, lang),
        5: _home_works(frames, period, people, "adaptation", lang),
        6: _home_works(frames, period, people, "multiservices", lang),
        8: _cabin(frames, period, people, lang),
        9: _mutuelle(frames, period, people, lang),
    }
    for fiche, service in SERVICE_FICHES.items():
        out[fiche] = [
            FicheTable(key, _service_title(key), frame[frame["service"] == service].drop(columns="service"))
            if "service" in frame
            else FicheTable(key, _service_title(key), frame)
            for key, frame in services.items()
            if key in _service_keys(service)
        ]
    return dict(sorted(out.items()))


def _service_title(key: str) -> tuple[str, str]:
    from tournees.indicators import TITLES

    return TITLES[key]


def _service_keys(service: str) -> tuple[str, ...]:
    from tournees.services import registry

    return registry.get(service).indicators


def _workshops(frames: Frames, period: _Period, people: pd.DataFrame, lang: str) -> list[FicheTable]:
    att = (
        frames.attendance
        if frames.attendance is not None
        else pd.DataFrame(columns=["workshop_id", "tenant_id", "status"])
    )
    if len(att) and frames.workshops is not None:  # a registration is dated by its workshop
        att = period.keep(att.merge(frames.workshops[["workshop_id", "on"]], on="workshop_id", how="left"), "on")
    present = att[att["status"] == "present"] if len(att) else att
    per_tenant = present.groupby("tenant_id").size() if len(present) else pd.Series(dtype=int)
    key = figures(
        [
            ("inscrits", len(att)),
            ("desistements", int((att["status"] == "desiste").sum()) if len(att) else 0),
            ("absents", int((att["status"] == "absent").sum()) if len(att) else 0),
            ("participants", int(per_tenant.size)),
            ("participants_plusieurs", int((per_tenant >= 2).sum())),
        ],
        lang,
    )
    return [
        _table("chiffres", key),
        _table("public", public(present["tenant_id"] if len(present) else [], people)),
        _table("canaux", channels(att, people)),
        _table(
            "satisfaction",
            satisfaction(present["score"] if "score" in present else pd.Series(dtype=float), "animation"),
        ),
    ]


def _referent(frames: Frames, period: _Period, lang: str) -> list[FicheTable]:
    """Contacts of the référent: the visits done by the référent service (activities of service ``referent``) and
    the rows of a contacts table when the base has one; their motives and satisfaction."""
    acts = period.keep(frames.activities, "on")
    visits = (
        acts[(acts["service"] == "referent") & (acts["outcome"] == "done")]
        if len(acts)
        else pd.DataFrame(columns=["activity_id", "tenant_id", "motive"])
    )
    other = frames.contacts if frames.contacts is not None else pd.DataFrame(columns=["tenant_id"])
    other_motive = next((c for c in ("motive", "reason", "motif") if c in other), None)
    contacts = pd.concat(
        [
            visits[["tenant_id", "motive"]].rename(columns={"motive": "motif"}),
            other.assign(motif=other[other_motive] if other_motive else None)[["tenant_id", "motif"]],
        ],
        ignore_index=True,
    )
    key = figures([("contacts", len(contacts)), ("seniors_contactes", int(contacts["tenant_id"].nunique()))], lang)
    given = contacts.dropna(subset=["motif"])
    motives = (
        given.groupby("motif").size().rename("nombre").reset_index()
        if len(given)
        else pd.DataFrame(columns=["motif", "nombre"])
    )
    answers = frames.satisfaction if frames.satisfaction is not None else pd.DataFrame(columns=["activity_id", "score"])
    scores = pd.concat(
        [
            answers[answers["activity_id"].isin(set(visits["activity_id"]))]["score"],
            other["score"] if "score" in other else pd.Series(dtype=float),
        ]
    )
    return [_table("chiffres", key), _table("motifs", motives), _table("satisfaction", satisfaction(scores, "service"))]


def _volunteers(frames: Frames, period: _Period, lang: str) -> list[FicheTable]:
    vols = (
        frames.volunteers
        if frames.volunteers is not None
        else pd.DataFrame(columns=["volunteer_id", "consent", "charter_signed_on"])
    )
    acts = period.keep(frames.interventions, "requested_at")
    callable_ = int(
        sum(
            bool(c) and s is not None and s == s
            for c, s in zip(vols["consent"], vols["charter_signed_on"], strict=True)
        )
    )
    hours = pd.Series(
        [
            (b - a).total_seconds() / 3600
            for a, b in zip(acts.get("requested_at", []), acts.get("matched_at", []), strict=True)
            if b is not None and b == b
        ],
        dtype=float,
    )
    key = figures(
        [
            ("benevoles", len(vols)),
            ("benevoles_mobilisables", callable_),
            ("seniors", int(acts["tenant_id"].nunique()) if len(acts) else 0),
            ("familles", int(acts["family_involved"].astype(bool).sum()) if len(acts) else 0),
            ("interventions", len(acts)),
            ("delai_moyen_h", round(float(hours.mean()), 1) if len(hours) else 0.0),
            ("delai_median_h", round(float(hours.median()), 1) if len(hours) else 0.0),
        ],
        lang,
    )
    by_situation = (
        acts.groupby("situation").size().rename("interventions").reset_index()
        if len(acts)
        else pd.DataFrame(columns=["situation", "interventions"])
    )
    score = acts["score"] if "score" in acts else pd.Series(dtype=float)
    return [
        _table("chiffres", key),
        _table("situations", by_situation),
        _table("satisfaction", satisfaction(score, "mise_en_relation")),
    ]


def _home_works(frames: Frames, period: _Period, people: pd.DataFrame, scheme: str, lang: str) -> list[FicheTable]:
    works = period.keep(frames.home_works, "requested_on")
    works = (
        works[works["scheme"] == scheme]
        if len(works)
        else pd.DataFrame(columns=["tenant_id", "kind", "requested_on", "done_on"])
    )
    done = works.dropna(subset=["done_on"]) if len(works) else works
    per_tenant = works.groupby("tenant_id").size() if len(works) else pd.Series(dtype=int)
    key = figures(
        [
            ("beneficiaires", int(per_tenant.size)),
            ("beneficiaires_plusieurs", int((per_tenant >= 2).sum())),
            ("demandes", len(works)),
            ("realisees", len(done)),
            ("en_attente", len(works) - len(done)),
        ],
        lang,
    )
    kinds = (
        works.assign(realisee=works["done_on"].notna())
        .groupby("kind")
        .agg(demandes=("tenant_id", "size"), realisees=("realisee", "sum"))
        .reset_index()
        .rename(columns={"kind": "type"})
        if len(works)
        else pd.DataFrame(columns=["type", "demandes", "realisees"])
    )
    score = works["score"] if "score" in works else pd.Series(dtype=float)
    tables = [
        _table("chiffres", key),
        _table("types", kinds),
        _table("public", public(works["tenant_id"] if len(works) else [], people)),
        _table("canaux", channels(works, people)),
        _table("satisfaction", satisfaction(score, "service")),
    ]
    if scheme == "adaptation":  # fiche 5 follows and compares waiting times
        tables.insert(2, _table("delais", _waits(works, "requested_on", "done_on")))
    return tables


def _cabin(frames: Frames, period: _Period, people: pd.DataFrame, lang: str) -> list[FicheTable]:
    cab = period.keep(frames.cabin, "on")
    cab = cab if len(cab) else pd.DataFrame(columns=["tenant_id", "venue_id", "ease_score", "would_recommend"])
    per_tenant = cab.groupby("tenant_id").size() if len(cab) else pd.Series(dtype=int)
    answered = cab["would_recommend"].dropna() if len(cab) else pd.Series(dtype=bool)
    key = figures(
        [
            ("rendez_vous", len(cab)),
            ("beneficiaires", int(per_tenant.size)),
            ("deux_fois", int((per_tenant >= 2).sum())),
            ("taux_recommandation_pct", round(100 * float(answered.astype(bool).mean()), 1) if len(answered) else 0.0),
        ],
        lang,
    )
    venues = (
        cab.groupby("venue_id").size().rename("rendez_vous").reset_index().rename(columns={"venue_id": "lieu"})
        if len(cab)
        else pd.DataFrame(columns=["lieu", "rendez_vous"])
    )
    return [
        _table("chiffres", key),
        _table("lieux", venues),
        _table("public", public(cab["tenant_id"], people)),
        _table("canaux", channels(cab, people)),
        _table("satisfaction", satisfaction(cab["ease_score"], "prise_en_main")),
    ]


def _mutuelle(frames: Frames, period: _Period, people: pd.DataFrame, lang: str) -> list[FicheTable]:
    subs = period.keep(frames.mutuelle, "subscribed_on")
    subs = subs if len(subs) else pd.DataFrame(columns=["tenant_id", "yearly_saving_eur", "score"])
    savings = pd.to_numeric(subs["yearly_saving_eur"], errors="coerce").dropna()
    key = figures(
        [
            ("adhesions", len(subs)),
            ("economies_eur", round(float(savings.sum()), 2)),
            ("economie_moyenne_eur", round(float(savings.mean()), 2) if len(savings) else 0.0),
        ],
        lang,
    )
    return [
        _table("chiffres", key),
        _table("public", public(subs["tenant_id"], people)),
        _table("canaux", channels(subs, people)),
        _table("satisfaction", satisfaction(subs["score"], "global")),
    ]
