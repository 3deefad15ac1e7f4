"""The ``tournees`` command: French by default (``--lang en`` for English).

Exit codes: 0 done, 2 bad input (nothing written), 1 internal error (a short
message; the traceback only with ``--debug``).
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from tournees import __version__
from tournees.cli.plan import DEMO_WEEK
from tournees.errors import DataFolderError, InputError, NetworkError, TourneesError, ValidationError
from tournees.i18n import default_lang, t
from tournees.settings import Settings, load_settings

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT = 0, 1, 2

HELP = {
    "prog": ("Tournées et plannings des services mobiles aux locataires âgés.", "Rounds and schedules of mobile services for elderly tenants."),
    "lang": ("langue des messages : fr (défaut) ou en", "message language: fr (default) or en"),
    "debug": ("affiche le détail technique des erreurs", "show technical details of errors"),
    "config": ("fichier de réglages (défaut : tournees.toml)", "settings file (default: tournees.toml)"),
    "db": ("base de données : chemin d'un fichier SQLite ou URL (défaut : var/tournees.sqlite)", "database: SQLite file path or URL (default: var/tournees.sqlite)"),
    "demo": ("génère les données de démonstration, les importe et affiche la synthèse", "build the demo data, import it and show the summary"),
    "seed": ("graine aléatoire (même graine = mêmes données)", "random seed (same seed = same data)"),
    "out": ("dossier de sortie", "output folder"),
    "init": ("crée la base et charge les catalogues du programme (fiches, interventions)", "create the database and load the programme catalogues"),
    "import": ("importe un dossier de CSV ou un classeur xlsx (tout ou rien)", "import a folder of CSV files or an xlsx workbook (all or nothing)"),
    "source": ("dossier de fichiers CSV, fichier CSV ou classeur .xlsx", "folder of CSV files, a CSV file or an .xlsx workbook"),
    "replace": ("vide d'abord les tables présentes dans l'import", "empty the imported tables first"),
    "check": ("vérifie seulement, sans rien écrire", "check only, write nothing"),
    "export": ("exporte les tables au format des modèles d'import", "export the tables in the import template format"),
    "format": ("format : csv (un fichier par table) ou xlsx (un classeur)", "format: csv (one file per table) or xlsx (one workbook)"),
    "templates": ("écrit les modèles vides (CSV et xlsx documenté)", "write empty templates (CSV and documented xlsx)"),
    "summary": ("affiche la synthèse du programme contenu dans la base", "show the summary of the programme in the database"),
    "indicators": ("calcule les indicateurs des fiches 4, 7 et 10", "compute the indicators of sheets 4, 7 and 10"),
    "service": ("limite à un service : epicerie, bricolage, ecrivain", "limit to one service"),
    "from": ("première date (AAAA-MM-JJ)", "first date (YYYY-MM-DD)"),
    "to": ("dernière date (AAAA-MM-JJ)", "last date (YYYY-MM-DD)"),
    "ind_out": ("dossier où écrire un CSV par indicateur et un classeur xlsx", "folder for one CSV per indicator and an xlsx workbook"),
    "time_limit": ("temps de calcul maximal, en secondes", "longest computing time, in seconds"),
    "plan": ("calcule le plan d'un service pour une semaine", "plan one service for a week"),
    "replan": ("re-planifie une semaine déjà planifiée (rendez-vous confirmés gardés dans leur créneau)", "re-plan a planned week (confirmed appointments kept in their slots)"),
    "check_cmd": ("vérifie un dossier de plan (éventuellement modifié à la main)", "check a plan folder (possibly edited by hand)"),
    "week": ("semaine ISO, par exemple 2026-W48 (épicerie : première semaine ; par défaut la semaine prochaine)",
             "ISO week, e.g. 2026-W48 (grocery: first week; next week by default)"),
    "weeks": ("épicerie : nombre de semaines à planifier (4 par défaut)", "grocery: number of weeks to plan (default 4)"),
    "use_demo": ("utilise la base de démonstration (créée si besoin)", "use the demo database (built if needed)"),
    "plan_out": ("dossier du plan (visits.csv, unassigned.csv, plan.json)", "plan folder (visits.csv, unassigned.csv, plan.json)"),
    "add_requests": ("fichier CSV de nouvelles demandes (format bricolage_requests) à importer avant de re-planifier", "CSV of new requests (bricolage_requests format) to import first"),
    "from_day": ("premier jour re-planifié (AAAA-MM-JJ) ; les jours d'avant restent tels quels", "first day re-planned (YYYY-MM-DD); earlier days stay as they are"),
    "slot_hours": ("durée du créneau annoncé au locataire, en heures", "length of the slot announced to the tenant, in hours"),
    "late_margin": ("retard que le créneau doit absorber, en minutes", "delay the slot must absorb, in minutes"),
    "plan_dir": ("dossier de plan à vérifier", "plan folder to check"),
    "confirm": ("marque toutes les visites du plan comme rendez-vous confirmés", "mark every visit of the plan as a confirmed appointment"),
    "confirm_until": ("marque comme confirmées les visites jusqu'à cette date (AAAA-MM-JJ)", "mark visits up to this date (YYYY-MM-DD) as confirmed"),
}


def _h(key: str, lang: str) -> str:
    return HELP[key][1 if lang == "en" else 0]


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Steps:
    """Numbered progress lines for long work, on stderr."""

    def __init__(self, total: int) -> None:
        self.total, self.n, self.t0 = total, 0, time.monotonic()

    def __call__(self, text: str) -> None:
        self.n += 1
        _say(f"[{self.n}/{self.total}] {text} ({time.monotonic() - self.t0:.0f} s)")


def build_parser(lang: str) -> argparse.ArgumentParser:
    def options(suppress: bool) -> argparse.ArgumentParser:
        # Accepted before and after the command; after it, absent options must not hide those given before.
        extra = {"default": argparse.SUPPRESS} if suppress else {}
        group = argparse.ArgumentParser(add_help=False)
        group.add_argument("--lang", choices=("fr", "en"), help=_h("lang", lang), **({"default": None} | extra))
        group.add_argument("--debug", action="store_true", help=_h("debug", lang), **extra)
        group.add_argument("--config", help=_h("config", lang), **({"default": None} | extra))
        group.add_argument("--db", help=_h("db", lang), **({"default": None} | extra))
        return group

    common = options(suppress=True)
    parser = argparse.ArgumentParser(prog="tournees", description=_h("prog", lang), parents=[options(suppress=False)])
    parser.add_argument("--version", action="version", version=f"tournees {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMANDE" if lang != "en" else "COMMAND")

    p = sub.add_parser("demo", parents=[common], help=_h("demo", lang), description=_h("demo", lang))
    p.add_argument("--seed", type=int, default=2026, help=_h("seed", lang))
    p.add_argument("--out", default="out/demo", help=_h("out", lang))
    p.add_argument("--time-limit", type=float, default=20.0, help=_h("time_limit", lang))

    from tournees.cli.plan import add_plan_commands

    add_plan_commands(sub, common, lambda key: _h(key, lang))

    sub.add_parser("init", parents=[common], help=_h("init", lang), description=_h("init", lang))

    p = sub.add_parser("import", parents=[common], help=_h("import", lang), description=_h("import", lang))
    p.add_argument("source", help=_h("source", lang))
    p.add_argument("--replace", action="store_true", help=_h("replace", lang))
    p.add_argument("--check", action="store_true", help=_h("check", lang))

    p = sub.add_parser("export", parents=[common], help=_h("export", lang), description=_h("export", lang))
    p.add_argument("out", help=_h("out", lang))
    p.add_argument("--format", choices=("csv", "xlsx"), default="csv", help=_h("format", lang))

    p = sub.add_parser("templates", parents=[common], help=_h("templates", lang), description=_h("templates", lang))
    p.add_argument("out", help=_h("out", lang))

    sub.add_parser("summary", parents=[common], help=_h("summary", lang), description=_h("summary", lang))

    p = sub.add_parser("indicators", parents=[common], help=_h("indicators", lang), description=_h("indicators", lang))
    p.add_argument("--service", choices=("epicerie", "bricolage", "ecrivain"), default=None, help=_h("service", lang))
    p.add_argument("--from", dest="start", default=None, help=_h("from", lang))
    p.add_argument("--to", dest="end", default=None, help=_h("to", lang))
    p.add_argument("--out", default=None, help=_h("ind_out", lang))
    return parser


def _pre_lang(argv: Sequence[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return default_lang()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _pre_lang(argv)
    lang = lang if lang in ("fr", "en") else "fr"
    args = build_parser(lang).parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = load_settings(args.config, lang=args.lang or lang, database=args.db)
        command = COMMANDS.get(args.command) or _plan_commands()[args.command]
        return command(args, settings)  # type: ignore[operator]
    except InputError as err:
        _say(t("import_failed", settings.lang if "settings" in locals() else lang, n=len(err.problems)))
        _say(err.render(lang, limit=200))
        return EXIT_INPUT
    except (ValidationError, DataFolderError, NetworkError) as err:
        _say(t("error", lang, detail=err))
        return EXIT_INPUT
    except TourneesError as err:
        _say(t("error", lang, detail=err))
        if args.debug:
            raise
        return EXIT_INTERNAL
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # the last line of defence: a short message, no traceback
        if args.debug:
            raise
        _say(t("internal_error", lang, detail=f"{type(err).__name__}: {err}"))
        return EXIT_INTERNAL


# --- commands -----------------------------------------------------------------------


def _open_db(settings: Settings):  # type: ignore[no-untyped-def]
    from tournees.db import Database

    return Database.open(settings.database)


def cmd_init(args: argparse.Namespace, settings: Settings) -> int:
    from tournees.demo import RESOURCES
    from tournees.io import import_path

    report = import_path(RESOURCES, settings.database, lang=settings.lang)
    print(t("import_ok", settings.lang, db=report.database, summary=_counts(report.added, report.replaced, settings.lang)))
    return EXIT_OK


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from tournees.io import import_path, validate_path

    if args.check:
        checked = validate_path(args.source, settings.database, lang=settings.lang)
        n = sum(len(c.records) for c in checked.values())
        print(("Vérification réussie : " if settings.lang != "en" else "Check passed: ") + t("rows", settings.lang, n=n))
        return EXIT_OK
    report = import_path(args.source, settings.database, replace=args.replace, lang=settings.lang)
    print(t("import_ok", settings.lang, db=report.database, summary=_counts(report.added, report.replaced, settings.lang)))
    return EXIT_OK


def _counts(added: dict[str, int], replaced: dict[str, int], lang: str) -> str:
    new, upd = ("ajoutées", "remplacées") if lang != "en" else ("added", "replaced")
    return ", ".join(f"{name} {added[name]} {new}" + (f" / {replaced[name]} {upd}" if replaced.get(name) else "") for name in added)


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from tournees.io import export_tables
    from tournees.model import INPUT_TABLES

    path = export_tables(_open_db(settings), args.out, fmt=args.format)
    print(t("export_ok", settings.lang, path=path, n=len(INPUT_TABLES)))
    return EXIT_OK


def cmd_templates(args: argparse.Namespace, settings: Settings) -> int:
    from tournees.io import write_templates

    written = write_templates(args.out, lang=settings.lang)
    print(("Modèles écrits dans " if settings.lang != "en" else "Templates written to ") + f"{args.out} ({len(written)})")
    return EXIT_OK


def cmd_summary(args: argparse.Namespace, settings: Settings) -> int:
    from tournees.summary import programme_summary

    print(programme_summary(_open_db(settings), lang=settings.lang))
    return EXIT_OK


def cmd_indicators(args: argparse.Namespace, settings: Settings) -> int:
    import datetime as dt

    from tournees.indicators import TITLES, indicators_from_db
    from tournees.io.exporter import write_csv

    def day(text: str | None) -> dt.date | None:
        if text is None:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValidationError(f"date « {text} » : format attendu AAAA-MM-JJ") from None

    tables = indicators_from_db(_open_db(settings), service=args.service, start=day(args.start), end=day(args.end))
    for key, frame in tables.items():
        title = TITLES[key][1 if settings.lang == "en" else 0]
        print(f"\n{title}\n{'-' * len(title)}")
        print(frame.to_string(index=False) if len(frame) else "(aucune donnée)" if settings.lang != "en" else "(no data)")
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        for key, frame in tables.items():
            write_csv(out / f"{key}.csv", [str(c) for c in frame.columns], frame.astype(str).values.tolist())
        with __import__("pandas").ExcelWriter(out / "indicateurs.xlsx") as writer:
            for key, frame in tables.items():
                frame.to_excel(writer, sheet_name=key[:31], index=False)
        print(("\nIndicateurs écrits dans " if settings.lang != "en" else "\nIndicators written to ") + str(out))
    return EXIT_OK


DEMO_DB = "var/demo.sqlite"


def _demo_db(args: argparse.Namespace, settings: Settings) -> str:
    """The demo database: ``--db`` when given, else its own file (never a real programme's base)."""
    return args.db or DEMO_DB


def build_demo_database(settings: Settings, db_path: str, out: Path, *, seed: int, step: Steps | None = None) -> None:
    from tournees.demo import RESOURCES, build_demo
    from tournees.io import import_path

    en = settings.lang == "en"
    if step:
        step("Building the demo data on the OpenStreetMap road networks" if en else "Génération des données de démonstration sur les réseaux OpenStreetMap")
    build_demo(settings, out / "donnees", seed=seed)
    if step:
        step(f"Importing into {db_path}" if en else f"Import dans {db_path}")
    if "://" not in db_path and Path(db_path).exists():
        Path(db_path).unlink()  # the demo database is rebuilt from scratch every time
    import_path(RESOURCES, db_path, lang=settings.lang)
    import_path(out / "donnees", db_path, lang=settings.lang)


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from tournees.cli.plan import plan_bricolage_demo, plan_ecrivain, plan_epicerie
    from tournees.db import Database
    from tournees.summary import programme_summary

    en = settings.lang == "en"
    step = Steps(5)
    out = Path(args.out)
    db_path = _demo_db(args, settings)
    build_demo_database(settings, db_path, out, seed=args.seed, step=step)
    step(f"Planning the bricol'âge week {DEMO_WEEK}" if en else f"Planification de la semaine {DEMO_WEEK} du bricol'âge")
    brico = plan_bricolage_demo(settings, db_path, out / "bricolage", week=DEMO_WEEK, time_limit_s=args.time_limit)
    step(f"Planning the digital writer's week {DEMO_WEEK}" if en else f"Planification de la semaine {DEMO_WEEK} de l'écrivain numérique")
    writer = plan_ecrivain(settings, db_path, out / "ecrivain", week=DEMO_WEEK, time_limit_s=args.time_limit)
    step(f"Planning the mobile grocery, 4 weeks from {DEMO_WEEK}" if en else f"Planification de l'épicerie mobile, 4 semaines à partir de {DEMO_WEEK}")
    grocery = plan_epicerie(settings, db_path, out / "epicerie", week=DEMO_WEEK, weeks=4)
    print()
    print(programme_summary(Database.open(db_path), lang=settings.lang))
    print()
    print(brico)
    print(writer)
    print(grocery)
    print()
    print(("Demo input files: " if en else "Fichiers d'entrée de la démo : ") + str(out / "donnees"))
    print(("Bricol'âge plan: " if en else "Plan du bricol'âge : ") + str(out / "bricolage"))
    print(("Digital writer plan, session calendar (permanences.ics, permanences.html) and letters (courriers.html): " if en else
           "Plan de l'écrivain, calendrier des permanences (permanences.ics, permanences.html) et courriers (courriers.html) : ")
          + str(out / "ecrivain"))
    print(("Mobile grocery plan and public commune calendar (calendrier_communes.csv, .ics, .html): " if en else
           "Plan de l'épicerie et calendrier public des communes (calendrier_communes.csv, .ics, .html) : ") + str(out / "epicerie"))
    return EXIT_OK


def _plan_commands() -> dict[str, object]:
    from tournees.cli.plan import cmd_check, cmd_plan

    return {"plan": cmd_plan, "replan": cmd_plan, "check": cmd_check}


COMMANDS = {
    "demo": cmd_demo,
    "init": cmd_init,
    "import": cmd_import,
    "export": cmd_export,
    "templates": cmd_templates,
    "summary": cmd_summary,
    "indicators": cmd_indicators,
}

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
