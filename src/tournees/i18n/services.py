"""Texts of the services: titles, plan summaries, CLI progress, summary and input errors (fr, en)."""

from __future__ import annotations

SERVICE_TEXTS: dict[str, tuple[str, str]] = {
    "svc_brico_title": ("Bricol'âge", "Bricol'âge"),
    "svc_ecr_title": ("Écrivain numérique", "Digital writer"),
    "svc_epi_title": ("Épicerie mobile", "Mobile grocery"),
    "svc_epi_summary": (
        "Épicerie mobile : {stops} sur {candidates} dans {communes} ; seniors couverts {covered} sur {seniors} "
        "({pct} %, pondéré {wpct} %), non couverts : {why} ; par semaine {drive_min} min et {km} km de conduite, "
        "carburant environ {fuel} €. Plan et calendrier des communes : {folder}",
        "Mobile grocery: {stops} of {candidates} in {communes}; seniors covered {covered} of {seniors} "
        "({pct} %, weighted {wpct} %), not covered: {why}; per week {drive_min} min and {km} km of driving, fuel about "
        "€{fuel}. Plan and commune calendar: {folder}",
    ),
    "svc_n_stops": ("{n} arrêt|{n} arrêts", "{n} stop|{n} stops"),
    "svc_brico_planning": ("Planification du bricol'âge, semaine {week}…", "Planning bricol'âge {week}…"),
    "svc_brico_replanning": (
        "Re-planification de {week} à partir du {day:%d/%m/%Y}…",
        "Re-planning {week} from {day}…",
    ),
    "svc_ecr_planning": (
        "Planification de l'écrivain numérique, semaine {week}…",
        "Planning the digital writer's week {week}…",
    ),
    "svc_epi_planning": (
        "Planification de l'épicerie mobile à partir de {week}, {weeks} semaines…",
        "Planning the mobile grocery from {week}, {weeks} weeks…",
    ),
    "svc_brico_demo": ("Planification de la semaine {week} du bricol'âge", "Planning the bricol'âge week {week}"),
    "svc_ecr_demo": (
        "Planification de la semaine {week} de l'écrivain numérique",
        "Planning the digital writer's week {week}",
    ),
    "svc_epi_demo": (
        "Planification de l'épicerie mobile, {weeks} semaines à partir de {week}",
        "Planning the mobile grocery, {weeks} weeks from {week}",
    ),
    "svc_brico_files": ("Plan du bricol'âge", "Bricol'âge plan"),
    "svc_ecr_files": (
        "Plan de l'écrivain, calendrier des permanences (permanences.ics, permanences.html) et courriers "
        "(courriers.html)",
        "Digital writer plan, session calendar (permanences.ics, permanences.html) and letters (courriers.html)",
    ),
    "svc_epi_files": (
        "Plan de l'épicerie et calendrier public des communes (calendrier_communes.csv, .ics, .html)",
        "Mobile grocery plan and public commune calendar (calendrier_communes.csv, .ics, .html)",
    ),
    "svc_imported": ("Importé : {summary}", "Imported: {summary}"),
    "svc_confirmed": ("{n} rendez-vous marqués confirmés.", "{n} appointments marked confirmed."),
    "svc_moves": ("Changements pour des visites annoncées : {n} ({path})", "Changes to announced visits: {n} ({path})"),
    "best_cost": ("  meilleur coût {cost} ({t:.0f} s)", "  best cost {cost} ({t:.0f} s)"),
    "no_week": (
        "--week AAAA-Www est obligatoire (par exemple --week 2026-W48)",
        "--week YYYY-Www is required (e.g. --week 2026-W48)",
    ),
    "bad_weeks": ("--weeks {weeks} : entre 1 et 26 semaines", "--weeks {weeks}: between 1 and 26 weeks"),
    "bad_date": ("{option} « {text} » : format attendu AAAA-MM-JJ", "{option} '{text}': expected form YYYY-MM-DD"),
    "not_a_plan": (
        "{folder} : ce n'est pas un dossier de plan (visits.csv et plan.json attendus)",
        "{folder}: not a plan folder (visits.csv and plan.json expected)",
    ),
    "plan_ok": ("{folder} : le plan respecte toutes les règles.", "{folder}: the plan holds every rule."),
    "plan_problems": ("{n} problème(s) :", "{n} problem(s):"),
    "sim_bad_runs": ("--simulate {runs} : au moins 1 tirage", "--simulate {runs}: at least 1 run"),
    "sim_bad_factor": (
        "--travel-factor « {text} » : deux nombres bas-haut avec 0 < bas ≤ haut ≤ 10 attendus (ex. 0.9-1.4)",
        "--travel-factor '{text}': two numbers low-high with 0 < low ≤ high ≤ 10 expected (e.g. 0.9-1.4)",
    ),
    "sim_bad_spread": (
        "--duration-spread « {text} » : un nombre entre 0 et 2 attendu (ex. 0.25 pour ±25 %)",
        "--duration-spread '{text}': a number between 0 and 2 expected (e.g. 0.25 for ±25 %)",
    ),
    "sim_bad_delays": (
        "retards simulés : facteur de trajet {low}–{high} (0 < bas ≤ haut ≤ 10) et dispersion des durées {spread} "
        "(entre 0 et 2) attendus",
        "simulated delays: travel factor {low}–{high} (0 < low ≤ high ≤ 10) and duration spread {spread} "
        "(between 0 and 2) expected",
    ),
    "sim_title": (
        "Créneaux face aux retards ({runs} tirages, graine {seed} ; trajets × {low}–{high}, durées ± {spread:.0%}) :",
        "Slots against delays ({runs} runs, seed {seed}; drives × {low}–{high}, durations ± {spread:.0%}):",
    ),
    "sim_day": (
        "  {resource} {date} : {visits} visite(s), {held} % dans le créneau{overrun}",
        "  {resource} {date}: {visits} visit(s), {held} % inside the slot{overrun}",
    ),
    "sim_overrun": (
        " ; retour après la fin de journée dans {pct:.0f} % des tirages (9 sur 10 avant +{minutes} min)",
        "; back after the end of the shift in {pct:.0f} % of runs (9 in 10 before +{minutes} min)",
    ),
    "sim_total": (
        "Ensemble : {held} % des {visits} visites dans leur créneau ; {overruns} journée(s) sur {days} "
        "finissent après l'horaire dans au moins 1 tirage sur 10",
        "Overall: {held} % of the {visits} visits inside their slot; {overruns} day(s) of {days} end after "
        "the shift in at least 1 run in 10",
    ),
    "stopped_by_clock": (
        "  Attention : la recherche a été arrêtée par la limite de sécurité (machine très chargée) avant la fin de "
        "son travail ; relancer quand la machine est libre peut donner un autre plan (plan.json : stopped_by_clock)",
        "  Warning: the search was stopped by the safety limit (machine very busy) before its work was done; "
        "re-running when the machine is free may give another plan (plan.json: stopped_by_clock)",
    ),
    "sim_summary": (
        "  Créneaux tenus face aux retards : {held} % des {visits} visites ({runs} tirages, "
        "« tournees check --simulate {runs} » pour le détail)",
        "  Slots held against delays: {held} % of the {visits} visits ({runs} runs, "
        "'tournees check --simulate {runs}' for details)",
    ),
    "wait_long": (
        "  Attente de {minutes} min : {resource} le {date} à {place}, arrivée {arrival}, début {start} ({cause})",
        "  Wait of {minutes} min: {resource} on {date} at {place}, arrival {arrival}, start {start} ({cause})",
    ),
    "wait_more": ("  … et {n} autre(s) attente(s) de plus de 45 min", "  … and {n} more wait(s) over 45 min"),
    "wait_cause_commune": ("créneau de la commune", "the commune's time window"),
    "wait_cause_tenant": ("disponibilité du locataire", "the tenant's availability"),
    "wait_cause_venue": ("horaire de la permanence", "the session's hours"),
    "wait_cause_pinned": ("rendez-vous confirmé", "confirmed appointment"),
    "wait_cause_slot": ("créneau annoncé", "announced slot"),
    "open_docs": ("  À ouvrir : {docs}", "  Open: {docs}"),
    "doc_map": ("carte", "map"),
    "doc_public_map": ("carte publique", "public map"),
    "doc_sheets": ("feuilles de route", "route sheets"),
    "doc_pdf": ("PDF", "PDF"),
    "doc_workbook": ("classeur", "workbook"),
    "doc_calendar": ("calendrier des permanences", "session calendar"),
    "doc_letters": ("courriers", "letters"),
    "doc_own_sheets": ("feuilles par intervenant", "own sheets per resource"),
    "demo_building": (
        "Génération des données de démonstration sur les réseaux OpenStreetMap",
        "Building the demo data on the OpenStreetMap road networks",
    ),
    "demo_importing": ("Import dans {db}", "Importing into {db}"),
    "study_worse": (
        "Ce scénario sert {stops} arrêt(s) (aujourd'hui {base_stops}) et couvre {pct} % des seniors (aujourd'hui "
        "{base_pct} %), dont {fortnightly} une semaine sur deux seulement. Seniors non couverts : {why}. Arrêts non "
        "retenus : {left}.",
        "This scenario serves {stops} stop(s) (today {base_stops}) and covers {pct} % of seniors (today {base_pct} %), "
        "{fortnightly} of them every other week only. Seniors not covered: {why}. Stops left out: {left}.",
    ),
    "demo_base_missing": (
        "la base de démonstration {db} n'existe pas : lancez d'abord « make demo » (ou « tournees demo »). Rien n'a "
        "été créé",
        "the demo database {db} does not exist: run 'make demo' (or 'tournees demo') first. Nothing was created",
    ),
    "demo_base_not_found": (
        "base de démonstration introuvable (var/demo.sqlite dans {folder} ou au-dessus) : lancez « make demo » à la "
        "racine du dépôt, ou donnez son chemin dans la variable TOURNEES_DB",
        "demo database not found (var/demo.sqlite in {folder} or above): run 'make demo' at the root of the "
        "repository, or give its path in the TOURNEES_DB variable",
    ),
    "demo_inputs": ("Fichiers d'entrée de la démo : {path}", "Demo input files: {path}"),
    "demo_missing": ("Base de démonstration absente : création…", "No demo database yet: building it…"),
    "check_passed": ("Vérification réussie : {rows}", "Check passed: {rows}"),
    "templates_ok": ("Modèles écrits dans {path} ({n})", "Templates written to {path} ({n})"),
    "indicators_ok": ("\nIndicateurs écrits dans {path}", "\nIndicators written to {path}"),
    "no_data": ("(aucune donnée)", "(no data)"),
    "metavar_command": ("COMMANDE", "COMMAND"),
    "demo_service_files": ("{files} : {path}", "{files}: {path}"),
    "sum_title": ("Programme « bien vieillir » — synthèse de la base", "Ageing-well programme — database summary"),
    "sum_db": ("Base", "Database"),
    "sum_landlords": ("Bailleurs", "Landlords"),
    "sum_residences": ("résidences", "residences"),
    "sum_tenants": ("Locataires seniors", "Senior tenants"),
    "sum_age": ("âge moyen", "mean age"),
    "sum_years": ("ans", "years"),
    "sum_isolated": ("isolés", "isolated"),
    "sum_nocar": ("sans voiture", "without a car"),
    "sum_housebound": ("ne sortent pas", "housebound"),
    "sum_qpv": ("en QPV", "in QPV"),
    "sum_actions": ("Actions du programme (fiches)", "Programme actions (sheets)"),
    "sum_planned": ("planifiée par tournees", "planned by tournees"),
    "sum_credit": (
        "Réseaux routiers : © OpenStreetMap contributors (ODbL).",
        "Road networks: © OpenStreetMap contributors (ODbL).",
    ),
    "added": ("ajoutées", "added"),
    "err_no_staff": (
        "aucun personnel du service {service} dans la base (table staff, service {service})",
        "no staff of service {service} in the database (table staff, service {service})",
    ),
    "err_no_stops": (
        "aucun arrêt candidat pour l'épicerie (table grocery_stops)",
        "no candidate stop for the grocery (table grocery_stops)",
    ),
    "err_no_venue": (
        "aucun lieu d'accueil pour les permanences de l'écrivain (table venues)",
        "no venue for the writer's sessions (table venues)",
    ),
    "err_no_workday": (
        "aucun jour ouvré à planifier dans la semaine du {monday}",
        "no working day to plan in the week of {monday}",
    ),
    "err_no_stored_plan": (
        "aucun plan {service} enregistré pour la semaine {week} : lancez d'abord « tournees plan {service} »",
        "no stored {service} plan for week {week}: run 'tournees plan {service}' first",
    ),
    "err_out_is_file": (
        "--out {path} : c'est un fichier, un dossier est attendu",
        "--out {path}: this is a file, a folder is expected",
    ),
    "sum_priority_urgent": ("urgentes", "urgent"),
    "sum_priority_fragile": ("locataire fragile", "frail tenant"),
    "sum_priority_isole": ("locataire isolé", "isolated tenant"),
    "sum_priority_normal": ("normales", "normal"),
    "sum_home": ("à domicile", "home visits"),
    "replaced": ("remplacées", "replaced"),
    # counted nouns ("singular|plural", see tournees.i18n.numbers.count_text) and short reason labels of the summaries
    "sum_n_staff": ("{n} intervenant|{n} intervenants", "{n} staff member|{n} staff"),
    "sum_n_requests": ("{n} demande|{n} demandes", "{n} request|{n} requests"),
    "sum_n_venues": ("{n} lieu d'accueil|{n} lieux d'accueil", "{n} venue|{n} venues"),
    "sum_n_communes": ("{n} commune|{n} communes", "{n} commune|{n} communes"),
    "sum_n_stops": ("{n} arrêt candidat|{n} arrêts candidats", "{n} candidate stop|{n} candidate stops"),
    "svc_n_served": ("{n} demande servie|{n} demandes servies", "{n} request served|{n} requests served"),
    "svc_n_left": ("{n} non planifiée|{n} non planifiées", "{n} left out|{n} left out"),
    "svc_n_appointments": ("{n} rendez-vous|{n} rendez-vous", "{n} appointment|{n} appointments"),
    "svc_n_home": ("{n} visite à domicile|{n} visites à domicile", "{n} home visit|{n} home visits"),
    "svc_brico_summary": (
        "Bricol'âge : {served}, {left} ({reasons}) ; conduite {drive_min} min, {km} km ; délai moyen {lead_mean} j, "
        "maximum {lead_max} j ; occupation {util}. Plan : {folder}",
        "Bricol'âge: {served}, {left} ({reasons}); driving {drive_min} min, {km} km; lead time mean {lead_mean} d, "
        "max {lead_max} d; utilisation {util}. Plan: {folder}",
    ),
    "svc_brico_late": (
        "urgences en retard {urgent}, demandes après leur date limite {due} ; tarifs à encaisser {amount} ; "
        "traitement des demandes {hours} h",
        "overdue urgent requests {urgent}, requests past their due date {due}; fees to collect {amount}; "
        "request processing {hours} h",
    ),
    "svc_ecr_summary": (
        "Écrivain numérique : {served} ({appointments}, {home}), {left} ; permanences {venues} ; trajet des "
        "locataires moyen {travel_mean} min, maximum {travel_max} min ; écrivain {used} h sur {available} h. "
        "Plan : {folder}",
        "Digital writer: {served} ({appointments}, {home}), {left}; sessions {venues}; tenant travel mean "
        "{travel_mean} min, max {travel_max} min; writer {used} h of {available} h. Plan: {folder}",
    ),
    "svc_reason_count": ("{label} : {n}", "{label}: {n}"),
    "reason_label_time_budget": ("pas assez de temps dans la semaine", "not enough time in the week"),
    "reason_label_no_skill": ("compétence absente", "skill missing"),
    "reason_label_no_day_available": ("aucun jour disponible", "no day available"),
    "reason_label_pin_lost": ("rendez-vous confirmé intenable", "confirmed appointment can no longer be kept"),
    "reason_label_capacity": ("capacité dépassée", "over capacity"),
    "reason_label_window_unreachable": ("créneau hors d'atteinte", "time window out of reach"),
    "reason_label_too_far": ("trop loin", "too far"),
    "reason_label_no_location": ("adresse sans coordonnées", "address without coordinates"),
    "reason_label_home_only": ("à voir à domicile", "needs a home visit"),
    "reason_label_session_full": (
        "permanence pleine autour des rendez-vous gardés",
        "session full around the kept appointments",
    ),
    "reason_label_stop_unsuitable": ("arrêt inadapté au camion", "stop unsuitable for the van"),
    "reason_label_not_needed": ("arrêt inutile", "stop not needed"),
    "why_label_too_far": ("aucun arrêt à portée", "no stop within reach"),
    "why_label_stop_unsuitable": ("arrêts à portée inadaptés au camion", "stops within reach unsuitable for the van"),
    "why_label_capacity": ("pas de place dans la semaine du camion", "no room in the van's week"),
}
