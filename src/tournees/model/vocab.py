"""Controlled vocabularies shared by records, files and planners (stable codes)."""

from __future__ import annotations

SERVICES = ("epicerie", "bricolage", "ecrivain", "referent")
WEEKDAYS = ("lun", "mar", "mer", "jeu", "ven", "sam", "dim")
HALF_DAYS = tuple(f"{d}-{h}" for d in WEEKDAYS for h in ("am", "pm"))
AVAILABILITY = WEEKDAYS + HALF_DAYS
SEXES = ("F", "M")
MOBILITY = ("autonome", "aide", "fauteuil", "domicile")
CONTACT = ("telephone", "courrier", "email", "visite")
CHANNELS = ("bouche_a_oreille", "mairie", "bailleur", "ccas", "affichage", "autre")
PRIORITIES = ("urgent", "fragile", "isole", "normal")
REQUEST_STATUSES = ("received", "planned", "confirmed", "done", "cancelled", "no_show")
MOTIVES = ("caf", "impots", "retraite", "sante", "logement", "energie", "banque", "emploi", "autre")
VENUE_KINDS = ("mairie", "ccas", "centre_social", "mediatheque", "residence", "autre")
FREQUENCIES = ("hebdo", "quinzaine", "bihebdo")
OUTCOMES = ("done", "cancelled", "no_show")
# fiche 2 (référent seniors): the reason for contact recorded at a visit, its « motifs de consultation » indicator;
# from the fiche's missions (needs, housing and the landlord's services, paperwork, isolation, outings, partners);
# never a health matter
REFERENT_MOTIVES = ("besoins", "logement", "adaptation", "demarches", "isolement", "sorties", "partenaires", "autre")
RUN_STATUSES = ("draft", "published", "confirmed")
STEP_KINDS = ("start", "visit", "session", "break", "end")
COST_PERIODS = ("unique", "mensuel", "annuel", "par_seance")
ABSENCE_PARTS = ("jour", "matin", "apres-midi")
ABSENCE_REASONS = ("conge", "maladie", "formation", "entretien", "autre")
# fiche 3: how a volunteer travels and the situations they accept
VOLUNTEER_MOBILITY = ("voiture", "pied")
SITUATIONS = ("canicule", "retour_hospitalisation", "transport_medical", "silence_inquietant")
ATTENDANCE = ("present", "absent", "desiste")  # fiche 1: a registration's outcome
HOME_WORK_SCHEMES = ("adaptation", "multiservices")  # fiche 5 (ergotherapist's diagnosis), fiche 6 (multi-service)

# Allowed moves of a request's status (received -> planned -> confirmed -> done ...).
STATUS_MOVES: dict[str, tuple[str, ...]] = {
    "received": ("planned", "cancelled"),
    "planned": ("confirmed", "received", "cancelled"),
    "confirmed": ("done", "cancelled", "no_show", "planned"),
    "done": (),
    "cancelled": (),
    "no_show": ("received",),
}

INSEE_PATTERN = r"(\d{5}|2[AB]\d{3})"
INSEE_DOC = ("code INSEE à 5 caractères, ex. 45234", "5-character INSEE code, e.g. 45234")
ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}"
ID_DOC = (
    "lettres, chiffres, _ . - (40 caractères au plus, sans espace)",
    "letters, digits, _ . - (at most 40 characters, no space)",
)
PHONE_PATTERN = r"\+?[0-9 .]{10,17}"
PHONE_DOC = ("numéro de téléphone, ex. 02 38 00 00 00", "phone number, e.g. 02 38 00 00 00")
