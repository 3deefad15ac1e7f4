"""Texts of the web application, French first with English available (same shape as :mod:`tournees.i18n`)."""

from __future__ import annotations

from tournees.i18n import LANGS, default_lang

TEXTS: dict[str, tuple[str, str]] = {
    "app": ("Tournées : planification", "Tournées: planning"),
    "sign_in": ("Connexion", "Sign in"),
    "sign_out": ("Déconnexion", "Sign out"),
    "username": ("Identifiant", "Username"),
    "password": ("Mot de passe", "Password"),
    "bad_login": ("Identifiant ou mot de passe incorrect.", "Wrong username or password."),
    "too_many": (
        "Trop de tentatives de connexion : réessayez dans une minute.",
        "Too many sign-in attempts: try again in a minute.",
    ),
    "too_many_wait": (
        "Trop de tentatives de connexion : réessayez dans {seconds} s.",
        "Too many sign-in attempts: try again in {seconds} s.",
    ),
    "forbidden": (
        "Accès refusé : cette page ne relève pas de vos bailleurs ou de votre rôle.",
        "Access denied: this page is outside your landlords or your role.",
    ),
    "not_found": ("Page introuvable.", "Page not found."),
    "csrf": (
        "Formulaire expiré ou envoyé d'ailleurs : rechargez la page et recommencez.",
        "Form expired or sent from elsewhere: reload the page and try again.",
    ),
    "home": ("Accueil", "Home"),
    "backlog": ("Demandes en attente", "Backlog"),
    "import": ("Import", "Import"),
    "plans": ("Plans", "Plans"),
    "analysis": ("Synthèse", "Overview"),
    "admin": ("Administration", "Administration"),
    "landlord": ("Bailleur", "Landlord"),
    "service": ("Service", "Service"),
    "week": ("Semaine", "Week"),
    "priority": ("Priorité", "Priority"),
    "sector": ("Secteur", "Sector"),
    "min_age": ("Attente d'au moins (jours)", "Waiting at least (days)"),
    "filter": ("Filtrer", "Filter"),
    "request": ("Demande", "Request"),
    "tenant": ("Locataire", "Tenant"),
    "received": ("Reçue le", "Received on"),
    "waiting_days": ("Attente (j)", "Waiting (d)"),
    "status": ("Statut", "Status"),
    "reason": ("Raison si non planifiée", "Reason if left out"),
    "any": ("toutes", "any"),
    "n_requests": ("{n} demande(s)", "{n} request(s)"),
    "import_help": (
        "Fichiers CSV (nommés comme les tables) ou classeur xlsx : tout est vérifié avant toute écriture.",
        "CSV files (named as the tables) or an xlsx workbook: everything is checked before anything is written.",
    ),
    "files": ("Fichiers", "Files"),
    "send": ("Importer", "Import"),
    "import_failed": (
        "Import refusé, rien n'a été écrit : {n} problème(s).",
        "Import refused, nothing was written: {n} problem(s).",
    ),
    "import_ok": ("Import réussi : {summary}.", "Import done: {summary}."),
    "file": ("Fichier", "File"),
    "row": ("Ligne", "Row"),
    "column": ("Colonne", "Column"),
    "rule": ("Règle", "Rule"),
    "no_file": ("aucun fichier reçu", "no file received"),
    "csv_or_xlsx": (
        "fichier refusé : seuls les fichiers .csv et .xlsx s'importent",
        "file refused: only .csv and .xlsx files",
    ),
    "not_your_table": (
        "table réservée à l'administration : seules les tables {allowed} s'importent ici",
        "table reserved to administrators: only the tables {allowed} can be imported here",
    ),
    "not_your_landlord": (
        "la ligne relève d'un bailleur qui n'est pas le vôtre",
        "the row belongs to a landlord that is not yours",
    ),
    "plan_week": ("Planifier une semaine", "Plan a week"),
    "plan_start": ("Lancer le calcul", "Start planning"),
    "planning": ("Calcul en cours…", "Planning…"),
    "best_cost": ("meilleur coût {cost} ({t} s)", "best cost {cost} ({t} s)"),
    "plan_failed": ("Le calcul a échoué : {detail}", "Planning failed: {detail}"),
    "plan_busy": (
        "Un calcul est déjà en cours pour ce bailleur : attendez sa fin.",
        "A plan is already running for this landlord: wait for it.",
    ),
    "bad_week": (
        "semaine « {week} » : format attendu AAAA-Www (par exemple 2026-W48)",
        "week '{week}': expected YYYY-Www (e.g. 2026-W48)",
    ),
    "open": ("Ouvrir", "Open"),
    "version": ("Version", "Version"),
    "updated": ("Modifié par {who} le {at}", "Changed by {who} on {at}"),
    "served": ("servies", "served"),
    "left_out": ("non planifiées", "left out"),
    "map": ("Carte", "Map"),
    "timeline": ("Journées", "Days"),
    "move": ("Déplacer une visite", "Move a visit"),
    "visit": ("Visite", "Visit"),
    "to_resource": ("Vers l'intervenant", "To technician"),
    "to_day": ("Vers le jour", "To day"),
    "position": ("Position dans la journée (1 = première)", "Position in the day (1 = first)"),
    "apply": ("Appliquer", "Apply"),
    "confirm": ("Confirmer le créneau", "Confirm the slot"),
    "confirmed": ("confirmé", "confirmed"),
    "slot": ("Créneau annoncé", "Announced slot"),
    "stale": (
        "Ce plan a été modifié par {who} entre-temps (version {version}) : rechargez la page avant de recommencer.",
        "This plan was changed by {who} meanwhile (version {version}): reload the page before trying again.",
    ),
    "findings_none": ("Le plan respecte toutes les règles.", "The plan holds every rule."),
    "findings": ("Ce qui ne tient plus ({n}) :", "What breaks ({n}):"),
    "moved": ("{task} déplacée : journée re-calculée.", "{task} moved: day re-timed."),
    "confirmed_ok": ("Créneau de {task} confirmé.", "Slot of {task} confirmed."),
    "unknown_visit": ("visite « {task} » absente de ce plan", "visit '{task}' is not in this plan"),
    "unknown_day": ("journée {resource} {day} absente de ce plan", "day {resource} {day} is not in this plan"),
    "documents": ("Documents", "Documents"),
    "replan": ("Re-planifier la semaine", "Re-plan the week"),
    "replan_help": (
        "les nouvelles demandes (urgences d'abord) sont insérées, les créneaux confirmés restent en place",
        "new requests (urgent first) are inserted, confirmed slots stay where they are",
    ),
    "doc_pdf": ("Feuilles de route (PDF)", "Route sheets (PDF)"),
    "doc_sheets": ("Feuilles de route (HTML)", "Route sheets (HTML)"),
    "doc_workbook": ("Classeur", "Workbook"),
    "doc_map": ("Carte", "Map"),
    "doc_visits": ("Visites (CSV)", "Visits (CSV)"),
    "no_plan": ("Aucun plan pour l'instant.", "No plan yet."),
    "analyst_note": (
        "Chiffres agrégés par bailleur et service : aucune ligne de locataire.",
        "Figures aggregated per landlord and service: no tenant row.",
    ),
    "waiting": ("en attente", "waiting"),
    "tenants": ("Locataires", "Tenants"),
    "residence": ("Résidence", "Residence"),
    "consent": ("Consentement", "Consent"),
    "contact": ("Contact préféré", "Preferred contact"),
    "phone": ("Téléphone", "Phone"),
    "requests": ("Demandes", "Requests"),
    "users": ("Comptes", "Accounts"),
    "role": ("Rôle", "Role"),
    "audit": ("Journal des modifications", "Change log"),
    "when": ("Quand", "When"),
    "who": ("Qui", "Who"),
    "what": ("Quoi", "What"),
    "yes": ("oui", "yes"),
    "no": ("non", "no"),
    "language": ("English", "Français"),
}


def pick_lang(value: str | None) -> str:
    value = (value or "").lower()[:2]
    return value if value in LANGS else default_lang()


def tr(key: str, lang: str, /, **params: object) -> str:
    """The text ``key`` in ``lang`` with its parameters filled in."""
    text = TEXTS[key][1 if lang == "en" else 0]
    return text.format(**params) if params else text
