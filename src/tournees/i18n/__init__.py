"""User-facing texts, French by default with English available.

Texts are keyed by a stable code; code and parameters travel with errors, and the
text is chosen only when shown, so the same problem reads in either language.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from contextvars import ContextVar
from typing import Protocol

from tournees.i18n.absences import ABSENCE_RULES, ABSENCE_TEXTS
from tournees.i18n.documents import DOCUMENT_TEXTS
from tournees.i18n.inputs import INPUT_RULES, INPUT_TEXTS
from tournees.i18n.programme import PROGRAMME_TEXTS
from tournees.i18n.referent import REFERENT_RULES, REFERENT_TEXTS
from tournees.i18n.scenarios import SCENARIO_TEXTS
from tournees.i18n.services import SERVICE_TEXTS


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
        "fichier illisible : vérifiez que vous avez le droit de le lire",
        "unreadable file: check that you may read it",
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
    **INPUT_RULES,
    **ABSENCE_RULES,
    **REFERENT_RULES,
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
    **SERVICE_TEXTS,
    **SCENARIO_TEXTS,
    **PROGRAMME_TEXTS,
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
    "sec_bad_proxy": (
        "web_trusted_proxies : « {value} » n'est ni une adresse IP ni un réseau (par exemple 127.0.0.1 ou 10.0.0.0/8)",
        "web_trusted_proxies: '{value}' is neither an IP address nor a network (for example 127.0.0.1 or 10.0.0.0/8)",
    ),
    **INPUT_TEXTS,
    **ABSENCE_TEXTS,
    **REFERENT_TEXTS,
    # --- lose nothing: plan folders, the database, the demo ---
    "safe_disk_full": (
        "disque plein en écrivant le plan {folder} : le plan précédent est intact et rien n'a été enregistré dans "
        "la base ; libérez de la place puis relancez",
        "disk full while writing the plan {folder}: the previous plan is intact and nothing was recorded in the "
        "database; free some space and run again",
    ),
    "safe_out_holds": (
        "{folder} contient {path} : tournees remplace le dossier d'un plan en entier et n'y met jamais la base de "
        "données ; rien n'a été touché, choisissez un autre dossier (--out) ou une autre base (--db)",
        "{folder} holds {path}: tournees replaces a plan folder whole and never keeps the database in it; nothing "
        "was touched, choose another folder (--out) or another database (--db)",
    ),
    "safe_out_link": (
        "{folder} est un lien symbolique : donnez le dossier lui-même ; rien n'a été touché",
        "{folder} is a symbolic link: give the folder itself; nothing was touched",
    ),
    "safe_out_file": (
        "{folder} est un fichier, un dossier est attendu ; rien n'a été touché",
        "{folder} is a file, a folder is expected; nothing was touched",
    ),
    "safe_out_foreign": (
        "{folder} existe et n'est pas un dossier de plan écrit par tournees (pas de manifeste dans plan.json) : "
        "tournees ne remplace que ses propres dossiers de plan ; rien n'a été touché, choisissez un dossier neuf "
        "ou vide",
        "{folder} exists and is not a plan folder written by tournees (no manifest in plan.json): tournees only "
        "replaces its own plan folders; nothing was touched, choose a new or empty folder",
    ),
    "safe_out_extra": (
        "le dossier de plan {folder} contient des fichiers que tournees n'a pas écrits ({files}) : rien n'a été "
        "touché ; déplacez-les ou choisissez un autre dossier",
        "the plan folder {folder} holds files tournees did not write ({files}): nothing was touched; move them or "
        "choose another folder",
    ),
    "safe_db_missing": (
        "base de données introuvable ou vide : {path} (vérifiez --db ; « tournees init » ou « tournees import » "
        "crée une base) ; rien n'a été créé",
        "database not found or empty: {path} (check --db; 'tournees init' or 'tournees import' creates one); "
        "nothing was created",
    ),
    "safe_db_readonly": (
        "la base {path} ne peut pas être écrite (fichier ou dossier en lecture seule) : rien n'a été planifié ni "
        "écrit ; rendez-la modifiable ou travaillez sur une copie",
        "the database {path} cannot be written (read-only file or folder): nothing was planned or written; make it "
        "writable or work on a copy",
    ),
    "safe_demo_foreign": (
        "la base {path} existe et n'a pas été créée par la démonstration : « tournees demo » ne l'efface pas ; "
        "rien n'a été touché, donnez un autre --db, ou ajoutez --force pour la remplacer",
        "the database {path} exists and was not made by the demo: 'tournees demo' does not delete it; nothing was "
        "touched, give another --db, or add --force to replace it",
    ),
    "safe_demo_force_help": (
        "remplace la base --db même si elle n'a pas été créée par la démonstration",
        "replace the --db database even if the demo did not create it",
    ),
    **DOCUMENT_TEXTS,
    # --- rules ---
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


# The language a command runs in (--lang or the settings file), for texts asked without one; unset outside a command.
RUN_LANG: ContextVar[str | None] = ContextVar("tournees_run_lang", default=None)


def default_lang() -> str:
    """The language of user-facing text: the running command's, else ``TOURNEES_LANG``, else French."""
    if (running := RUN_LANG.get()) is not None:
        return running
    lang = os.environ.get("TOURNEES_LANG", "fr").lower()[:2]
    return lang if lang in LANGS else "fr"


def pick(pair: tuple[str, str], lang: str) -> str:
    """The French or English text of a pair."""
    return pair[1] if lang == "en" else pair[0]


def t(key: str, lang: str | None = None, /, **params: object) -> str:
    """The text ``key`` in ``lang`` with its parameters filled in."""
    return pick(TEXTS[key], lang or default_lang()).format(**params)


def rule_text(rule: str, lang: str | None = None, /, **params: object) -> str:
    """The sentence stating a broken validation rule.

    A parameter named ``<name>_text`` holds the key of a text (``hidden_value``…): it fills ``{<name>}`` in the
    reader's language, so a problem found once reads in either language.
    """
    lang = lang or default_lang()
    said = {k.removesuffix("_text"): t(str(v), lang) for k, v in params.items() if k.endswith("_text")}
    return pick(RULES[rule], lang).format(**(params | said))


def problem_text(problem: Located, lang: str | None = None) -> str:
    """One line naming the file, row, column and rule of a problem."""
    lang = lang or default_lang()
    text = rule_text(problem.rule, lang, **dict(problem.params))
    if not problem.file:  # a problem of the whole input (nothing recognised in it)
        return text
    if problem.row is not None and problem.column:
        return t("where", lang, file=problem.file, row=problem.row, column=problem.column, text=text)
    if problem.row is not None:
        return t("where_row", lang, file=problem.file, row=problem.row, text=text)
    if problem.column:
        return t("where_file_col", lang, file=problem.file, column=problem.column, text=text)
    return t("where_file", lang, file=problem.file, text=text)
