"""The planning commands: ``tournees plan``, ``tournees replan`` and ``tournees check``."""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

from tournees.calendar import parse_week
from tournees.cli.common import DEMO_DB, DEMO_WEEK, EXIT_INPUT, EXIT_OK, say, shown_documents
from tournees.cli.roads import add_roads_option, apply_roads_option
from tournees.db import Database
from tournees.errors import ValidationError
from tournees.i18n import t
from tournees.io.options import positive_number, positive_seconds, seed_number, whole_number
from tournees.plan.staging import check_replaceable, published_path, staged_folder
from tournees.services import registry
from tournees.services.base import PlanOutcome, PlanRequest, Service
from tournees.services.common import parse_day
from tournees.settings import Settings


def add_plan_commands(
    sub: argparse._SubParsersAction, common: argparse.ArgumentParser, h: Callable[[str], str]
) -> None:
    for name in ("plan", "replan"):
        p = sub.add_parser(name, parents=[common], help=h(name), description=h(name))
        codes = [sv.code for sv in registry.services() if name == "plan" or sv.replannable]
        p.add_argument("service", choices=codes, help=h("service"))
        p.add_argument("--week", required=name == "replan", default=None, help=h("week"))
        if name == "plan":
            p.add_argument("--weeks", type=whole_number, default=4, help=h("weeks"))
        p.add_argument("--demo", action="store_true", help=h("use_demo"))
        p.add_argument("--out", required=True, help=h("plan_out"))
        p.add_argument("--time-limit", type=positive_seconds, default=20.0, help=h("time_limit"))
        p.add_argument("--seed", type=seed_number, default=0, help=h("seed"))
        p.add_argument("--slot-hours", type=positive_number, default=None, help=h("slot_hours"))
        p.add_argument("--late-margin", type=whole_number, default=None, help=h("late_margin"))
        add_roads_option(p)
        p.add_argument("--confirm", action="store_true", help=h("confirm"))
        p.add_argument("--confirm-until", default=None, help=h("confirm_until"))
        if name == "replan":
            p.add_argument("--add-requests", default=None, help=h("add_requests"))
            p.add_argument("--from", dest="from_day", default=None, help=h("from_day"))
            from tournees.i18n import t

            p.add_argument("--from-plan", dest="from_plan", default=None, metavar="DIR", help=t("docs_from_plan_help"))
    p = sub.add_parser("check", parents=[common], help=h("check_cmd"), description=h("check_cmd"))
    p.add_argument("folder", help=h("plan_dir"))
    p.add_argument("--simulate", type=whole_number, default=0, metavar="N", help=h("simulate"))
    p.add_argument("--seed", type=seed_number, default=0, help=h("sim_seed"))
    p.add_argument("--travel-factor", default="0.9-1.4", metavar="BAS-HAUT", help=h("travel_factor"))
    p.add_argument("--duration-spread", default="0.25", help=h("duration_spread"))


def _database(args: argparse.Namespace, settings: Settings) -> str:
    from tournees.cli.common import DEMO_DB, build_demo_database

    if not args.demo:
        return settings.database
    db_path = args.db or DEMO_DB
    if not Path(db_path).exists():
        say(t("demo_missing", settings.lang))
        build_demo_database(settings, db_path, Path("out/demo"), seed=2026)
    return db_path


def demo_settings(settings: Settings) -> Settings:
    """``settings`` with the demo's road networks in ``roads``, as a user declares their own."""
    from tournees.demo import demo_road_files
    from tournees.settings import with_roads

    return with_roads(settings, demo_road_files(settings))


def documents(settings: Settings, db: Database, folder: Path, service: Service) -> str:
    """Write the map, the service's own documents, route sheets (HTML, PDF) and workbook; say where to open them."""
    from tournees.outputs import write_outputs

    lang = settings.lang
    written = write_outputs(
        folder,
        db,
        settings,
        title=service.title(lang),
        extra=service.extra_documents,
    )
    return t("open_docs", lang, docs=shown_documents(written, published_path(folder), lang))


def plan_service(
    service: Service,
    settings: Settings,
    db_path: str,
    out: Path,
    *,
    week: str,
    weeks: int = 4,
    time_limit_s: float = 20.0,
    seed: int = 0,
    options: dict | None = None,
    replan: bool = False,
) -> PlanOutcome:
    """Plan (or re-plan) one service, write its plan folder and documents; the outcome's summary says where.

    Before solving: the base must exist and be writable, and ``out`` must be ours to replace
    (never holding the base). The folder appears whole or not at all; the run and the requests
    it marks are committed in one transaction just before the folder is put in place.
    """
    lang = settings.lang
    protect = [db_path] if "://" not in db_path else []
    check_replaceable(Path(out), protect=protect, lang=lang)
    db = Database.existing(db_path, lang)
    db.check_writable(lang)
    with staged_folder(out, transaction=db.writing, protect=protect, lang=lang) as tmp:
        request = PlanRequest(
            db,
            settings,
            week,
            parse_week(week),
            tmp,
            weeks=weeks,
            time_limit_s=time_limit_s,
            seed=seed,
            options=options or {},
            progress=say,
        )
        outcome = service.replan(request) if replan else service.plan(request)
        from tournees.plan.simulate import plan_figures

        if figures := plan_figures(outcome.folder, settings.lang):  # slots against delays, long waits
            outcome.summary += "\n" + figures
        outcome.summary += "\n" + documents(settings, db, outcome.folder, service)
    outcome.folder = Path(out)
    return outcome


def cmd_plan(args: argparse.Namespace, settings: Settings) -> int:
    lang = settings.lang
    settings = apply_roads_option(args, settings)
    service = registry.get(args.service)
    if service.horizon_weeks and not 1 <= getattr(args, "weeks", 1) <= 26:  # replan has no --weeks: one week
        raise ValidationError(t("bad_weeks", lang, weeks=args.weeks))
    if args.week is None and service.needs_week and not args.demo:
        raise ValidationError(t("no_week", lang))
    # A bad --week stops here, before anything is built or written; a good one is written the one
    # way (« 2026-w48 » is 2026-W48) in run ids, folders and messages.
    week = week_label(parse_week(args.week or (DEMO_WEEK if args.demo else _next_week())))
    for option, text in (("--confirm-until", args.confirm_until), ("--from", getattr(args, "from_day", None))):
        if text:
            parse_day(text, option, lang)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise ValidationError(t("err_out_is_file", lang, path=out))
    target = (args.db or DEMO_DB) if args.demo else settings.database
    check_replaceable(out, protect=[target] if "://" not in target else [], lang=lang)
    db_path = _database(args, settings)
    Database.existing(db_path, lang).check_writable(lang)  # before importing, adopting or solving anything
    if args.demo and not args.roads:
        settings = demo_settings(settings)
    t0 = time.monotonic()
    options = {
        k: getattr(args, k)
        for k in ("slot_hours", "late_margin", "confirm", "confirm_until", "from_day")
        if hasattr(args, k)
    }
    if args.command == "replan" and args.add_requests:
        report = _import_requests(Path(args.add_requests), db_path, lang)
        say(t("svc_imported", lang, summary=", ".join(f"{k} {v}" for k, v in report.added.items())))
    if args.command == "replan" and args.from_plan:  # the planner's edited, re-timed week is the plan to start from
        from tournees.cli.retime import adopt_plan

        adopt_plan(args.from_plan, db_path, settings)
    outcome = plan_service(
        service,
        settings,
        db_path,
        out,
        week=week,
        weeks=getattr(args, "weeks", 4),
        time_limit_s=args.time_limit,
        seed=args.seed,
        options=options,
        replan=args.command == "replan",
    )
    print(outcome.summary)
    for line in outcome.notes:
        print(line)
    say(f"({time.monotonic() - t0:.0f} s)")
    return EXIT_OK


def _next_week() -> str:
    return week_label(dt.date.today() + dt.timedelta(days=7))


def week_label(day: dt.date) -> str:
    """The ISO week of ``day`` as tournees writes it: 2026-W48."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _import_requests(path: Path, db_path: str, lang: str):  # type: ignore[no-untyped-def]
    """Import new requests, all or nothing; a CSV of any other name than a table's is read as bricolage_requests."""
    import shutil
    import tempfile

    from tournees.io import import_path
    from tournees.model import INPUT_TABLES

    tables = {cls.table for cls in INPUT_TABLES}  # a CSV named for a table is that table (referent_signals.csv)
    if path.is_file() and path.suffix.lower() == ".csv" and path.stem not in tables:
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copyfile(path, Path(tmp) / "bricolage_requests.csv")
            return import_path(Path(tmp), db_path, lang=lang)
    return import_path(path, db_path, lang=lang)


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    from tournees.plan.folder_check import check_folder

    lang = settings.lang
    folder = Path(args.folder)
    if not (folder / "visits.csv").exists() and not (folder / "plan.json").exists():
        raise ValidationError(t("not_a_plan", lang, folder=folder))
    if args.simulate:  # bad delay options stop before the folder is checked
        from tournees.plan.simulate import delays_from_options

        delays = delays_from_options(args.simulate, args.travel_factor, args.duration_spread, lang)
    # Every hand edit is a finding (exit 2), never an internal error; the manifest tells an incomplete folder.
    problems = check_folder(folder, {sv.code: (sv.check_files, sv.check_folder) for sv in registry.services()})
    from tournees.services.availability import folder_findings

    problems += folder_findings(folder, settings.database, lang)  # visits an absence entered since then breaks
    if not problems:
        print(t("plan_ok", lang, folder=folder))
        if args.simulate:
            from tournees.plan.simulate import report, simulate_folder

            print(report(simulate_folder(folder, runs=args.simulate, seed=args.seed, delays=delays), lang))
        return EXIT_OK
    print(t("plan_problems", lang, n=len(problems)))
    for line in problems:
        print(f"  - {line}")
    return EXIT_INPUT
