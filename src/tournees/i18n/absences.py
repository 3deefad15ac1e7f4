"""Texts about absences of staff and vehicles: import rules, plan checks, reasons left out (fr, en)."""

from __future__ import annotations

# Validation rules (merged into tournees.i18n.RULES): code -> (fr, en).
ABSENCE_RULES: dict[str, tuple[str, str]] = {
    "absence_last_before_first": (
        "le dernier jour ({last}) est avant le premier jour ({first}) : l'absence va de first_day à last_day inclus",
        "the last day ({last}) is before the first day ({first}): the absence runs from first_day to last_day included",
    ),
    "absence_unknown_resource": (
        "« {value} » n'est ni une personne (table staff) ni un véhicule (table vehicles), ni dans les fichiers "
        "importés ni dans la base",
        "'{value}' is neither a staff member (table staff) nor a vehicle (table vehicles), neither in the imported "
        "files nor in the database",
    ),
    "absence_overlap": (
        "cette absence de {resource} ({span}) chevauche celle de la ligne {other_row} : fusionnez-les ou corrigez "
        "les dates ou la partie du jour",
        "this absence of {resource} ({span}) overlaps the one on row {other_row}: merge them or correct the dates or "
        "the part of the day",
    ),
    "absence_overlap_stored": (
        "cette absence de {resource} ({span}) chevauche une absence déjà dans la base ({other}) : corrigez les dates "
        "ou la partie du jour, ou réimportez la table avec --replace",
        "this absence of {resource} ({span}) overlaps an absence already in the database ({other}): correct the "
        "dates or the part of the day, or import the table again with --replace",
    ),
}

# Other texts (merged into tournees.i18n.TEXTS).
ABSENCE_TEXTS: dict[str, tuple[str, str]] = {
    "reason_label_staff_absent": ("intervenant ou véhicule absent", "staff member or vehicle away"),
    "absence_broken": (
        "{task} ({resource} le {date}, {start}–{end}) tombe dans une absence de {who} ({span}) entrée après le "
        "plan : « tournees replan » la déplace",
        "{task} ({resource} on {date}, {start}–{end}) falls in an absence of {who} ({span}) entered after the plan: "
        "'tournees replan' moves it",
    ),
    "absence_moved": (
        "rendez-vous confirmé, déplacé : {who} est absent ({span})",
        "confirmed appointment moved: {who} is away ({span})",
    ),
    "absence_workshop": (
        "{who} est absent le {date} : confiez l'atelier à un autre intervenant ou changez sa date",
        "{who} is away on {date}: give the workshop to another staff member or change its date",
    ),
    "absence_van_day": (
        "camion ou chauffeur indisponible le {date} : passage annulé ce jour-là",
        "van or driver unavailable on {date}: stop cancelled that day",
    ),
    "absence_summary": (
        "Absences : {n} visite(s) du plan {run} tombent dans une absence entrée après lui ({tasks}) : relancez "
        "« tournees replan »",
        "Absences: {n} visit(s) of plan {run} fall in an absence entered after it ({tasks}): run 'tournees replan'",
    ),
}
