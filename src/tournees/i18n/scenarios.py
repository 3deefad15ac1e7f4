"""Texts of the analysts' scenario sweeps and of the synthetic data generator (fr, en)."""

from __future__ import annotations

SCENARIO_TEXTS: dict[str, tuple[str, str]] = {
    "scen_bad": ("{file} : « {key} » : {rule}", "{file}: '{key}': {rule}"),
    "scen_unreadable": (
        "{file} : fichier TOML illisible ({detail})",
        "{file}: unreadable TOML file ({detail})",
    ),
    "scen_missing_file": ("{file} : fichier introuvable", "{file}: file not found"),
    "scen_rule_table": ("doit être une table [{table}]", "must be a [{table}] table"),
    "scen_rule_unknown_table": (
        "table inconnue ; tables possibles : [base], [grid], [[scenarios]]",
        "unknown table; possible tables: [base], [grid], [[scenarios]]",
    ),
    "scen_rule_unknown_key": ("clé inconnue ; clés possibles : {allowed}", "unknown key; possible keys: {allowed}"),
    "scen_rule_required": ("obligatoire", "required"),
    "scen_rule_database": (
        "doit être un fichier de base SQLite existant (chemin relatif au fichier du balayage) : {path} n'existe pas",
        "must be an existing SQLite database file (path relative to the sweep file): {path} does not exist",
    ),
    "scen_rule_service": ("service inconnu ; services : {allowed}", "unknown service; services: {allowed}"),
    "scen_rule_week": ("semaine ISO attendue, par exemple 2026-W48", "an ISO week is expected, e.g. 2026-W48"),
    "scen_rule_int": (
        "nombre entier entre {low} et {high} attendu",
        "a whole number between {low} and {high} is expected",
    ),
    "scen_rule_number": ("nombre entre {low} et {high} attendu", "a number between {low} and {high} is expected"),
    "scen_rule_bool": ("true ou false attendu", "true or false is expected"),
    "scen_rule_text": ("texte attendu", "a text is expected"),
    "scen_rule_days": (
        "liste de jours ouvrés attendue parmi {allowed}",
        "a list of working days among {allowed} is expected",
    ),
    "scen_rule_texts": ("liste de textes attendue", "a list of texts is expected"),
    "scen_rule_shift": (
        "horaire « HH:MM-HH:MM » attendu, début avant fin",
        "hours 'HH:MM-HH:MM' expected, start before end",
    ),
    "scen_rule_absences": (
        "liste de tables {{ resource_id = \"TECH-1\", first_day = 2026-11-24, last_day = 2026-11-25 }} attendue "
        "(dates AAAA-MM-JJ, dernier jour au plus tôt le premier)",
        "a list of tables {{ resource_id = \"TECH-1\", first_day = 2026-11-24, last_day = 2026-11-25 }} is expected "
        "(dates YYYY-MM-DD, last day not before the first)",
    ),
    "scen_rule_grid": ("liste non vide de valeurs attendue", "a non-empty list of values is expected"),
    "scen_rule_in_base": ("réglé dans [base] pour tout le balayage", "set in [base] for the whole sweep"),
    "scen_rule_bricolage_only": ("ne concerne que le bricol'âge", "only applies to the bricol'âge"),
    "scen_rule_duplicate": ("nom de scénario déjà pris", "scenario name already taken"),
    "scen_rule_option": ("{detail}", "{detail}"),
    "scen_rule_unknown_resource": (
        "« {value} » n'est ni une personne ni un véhicule du service dans la base",
        "'{value}' is neither a staff member nor a vehicle of the service in the database",
    ),
    "scen_rule_unknown_landlord": (
        "bailleur(s) absent(s) de la base : {values}",
        "landlord(s) not in the database: {values}",
    ),
    "scen_rule_too_many": ("{n} scénarios : au plus {limit} par balayage", "{n} scenarios: at most {limit} per sweep"),
    "scen_out_suffix": (
        "{path} : le fichier de résultats doit finir par .parquet ou .csv",
        "{path}: the results file must end with .parquet or .csv",
    ),
    "scen_out_exists": (
        "{path} existe déjà et n'a pas été écrit par tournees scenarios : choisissez un autre nom",
        "{path} already exists and was not written by tournees scenarios: choose another name",
    ),
    "scen_running": (
        "{n} scénario(s) × {weeks} semaine(s) : {cached} déjà en cache, {todo} à calculer sur {where}",
        "{n} scenario(s) × {weeks} week(s): {cached} already cached, {todo} to compute on {where}",
    ),
    "scen_local_cluster": (
        "un cluster Dask local de {workers} processus",
        "a local Dask cluster of {workers} processes",
    ),
    "scen_remote_cluster": ("le cluster Dask {address}", "the Dask cluster {address}"),
    "scen_serial": ("ce processus, l'un après l'autre", "this process, one after the other"),
    "scen_failed": ("scénario « {name} » en échec : {error}", "scenario '{name}' failed: {error}"),
    "scen_done": (
        "{rows} ligne(s) écrites dans {path} ({ok} scénario(s) réussi(s), {failed} en échec)",
        "{rows} row(s) written to {path} ({ok} scenario(s) done, {failed} failed)",
    ),
    "scen_done_no_file": (
        "{ok} scénario(s) réussi(s), {failed} en échec",
        "{ok} scenario(s) done, {failed} failed",
    ),
    "scen_no_scheduler": (
        "impossible de joindre le cluster Dask {address} : {detail}",
        "cannot reach the Dask cluster {address}: {detail}",
    ),
    "scen_help": (
        "balayage de scénarios (analystes) : un plan par scénario et par semaine, sur Dask, résultats Parquet ou CSV",
        "scenario sweep (analysts): one plan per scenario and week, on Dask, results as Parquet or CSV",
    ),
    "scen_help_sweep": (
        "fichier TOML du balayage (voir docs/analystes.md)",
        "the sweep's TOML file (see docs/analystes.md)",
    ),
    "scen_help_out": ("fichier de résultats .parquet ou .csv", "results file, .parquet or .csv"),
    "scen_help_scheduler": (
        "adresse d'un cluster Dask existant (tcp://hôte:8786) ; par défaut un cluster local",
        "address of an existing Dask cluster (tcp://host:8786); a local cluster by default",
    ),
    "scen_help_workers": (
        "processus du cluster local (par défaut : les cœurs de la machine) ; 0 : dans ce processus, sans Dask",
        "processes of the local cluster (default: the machine's cores); 0: in this process, without Dask",
    ),
    "scen_help_cache": (
        "dossier du cache des scénarios (par défaut cache_dir/scenarios)",
        "the scenarios' cache folder (default cache_dir/scenarios)",
    ),
    "synth_help": (
        "données régionales SYNTHÉTIQUES (bailleurs, locataires, demandes, personnel inventés) dans une nouvelle base",
        "SYNTHETIC regional data (invented landlords, tenants, requests, staff) in a new database",
    ),
    "synth_help_landlords": ("nombre de bailleurs", "number of landlords"),
    "synth_help_seniors": ("locataires âgés par bailleur", "senior tenants per landlord"),
    "synth_help_weeks": ("semaines de demandes à partir de --first-week", "weeks of requests from --first-week"),
    "synth_help_first_week": ("première semaine planifiée (ISO)", "first planned week (ISO)"),
    "synth_help_seed": ("graine des tirages (même graine, même base)", "seed of the draws (same seed, same database)"),
    "synth_help_out": ("base SQLite à créer (ne doit pas exister)", "SQLite database to create (must not exist)"),
    "synth_help_rate": (
        "demandes bricol'âge par locataire et par semaine",
        "bricol'âge requests per tenant and per week",
    ),
    "synth_out_exists": (
        "{path} existe déjà : tournees synth ne remplace aucun fichier, choisissez un autre nom",
        "{path} already exists: tournees synth replaces no file, choose another name",
    ),
    "synth_bad": ("{option} : {rule}", "{option}: {rule}"),
    "synth_done": (
        "base synthétique écrite dans {path} : {landlords} bailleur(s), {tenants} locataires, {requests} demandes "
        "bricol'âge sur {weeks} semaine(s), {staff} technicien(s) — données inventées, aucune personne réelle",
        "synthetic database written to {path}: {landlords} landlord(s), {tenants} tenants, {requests} bricol'âge "
        "requests over {weeks} week(s), {staff} technician(s) — invented data, no real person",
    ),
}
