"""The ``tournees`` command: French by default (``--lang en`` for English).

Exit codes: 0 done, 2 bad input (nothing written), 1 internal error (a short
message; the traceback only with ``--debug``).
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tournees import __version__
from tournees.cli.common import DEMO_DB, DEMO_WEEK, EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, Steps, build_demo_database, say
from tournees.cli.help import CLI_HELP
from tournees.cli.parser import parser_class
from tournees.errors import DataFolderError, InputError, NetworkError, TourneesError, ValidationError
from tournees.i18n import RUN_LANG, default_lang, pick, t
from tournees.io.options import positive_seconds, seed_number, use_lang
from tournees.services import registry
from tournees.services.sections import check_sections
from tournees.settings import CONFIG_FILE, Settings, load_settings


def _h(key: str, lang: str) -> str:
    return pick(CLI_HELP[key], lang)


def build_parser(lang: str) -> argparse.ArgumentParser:
    use_lang(lang)
    def options(suppress: bool) -> argparse.ArgumentParser:
        # Accepted before and after the command; after it, absent options must not hide those given before.
        extra: dict[str, Any] = {"default": argparse.SUPPRESS} if suppress else {}
        group = argparse.ArgumentParser(add_help=False)
        group.add_argument("--lang", choices=("fr", "en"), help=_h("lang", lang), **({"default": None} | extra))
        group.add_argument("--debug", action="store_true", help=_h("debug", lang), **extra)
        group.add_argument("--config", help=_h("config", lang), **({"default": None} | extra))
        group.add_argument("--db", help=_h("db", lang), **({"default": None} | extra))
        return group

    common = options(suppress=True)
    parser: argparse.ArgumentParser = parser_class(lang)(
        prog="tournees", description=_h("prog", lang), parents=[options(suppress=False)]
    )
    parser.add_argument("--version", action="version", version=f"tournees {__version__}", help=t("arg_version", lang))
    sub = parser.add_subparsers(dest="command", required=True, metavar=t("metavar_command", lang))

    p = sub.add_parser("demo", parents=[common], help=_h("demo", lang), description=_h("demo", lang))
    p.add_argument("--seed", type=seed_number, default=2026, help=_h("seed", lang))
    p.add_argument("--out", default="out/demo", help=_h("out", lang))
    p.add_argument("--time-limit", type=positive_seconds, default=20.0, help=_h("time_limit", lang))
    p.add_argument("--force", action="store_true", help=t("safe_demo_force_help", lang))

    from tournees.cli.plan import add_plan_commands

    add_plan_commands(sub, common, lambda key: _h(key, lang))
    from tournees.cli.geocode import register as register_geocode

    register_geocode(sub, common, lang)

    sub.add_parser("init", parents=[common], help=_h("init", lang), description=_h("init", lang))

    p = sub.add_parser("import", parents=[common], help=_h("import", lang), description=_h("import", lang))
    p.add_argument("source", help=_h("source", lang))
    p.add_argument("--replace", action="store_true", help=_h("replace", lang))
    p.add_argument("--check", action="store_true", help=_h("check", lang))
    p.add_argument("--demo", action="store_true", help=_h("import_demo", lang))

    p = sub.add_parser("export", parents=[common], help=_h("export", lang), description=_h("export", lang))
    p.add_argument("out", help=_h("out", lang))
    p.add_argument("--format", choices=("csv", "xlsx"), default="csv", help=_h("format", lang))
    p.add_argument("--demo", action="store_true", help=_h("use_demo_db", lang))

    p = sub.add_parser("templates", parents=[common], help=_h("templates", lang), description=_h("templates", lang))
    p.add_argument("out", help=_h("out", lang))

    p = sub.add_parser("summary", parents=[common], help=_h("summary", lang), description=_h("summary", lang))
    p.add_argument("--demo", action="store_true", help=_h("use_demo_db", lang))

    p = sub.add_parser("indicators", parents=[common], help=_h("indicators", lang), description=_h("indicators", lang))
    p.add_argument("--service", choices=registry.codes(), default=None, help=_h("service", lang))
    p.add_argument("--from", dest="start", default=None, help=_h("from", lang))
    p.add_argument("--to", dest="end", default=None, help=_h("to", lang))
    p.add_argument("--out", default=None, help=_h("ind_out", lang))
    p.add_argument("--demo", action="store_true", help=_h("use_demo_db", lang))

    # Commands kept in their own modules register themselves (their handler rides on the parsed arguments).
    from tournees.cli import retime, sectors
    from tournees.web import commands as web

    retime.register(sub, common, lang)
    sectors.register(sub, common, lang)
    from tournees.cli import scenarios

    scenarios.register(sub, common, lang)  # analysts: scenarios (sweeps on Dask), synth (synthetic data)
    from tournees.cli import volunteers

    volunteers.register(sub, common, lang)  # fiche 3: volunteers match | campaign
    from tournees.cli import siting

    siting.register(sub, common, lang)  # fiches 1, 8, 10: where to put k sites
    web.register(sub, common, lang)  # serve, user add|list
    return parser


DEMO_OPTION = ("summary", "indicators", "export", "import", "user")  # commands whose --demo means the demo's base


def _pre_lang(argv: Sequence[str]) -> str:
    """The language of the command line's own messages, before its settings are read (they may name it)."""
    config = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
        if arg == "--config" and i + 1 < len(argv):
            config = argv[i + 1]
    if os.environ.get("TOURNEES_LANG"):
        return default_lang()
    try:  # the settings file's lang; any problem with the file is reported once the options are read
        with open(config or CONFIG_FILE, "rb") as fh:
            return str(tomllib.load(fh).get("lang", "fr")).lower()
    except (OSError, ValueError):
        return "fr"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _pre_lang(argv)
    lang = lang if lang in ("fr", "en") else "fr"
    args = build_parser(lang).parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    running = RUN_LANG.set(lang)
    try:
        settings = load_settings(args.config, lang=args.lang, database=args.db)
        lang = settings.lang
        RUN_LANG.set(lang)  # every text of this command, even one asked without a language
        check_sections(settings, registry.services())
        if args.command in DEMO_OPTION and args.demo:  # the base `make demo` built
            settings = dataclasses.replace(settings, database=args.db or DEMO_DB)
        command = getattr(args, "handler", None) or COMMANDS.get(args.command) or _plan_commands()[args.command]
        return command(args, settings)  # type: ignore[operator]
    except InputError as err:
        say(t("import_failed", lang, n=len(err.problems)))
        say(err.render(lang, limit=200))
        return EXIT_INPUT
    except (ValidationError, DataFolderError, NetworkError) as err:
        say(t("error", lang, detail=err))
        return EXIT_INPUT
    except TourneesError as err:
        say(t("error", lang, detail=err))
        if args.debug:
            raise
        return EXIT_INTERNAL
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # the last line of defence: a short message, no traceback
        if args.debug:
            raise
        say(t("internal_error", lang, detail=f"{type(err).__name__}: {err}"))
        return EXIT_INTERNAL
    finally:
        RUN_LANG.reset(running)


# --- commands -----------------------------------------------------------------------


def _open_db(settings: Settings):  # type: ignore[no-untyped-def]
    from tournees.db import Database

    return Database.read(settings.database)  # security: read commands never create nor migrate a base


def cmd_init(args: argparse.Namespace, settings: Settings) -> int:
    from tournees.demo import RESOURCES
    from tournees.io import import_path

    report = import_path(RESOURCES, settings.database, lang=settings.lang)
    print(
        t("import_ok", settings.lang, db=report.database, summary=_counts(report.added, report.replaced, settings.lang))
    )
    return EXIT_OK


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from tournees.io import import_path, validate_path

    if args.demo and "://" not in settings.database and not Path(settings.database).is_file():
        raise ValidationError(t("demo_base_missing", settings.lang, db=settings.database))  # the demo builds its own
    if args.check:
        checked = validate_path(args.source, settings.database, replace=args.replace, lang=settings.lang)
        n = sum(len(c.records) for c in checked.values())
        print(t("check_passed", settings.lang, rows=t("rows", settings.lang, n=n)))
        return EXIT_OK
    report = import_path(args.source, settings.database, replace=args.replace, lang=settings.lang)
    print(
        t("import_ok", settings.lang, db=report.database, summary=_counts(report.added, report.replaced, settings.lang))
    )
    from tournees.cli.geocode import import_hint

    if hint := import_hint(settings.database, settings.lang):
        print(hint)
    return EXIT_OK


def _counts(added: dict[str, int], replaced: dict[str, int], lang: str) -> str:
    new, upd = t("added", lang), t("replaced", lang)
    return ", ".join(
        f"{name} {added[name]} {new}" + (f" / {replaced[name]} {upd}" if replaced.get(name) else "") for name in added
    )


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from tournees.io import export_tables
    from tournees.model import INPUT_TABLES

    path = export_tables(_open_db(settings), args.out, fmt=args.format, lang=settings.lang)
    print(t("export_ok", settings.lang, path=path, n=len(INPUT_TABLES)))
    return EXIT_OK


def cmd_templates(args: argparse.Namespace, settings: Settings) -> int:
    from tournees.io import write_templates

    written = write_templates(args.out, lang=settings.lang)
    print(t("templates_ok", settings.lang, path=args.out, n=len(written)))
    return EXIT_OK


def cmd_summary(args: argparse.Namespace, settings: Settings) -> int:
    from tournees.summary import programme_summary

    print(programme_summary(_open_db(settings), lang=settings.lang))
    return EXIT_OK


def cmd_indicators(args: argparse.Namespace, settings: Settings) -> int:
    import datetime as dt

    from tournees.indicators import TITLES, indicators_from_db
    from tournees.services.common import parse_day

    def day(text: str | None, option: str) -> dt.date | None:
        return parse_day(text, option, settings.lang) if text is not None else None

    start, end = day(args.start, "--from"), day(args.end, "--to")
    tables = indicators_from_db(_open_db(settings), service=args.service, start=start, end=end)
    if args.service:  # the indicators that concern this service, as it declares them
        wanted = registry.get(args.service).indicators
        tables = {key: frame for key, frame in tables.items() if key in wanted}
    for key, frame in tables.items():
        title = pick(TITLES[key], settings.lang)
        print(f"\n{title}\n{'-' * len(title)}")
        print(frame.to_string(index=False) if len(frame) else t("no_data", settings.lang))
    from tournees.cli.fiches import print_fiches, write_indicators

    fiches = print_fiches(args, settings, start, end)  # every fiche's indicators (issue #30)
    if args.out:
        out = write_indicators(Path(args.out), tables, fiches, settings.lang)
        print(t("indicators_ok", settings.lang, path=out))
    return EXIT_OK


def _demo_db(args: argparse.Namespace, settings: Settings) -> str:
    """The demo database: ``--db`` when given, else its own file (never a real programme's base)."""
    return args.db or DEMO_DB


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from tournees.cli.plan import demo_settings, plan_service
    from tournees.db import Database
    from tournees.plan.staging import check_replaceable
    from tournees.services import registry
    from tournees.summary import programme_summary

    lang = settings.lang
    services = registry.services()
    step = Steps(2 + len(services))
    out = Path(args.out)
    db_path = _demo_db(args, settings)
    for service in services:  # before anything is built: a plan folder is replaced only when it is ours
        check_replaceable(out / service.code, protect=[db_path] if "://" not in db_path else [], lang=lang)
    build_demo_database(settings, db_path, out, seed=args.seed, step=step, force=args.force)
    settings = demo_settings(settings)  # the demo's networks, through the roads setting as a user declares theirs
    lines = []
    for service in services:
        step(service.demo_step(DEMO_WEEK, lang))
        outcome = plan_service(
            service, settings, db_path, out / service.code, week=DEMO_WEEK, weeks=4, time_limit_s=args.time_limit
        )
        lines.append(outcome.summary)
    print()
    print(programme_summary(Database.open(db_path), lang=lang))
    print()
    for line in lines:
        print(line)
    print()
    print(t("demo_inputs", lang, path=out / "donnees"))
    for service in services:
        print(t("demo_service_files", lang, files=service.demo_files(lang), path=out / service.code))
    return EXIT_OK


def _plan_commands() -> dict[str, object]:
    from tournees.cli.plan import cmd_check, cmd_plan

    return {"plan": cmd_plan, "replan": cmd_plan, "check": cmd_check}


def _geocode(args: argparse.Namespace, settings: Settings) -> int:
    from tournees.cli.geocode import cmd_geocode

    return cmd_geocode(args, settings)


COMMANDS = {
    "geocode": _geocode,
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
