"""Texts of the web application, French first with English available (same shape as :mod:`tournees.i18n`)."""

from __future__ import annotations

import datetime as dt

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
    "job_waiting": (
        "En file d'attente : {n} calcul(s) avant celui-ci.",
        "Queued: {n} computation(s) before this one.",
    ),
    "job_cancel": ("Annuler le calcul", "Cancel the computation"),
    "job_cancelled": ("calcul annulé à la demande d'un planificateur", "computation cancelled by a planner"),
    "job_cancel_cancelled": ("Calcul annulé.", "Computation cancelled."),
    "job_cancel_cancelling": (
        "Annulation demandée : le calcul s'arrête dans quelques secondes, sans rien publier.",
        "Cancellation asked: the computation stops within seconds, publishing nothing.",
    ),
    "job_not_running": ("Aucun calcul en cours ou en attente pour ce plan.", "No computation running or queued for "
                        "this plan."),
    "job_lost": (
        "le calcul s'est arrêté {n} fois sans finir (service de calcul arrêté ou redémarré) : relancez-le ; si cela "
        "recommence, prévenez l'administrateur",
        "the computation stopped {n} times without finishing (computing service stopped or restarted): start it "
        "again; if it happens again, tell the administrator",
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
    "fiche_indicators": ("Indicateurs des dix fiches", "Indicators of the ten fiches"),
    "vol_title": ("Bénévoles d'urgence", "Emergency volunteers"),
    "vol_note": (
        "Les bénévoles du bailleur du senior, disponibles ce jour-là pour cette situation, du plus proche au plus "
        "loin : le trajet est donné en tranche, jamais d'adresse ni de distance.",
        "The volunteers of the senior's landlord free that day for this situation, nearest first: the trip is "
        "given as a band, never an address nor a distance.",
    ),
    "vol_situation": ("Situation", "Situation"),
    "vol_day": ("Jour", "Day"),
    "vol_search": ("Chercher", "Search"),
    "vol_volunteer": ("Bénévole", "Volunteer"),
    "vol_mode": ("Mode", "Mode"),
    "vol_trip": ("Trajet", "Trip"),
    "vol_none_here": ("Aucun bénévole disponible dans son temps de trajet maximal.",
                      "No volunteer available within their longest trip."),
    "situation_canicule": ("canicule", "heat wave"),
    "situation_retour_hospitalisation": ("retour d'hospitalisation", "back from hospital"),
    "situation_transport_medical": ("transport médical urgent", "urgent medical trip"),
    "situation_silence_inquietant": ("silence inquiétant", "worrying silence"),
    "travel_mode_voiture": ("en voiture", "by car"),
    "travel_mode_pied": ("à pied", "on foot"),
    "fiche_number": ("Fiche {n} :", "Fiche {n}:"),
    "fiche_no_data": ("aucune donnée", "no data"),
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
    # stored codes shown on the pages (never shown raw: tests/web/test_raw_codes.py)
    "weekdays": ("lun. mar. mer. jeu. ven. sam. dim.", "Mon Tue Wed Thu Fri Sat Sun"),
    "service_bricolage": ("Bricol'âge", "Bricol'âge"),
    "service_ecrivain": ("Écrivain numérique", "Digital scribe"),
    "service_epicerie": ("Épicerie mobile", "Mobile grocery"),
    "priority_urgent": ("urgente", "urgent"),
    "priority_fragile": ("locataire fragile", "frail tenant"),
    "priority_isole": ("locataire isolé", "isolated tenant"),
    "priority_normal": ("normale", "normal"),
    "status_received": ("reçue", "received"),
    "status_planned": ("planifiée", "planned"),
    "status_confirmed": ("confirmée", "confirmed"),
    "status_done": ("faite", "done"),
    "status_cancelled": ("annulée", "cancelled"),
    "status_no_show": ("locataire absent", "tenant not in"),
    "plan_running": ("calcul en cours", "computing"),
    "plan_ready": ("prêt", "ready"),
    "plan_failed_status": ("échec du calcul", "failed"),
    "contact_telephone": ("téléphone", "phone"),
    "contact_courrier": ("courrier", "letter"),
    "contact_email": ("courriel", "e-mail"),
    "contact_visite": ("visite", "visit"),
    "role_planner": ("planificateur", "planner"),
    "role_analyst": ("analyste", "analyst"),
    "role_admin": ("administrateur", "administrator"),
    # issue #27: publishing, what happened at the visits, the technician's own day, shared technicians, absences
    "role_staff": ("intervenant", "staff member"),
    "action_plan_publish": ("plan publié", "plan published"),
    "action_visit_outcome": ("visite renseignée", "visit outcome recorded"),
    "reason_staff_absent": (
        "L'intervenant est absent ce jour-là (absence saisie).",
        "The staff member is away that day (absence entered).",
    ),
    "publish": ("Publier le plan", "Publish the plan"),
    "publish_help": (
        "Publier : les visites deviennent les journées des techniciens et leur temps n'est plus offert aux plans des "
        "autres bailleurs de la semaine.",
        "Publish: the visits become the technicians' days and their time is no longer offered to the other "
        "landlords' plans of the week.",
    ),
    "published": ("Plan publié.", "Plan published."),
    "published_ok": (
        "Plan publié : les techniciens voient leur journée.",
        "Plan published: the technicians see their day.",
    ),
    "publish_not_ready": (
        "seul un plan bricol'âge calculé peut être publié",
        "only a computed bricol'âge plan can be published",
    ),
    "publish_refused": (
        "publication refusée, rien n'a été publié : {clashes}. Re-planifiez la semaine : le nouveau plan laissera "
        "ce temps libre.",
        "publication refused, nothing was published: {clashes}. Re-plan the week: the new plan will leave that "
        "time free.",
    ),
    "publish_clash": (
        "{resource} le {day} de {start} à {end} est déjà pris par le plan publié de {landlord}",
        "{resource} on {day} from {start} to {end} is already taken by the published plan of {landlord}",
    ),
    "shared_days": ("Techniciens partagés avec d'autres bailleurs", "Technicians shared with other landlords"),
    "shared_taken": (
        "{resource} · {day} : {start}–{end} pris par le plan publié de {landlord} ({n} visite(s))",
        "{resource} · {day}: {start}–{end} taken by the published plan of {landlord} ({n} visit(s))",
    ),
    "outcome": ("Ce qui s'est passé", "What happened"),
    "outcome_done": ("réalisée", "done"),
    "outcome_cancelled": ("annulée", "cancelled"),
    "outcome_no_show": ("locataire absent", "tenant not in"),
    "cancelled_by": ("annulée par", "cancelled by"),
    "cancelled_by_tenant": ("le locataire", "the tenant"),
    "cancelled_by_landlord": ("le bailleur", "the landlord"),
    "cancelled_by_service": ("le service", "the service"),
    "satisfaction": ("Satisfaction (1 à 5, facultatif)", "Satisfaction (1 to 5, optional)"),
    "record": ("Enregistrer", "Record"),
    "outcome_saved": ("Visite {request} : {outcome}.", "Visit {request}: {outcome}."),
    "outcome_bad": (
        "champ outcome « {value} » : réalisée (done), annulée (cancelled) ou locataire absent (no_show) attendu",
        "field outcome '{value}': done, cancelled or no_show expected",
    ),
    "outcome_who": (
        "champ cancelled_by : dites qui a annulé (le locataire, le bailleur ou le service)",
        "field cancelled_by: say who cancelled (the tenant, the landlord or the service)",
    ),
    "outcome_who_only_cancelled": (
        "champ cancelled_by : seulement pour une visite annulée",
        "field cancelled_by: only for a cancelled visit",
    ),
    "outcome_score": (
        "champ score « {value} » : une note entière de 1 à 5 est attendue (ou rien)",
        "field score '{value}': a whole score from 1 to 5 is expected (or nothing)",
    ),
    "outcome_score_done": (
        "champ score : la satisfaction se note pour une visite réalisée seulement",
        "field score: satisfaction is rated for a visit done only",
    ),
    "outcome_future": (
        "la visite du {day} n'a pas encore eu lieu : renseignez-la ce jour-là ou après",
        "the visit of {day} has not happened yet: record it that day or later",
    ),
    "outcome_already": (
        "ce qui s'est passé à la visite de {request} est déjà enregistré",
        "what happened at the visit of {request} is already recorded",
    ),
    "outcome_not_published": (
        "visite {request} : elle n'est pas dans ce plan publié",
        "visit {request}: it is not in this published plan",
    ),
    "history": ("Historique", "History"),
    "history_line": ("{day} : {outcome}", "{day}: {outcome}"),
    "my_day": ("Ma journée", "My day"),
    "my_day_title": ("Journée de {staff} · {day}", "Day of {staff} · {day}"),
    "my_day_none": ("Aucune visite publiée ce jour-là.", "No published visit that day."),
    "prev_day": ("← veille", "← day before"),
    "next_day": ("lendemain →", "next day →"),
    "address": ("Adresse", "Address"),
    "access": ("Accès", "Access"),
    "call_ahead": ("Appeler avant", "Call ahead"),
    "navigate": ("Itinéraire", "Directions"),
    "mark_done": ("Faite", "Done"),
    "mark_not_done": ("Pas faite", "Not done"),
    "away_title": ("Absences de la semaine", "Absences this week"),
    "away_line": ("{who} : {span}", "{who}: {span}"),
    "away_broken": (
        "Visites touchées par une absence saisie après le plan",
        "Visits hit by an absence entered after the plan",
    ),
    "record_help": (
        "enregistre ce qui s'est passé aux visites des plans bricol'âge publiés (fichier CSV ou xlsx : request_id, "
        "day, outcome = done, cancelled ou no_show, cancelled_by = tenant, landlord ou service, score = 1 à 5)",
        "record what happened at the visits of published bricol'âge plans (CSV or xlsx file: request_id, day, "
        "outcome = done, cancelled or no_show, cancelled_by = tenant, landlord or service, score = 1 to 5)",
    ),
    "record_file_help": ("fichier des visites (CSV ou xlsx)", "file of the visits (CSV or xlsx)"),
    "record_problem": ("{file}, ligne {row}, champ {field} : {rule}", "{file}, row {row}, field {field}: {rule}"),
    "record_columns": (
        "{file} : colonne(s) manquante(s) {missing} (request_id, day, outcome ; cancelled_by et score si besoin)",
        "{file}: missing column(s) {missing} (request_id, day, outcome; cancelled_by and score when needed)",
    ),
    "record_no_visit": (
        "« {request} » le {day} n'est pas une visite d'un plan publié",
        "'{request}' on {day} is not a visit of a published plan",
    ),
    "record_refused": (
        "rien n'a été enregistré : {n} problème(s) à corriger",
        "nothing was recorded: {n} problem(s) to correct",
    ),
    "record_twice": (
        "une visite du fichier vient d'être enregistrée par quelqu'un d'autre : relancez pour voir laquelle",
        "a visit of the file was just recorded by someone else: run again to see which",
    ),
    "record_done": ("{n} visite(s) enregistrée(s).", "{n} visit(s) recorded."),
    "action_login": ("connexion", "sign-in"),
    "action_import": ("import", "import"),
    "action_plan_start": ("plan lancé", "plan started"),
    "action_replan": ("re-planification", "re-plan"),
    "action_move_visit": ("visite déplacée", "visit moved"),
    "action_confirm_slot": ("créneau confirmé", "slot confirmed"),
    "action_user_add": ("compte créé", "account created"),
    "action_plan_cancel": ("calcul annulé", "plan cancelled"),
    "action_epicerie_publish": ("calendrier de l'épicerie publié", "grocery calendar published"),
    "action_epicerie_stop_time": ("heure d'un arrêt changée", "stop time changed"),
    "action_ecrivain_publish": ("semaine de l'écrivain publiée", "writer's week published"),
    "action_ecrivain_book": ("rendez-vous réservé", "appointment booked"),
    "action_ecrivain_unbook": ("rendez-vous libéré", "appointment freed"),
    "action_ecrivain_confirm": ("rendez-vous confirmés", "appointments confirmed"),
    "reason_no_skill": ("Aucun intervenant n'a la compétence requise.", "No technician has the skill needed."),
    "reason_no_day_available": (
        "Aucun jour travaillé ne correspond aux disponibilités du locataire.",
        "No working day matches the tenant's availability.",
    ),
    "reason_pin_lost": (
        "Le rendez-vous confirmé ne peut plus être tenu dans son créneau : rappelez la personne.",
        "The confirmed appointment can no longer be kept in its slot: call the tenant back.",
    ),
    "reason_window_unreachable": (
        "Même seul dans la journée, aucun intervenant ne peut arriver dans le créneau demandé.",
        "Even alone in a day, no technician can arrive within the requested time.",
    ),
    "reason_too_far": (
        "Le lieu est trop loin : l'aller-retour ne tient dans aucune journée de travail.",
        "Too far: the round trip fits in no working day.",
    ),
    "reason_time_budget": (
        "Pas assez de temps dans la semaine : les demandes plus prioritaires ou plus proches passent d'abord.",
        "Not enough time this week: more urgent or closer requests come first.",
    ),
    "reason_no_location": (
        "La résidence n'a pas de coordonnées : géocodez son adresse.",
        "The residence has no coordinates: geocode its address.",
    ),
    "reason_session_full": (
        "Les rendez-vous déjà donnés ne laissent pas de créneau assez long dans la permanence : proposez un autre "
        "moment.",
        "The appointments already given leave no time long enough in the session: offer another time.",
    ),
    "reason_removed_by_planner": ("Retirée du plan par le planificateur.", "Taken out of the plan by the planner."),
    "finding_line": ("{who} : {what}", "{who}: {what}"),
    "finding_window": (
        "commence à {start}, hors de sa fenêtre horaire ({window})",
        "starts at {start}, outside its time window ({window})",
    ),
    "finding_window_none": (
        "commence à {start} un jour où le locataire n'est pas disponible",
        "starts at {start} on a day the tenant is not available",
    ),
    "finding_pin": (
        "rendez-vous confirmé : commence à {start} au lieu de son créneau ({window}) ou pas avec ce technicien ce jour",
        "confirmed appointment: starts at {start} instead of its slot ({window}) or not with this technician that day",
    ),
    "finding_day": ("jour non permis pour cette demande", "a day this request may not be served"),
    "finding_skill": ("le technicien n'a pas la compétence requise", "the technician lacks the skill needed"),
    "finding_shift": (
        "journée de {start} à {end}, hors des horaires de travail ({window})",
        "day from {start} to {end}, outside working hours ({window})",
    ),
    "finding_max_work": (
        "{end} de travail pour un maximum de {limit}",
        "{end} of work for at most {limit}",
    ),
    "finding_break": (
        "pause déjeuner non prise dans sa fenêtre",
        "lunch break not taken within its window",
    ),
    "finding_arrival": (
        "le trajet ne tient pas dans le temps prévu",
        "the drive does not fit in the time planned",
    ),
    "finding_service": ("durée de l'intervention modifiée", "length of the visit changed"),
    "finding_served_twice": ("planifiée deux fois", "planned twice"),
    "finding_lost_task": (
        "ni planifiée ni listée parmi les non planifiées",
        "neither planned nor listed as left out",
    ),
    "finding_unknown_task": ("demande inconnue de ce plan", "request unknown to this plan"),
    "finding_capacity": ("capacité du véhicule dépassée", "vehicle capacity exceeded"),
    "finding_route_ends": (
        "la tournée ne part pas de son dépôt ou n'y revient pas",
        "the route does not start or end at its depot",
    ),
    "finding_step_times": ("heures incohérentes", "inconsistent times"),
    "finding_other": ("règle non respectée", "rule broken"),
    "no_landlord": (
        "bailleur « {landlord} » inconnu : choisissez un bailleur de la liste",
        "landlord '{landlord}' unknown: choose a landlord from the list",
    ),
    "upload_too_large": (
        "envoi refusé, rien n'a été écrit : plus de {limit} Mo par import (découpez les fichiers)",
        "upload refused, nothing was written: more than {limit} MB per import (split the files)",
    ),
    "not_a_working_day": (
        "{resource} ne travaille pas le {day} dans ce plan : choisissez un de ses jours travaillés",
        "{resource} does not work on {day} in this plan: choose one of their working days",
    ),
    "bad_position": (
        "position « {position} » : un nombre entier à partir de 1 est attendu",
        "position '{position}': a whole number from 1 is expected",
    ),
    "bad_day": ("jour « {day} » : une date AAAA-MM-JJ est attendue", "day '{day}': a YYYY-MM-DD date is expected"),
    # requests taken by phone (web/phone_requests.py)
    "phone_request": ("Demande par téléphone", "Request by phone"),
    "phone_request_help": (
        "Saisissez la demande d'un locataire de vos bailleurs : elle est vérifiée comme un import, puis enregistrée.",
        "Enter the request of one of your landlords' tenants: it is checked as an import is, then stored.",
    ),
    "pick_residence": ("choisir une résidence…", "choose a residence…"),
    "show_tenants": ("Voir ses locataires", "Show its tenants"),
    "building": ("bât.", "bldg"),
    "staircase": ("esc.", "stair"),
    "floor": ("étage", "floor"),
    "door": ("porte", "door"),
    "intervention": ("Intervention", "Intervention"),
    "motive": ("Démarche", "Procedure"),
    "motive_caf": ("CAF", "family allowance (CAF)"),
    "motive_impots": ("impôts", "taxes"),
    "motive_retraite": ("retraite", "pension"),
    "motive_sante": ("santé (assurance maladie)", "health insurance"),
    "motive_logement": ("logement", "housing"),
    "motive_energie": ("énergie", "energy"),
    "motive_banque": ("banque", "bank"),
    "motive_emploi": ("emploi", "employment"),
    "motive_autre": ("autre", "other"),
    "due_on": ("Date limite souhaitée", "Wished due date"),
    "deadline": ("Échéance de la démarche", "Deadline of the procedure"),
    "home_visit": ("Visite à domicile nécessaire", "Home visit needed"),
    "availability": ("Disponibilités", "Availability"),
    "availability_help": ("rien de coché = toute la semaine", "nothing ticked = the whole week"),
    "whole_day": ("journée", "all day"),
    "morning": ("matin", "morning"),
    "afternoon": ("après-midi", "afternoon"),
    "channel": ("Connu par", "Heard of it through"),
    "channel_bouche_a_oreille": ("bouche-à-oreille", "word of mouth"),
    "channel_mairie": ("mairie", "town hall"),
    "channel_bailleur": ("bailleur", "landlord"),
    "channel_ccas": ("CCAS", "social services (CCAS)"),
    "channel_affichage": ("affichage", "poster"),
    "channel_autre": ("autre", "other"),
    "notes": ("Consignes pour l'intervention (pas de donnée de santé)", "Notes for the visit (no health data)"),
    "request_id_optional": (
        "Identifiant de la demande (vide = attribué : TEL-AAAAMMJJ-NNN)",
        "Request id (empty = given one: TEL-YYYYMMDD-NNN)",
    ),
    "save_request": ("Enregistrer la demande", "Save the request"),
    "request_refused": (
        "Demande refusée, rien n'a été écrit : {n} champ(s) à corriger.",
        "Request refused, nothing was written: {n} field(s) to correct.",
    ),
    "request_saved": ("Demande {request} enregistrée.", "Request {request} saved."),
    "request_id_taken": (
        "une demande porte déjà l'identifiant « {request} » : laissez le champ vide pour en recevoir un",
        "a request already has the id '{request}': leave the field empty to be given one",
    ),
    "request_busy": (
        "d'autres demandes sont enregistrées au même moment : renvoyez le formulaire",
        "other requests are being saved at the same time: send the form again",
    ),
    "action_phone_request": ("demande par téléphone", "request by phone"),
    # the plan form of the three services, the écrivain's and the épicerie's pages (issue #27)
    "bad_service": (
        "Champ service : « {service} » n'est pas un service ; choisissez bricolage, ecrivain, epicerie ou referent.",
        "Field service: '{service}' is not a service; choose bricolage, ecrivain, epicerie or referent.",
    ),
    "bad_weeks_field": (
        "Champ semaines : « {weeks} » n'est pas un nombre de semaines entre 1 et 26.",
        "Field weeks: '{weeks}' is not a number of weeks between 1 and 26.",
    ),
    "weeks_epicerie": ("Semaines (épicerie)", "Weeks (grocery)"),
    "run_published": ("publié", "published"),
    "run_draft": ("brouillon (pas encore publié)", "draft (not published yet)"),
    "ecr_sessions": ("Permanences de la semaine et leurs rendez-vous", "The week's sessions and their appointments"),
    "ecr_no_session": ("Aucune permanence cette semaine.", "No session this week."),
    "ecr_no_appointment": ("aucun rendez-vous pour l'instant", "no appointment yet"),
    "ecr_home_visits": ("Visites à domicile", "Home visits"),
    "ecr_no_home_visit": ("aucune visite à domicile", "no home visit"),
    "ecr_trip": ("trajet {minutes} min", "trip {minutes} min"),
    "ecr_trip_voiture": ("{minutes} min en voiture", "{minutes} min by car"),
    "ecr_trip_pied": ("{minutes} min à pied", "{minutes} min on foot"),
    "ecr_trip_head": ("Trajet du locataire", "Tenant's trip"),
    "ecr_when": ("Quand", "When"),
    "ecr_venue": ("Lieu", "Venue"),
    "ecr_move": ("Déplacer", "Move"),
    "ecr_book": ("Rendez-vous pour un locataire qui appelle", "Appointment for a tenant who calls"),
    "ecr_book_help": (
        "Saisissez d'abord sa demande (Demandes en attente → demande par téléphone), puis choisissez-la ici.",
        "Enter the request first (Backlog → request by phone), then pick it here.",
    ),
    "ecr_find_slots": ("Voir les créneaux libres", "Show the free times"),
    "ecr_slots_for": ("Créneaux libres pour la demande {request}", "Free times for request {request}"),
    "ecr_slots_help": (
        "Les rendez-vous encore libres des permanences de la semaine que le locataire peut rejoindre selon sa "
        "mobilité, un jour où il est disponible, les plus proches d'abord.",
        "The free appointments of the week's sessions the tenant can reach by their mobility, on a day they are "
        "available, nearest first.",
    ),
    "ecr_no_slot": (
        "Aucun créneau libre ne convient : aucune permanence de la semaine n'est assez proche, ouverte quand le "
        "locataire est disponible et pas déjà pleine. La demande attend le plan d'une semaine suivante ; s'il ne peut "
        "pas se déplacer, enregistrez-la en visite à domicile.",
        "No free time suits: no session of the week is near enough, open when the tenant is available and not full "
        "yet. The request waits for a later week's plan; if they cannot travel, record it as a home visit.",
    ),
    "ecr_book_this": ("Réserver", "Book"),
    "ecr_back_to_week": ("retour à la semaine", "back to the week"),
    "ecr_booked": ("Rendez-vous de {request} enregistré ; courriers et calendrier réécrits.",
                   "Appointment of {request} saved; letters and calendar written again."),
    "ecr_slot_taken": (
        "Ce créneau n'est plus libre ou ne convient pas à ce locataire : choisissez-en un autre.",
        "That time is no longer free or does not suit this tenant: pick another one.",
    ),
    "ecr_bad_start": ("Champ start : « {start} » n'est pas une date et heure.", "Field start: '{start}' is not a "
                      "date and time."),
    "ecr_unknown_request": (
        "Champ request_id : la demande écrivain « {request} » n'existe pas chez ce bailleur.",
        "Field request_id: the écrivain request '{request}' does not exist for this landlord.",
    ),
    "ecr_unbook": ("Libérer", "Free it"),
    "ecr_unbooked": ("Rendez-vous de {request} libéré : la demande attend de nouveau.",
                     "Appointment of {request} freed: the request waits again."),
    "ecr_not_booked": ("Champ request_id : la demande « {request} » n'a pas de rendez-vous dans cette semaine.",
                       "Field request_id: request '{request}' has no appointment in this week."),
    "ecr_publish": ("Publier la semaine", "Publish the week"),
    "ecr_publish_help": (
        "Le calendrier public des permanences et les courriers aux locataires sont ceux de cette version.",
        "The public session calendar and the tenants' letters are those of this version.",
    ),
    "ecr_published": ("Semaine publiée : calendrier des permanences et courriers prêts.",
                      "Week published: session calendar and letters ready."),
    "doc_sessions": ("Calendrier des permanences", "Session calendar"),
    "doc_sessions_ics": ("Calendrier des permanences (iCalendar)", "Session calendar (iCalendar)"),
    "doc_letters": ("Courriers aux locataires", "Letters to the tenants"),
    "doc_appointments": ("Rendez-vous (CSV)", "Appointments (CSV)"),
    "epi_from_week": ("{weeks} semaine(s) à partir de {week}", "{weeks} week(s) from {week}"),
    "epi_kpis": (
        "{stops} arrêts dans {communes} communes ; seniors à portée d'un arrêt : {covered} sur {seniors} ({pct} %).",
        "{stops} stops in {communes} communes; seniors within reach of a stop: {covered} of {seniors} ({pct} %).",
    ),
    "epi_calendar": ("Calendrier des communes", "The communes' calendar"),
    "epi_coverage": ("Couverture par commune", "Coverage by commune"),
    "epi_commune": ("Commune", "Commune"),
    "epi_stop": ("Arrêt", "Stop"),
    "epi_day": ("Jour", "Day"),
    "epi_hours": ("Horaires", "Hours"),
    "epi_frequency": ("Semaines", "Weeks"),
    "epi_van": ("Camion", "Van"),
    "epi_seniors": ("Seniors", "Seniors"),
    "epi_covered": ("À portée d'un arrêt", "Within reach of a stop"),
    "epi_publish": ("Publier aux communes", "Publish to the communes"),
    "epi_publish_help": (
        "Le calendrier publié est verrouillé : re-planifier ces semaines (une commune ajoutée ou retirée) ou les "
        "suivantes garde les arrêts, jours et horaires publiés des autres communes.",
        "The published calendar is locked: re-planning these weeks (a commune added or removed) or the next ones "
        "keeps the published stops, days and times of the other communes.",
    ),
    "epi_published": ("Calendrier publié aux communes et verrouillé.", "Calendar published to the communes and "
                      "locked."),
    "epi_change_time": ("Changer le jour ou l'heure d'un arrêt", "Change a stop's day or time"),
    "epi_change_help": (
        "Toutes les semaines de ce jour ; les journées sont re-minutées et les autres arrêts gardent leur horaire "
        "publié (sinon le changement est refusé, en disant pourquoi). La couverture ne change pas (mêmes arrêts).",
        "Every week of that day; the days are re-timed and the other stops keep their published times (else the "
        "change is refused, saying why). The coverage does not change (same stops).",
    ),
    "epi_new_time": ("Nouvelle heure", "New time"),
    "epi_bad_time": ("Champ start : « {start} » n'est pas une heure (HH:MM).", "Field start: '{start}' is not a time "
                     "(HH:MM)."),
    "epi_unknown_stop": (
        "Champ row : l'arrêt « {stop} » n'est pas au calendrier le jour « {day} ».",
        "Field row: stop '{stop}' is not in the calendar on '{day}'.",
    ),
    "epi_stop_retimed": (
        "Arrêt {stop} à {start} toutes les semaines ; journées re-minutées, calendrier des communes réécrit. "
        "{coverage}",
        "Stop {stop} at {start} every week; days re-timed, communes' calendar written again. {coverage}",
    ),
    "epi_change_breaks": (
        "Arrêt {stop} à {start} : refusé, rien n'a été changé, car cela ne tient plus : {what}",
        "Stop {stop} at {start}: refused, nothing was changed, because this no longer holds: {what}",
    ),
    "epi_replan_help": (
        "Planifie de nouveau les mêmes semaines avec les communes et arrêts de la base, en gardant le calendrier "
        "publié.",
        "Plans the same weeks again with the base's communes and stops, keeping the published calendar.",
    ),
    # --- épicerie: a stop's weekday changed, a commune left out or put back, the coverage change (issue #27) ---
    "epi_new_day": ("Nouveau jour", "New day"),
    "epi_same_day": ("(même jour)", "(same day)"),
    "epi_bad_weekday": ("Champ weekday : « {day} » n'est pas un jour (lun … dim).",
                        "Field weekday: '{day}' is not a weekday (lun … dim)."),
    "epi_stop_moved": (
        "Arrêt {stop} déplacé du {day} au {to} à {start}, toutes les semaines ; journées re-minutées, calendrier des "
        "communes réécrit. {coverage}",
        "Stop {stop} moved from {day} to {to} at {start}, every week; days re-timed, communes' calendar written "
        "again. {coverage}",
    ),
    "epi_day_taken": ("Champ weekday : l'arrêt {stop} passe déjà ce jour-là ; rien n'a été changé.",
                      "Field weekday: stop {stop} already comes that day; nothing was changed."),
    "epi_day_banned": ("Champ weekday : la commune de l'arrêt {stop} n'accueille pas le camion le {day} (jour "
                       "interdit ou jour de marché) ; rien n'a été changé.",
                       "Field weekday: the commune of stop {stop} does not take the van on {day} (forbidden or "
                       "market day); nothing was changed."),
    "epi_outside_hours": ("Champ start : {start} est hors des heures de la commune de l'arrêt {stop} (arrivée entre "
                          "{first} et {last}) ; rien n'a été changé.",
                          "Field start: {start} is outside the hours of stop {stop}'s commune (arrival between "
                          "{first} and {last}); nothing was changed."),
    "epi_van_not_out": ("Champ weekday : le camion {van} ne tourne pas le {date} (pas son jour, absent ou férié), "
                        "l'arrêt {stop} ne peut pas y aller ; rien n'a été changé.",
                        "Field weekday: van {van} does not go out on {date} (not its day, away or a holiday), stop "
                        "{stop} cannot go there; nothing was changed."),
    "epi_coverage_same": ("Couverture par commune inchangée ({covered} seniors à portée d'un arrêt).",
                          "Coverage by commune unchanged ({covered} seniors within reach of a stop)."),
    "epi_coverage_moved": ("Seniors à portée d'un arrêt, avant → après : {communes}.",
                           "Seniors within reach of a stop, before → after: {communes}."),
    "epi_coverage_change": ("Couverture : avant → après le dernier re-planning",
                            "Coverage: before → after the last re-plan"),
    "epi_before": ("Avant", "Before"),
    "epi_after": ("Après", "After"),
    "epi_communes": ("Communes de ce plan", "This plan's communes"),
    "epi_communes_help": (
        "Retirer une commune (ou la remettre) planifie de nouveau ces semaines : ses arrêts partent (ou reviennent), "
        "les arrêts, jours et horaires publiés des autres communes sont gardés.",
        "Leaving a commune out (or putting it back) plans these weeks again: its stops go (or come back), the "
        "published stops, days and times of the other communes are kept.",
    ),
    "epi_left_out": ("Communes retirées de ce plan : {communes}.", "Communes left out of this plan: {communes}."),
    "epi_none_left_out": ("Aucune commune retirée.", "No commune left out."),
    "epi_exclude": ("Retirer et re-planifier", "Leave out and re-plan"),
    "epi_include": ("Remettre et re-planifier", "Put back and re-plan"),
    "epi_unknown_commune": ("Champ commune : « {commune} » n'est pas une commune de l'épicerie.",
                            "Field commune: '{commune}' is not one of the grocery's communes."),
    "epi_bad_include": ("Champ include : « {value} » (0 pour retirer, 1 pour remettre).",
                        "Field include: '{value}' (0 to leave out, 1 to put back)."),
    "epi_commune_already_out": ("Champ commune : {commune} est déjà retirée de ce plan ; rien n'a été changé.",
                                "Field commune: {commune} is already left out of this plan; nothing was changed."),
    "epi_commune_already_in": ("Champ commune : {commune} est déjà dans ce plan ; rien n'a été changé.",
                               "Field commune: {commune} is already in this plan; nothing was changed."),
    "epi_commune_out": ("{commune} retirée : les semaines sont re-planifiées, le calendrier publié des autres "
                        "communes gardé.",
                        "{commune} left out: the weeks are planned again, the other communes' published calendar "
                        "kept."),
    "epi_commune_in": ("{commune} remise : les semaines sont re-planifiées, le calendrier publié des autres communes "
                       "gardé.",
                       "{commune} put back: the weeks are planned again, the other communes' published calendar "
                       "kept."),
    "action_epicerie_stop_day": ("jour et heure d'un arrêt changés", "stop day and time changed"),
    # --- end épicerie: weekday, communes, coverage change ---
    "ecr_replan_help": (
        "Planifie la semaine de nouveau avec les demandes arrivées depuis : chaque rendez-vous déjà donné (pris au "
        "téléphone ou confirmé) garde sa permanence et son heure.",
        "Plans the week again with the requests received since: every appointment already given (booked by phone or "
        "confirmed) keeps its session and its time.",
    ),
    "doc_public_map": ("Carte publique des arrêts", "Public map of the stops"),
    "doc_commune_calendar": ("Calendrier des communes", "Communes' calendar"),
    "doc_commune_ics": ("Calendrier des communes (iCalendar)", "Communes' calendar (iCalendar)"),
    "doc_commune_csv": ("Calendrier des communes (CSV)", "Communes' calendar (CSV)"),
    # the référent seniors' week: plan page, moves, publication, what happened and its reason for contact (issue #29)
    "service_referent": ("Référent seniors", "Seniors' referent"),
    "action_referent_publish": ("semaine du référent publiée", "Seniors' referent: week published"),
    "action_referent_move": ("visite du référent déplacée", "Seniors' referent: visit moved"),
    "ref_kpis": (
        "{visits} visites dont {first} premiers entretiens ; échéances tenues : {met} sur {due}.",
        "{visits} visits including {first} first interviews; due dates met: {met} of {due}.",
    ),
    "ref_no_visit": ("Aucune visite cette semaine.", "No visit this week."),
    "ref_day": ("Jour", "Day"),
    "ref_visit": ("Visite", "Visit"),
    "ref_move": ("Déplacer une visite", "Move a visit"),
    "ref_move_help": (
        "La visite reste avec le référent du locataire ; les journées changées sont re-minutées, les autres gardées. "
        "Refusé, en disant pourquoi, si le référent ne travaille pas ce jour-là ou si cela casse une règle (sa "
        "journée, une pause, un créneau annoncé).",
        "The visit stays with the tenant's referent; the days changed are re-timed, the others kept. Refused, saying "
        "why, when the referent does not work that day or when it breaks a rule (their day, a break, a slot "
        "announced).",
    ),
    "ref_move_breaks": (
        "Visite {task} le {day} : refusé, rien n'a été changé, car cela ne tient plus : {what}",
        "Visit {task} on {day}: refused, nothing was changed, because this no longer holds: {what}",
    ),
    "ref_publish": ("Publier la semaine", "Publish the week"),
    "ref_publish_help": (
        "Les locataires sont prévenus (courriers, appels) ; ce qui s'est passé à chaque visite peut alors être "
        "renseigné.",
        "The tenants are told (letters, calls); what happened at each visit may then be recorded.",
    ),
    "ref_published": ("Semaine publiée : courriers et liste d'appels prêts.", "Week published: letters and call list "
                      "ready."),
    "ref_outcome_help": (
        "Pour chaque visite passée : réalisée (avec le motif du contact et, si le locataire l'a donnée, sa "
        "satisfaction), annulée (par qui) ou locataire absent. Les indicateurs de la fiche 2 (contacts, motifs, "
        "satisfaction) en sont tirés ; une visite non faite revient dans la campagne.",
        "For each past visit: done (with the reason for contact and, if the tenant gave it, their satisfaction), "
        "cancelled (by whom) or tenant not in. Fiche 2's indicators (contacts, motives, satisfaction) come from it; "
        "a visit not done goes back into the campaign.",
    ),
    "ref_replan_help": (
        "Planifie la semaine de nouveau avec les locataires signalés depuis : chaque visite annoncée garde son "
        "référent, son jour et son créneau.",
        "Plans the week again with the tenants signalled since: every visit announced keeps its referent, its day "
        "and its slot.",
    ),
    "ref_motive": ("Motif du contact", "Reason for contact"),
    "ref_motive_besoins": ("recensement des besoins", "needs assessment"),
    "ref_motive_logement": ("logement, demande au bailleur", "housing, request to the landlord"),
    "ref_motive_adaptation": ("adaptation du logement", "home adaptation"),
    "ref_motive_demarches": ("démarches administratives", "paperwork"),
    "ref_motive_isolement": ("isolement, lien social", "isolation, social ties"),
    "ref_motive_sorties": ("animations et sorties", "activities and outings"),
    "ref_motive_partenaires": ("orientation vers un partenaire", "referral to a partner"),
    "ref_motive_autre": ("autre", "other"),
    "outcome_motive": (
        "champ motive (motif du contact) : « {value} » n'est pas un motif du contact ; choisissez-en un dans la "
        "liste pour une visite réalisée",
        "field motive: '{value}' is not a reason for contact; choose one from the list for a visit done",
    ),
    "outcome_motive_done": (
        "champ motive (motif du contact) : il se renseigne pour une visite réalisée du référent seulement",
        "field motive: the reason for contact is recorded for a referent's visit done only",
    ),
    "ref_doc_announces": ("Annonces : courrier ou appel (CSV)", "Announcements: letter or call (CSV)"),
    "ref_doc_campaign": ("Campagne de visites (CSV)", "Visit campaign (CSV)"),
    # écrivain: what happened at the appointments of a published week (issue #27)
    "ecr_outcome_help": (
        "Pour chaque rendez-vous ou visite à domicile passé : réalisé (avec, si le locataire l'a donnée, sa "
        "satisfaction), annulé (par qui) ou locataire absent. Les indicateurs de la fiche 10 en sont tirés ; une "
        "demande non faite revient parmi les demandes en attente, avec son historique.",
        "For each past appointment or home visit: done (with the tenant's satisfaction if they gave it), cancelled "
        "(by whom) or tenant not in. Fiche 10's indicators come from it; a request not done goes back among the "
        "waiting requests, with its history.",
    ),
}


def day_label(day: dt.date, lang: str) -> str:
    """« lun. 23/11 » / "Mon 23/11" whatever the machine's locale."""
    return f"{tr('weekdays', lang).split()[day.weekday()]} {day:%d/%m}"


def code_label(kind: str, code: str | None, lang: str) -> str:
    """The words for a stored code (``kind``: service, priority, status, plan, contact, role, action, reason)."""
    key = f"{kind}_{code}"
    if kind == "plan" and code == "failed":
        key = "plan_failed_status"  # (plan_failed is the sentence with the error's detail)
    return tr(key, lang) if key in TEXTS else (code or "")


def reason_label(code: str, stored: str, lang: str) -> str:
    """Why a request was left out: the planner's own sentence in French (it may name the skill or the
    residence), the sentence of its code in English."""
    if lang != "en" and stored:
        return stored
    return tr(f"reason_{code}", lang) if f"reason_{code}" in TEXTS else stored


def pick_lang(value: str | None) -> str:
    value = (value or "").lower()[:2]
    return value if value in LANGS else default_lang()


def tr(key: str, lang: str, /, **params: object) -> str:
    """The text ``key`` in ``lang`` with its parameters filled in."""
    text = TEXTS[key][1 if lang == "en" else 0]
    return text.format(**params) if params else text
