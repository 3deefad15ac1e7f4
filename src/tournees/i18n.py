"""User-facing texts, French by default with English available.

Texts are keyed by a stable code; code and parameters travel with errors, and the
text is chosen only when shown, so the same problem reads in either language.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Protocol


class Located(Protocol):
    """A broken rule located in an input (:class:`tournees.errors.Finding`), as the texts need it."""

    @property
    def file(self) -> str: ...
    @property
    def row(self) -> int | None: ...
    @property
    def column(self) -> str | None: ...
    @property
    def rule(self) -> str: ...
    @property
    def params(self) -> Sequence[tuple[str, str]]: ...


LANGS = ("fr", "en")

# Rules of input validation: code -> (fr, en). Parameters in braces.
RULES: dict[str, tuple[str, str]] = {
    "empty_file": (
        "fichier vide : il faut au moins la ligne d'en-tête avec les noms de colonnes",
        "empty file: at least the header row with the column names is needed",
    ),
    "encoding": (
        "le fichier n'est pas en UTF-8 : enregistrez-le au format « CSV UTF-8 »",
        "the file is not UTF-8: save it as 'CSV UTF-8'",
    ),
    "bad_file": (
        "fichier illisible ({detail})",
        "unreadable file ({detail})",
    ),
    "unknown_file": (
        "fichier ou onglet non reconnu ; noms attendus : {expected}",
        "unrecognised file or sheet; expected names: {expected}",
    ),
    "duplicate_table": (
        "la table « {table} » est fournie deux fois (aussi dans {other})",
        "table '{table}' is given twice (also in {other})",
    ),
    "no_input": (
        "aucune table reconnue ; noms attendus : {expected}",
        "no table recognised; expected names: {expected}",
    ),
    "missing_column": (
        "colonne obligatoire absente",
        "required column missing",
    ),
    "unknown_column": (
        "colonne inconnue ; colonnes attendues : {expected}",
        "unknown column; expected columns: {expected}",
    ),
    "duplicate_column": (
        "colonne présente deux fois dans l'en-tête",
        "column appears twice in the header",
    ),
    "wrong_width": (
        "la ligne a {found} cellules alors que l'en-tête en a {expected}",
        "the row has {found} cells while the header has {expected}",
    ),
    "required": (
        "valeur obligatoire manquante",
        "required value missing",
    ),
    "not_int": (
        "« {value} » n'est pas un nombre entier",
        "'{value}' is not a whole number",
    ),
    "not_float": (
        "« {value} » n'est pas un nombre",
        "'{value}' is not a number",
    ),
    "not_bool": (
        "« {value} » n'est pas une réponse oui/non (valeurs permises : oui, non, 1, 0)",
        "'{value}' is not a yes/no answer (allowed: oui, non, yes, no, 1, 0)",
    ),
    "not_date": (
        "« {value} » n'est pas une date au format AAAA-MM-JJ",
        "'{value}' is not a date in the form YYYY-MM-DD",
    ),
    "not_datetime": (
        "« {value} » n'est pas une date-heure au format AAAA-MM-JJTHH:MM:SS",
        "'{value}' is not a date-time in the form YYYY-MM-DDTHH:MM:SS",
    ),
    "not_time": (
        "« {value} » n'est pas une heure au format HH:MM",
        "'{value}' is not a time in the form HH:MM",
    ),
    "not_choice": (
        "« {value} » n'est pas une valeur permise ; valeurs permises : {choices}",
        "'{value}' is not allowed; allowed values: {choices}",
    ),
    "below_min": (
        "{value} est trop petit : le minimum est {min}",
        "{value} is too small: the minimum is {min}",
    ),
    "above_max": (
        "{value} est trop grand : le maximum est {max}",
        "{value} is too large: the maximum is {max}",
    ),
    "bad_pattern": (
        "« {value} » n'a pas le format attendu : {rule}",
        "'{value}' does not have the expected form: {rule}",
    ),
    "bad_separator": (
        "« {value} » : un élément de liste ne peut pas contenir « ; » ni être vide",
        "'{value}': a list item cannot contain ';' nor be empty",
    ),
    "duplicate_id": (
        "identifiant « {value} » en double (déjà utilisé ligne {first_row})",
        "duplicate id '{value}' (already used on row {first_row})",
    ),
    "duplicate_key": (
        "ligne en double pour {key} (déjà ligne {first_row})",
        "duplicate row for {key} (already row {first_row})",
    ),
    "unknown_ref": (
        "« {value} » ne correspond à aucune ligne de la table « {target} » (ni dans les fichiers importés, ni dans "
        "la base)",
        "'{value}' matches no row of table '{target}' (neither in the imported files nor in the database)",
    ),
    "coords_pair": (
        "latitude et longitude vont ensemble : renseignez les deux ou aucune",
        "latitude and longitude go together: fill in both or neither",
    ),
    "time_order": (
        "{first} ({first_value}) doit être avant {second} ({second_value})",
        "{first} ({first_value}) must come before {second} ({second_value})",
    ),
    "lunch_outside_shift": (
        "la fenêtre de pause déjeuner ({lunch}) doit tenir dans la journée de travail ({shift})",
        "the lunch window ({lunch}) must lie within the working day ({shift})",
    ),
    "lunch_too_long": (
        "la pause de {minutes} min ne tient pas dans sa fenêtre ({window})",
        "the {minutes}-minute break does not fit its window ({window})",
    ),
    "service_mismatch": (
        "« {value} » appartient au service « {found} », or cette ligne concerne le service « {expected} »",
        "'{value}' belongs to service '{found}' but this row is for service '{expected}'",
    ),
    "home_visit_travel": (
        "une visite à domicile n'a pas de temps de trajet maximal : laissez max_travel_min vide",
        "a home visit has no maximum travel time: leave max_travel_min empty",
    ),
    "frequency_days": (
        "la fréquence « {frequency} » demande au moins {needed} jour(s) permis, il y en a {found}",
        "frequency '{frequency}' needs at least {needed} allowed day(s), there are {found}",
    ),
    "day_conflict": (
        "le jour « {day} » est à la fois préféré et interdit",
        "day '{day}' is both preferred and forbidden",
    ),
    # --- security ---
    "sec_cell_too_long": (
        "cellule trop longue ({size} caractères ; au plus {limit}) : fichier abîmé ou mauvais séparateur ?",
        "cell too long ({size} characters; at most {limit}): damaged file or wrong separator?",
    ),
    "sec_sheet_too_big": (
        "feuille refusée : {what} ({found}, au plus {limit}) ; enregistrez seulement les lignes utiles",
        "sheet refused: {what} ({found}, at most {limit}); save only the rows in use",
    ),
}

# Other user-facing texts (CLI, summaries): key -> (fr, en).
TEXTS: dict[str, tuple[str, str]] = {
    "where": ("{file}, ligne {row}, colonne « {column} » : {text}", "{file}, row {row}, column '{column}': {text}"),
    "where_row": ("{file}, ligne {row} : {text}", "{file}, row {row}: {text}"),
    "where_file_col": ("{file}, colonne « {column} » : {text}", "{file}, column '{column}': {text}"),
    "where_file": ("{file} : {text}", "{file}: {text}"),
    "import_failed": (
        "Import refusé : {n} problème(s) trouvé(s). Rien n'a été écrit dans la base.",
        "Import refused: {n} problem(s) found. Nothing was written to the database.",
    ),
    "import_ok": (
        "Import réussi dans {db} : {summary}.",
        "Import done into {db}: {summary}.",
    ),
    "export_ok": ("Export écrit dans {path} ({n} tables).", "Export written to {path} ({n} tables)."),
    "internal_error": (
        "Erreur interne : {detail}. Relancez avec --debug pour le détail technique.",
        "Internal error: {detail}. Run again with --debug for the technical details.",
    ),
    "error": ("Erreur : {detail}", "Error: {detail}"),
    "rows": ("{n} ligne(s)", "{n} row(s)"),
    # --- structure: services (titles, plan summaries, CLI progress) ---
    "svc_brico_title": ("Bricol'âge", "Bricol'âge"),
    "svc_ecr_title": ("Écrivain numérique", "Digital writer"),
    "svc_epi_title": ("Épicerie mobile", "Mobile grocery"),
    "svc_brico_summary": (
        "Bricol'âge : {served} demandes servies, {left} non planifiées ({reasons}) ; conduite {drive_min} min, {km} "
        "km ; "
        "délai moyen {lead_mean} j, maximum {lead_max} j ; occupation {util}. Plan : {folder}",
        "Bricol'âge: {served} requests served, {left} left out ({reasons}); driving {drive_min} min, {km} km; "
        "lead time mean {lead_mean} d, max {lead_max} d; utilisation {util}. Plan: {folder}",
    ),
    "svc_ecr_summary": (
        "Écrivain numérique : {served} demandes servies ({appointments} rendez-vous, {home} visites à domicile), "
        "{left} non "
        "planifiées ; permanences {venues} ; trajet des locataires moyen {travel_mean} min, maximum {travel_max} min ; "
        "écrivain {used} h sur {available} h. Plan : {folder}",
        "Digital writer: {served} requests served ({appointments} appointments, {home} home visits), {left} left out; "
        "sessions {venues}; tenant travel mean {travel_mean} min, max {travel_max} min; writer {used} h of "
        "{available} h. "
        "Plan: {folder}",
    ),
    "svc_epi_summary": (
        "Épicerie mobile : {selected} arrêts sur {candidates} dans {communes} communes ; seniors couverts {covered} "
        "sur "
        "{seniors} ({pct} %, pondéré {wpct} %), non couverts : {why} ; par semaine {drive_min} min et {km} km de "
        "conduite, "
        "carburant environ {fuel} €. Plan et calendrier des communes : {folder}",
        "Mobile grocery: {selected} stops of {candidates} in {communes} communes; seniors covered {covered} of "
        "{seniors} "
        "({pct} %, weighted {wpct} %), not covered: {why}; per week {drive_min} min and {km} km of driving, fuel about "
        "{fuel} €. Plan and commune calendar: {folder}",
    ),
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
    "sum_requests": ("demandes", "requests"),
    "sum_staff": ("intervenants", "staff"),
    "sum_venues": ("lieux d'accueil", "venues"),
    "sum_communes": ("communes", "communes"),
    "sum_stops": ("arrêts candidats", "candidate stops"),
    "sum_home": ("à domicile", "home visits"),
    "replaced": ("remplacées", "replaced"),
    # --- security ---
    "sec_bad_seconds": (
        "« {value} » : nombre de secondes positif attendu (chiffres 0-9)",
        "'{value}': a positive number of seconds is expected (digits 0-9)",
    ),
    "sec_bad_whole": (
        "« {value} » : nombre entier attendu (chiffres 0-9)",
        "'{value}': a whole number is expected (digits 0-9)",
    ),
    "sec_no_config": ("fichier de réglages introuvable : {path}", "settings file not found: {path}"),
    # --- documents (route sheets, maps, workbook, letters, retime) ---
    "docs_weekdays": (
        "lundi,mardi,mercredi,jeudi,vendredi,samedi,dimanche",
        "Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday",
    ),
    "docs_weekdays_short": ("lun.,mar.,mer.,jeu.,ven.,sam.,dim.", "Mon,Tue,Wed,Thu,Fri,Sat,Sun"),
    "docs_months": (
        "janvier,février,mars,avril,mai,juin,juillet,août,septembre,octobre,novembre,décembre",
        "January,February,March,April,May,June,July,August,September,October,November,December",
    ),
    "docs_long_date": ("{weekday} {day} {month} {year}", "{weekday} {day} {month} {year}"),
    "docs_hm": ("{h} h {m}", "{h}:{m}"),
    "docs_eur": ("{amount} €", "€{amount}"),
    "docs_building": ("bât. {v}", "building {v}"),
    "docs_staircase": ("esc. {v}", "staircase {v}"),
    "docs_floor": ("étage {v}", "floor {v}"),
    "docs_door": ("porte {v}", "door {v}"),
    "docs_access": ("Accès", "Access"),
    "docs_home_visit": ("Visite à domicile : aide aux démarches", "Home visit: help with paperwork"),
    "docs_appointment": ("Rendez-vous : aide aux démarches", "Appointment: help with paperwork"),
    "docs_motive_caf": ("CAF", "family allowances (CAF)"),
    "docs_motive_impots": ("impôts", "taxes"),
    "docs_motive_retraite": ("retraite", "pension"),
    "docs_motive_sante": ("santé (démarches)", "health (paperwork)"),
    "docs_motive_logement": ("logement", "housing"),
    "docs_motive_energie": ("énergie", "energy"),
    "docs_motive_banque": ("banque", "bank"),
    "docs_motive_emploi": ("emploi", "employment"),
    "docs_motive_autre": ("autre démarche", "other paperwork"),
    "docs_bring_caf": (
        "votre dernier courrier de la CAF, votre numéro d'allocataire, un relevé d'identité bancaire",
        "your latest letter from the CAF, your claimant number, your bank details",
    ),
    "docs_bring_impots": (
        "votre dernier avis d'impôt, vos justificatifs de revenus de l'année",
        "your latest tax notice, your income statements of the year",
    ),
    "docs_bring_retraite": (
        "vos derniers relevés de pension, le courrier reçu de votre caisse de retraite",
        "your latest pension statements, the letter from your pension fund",
    ),
    "docs_bring_sante": (
        "votre carte Vitale, votre attestation de mutuelle, les courriers de l'Assurance maladie",
        "your Vitale card, your top-up insurance certificate, the letters from the health insurance",
    ),
    "docs_bring_logement": (
        "votre dernier avis d'échéance de loyer, les courriers de votre bailleur",
        "your latest rent notice, the letters from your landlord",
    ),
    "docs_bring_energie": ("vos dernières factures d'électricité ou de gaz", "your latest electricity or gas bills"),
    "docs_bring_banque": (
        "vos relevés de compte, les courriers de votre banque",
        "your bank statements, the letters from your bank",
    ),
    "docs_bring_emploi": (
        "les courriers de France Travail, votre CV s'il existe",
        "the letters from France Travail, your CV if you have one",
    ),
    "docs_bring_autre": ("tous les courriers utiles à votre démarche", "every letter useful for your request"),
    "docs_plan": ("Plan", "Plan"),
    "docs_map_title": ("{service} : tournées", "{service}: rounds"),
    "docs_public_map": ("Épicerie mobile : où et quand", "Mobile grocery: where and when"),
    "docs_sheets_title": ("Feuilles de route", "Route sheets"),
    "docs_leave": ("Départ", "Leave"),
    "docs_back": ("Retour", "Back at"),
    "docs_until": ("jusqu'à", "until"),
    "docs_lunch": ("Pause déjeuner", "Lunch break"),
    "docs_slot": ("créneau annoncé", "announced slot"),
    "docs_call_ahead": ("Appeler avant de venir", "Call before coming"),
    "docs_bring": ("à apporter", "to bring"),
    "docs_session": ("Permanence", "Session"),
    "docs_session_booked": ("{n} rendez-vous", "{n} appointment(s)"),
    "docs_stop": ("Arrêt", "Stop"),
    "docs_day_summary": (
        "Départ {leave}, retour vers {back} ; {n} arrêt(s), {on_site} min sur place ; conduite {driving} min, {km} km.",
        "Leave {leave}, back about {back}; {n} stop(s), {on_site} min on site; driving {driving} min, {km} km.",
    ),
    "docs_col_n": ("N°", "No."),
    "docs_col_when_slot": ("Heure (créneau annoncé)", "Time (announced slot)"),
    "docs_col_where": ("Qui et où", "Whom and where"),
    "docs_col_task": ("Tâche", "Task"),
    "docs_col_notes": ("Consignes", "Notes"),
    "docs_col_date": ("Jour", "Day"),
    "docs_col_leave": ("Départ", "Leave"),
    "docs_col_first": ("Première visite", "First visit"),
    "docs_col_back": ("Retour", "Back"),
    "docs_col_visits": ("Arrêts", "Stops"),
    "docs_col_driving": ("Conduite", "Driving"),
    "docs_col_km": ("Distance", "Distance"),
    "docs_period": ("Du {start} au {end}", "From {start} to {end}"),
    "docs_cover_note": (
        "Une page par jour suit. Les créneaux annoncés aux locataires sont à tenir ; "
        "en cas de retard, prévenez le bureau.",
        "One page per day follows. Keep the slots announced to tenants; if running late, call the office.",
    ),
    "docs_minimap": ("plan de la tournée", "map of the round"),
    "docs_osm_credit": (
        "Réseau routier et fond de carte © OpenStreetMap contributors",
        "Road network and background map © OpenStreetMap contributors",
    ),
    "docs_osm_tiles": ("Fond OpenStreetMap", "OpenStreetMap background"),
    "docs_streets_layer": ("Rues (hors ligne)", "Streets (offline)"),
    "docs_navigate": ("Y aller", "Navigate"),
    "docs_day": ("Jour :", "Day:"),
    "docs_all_days": ("Tous les jours", "Every day"),
    "docs_stop_list": ("Liste des arrêts", "List of stops"),
    "docs_map_legend": (
        "1, 2, 3… : ordre de passage ; D : départ et retour",
        "1, 2, 3…: order of visits; D: start and end",
    ),
    "docs_kind_start": ("départ", "start"),
    "docs_kind_visit": ("visite", "visit"),
    "docs_kind_session": ("permanence", "session"),
    "docs_kind_break": ("pause", "break"),
    "docs_kind_end": ("retour", "end"),
    "docs_x_week_sheet": ("Semaine", "Week"),
    "docs_x_left_out_sheet": ("Non planifiées", "Left out"),
    "docs_x_resource": ("Intervenant", "Resource"),
    "docs_x_date": ("Date", "Date"),
    "docs_x_leave": ("Départ", "Leave"),
    "docs_x_back": ("Retour", "Back"),
    "docs_x_visits": ("Arrêts", "Stops"),
    "docs_x_hours_on_site": ("Heures sur place", "Hours on site"),
    "docs_x_driving_min": ("Conduite (min)", "Driving (min)"),
    "docs_x_km": ("Distance (km)", "Distance (km)"),
    "docs_x_total": ("Total", "Total"),
    "docs_x_left_out_by_reason": ("Non planifiées, par motif", "Left out, by reason"),
    "docs_x_seq": ("N°", "No."),
    "docs_x_kind": ("Étape", "Step"),
    "docs_x_arrival": ("Arrivée", "Arrival"),
    "docs_x_start": ("Début", "Start"),
    "docs_x_end": ("Fin", "End"),
    "docs_x_slot_start": ("Créneau début", "Slot start"),
    "docs_x_slot_end": ("Créneau fin", "Slot end"),
    "docs_x_task": ("Demande / arrêt", "Request / stop"),
    "docs_x_place": ("Lieu", "Place"),
    "docs_x_address": ("Adresse", "Address"),
    "docs_x_dwelling": ("Logement", "Dwelling"),
    "docs_x_what": ("Tâche", "Task"),
    "docs_x_on_site": ("Sur place (min)", "On site (min)"),
    "docs_x_tariff": ("Tarif (€)", "Tariff (€)"),
    "docs_x_travel": ("Trajet (min)", "Travel (min)"),
    "docs_x_reason_code": ("Code motif", "Reason code"),
    "docs_x_reason": ("Motif", "Reason"),
    "docs_col_hours": ("Horaires", "Hours"),
    "docs_retime_help": (
        "re-minute un dossier de plan modifié à la main (ordre, jour, intervenant) et refait ses documents",
        "re-time a plan folder edited by hand (order, day, resource) and write its documents again",
    ),
    "docs_retime_folder": ("dossier de plan dont visits.csv a été modifié", "plan folder whose visits.csv was edited"),
    "docs_retime_out": (
        "écrire le plan re-minuté dans ce nouveau dossier au lieu de remplacer l'ancien",
        "write the re-timed plan to this new folder instead of replacing the old one",
    ),
    "docs_retime_no_pdf": ("sans PDF des feuilles de route", "no PDF of the route sheets"),
    "docs_not_plan_folder": (
        "{folder} : ce n'est pas un dossier de plan (visits.csv et plan.json attendus)",
        "{folder}: not a plan folder (visits.csv and plan.json expected)",
    ),
    "docs_retime_out_exists": (
        "{folder} existe déjà : choisissez un nouveau dossier pour --out",
        "{folder} already exists: choose a new folder for --out",
    ),
    "docs_retime_done": (
        "Plan re-minuté dans {folder} : {routes} tournée(s), conduite {minutes} min, {km} km.",
        "Plan re-timed in {folder}: {routes} route(s), driving {minutes} min, {km} km.",
    ),
    "docs_retime_new_slot": (
        "{task} : nouveau créneau à annoncer {new} (était {old})",
        "{task}: new slot to announce {new} (was {old})",
    ),
    "docs_retime_breaks": ("{n} problème(s) à régler :", "{n} problem(s) to settle:"),
    "docs_retime_holds": ("Le plan modifié respecte toutes les règles.", "The edited plan holds every rule."),
    "docs_retime_open": ("Documents refaits : {files}", "Documents written again: {files}"),
    "docs_from_plan_no_week": (
        "{folder} : plan.json ne dit pas sa semaine (clé « week »)",
        "{folder}: plan.json does not say its week (key 'week')",
    ),
    "docs_rt_line": ("visits.csv ligne {n}", "visits.csv row {n}"),
    "docs_rt_seq": (
        "{where}, colonne « seq » : « {value} » n'est pas un nombre",
        "{where}, column 'seq': '{value}' is not a number",
    ),
    "docs_rt_unknown_task": (
        "{where} : « {task} » n'est pas une tâche de ce plan (plan.json)",
        "{where}: '{task}' is not a task of this plan (plan.json)",
    ),
    "docs_rt_twice": (
        "{where} : {task} figure deux fois (déjà ligne {first})",
        "{where}: {task} appears twice (already row {first})",
    ),
    "docs_rt_not_working": (
        "{where} : {resource} ne travaille pas le {date} dans ce plan",
        "{where}: {resource} does not work on {date} in this plan",
    ),
    "docs_rt_refused": (
        "dossier de plan modifié refusé, rien n'a été écrit :\n  - {problems}",
        "edited plan folder refused, nothing was written:\n  - {problems}",
    ),
    "docs_rt_order_breaks": (
        "{resource} le {date} : l'ordre choisi ne tient pas les fenêtres horaires ou la journée de travail",
        "{resource} on {date}: the chosen order does not keep the time windows or the working day",
    ),
    "docs_rt_untimeable": (
        "{resource} le {date} : tournée impossible à minuter, même sans fenêtres",
        "{resource} on {date}: the route cannot be timed, even without windows",
    ),
    "docs_rt_pinned_moved": (
        "{task} : rendez-vous confirmé sorti de son créneau annoncé ({slot}) — prévenir le locataire",
        "{task}: confirmed appointment moved out of its announced slot ({slot}) — tell the tenant",
    ),
    "docs_rt_removed": (
        "retirée du plan à la main par le planificateur",
        "removed from the plan by hand by the planner",
    ),
    "docs_rt_no_windows": (
        "plan.json ne donne pas les fenêtres des tâches (plan d'une version antérieure) : heures calculées sans elles",
        "plan.json gives no task windows (plan from an earlier version): times computed without them",
    ),
    "docs_from_plan_help": (
        "repart du dossier de plan DIR (éventuellement modifié à la main et re-minuté) "
        "au lieu du dernier plan enregistré",
        "start from plan folder DIR (possibly edited by hand and re-timed) instead of the latest stored plan",
    ),
    "docs_col_place": ("Lieu", "Place"),
    "docs_sessions_title": ("Permanences de l'écrivain numérique", "Digital public writer's sessions"),
    "docs_sessions_intro": (
        "Aide gratuite aux démarches administratives (CAF, impôts, retraite, santé…), "
        "sur rendez-vous auprès de votre bailleur.",
        "Free help with paperwork (family allowances, taxes, pension, health…), by appointment through your landlord.",
    ),
    "docs_session_event": ("Permanence de l'écrivain numérique — {venue}", "Digital public writer's session — {venue}"),
    "docs_session_description": (
        "Aide aux démarches administratives, sur rendez-vous.",
        "Help with paperwork, by appointment.",
    ),
    "docs_letters_title": ("Courriers de rendez-vous", "Appointment letters"),
    "docs_letter_ref": ("Réf. {ref}", "Ref. {ref}"),
    "docs_letter_salutation": ("Madame, Monsieur,", "Dear Madam or Sir,"),
    "docs_letter_intro": (
        "Vous avez demandé l'aide de l'écrivain numérique pour une démarche ({motive}). Votre rendez-vous est fixé :",
        "You asked the digital public writer for help with paperwork ({motive}). Your appointment is:",
    ),
    "docs_letter_intro_home": (
        "Vous avez demandé l'aide de l'écrivain numérique pour une démarche ({motive}). Il viendra chez vous :",
        "You asked the digital public writer for help with paperwork ({motive}). The writer will come to your home:",
    ),
    "docs_letter_on": ("le {date} à {time}", "on {date} at {time}"),
    "docs_letter_home_on": ("le {date}, vers {time}", "on {date}, at about {time}"),
    "docs_letter_duration": ("Le rendez-vous dure {length}.", "The appointment lasts {length}."),
    "docs_len_minutes": ("{m} minutes", "{m} minutes"),
    "docs_len_hour": ("1 heure", "1 hour"),
    "docs_len_hours": ("{h} heures", "{h} hours"),
    "docs_len_h_min": ("{h} h {m}", "{h} h {m}"),
    "docs_letter_home_slot": ("le {date}, entre {start} et {end}", "on {date}, between {start} and {end}"),
    "docs_letter_bring": ("Pensez à apporter : {documents}.", "Please bring: {documents}."),
    "docs_letter_cancel": (
        "En cas d'empêchement, prévenez-nous pour que la place serve à quelqu'un d'autre.",
        "If you cannot come, please tell us so that someone else can have the slot.",
    ),
    "docs_letter_contact": (
        "Pour toute question ou pour décaler le rendez-vous :",
        "For any question or to change the appointment:",
    ),
    "docs_letter_contact_landlord": (
        "Pour toute question ou pour décaler le rendez-vous, contactez votre bailleur.",
        "For any question or to change the appointment, contact your landlord.",
    ),
    "docs_letter_ref_reminder": ("Référence à rappeler : {ref}", "Reference to quote: {ref}"),
    "docs_letter_closing": ("Bien cordialement,\nL'écrivain numérique", "Kind regards,\nThe digital public writer"),
    # --- rules ---
    "rules_brico_late": (
        "urgences en retard {urgent}, demandes après leur date limite {due} ; tarifs à encaisser {amount:.2f} € ; "
        "traitement des demandes {hours} h",
        "overdue urgent requests {urgent}, requests past their due date {due}; fees to collect {amount:.2f} €; "
        "request processing {hours} h",
    ),
    # --- territory ---
    "terr_roads_help": (
        "réseau routier OpenStreetMap à utiliser (.osm.pbf, .osm, .osm.bz2, .graphml[.gz]) ; répétable ; "
        "remplace le réglage roads",
        "OpenStreetMap road network to use (.osm.pbf, .osm, .osm.bz2, .graphml[.gz]); "
        "repeatable; replaces the roads setting",
    ),
    "terr_geocode_help": (
        "géocode les résidences, dépôts et lieux d'accueil sans coordonnées (BAN puis Nominatim) "
        "et liste ce qui est à vérifier",
        "geocode residences, depots and venues without coordinates (BAN then Nominatim) and list what needs review",
    ),
    "terr_geocode_check_help": (
        "liste seulement ce qui manque, sans interroger les services",
        "only list what is missing, ask no service",
    ),
    "terr_geocode_review_help": ("fichier CSV où écrire la liste à vérifier", "CSV file to write the review list to"),
    "terr_geocode_nothing": ("Toutes les adresses ont des coordonnées.", "Every address has coordinates."),
    "terr_geocode_missing": ("{n} adresse(s) sans coordonnées.", "{n} address(es) without coordinates."),
    "terr_geocode_done": (
        "{found} adresse(s) géocodée(s) sur {total} ; {review} à vérifier.",
        "{found} address(es) geocoded out of {total}; {review} to review.",
    ),
    "terr_geocode_row": ("  {table} {id} : {address} — {reason}{score}", "  {table} {id}: {address} — {reason}{score}"),
    "terr_reason_offline": ("hors ligne (service de géocodage injoignable)", "offline (geocoding service unreachable)"),
    "terr_reason_not_found": ("introuvable", "not found"),
    "terr_reason_uncertain": ("correspondance incertaine", "uncertain match"),
    "terr_reason_missing": ("sans coordonnées", "no coordinates"),
    "terr_review_written": ("Liste à vérifier : {path}", "Review list: {path}"),
    "terr_import_missing": (
        "{n} adresse(s) sans coordonnées (résidences, dépôts, lieux) : lancez « tournees geocode » avant de planifier.",
        "{n} address(es) without coordinates (residences, depots, venues): run 'tournees geocode' before planning.",
    ),
}


def default_lang() -> str:
    """The language of user-facing text: ``TOURNEES_LANG`` or French."""
    lang = os.environ.get("TOURNEES_LANG", "fr").lower()[:2]
    return lang if lang in LANGS else "fr"


def pick(pair: tuple[str, str], lang: str) -> str:
    """The French or English text of a pair."""
    return pair[1] if lang == "en" else pair[0]


def t(key: str, lang: str | None = None, /, **params: object) -> str:
    """The text ``key`` in ``lang`` with its parameters filled in."""
    return pick(TEXTS[key], lang or default_lang()).format(**params)


def rule_text(rule: str, lang: str | None = None, /, **params: object) -> str:
    """The sentence stating a broken validation rule."""
    return pick(RULES[rule], lang or default_lang()).format(**params)


def problem_text(problem: Located, lang: str | None = None) -> str:
    """One line naming the file, row, column and rule of a problem."""
    lang = lang or default_lang()
    text = rule_text(problem.rule, lang, **dict(problem.params))
    if problem.row is not None and problem.column:
        return t("where", lang, file=problem.file, row=problem.row, column=problem.column, text=text)
    if problem.row is not None:
        return t("where_row", lang, file=problem.file, row=problem.row, text=text)
    if problem.column:
        return t("where_file_col", lang, file=problem.file, column=problem.column, text=text)
    return t("where_file", lang, file=problem.file, text=text)
