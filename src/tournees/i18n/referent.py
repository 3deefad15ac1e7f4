"""Texts of the sectors (``tournees sectors``) and of the référent seniors service (fiche 2) (fr, en)."""

from __future__ import annotations

# Validation rules (merged into tournees.i18n.RULES): code -> (fr, en).
REFERENT_RULES: dict[str, tuple[str, str]] = {
    "sector_pin_columns": (
        "colonnes residence_id et sector_id attendues (un residences.csv exporté convient)",
        "columns residence_id and sector_id expected (an exported residences.csv will do)",
    ),
    "sector_pin_unknown": (
        "« {value} » n'est pas une résidence des bailleurs découpés ({landlords})",
        "'{value}' is not a residence of the landlords being split ({landlords})",
    ),
    "sector_pin_bad_id": (
        "« {value} » : identifiant de secteur invalide (lettres, chiffres, _ . - ; 40 caractères au plus)",
        "'{value}': invalid sector id (letters, digits, _ . -; 40 characters at most)",
    ),
    "sector_pin_twice": (
        "la résidence {value} est déjà épinglée ligne {other_row}",
        "residence {value} is already pinned on row {other_row}",
    ),
}

# Other texts (merged into tournees.i18n.TEXTS).
REFERENT_TEXTS: dict[str, tuple[str, str]] = {
    "sec_help": (
        "découper les résidences d'un bailleur en secteurs équilibrés (charge du référent seniors, passages du "
        "bricol'âge) : sectors.csv et residences.csv au format de l'import, carte et chiffres de l'équilibre",
        "split a landlord's residences into balanced sectors (référent seniors workload, bricol'âge passes): "
        "sectors.csv and residences.csv in the import format, map and balance figures",
    ),
    "sec_demo_help": ("sur la base de démonstration", "on the demo database"),
    "sec_k_help": ("nombre de secteurs par bailleur", "number of sectors per landlord"),
    "sec_cap_help": (
        "charge annuelle au plus d'un secteur, en heures (le nombre de secteurs en découle)",
        "largest yearly workload of a sector, in hours (the number of sectors follows)",
    ),
    "sec_pin_help": (
        "CSV des résidences à garder dans leur secteur (colonnes residence_id, sector_id)",
        "CSV of residences to keep in their sector (columns residence_id, sector_id)",
    ),
    "sec_landlord_help": ("bailleur à découper (par défaut : chacun)", "landlord to split (default: each)"),
    "sec_out_help": ("dossier à écrire", "folder to write"),
    "sec_bad_k": (
        "--k {k} : au moins {least} secteur(s) pour {landlord} (un par réseau routier et par secteur épinglé)",
        "--k {k}: at least {least} sector(s) for {landlord} (one per road network and per pinned sector)",
    ),
    "sec_k_or_cap": ("--k et --cap s'excluent : donnez l'un ou l'autre", "--k and --cap exclude each other: give one"),
    "sec_no_landlord": (
        "bailleur « {landlord} » absent de la base ; bailleurs : {known}",
        "landlord '{landlord}' not in the database; landlords: {known}",
    ),
    "sec_no_residence": (
        "aucune résidence avec des locataires pour {landlord}",
        "no residence with tenants for {landlord}",
    ),
    "sec_landlord_line": (
        "{landlord} : {k} secteurs, charge de {low} h à {high} h par an (écart max/min {ratio}), conduite dans les "
        "secteurs {tour} min (k-medoids : écart {base_ratio}, conduite {base_tour} min){note}",
        "{landlord}: {k} sectors, workload from {low} h to {high} h a year (max/min {ratio}), driving inside the "
        "sectors {tour} min (k-medoids: max/min {base_ratio}, driving {base_tour} min){note}",
    ),
    "sec_written": (
        "Secteurs écrits dans {folder} : sectors.csv et residences.csv (à relire puis « tournees import {folder} »), "
        "carte_secteurs.html, equilibre.html",
        "Sectors written in {folder}: sectors.csv and residences.csv (review, then 'tournees import {folder}'), "
        "carte_secteurs.html, equilibre.html",
    ),
    "sec_map_title": ("Secteurs proposés", "Proposed sectors"),
    "sec_map_legend": ("{name} : {n} résidences, {hours} h par an", "{name}: {n} residences, {hours} h a year"),
    "sec_balance_title": ("Équilibre des secteurs", "Balance of the sectors"),
    "sec_col_landlord_id": ("bailleur", "landlord"),
    "sec_col_sector_id": ("secteur", "sector"),
    "sec_col_name": ("nom", "name"),
    "sec_col_residences": ("résidences", "residences"),
    "sec_col_visit_h": ("visites (h/an)", "visits (h/year)"),
    "sec_col_driving_h": ("conduite estimée (h/an)", "estimated driving (h/year)"),
    "sec_col_workload_h": ("charge (h/an)", "workload (h/year)"),
    "sec_col_tour_min": ("réseau routier du secteur (min)", "roads through the sector (min)"),
    "sec_col_contiguous": ("d'un seul tenant", "contiguous"),
    "sec_yes": ("oui", "yes"),
    "sec_no": ("non", "no"),
    "sec_name": ("Secteur {n} ({commune})", "Sector {n} ({commune})"),
    "ref_title": ("Référent seniors", "Senior tenants' référent"),
    "ref_planning": ("Campagne de visites du référent seniors : {weeks} semaine(s) depuis {week}…",
                     "Référent seniors visit campaign: {weeks} week(s) from {week}…"),
    "ref_summary": (
        "Référent seniors : {visits} visites planifiées (dont {first} premiers entretiens) ; échéances tenues "
        "{met}/{due} ; non planifiées : {reasons} ; heures de visite par semaine de {low} à {high}. Plan : {folder}",
        "Référent seniors: {visits} visits planned ({first} first interviews); due dates met {met}/{due}; not "
        "planned: {reasons}; visiting hours a week from {low} to {high}. Plan: {folder}",
    ),
    "ref_reason_late_capacity": ("semaine pleine, visite décalée", "week full, visit moved later"),
    "ref_reason_no_time_in_days": ("pas de place dans les journées de la semaine", "no room in the week's days"),
    "ref_reason_after_horizon": ("échéance après la période planifiée", "due after the planned period"),
    "ref_reason_no_referent": ("aucun référent sur ce réseau routier", "no référent on this road network"),
    "ref_missing_file": ("{name} : fichier manquant", "{name}: file missing"),
    "ref_summary_line": ("{title} : {referents} référent(s), {seniors} locataires seniors",
                         "{title}: {referents} référent(s), {seniors} senior tenants"),
    "ref_demo": (
        "Référent seniors : campagne de 4 semaines depuis {week}",
        "Référent seniors: 4-week campaign from {week}",
    ),
    "ref_files": ("référent seniors (campagne.csv, annonces.csv, carte, feuilles, classeur)",
                  "référent seniors (campagne.csv, annonces.csv, map, sheets, workbook)"),
    "ref_no_published": (
        "aucun plan du référent seniors enregistré pour la semaine du {week} : « tournees plan referent » d'abord",
        "no stored référent seniors plan for the week of {week}: run 'tournees plan referent' first",
    ),
    "ref_letter_intro": (
        "Votre référent seniors passera chez vous pour faire le point avec vous : vos besoins, vos questions sur "
        "le logement, les aides et les services du bailleur.",
        "Your senior tenants' référent will call at your home to talk things over with you: your needs, your "
        "questions about your home, support and your landlord's services.",
    ),
    "ref_letter_length": ("La visite dure environ {length}.", "The visit lasts about {length}."),
    "ref_letter_cancel": (
        "Si ce moment ne vous convient pas, appelez-nous : nous en choisirons un autre ensemble.",
        "If this time does not suit you, call us: we will find another one together.",
    ),
    "ref_letter_closing": (
        "Bien cordialement,\nVotre référent seniors",
        "Kind regards,\nYour senior tenants' référent",
    ),
}
