"""Texts of the import checks that name a reading problem, and of the command line's own refusals (fr, en)."""

from __future__ import annotations

# Validation rules (merged into tournees.i18n.RULES): code -> (fr, en).
INPUT_RULES: dict[str, tuple[str, str]] = {
    "source_missing": ("fichier ou dossier introuvable", "file or folder not found"),
    "source_format": (
        "format non reconnu : un fichier .csv ou .xlsx, ou un dossier qui en contient, est attendu",
        "format not recognised: a .csv or .xlsx file, or a folder holding some, is expected",
    ),
    "sec_link": (
        "lien symbolique refusé : donnez le fichier lui-même, pas un lien vers lui",
        "symbolic link refused: give the file itself, not a link to it",
    ),
    "sec_special_file": (
        "ce n'est pas un fichier ordinaire (tube, périphérique ou socket) : refusé",
        "not a regular file (pipe, device or socket): refused",
    ),
    "sec_file_too_big": (
        "fichier refusé : {what} ({found}, au plus {limit}) ; enregistrez seulement les lignes utiles",
        "file refused: {what} ({found}, at most {limit}); save only the rows in use",
    ),
    "bad_workbook": (
        "classeur illisible : ce n'est pas un fichier .xlsx valide (fichier abîmé, ou autre format renommé en "
        ".xlsx) ; réenregistrez-le au format « Classeur Excel (.xlsx) »",
        "unreadable workbook: not a valid .xlsx file (damaged, or another format renamed to .xlsx); save it again "
        "as 'Excel Workbook (.xlsx)'",
    ),
    "sec_dtd": (
        "classeur refusé : il contient une déclaration DTD (<!DOCTYPE …>), refusée par sécurité ; réenregistrez-le "
        "depuis votre tableur",
        "workbook refused: it holds a DTD declaration (<!DOCTYPE …>), refused for safety; save it again from your "
        "spreadsheet",
    ),
    "csv_open_quote": (
        "guillemet ouvert jamais refermé : le fichier se termine avant le guillemet fermant",
        "a quote is opened and never closed: the file ends before the closing quote",
    ),
    "csv_bad_quote": (
        "guillemet mal placé : après le guillemet fermant d'une cellule vient le séparateur ou la fin de ligne "
        "(un guillemet dans le texte s'écrit \"\")",
        "misplaced quote: a cell's closing quote must be followed by the separator or the end of the line "
        "(a quote inside the text is written \"\")",
    ),
    "csv_unreadable": (
        "ligne illisible en CSV : vérifiez les guillemets et le séparateur",
        "line unreadable as CSV: check the quotes and the separator",
    ),
    "control_char": (
        "caractère de contrôle {code} interdit (caractère n° {position} de la cellule) : retirez-le, il vient souvent "
        "d'un copier-coller",
        "control character {code} not allowed (character {position} of the cell): remove it, it often comes from "
        "a copy and paste",
    ),
    "int_too_long": (
        "nombre entier de {digits} chiffres : au plus {limit} chiffres",
        "whole number of {digits} digits: at most {limit} digits",
    ),
    "formula_no_value": (
        "cellule calculée par une formule dont le classeur n'a pas enregistré le résultat : ouvrez-le dans votre "
        "tableur et enregistrez-le, ou collez les valeurs à la place des formules",
        "cell computed by a formula whose result the workbook did not save: open it in your spreadsheet and save "
        "it, or paste the values instead of the formulas",
    ),
    "still_referenced": (
        "avec --replace, « {value} » disparaîtrait de la table « {target} » alors que la base l'utilise encore "
        "({count} ligne(s), par exemple {example}) : donnez aussi cette ligne, importez aussi la table « {table} », "
        "ou importez sans --replace",
        "with --replace, '{value}' would disappear from table '{target}' while the database still uses it "
        "({count} row(s), e.g. {example}): give this row too, import table '{table}' too, or import without --replace",
    ),
}

# Other texts (merged into tournees.i18n.TEXTS).
INPUT_TEXTS: dict[str, tuple[str, str]] = {
    "hidden_value": ("(valeur masquée)", "(hidden value)"),
    "limit_row_number": ("numéro de ligne", "row number"),
    "limit_column_number": ("numéro de colonne", "column number"),
    "limit_cells": ("cellules", "cells"),
    "limit_uncompressed": ("taille décompressée en octets", "uncompressed size in bytes"),
    "limit_bytes": ("taille en octets", "size in bytes"),
    "limit_rows": ("lignes", "rows"),
    "sec_bad_number": (
        "« {value} » : nombre positif attendu (chiffres 0-9)",
        "'{value}': a positive number is expected (digits 0-9)",
    ),
    "sec_whole_range": (
        "« {value} » : nombre entier entre {low} et {high} attendu",
        "'{value}': a whole number between {low} and {high} is expected",
    ),
    "cli_exists_file": (
        "{path} est un fichier, un dossier est attendu ; rien n'a été écrit",
        "{path} is a file, a folder is expected; nothing was written",
    ),
    "cli_foreign_file": (
        "{path} existe déjà et tournees ne remplace pas un fichier qu'il n'a pas écrit ; rien n'a été écrit, "
        "choisissez un autre nom ou déplacez ce fichier",
        "{path} already exists and tournees does not replace a file it did not write; nothing was written, choose "
        "another name or move that file",
    ),
    "cli_bad_config": (
        "{path} n'est pas un fichier de réglages TOML valide ({detail})",
        "{path} is not a valid TOML settings file ({detail})",
    ),
    "cli_unknown_section": (
        "{path} : table [{section}] inconnue ; tables permises : {allowed}",
        "{path}: unknown table [{section}]; allowed tables: {allowed}",
    ),
    "cli_bad_lang": (
        "{where} : lang = « {value} » n'est pas une langue permise (fr, en)",
        "{where}: lang = '{value}' is not an allowed language (fr, en)",
    ),
    "cli_toml_at": ("erreur de syntaxe ligne {line}, colonne {column}", "syntax error at line {line}, column {column}"),
    "cli_toml_syntax": ("erreur de syntaxe", "syntax error"),
    "cli_toml_encoding": ("le fichier n'est pas en UTF-8", "the file is not UTF-8"),
    "cli_unknown_setting": (
        "{path} : réglage(s) inconnu(s) {names} ; réglages permis : {allowed}",
        "{path}: unknown setting(s) {names}; allowed settings: {allowed}",
    ),
    "cli_setting_text": (
        "{path} : {key} = {value} : un texte entre guillemets est attendu",
        "{path}: {key} = {value}: a quoted text is expected",
    ),
    "cli_setting_bool": (
        "{path} : {key} = {value} : true ou false est attendu",
        "{path}: {key} = {value}: true or false is expected",
    ),
    "cli_setting_number": (
        "{path} : {key} = {value} : un nombre est attendu",
        "{path}: {key} = {value}: a number is expected",
    ),
    "cli_setting_whole": (
        "{path} : {key} = {value} : un nombre entier est attendu",
        "{path}: {key} = {value}: a whole number is expected",
    ),
    "cli_setting_list": (
        "{path} : {key} = {value} : un texte ou une liste de textes est attendu",
        "{path}: {key} = {value}: a text or a list of texts is expected",
    ),
    "cli_data_missing": (
        "fichier de données introuvable : {path}. Indiquez le dossier des données partagées (OpenStreetMap, "
        "communes) avec TOURNEES_DATA_DIR ou data_dir dans {config}.",
        "data file not found: {path}. Give the shared data folder (OpenStreetMap, communes) with "
        "TOURNEES_DATA_DIR or data_dir in {config}.",
    ),
    "cli_no_terminal": (
        "pas de terminal pour saisir le mot de passe : donnez-le dans la variable d'environnement TOURNEES_PASSWORD",
        "no terminal to type the password: give it in the TOURNEES_PASSWORD environment variable",
    ),
    # argparse's own messages, said in the reader's language
    "arg_usage": ("utilisation : ", "usage: "),
    "arg_positionals": ("arguments", "positional arguments"),
    "arg_options": ("options", "options"),
    "arg_help": ("affiche cette aide et s'arrête", "show this help message and exit"),
    "arg_version": ("affiche la version et s'arrête", "show the version and exit"),
    "arg_error": ("{prog} : erreur : {message}", "{prog}: error: {message}"),
    "arg_required": ("arguments obligatoires absents : {names}", "the following arguments are required: {names}"),
    "arg_unknown": ("arguments non reconnus : {names}", "unrecognized arguments: {names}"),
    "arg_choice": (
        "argument {name} : choix « {value} » impossible (choix permis : {choices})",
        "argument {name}: invalid choice: '{value}' (choose from {choices})",
    ),
    "arg_one_value": ("argument {name} : une valeur est attendue", "argument {name}: expected one argument"),
    "arg_no_value": ("argument {name} : aucune valeur n'est attendue", "argument {name}: ignored explicit argument"),
    "arg_invalid": ("argument {name} : valeur « {value} » invalide", "argument {name}: invalid value '{value}'"),
    "arg_ambiguous": (
        "option ambiguë : {option} (peut être {matches})",
        "ambiguous option: {option} could match {matches}",
    ),
    "arg_named": ("argument {name} : {message}", "argument {name}: {message}"),
    "arg_other": ("argument incorrect : {message}", "bad argument: {message}"),
}
