"""The help texts of the ``tournees`` command, French and English (an i18n table of the CLI layer)."""

from __future__ import annotations

# key -> (fr, en)
CLI_HELP: dict[str, tuple[str, str]] = {
    "prog": (
        "Tournées et plannings des services mobiles aux locataires âgés.",
        "Rounds and schedules of mobile services for elderly tenants.",
    ),
    "lang": ("langue des messages : fr (défaut) ou en", "message language: fr (default) or en"),
    "debug": ("affiche le détail technique des erreurs", "show technical details of errors"),
    "config": ("fichier de réglages (défaut : tournees.toml)", "settings file (default: tournees.toml)"),
    "db": (
        "base de données : chemin d'un fichier SQLite ou URL (défaut : var/tournees.sqlite)",
        "database: SQLite file path or URL (default: var/tournees.sqlite)",
    ),
    "demo": (
        "génère les données de démonstration, les importe et affiche la synthèse",
        "build the demo data, import it and show the summary",
    ),
    "seed": ("graine aléatoire (même graine = mêmes données)", "random seed (same seed = same data)"),
    "out": ("dossier de sortie", "output folder"),
    "init": (
        "crée la base et charge les catalogues du programme (fiches, interventions)",
        "create the database and load the programme catalogues",
    ),
    "import": (
        "importe un dossier de CSV ou un classeur xlsx (tout ou rien)",
        "import a folder of CSV files or an xlsx workbook (all or nothing)",
    ),
    "source": (
        "dossier de fichiers CSV, fichier CSV ou classeur .xlsx",
        "folder of CSV files, a CSV file or an .xlsx workbook",
    ),
    "replace": ("vide d'abord les tables présentes dans l'import", "empty the imported tables first"),
    "check": ("vérifie seulement, sans rien écrire", "check only, write nothing"),
    "export": ("exporte les tables au format des modèles d'import", "export the tables in the import template format"),
    "format": (
        "format : csv (un fichier par table) ou xlsx (un classeur)",
        "format: csv (one file per table) or xlsx (one workbook)",
    ),
    "templates": ("écrit les modèles vides (CSV et xlsx documenté)", "write empty templates (CSV and documented xlsx)"),
    "summary": (
        "affiche la synthèse du programme contenu dans la base",
        "show the summary of the programme in the database",
    ),
    "indicators": ("calcule les indicateurs des dix fiches", "compute the indicators of the ten sheets"),
    "service": ("limite à un service : epicerie, bricolage, ecrivain", "limit to one service"),
    "from": ("première date (AAAA-MM-JJ)", "first date (YYYY-MM-DD)"),
    "to": ("dernière date (AAAA-MM-JJ)", "last date (YYYY-MM-DD)"),
    "ind_out": (
        "dossier où écrire un CSV par indicateur et un classeur xlsx",
        "folder for one CSV per indicator and an xlsx workbook",
    ),
    "time_limit": ("temps de calcul maximal, en secondes", "longest computing time, in seconds"),
    "plan": ("calcule le plan d'un service pour une semaine", "plan one service for a week"),
    "replan": (
        "re-planifie une semaine déjà planifiée (rendez-vous confirmés gardés dans leur créneau)",
        "re-plan a planned week (confirmed appointments kept in their slots)",
    ),
    "check_cmd": (
        "vérifie un dossier de plan (éventuellement modifié à la main)",
        "check a plan folder (possibly edited by hand)",
    ),
    "week": ("semaine ISO, par exemple 2026-W48 (épicerie : première semaine ; par défaut la semaine prochaine)",
             "ISO week, e.g. 2026-W48 (grocery: first week; next week by default)"),
    "weeks": (
        "épicerie : nombre de semaines à planifier (4 par défaut)",
        "grocery: number of weeks to plan (default 4)",
    ),
    "use_demo": ("utilise la base de démonstration (créée si besoin)", "use the demo database (built if needed)"),
    "use_demo_db": (
        "lit la base de démonstration construite par « make demo » (var/demo.sqlite)",
        "read the demo database built by 'make demo' (var/demo.sqlite)",
    ),
    "import_demo": (
        "importe dans la base de démonstration (var/demo.sqlite) au lieu de la base des réglages",
        "import into the demo database (var/demo.sqlite) instead of the configured one",
    ),
    "plan_out": (
        "dossier du plan (visits.csv, unassigned.csv, plan.json)",
        "plan folder (visits.csv, unassigned.csv, plan.json)",
    ),
    "add_requests": (
        "fichier CSV de nouvelles demandes (format bricolage_requests) à importer avant de re-planifier",
        "CSV of new requests (bricolage_requests format) to import first",
    ),
    "from_day": (
        "premier jour re-planifié (AAAA-MM-JJ) ; les jours d'avant restent tels quels",
        "first day re-planned (YYYY-MM-DD); earlier days stay as they are",
    ),
    "slot_hours": (
        "durée du créneau annoncé au locataire, en heures",
        "length of the slot announced to the tenant, in hours",
    ),
    "late_margin": ("retard que le créneau doit absorber, en minutes", "delay the slot must absorb, in minutes"),
    "plan_dir": ("dossier de plan à vérifier", "plan folder to check"),
    "simulate": (
        "rejoue le plan N fois avec des retards tirés au hasard et dit la part des visites dans leur créneau",
        "replay the plan N times with random delays and report the share of visits inside their slot",
    ),
    "sim_seed": ("graine des tirages de --simulate (0 par défaut)", "seed of the --simulate draws (default 0)"),
    "travel_factor": (
        "--simulate : facteur sur chaque trajet, tiré uniformément entre bas et haut (0.9-1.4 par défaut)",
        "--simulate: factor on each drive, drawn uniformly between low and high (default 0.9-1.4)",
    ),
    "duration_spread": (
        "--simulate : dispersion des durées d'intervention (écart-type du logarithme, 0.25 ≈ ±25 %% par défaut)",
        "--simulate: spread of service times (standard deviation of the log, default 0.25 ≈ ±25 %%)",
    ),
    "confirm": (
        "marque toutes les visites du plan comme rendez-vous confirmés",
        "mark every visit of the plan as a confirmed appointment",
    ),
    "confirm_until": (
        "marque comme confirmées les visites jusqu'à cette date (AAAA-MM-JJ)",
        "mark visits up to this date (YYYY-MM-DD) as confirmed",
    ),
}
