"""Texts of the rest of the programme (issue #30): fiche indicators, volunteers (fiche 3), siting (fr, en)."""

from __future__ import annotations

PROGRAMME_TEXTS: dict[str, tuple[str, str]] = {
    "fiche_heading": ("Fiche {n} : {title}", "Fiche {n}: {title}"),
    # volunteers
    "vol_help": (
        "bénévoles d'urgence (fiche 3) : trouver un bénévole, campagne canicule",
        "emergency volunteers (fiche 3): find a volunteer, heat-wave campaign",
    ),
    "vol_match_help": (
        "classer les bénévoles disponibles pour un senior, par temps de trajet (en tranches)",
        "rank the available volunteers for a senior by travel time (in bands)",
    ),
    "vol_campaign_help": (
        "campagne (canicule…) : un bénévole pour chaque senior isolé ou fragile",
        "campaign (heat wave…): a volunteer for every isolated or fragile senior",
    ),
    "vol_tenant": ("identifiant du locataire senior", "id of the senior tenant"),
    "vol_situation": ("situation : {choices}", "situation: {choices}"),
    "vol_on": (
        "jour de la demande AAAA-MM-JJ (disponibilités ; par défaut aujourd'hui)",
        "day of the request YYYY-MM-DD (availability; default today)",
    ),
    "vol_max_per": ("seniors au plus par bénévole", "at most this many seniors per volunteer"),
    "vol_csv": (
        "écrire aussi le classement dans ce fichier CSV (nouveau fichier)",
        "also write the ranking to this CSV file (a new file)",
    ),
    "opt_range": ("{option} : {value} n'est pas entre {lo} et {hi}", "{option}: {value} is not between {lo} and {hi}"),
    "vol_out": ("dossier des listes de la campagne", "folder of the campaign's lists"),
    "vol_landlord": ("bailleur (par défaut : tous)", "landlord (default: all)"),
    "vol_unknown_tenant": ("locataire inconnu : {tenant} (table tenants)", "unknown tenant: {tenant} (table tenants)"),
    "vol_no_coords": (
        "le logement du locataire {tenant} n'a pas de coordonnées : lancez « tournees geocode »",
        "tenant {tenant}'s home has no coordinates: run 'tournees geocode'",
    ),
    "vol_csv_exists": (
        "{path} existe déjà : tournees n'écrase pas un fichier, choisissez un autre nom",
        "{path} already exists: tournees overwrites no file, choose another name",
    ),
    "vol_none": (
        "Aucun bénévole disponible pour {tenant} ({situation}) dans son temps de trajet maximal.",
        "No volunteer available for {tenant} ({situation}) within their longest trip.",
    ),
    "vol_ranked": (
        "{n} bénévole(s) pour {tenant} ({situation}), du plus proche au plus loin :",
        "{n} volunteer(s) for {tenant} ({situation}), nearest first:",
    ),
    "vol_line": ("  {rank}. {volunteer} : {band} ({mode})", "  {rank}. {volunteer}: {band} ({mode})"),
    "vol_mode_voiture": ("en voiture", "by car"),
    "vol_mode_pied": ("à pied", "on foot"),
    "band_lt": ("moins de {hi} min", "under {hi} min"),
    "band_range": ("{lo} à {hi} min", "{lo} to {hi} min"),
    "band_gt": ("plus de {lo} min", "over {lo} min"),
    "vol_campaign_done": (
        "Campagne {situation} : {assigned} senior(s) confiés à {volunteers} bénévole(s), "
        "{unreached} sans bénévole ; listes dans {path}",
        "Campaign {situation}: {assigned} senior(s) given to {volunteers} volunteer(s), "
        "{unreached} without one; lists in {path}",
    ),
    "vol_reason_too_far": (
        "aucun bénévole disponible à moins de son temps de trajet maximal",
        "no available volunteer within their longest trip",
    ),
    "vol_reason_full": (
        "les bénévoles assez proches ont déjà {k} senior(s)",
        "the volunteers near enough already have {k} senior(s)",
    ),
    "vol_reason_no_coords": (
        "logement sans coordonnées (tournees geocode)",
        "home without coordinates (tournees geocode)",
    ),
    "vol_no_network": (
        "aucun réseau routier déclaré ne couvre les bénévoles et les seniors (réglage roads ou --roads)",
        "no declared road network covers the volunteers and the seniors (roads setting or --roads)",
    ),
    "vol_reason_no_consent": (
        "pas de consentement au traitement des données : à contacter par le bailleur",
        "no consent to data processing: for the landlord to contact",
    ),
    "vol_phone_hidden": (
        "(pas de téléphone : le senior n'a pas accepté d'être appelé)",
        "(no phone: the senior did not agree to be called)",
    ),
    "vol_bad_situation": (
        "situation inconnue « {value} » : choisir parmi {choices}",
        "unknown situation '{value}': choose from {choices}",
    ),
    # siting
    "siting_help": (
        "où installer k sites (cabine, ateliers, permanences) : couverture ou trajet moyen",
        "where to put k sites (cabin, workshops, sessions): coverage or mean travel",
    ),
    "siting_candidates": (
        "lieux candidats : venues, residences ou un fichier CSV (site_id, name, lat, lon)",
        "candidate places: venues, residences or a CSV file (site_id, name, lat, lon)",
    ),
    "siting_k": ("nombre de sites : K ou 1..K", "number of sites: K or 1..K"),
    "siting_minutes": ("temps de trajet couvert (minutes)", "travel time covered (minutes)"),
    "siting_walk": ("à pied (sinon en voiture)", "on foot (else by car)"),
    "siting_keep": (
        "sites existants gardés (identifiants séparés par des virgules)",
        "existing sites kept (ids separated by commas)",
    ),
    "siting_objective": (
        "objectif : couverture (le plus de seniors à moins de T min) ou pmedian (trajet moyen le plus court)",
        "objective: couverture (most seniors within T min) or pmedian (shortest mean travel)",
    ),
    "siting_out": ("dossier des résultats (tableau CSV et carte)", "results folder (CSV table and map)"),
    "siting_bad_k": (
        "--k : « {value} » attendu K ou 1..K (entiers de 1 à {max})",
        "--k: '{value}' expected K or 1..K (integers from 1 to {max})",
    ),
    "siting_unknown_keep": ("--keep : {ids} ne sont pas des lieux candidats", "--keep: {ids} are not candidate places"),
    "siting_too_many_kept": (
        "--keep garde {kept} site(s), plus que k = {k}",
        "--keep keeps {kept} site(s), more than k = {k}",
    ),
    "siting_no_candidates": (
        "aucun lieu candidat avec des coordonnées ({source})",
        "no candidate place with coordinates ({source})",
    ),
    "siting_no_seniors": ("aucun senior avec des coordonnées dans la base", "no senior with coordinates in the base"),
    "siting_popup": (
        "{name} : {seniors} senior(s) dont c'est le site le plus proche, {pct} % (pondéré) dans le temps choisi, "
        "trajet moyen {minutes} min",
        "{name}: {seniors} senior(s) for whom it is the nearest site, {pct} % (weighted) within the time chosen, "
        "mean trip {minutes} min",
    ),
    "siting_title": ("Sites : {objective}, {minutes} min {mode}", "Sites: {objective}, {minutes} min {mode}"),
    "siting_line": ("k = {k} : {sites} — {pct} % des seniors (pondérés) couverts, trajet moyen {minutes} min",
                    "k = {k}: {sites} — {pct} % of seniors (weighted) covered, mean trip {minutes} min"),
    "siting_done": ("Sites pour k = {ks} écrits dans {path}", "Sites for k = {ks} written to {path}"),
}
