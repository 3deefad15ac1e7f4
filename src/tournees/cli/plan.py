"""The planning commands: ``tournees plan``, ``tournees replan`` and ``tournees check``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tournees.calendar import parse_week
from tournees.errors import ValidationError
from tournees.settings import Settings

EXIT_OK, EXIT_INPUT = 0, 2
DEMO_WEEK = "2026-W48"


def add_plan_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser, h: Callable[[str], str]) -> None:
    for name in ("plan", "replan"):
        p = sub.add_parser(name, parents=[common], help=h(name), description=h(name))
        p.add_argument("service", choices=("bricolage", "ecrivain", "epicerie") if name == "plan" else ("bricolage",), help=h("service"))
        p.add_argument("--week", required=name == "replan", default=None, help=h("week"))
        if name == "plan":
            p.add_argument("--weeks", type=int, default=4, help=h("weeks"))
        p.add_argument("--demo", action="store_true", help=h("use_demo"))
        p.add_argument("--out", required=True, help=h("plan_out"))
        p.add_argument("--time-limit", type=float, default=20.0, help=h("time_limit"))
        p.add_argument("--seed", type=int, default=0, help=h("seed"))
        p.add_argument("--slot-hours", type=float, default=2.0, help=h("slot_hours"))
        p.add_argument("--late-margin", type=int, default=30, help=h("late_margin"))
        p.add_argument("--confirm", action="store_true", help=h("confirm"))
        p.add_argument("--confirm-until", default=None, help=h("confirm_until"))
        if name == "replan":
            p.add_argument("--add-requests", default=None, help=h("add_requests"))
            p.add_argument("--from", dest="from_day", default=None, help=h("from_day"))
    p = sub.add_parser("check", parents=[common], help=h("check_cmd"), description=h("check_cmd"))
    p.add_argument("folder", help=h("plan_dir"))


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _progress(en: bool) -> Callable[[float, int], None]:
    def show(t: float, cost: int) -> None:
        _say(f"  {'best cost' if en else 'meilleur coût'} {cost:,} ({t:.0f} s)".replace(",", " "))

    return show


def _database(args: argparse.Namespace, settings: Settings) -> str:
    from tournees.cli import DEMO_DB, build_demo_database

    if not args.demo:
        return settings.database
    db_path = args.db or DEMO_DB
    if not Path(db_path).exists():
        _say("Base de démonstration absente : création…" if settings.lang != "en" else "No demo database yet: building it…")
        build_demo_database(settings, db_path, Path("out/demo"), seed=2026)
    return db_path


def summary_text(kpis: dict, folder: Path, en: bool) -> str:
    reasons = ", ".join(f"{k} {v}" for k, v in sorted(kpis["left_out_by_reason"].items())) or "-"
    util = ", ".join(f"{k} {v} %" for k, v in kpis["utilisation_pct"].items())
    if en:
        return (f"Bricol'âge: {kpis['requests_served']} requests served, {kpis['requests_left_out']} left out ({reasons}); "
                f"driving {kpis['driving_time_s'] // 60} min, {kpis['driving_distance_m'] / 1000:.1f} km; "
                f"lead time mean {kpis['lead_time_days_mean']} d, max {kpis['lead_time_days_max']} d; utilisation {util}. Plan: {folder}")
    return (f"Bricol'âge : {kpis['requests_served']} demandes servies, {kpis['requests_left_out']} non planifiées ({reasons}) ; "
            f"conduite {kpis['driving_time_s'] // 60} min, {kpis['driving_distance_m'] / 1000:.1f} km ; "
            f"délai moyen {kpis['lead_time_days_mean']} j, maximum {kpis['lead_time_days_max']} j ; occupation {util}. Plan : {folder}")


def documents(settings: Settings, db_path: str, folder: Path, area: tuple[str, ...] | None = None) -> str:
    """Write the map, route sheets (HTML, PDF) and workbook of a plan folder; say where to open them."""
    from tournees.db import Database
    from tournees.outputs import write_outputs
    from tournees.services.common import ORLEANS

    written = write_outputs(folder, Database.open(db_path), settings, area or ORLEANS)
    en = settings.lang == "en"
    names = {"map": "map" if en else "carte", "public_map": "public map" if en else "carte publique",
             "sheets": "route sheets" if en else "feuilles de route", "pdf": "PDF", "workbook": "workbook" if en else "classeur"}
    return ("  Open: " if en else "  À ouvrir : ") + " ; ".join(f"{names[k]} {p}" for k, p in written.items())


def plan_bricolage_demo(settings: Settings, db_path: str, out: Path, *, week: str, time_limit_s: float = 20.0) -> str:
    """Plan the demo week (used by ``tournees demo``); returns the summary line."""
    from tournees.db import Database
    from tournees.services.bricolage.planner import BricolageOptions, BricolagePlanner

    planner = BricolagePlanner(Database.open(db_path), settings, BricolageOptions(time_limit_s=time_limit_s))
    plan = planner.plan(parse_week(week), progress=_progress(settings.lang == "en"))
    folder = planner.write(plan, out, week_label=week)
    return summary_text(plan.kpis, folder, settings.lang == "en") + "\n" + documents(settings, db_path, folder)


def ecrivain_summary(kpis: dict, folder: Path, en: bool) -> str:
    venues = ", ".join(f"{k} {v}" for k, v in kpis["sessions_per_venue"].items()) or "-"
    if en:
        return (f"Digital writer: {kpis['requests_served']} requests served ({kpis['appointments_at_venues']} appointments, "
                f"{kpis['home_visits']} home visits), {kpis['requests_left_out']} left out; sessions {venues}; tenant travel mean "
                f"{kpis['tenant_travel_min_mean']} min, max {kpis['tenant_travel_min_max']} min; writer {kpis['writer_hours_used']} h "
                f"of {kpis['writer_hours_available']} h. Plan: {folder}")
    return (f"Écrivain numérique : {kpis['requests_served']} demandes servies ({kpis['appointments_at_venues']} rendez-vous, "
            f"{kpis['home_visits']} visites à domicile), {kpis['requests_left_out']} non planifiées ; permanences {venues} ; "
            f"trajet des locataires moyen {kpis['tenant_travel_min_mean']} min, maximum {kpis['tenant_travel_min_max']} min ; "
            f"écrivain {kpis['writer_hours_used']} h sur {kpis['writer_hours_available']} h. Plan : {folder}")


def plan_ecrivain(settings: Settings, db_path: str, out: Path, *, week: str, time_limit_s: float = 20.0, seed: int = 0) -> str:
    from tournees.db import Database
    from tournees.services.ecrivain.planner import EcrivainOptions, EcrivainPlanner

    planner = EcrivainPlanner(Database.open(db_path), settings, EcrivainOptions(time_limit_s=time_limit_s, seed=seed))
    plan = planner.plan(parse_week(week), progress=_progress(settings.lang == "en"))
    folder = planner.write(plan, out, week_label=week)
    return ecrivain_summary(plan.kpis, folder, settings.lang == "en") + "\n" + documents(settings, db_path, folder)


def cmd_plan(args: argparse.Namespace, settings: Settings) -> int:
    from tournees.db import Database
    from tournees.services.bricolage.planner import BricolageOptions, BricolagePlanner

    en = settings.lang == "en"
    if args.service == "epicerie" and not 1 <= args.weeks <= 26:  # before building any demo database
        raise ValidationError(f"--weeks {args.weeks} : entre 1 et 26 semaines")
    db_path = _database(args, settings)
    if args.week is None:
        if args.service != "epicerie" and not args.demo:
            raise ValidationError("--week AAAA-Www est obligatoire (par exemple --week 2026-W48)")
        args.week = DEMO_WEEK if args.demo else _next_week()
    monday = parse_week(args.week)
    if args.service == "epicerie":
        _say(f"Planning the mobile grocery from {args.week}, {args.weeks} weeks…" if en else
             f"Planification de l'épicerie mobile à partir de {args.week}, {args.weeks} semaines…")
        print(plan_epicerie(settings, db_path, Path(args.out), week=args.week, weeks=args.weeks, seed=args.seed))
        return EXIT_OK
    if args.service == "ecrivain":
        _say(f"Planning the digital writer's week {args.week}…" if en else f"Planification de l'écrivain numérique, semaine {args.week}…")
        print(plan_ecrivain(settings, db_path, Path(args.out), week=args.week, time_limit_s=args.time_limit, seed=args.seed))
        return EXIT_OK
    options = BricolageOptions(slot_hours=args.slot_hours, late_margin_min=args.late_margin, time_limit_s=args.time_limit, seed=args.seed)
    planner = BricolagePlanner(Database.open(db_path), settings, options)
    t0 = time.monotonic()
    if args.command == "replan":
        if args.add_requests:
            report = _import_requests(Path(args.add_requests), db_path, settings.lang)
            _say(("Imported: " if en else "Importé : ") + ", ".join(f"{k} {v}" for k, v in report.added.items()))
        from_day = _date(args.from_day, "--from") if args.from_day else monday
        _say(f"Re-planning {args.week} from {from_day}…" if en else f"Re-planification de {args.week} à partir du {from_day:%d/%m/%Y}…")
        plan = planner.replan(monday, args.week, from_day=from_day, progress=_progress(en))
    else:
        _say(f"Planning bricol'âge {args.week}…" if en else f"Planification du bricol'âge, semaine {args.week}…")
        plan = planner.plan(monday, progress=_progress(en))
    folder = planner.write(plan, args.out, week_label=args.week)
    print(summary_text(plan.kpis, folder, en))
    print(documents(settings, db_path, folder))
    if args.confirm or args.confirm_until:
        until = _date(args.confirm_until, "--confirm-until") if args.confirm_until else None
        n = planner.confirm(plan, until=until)
        print(f"{n} appointments marked confirmed." if en else f"{n} rendez-vous marqués confirmés.")
    if plan.moves:
        print(("Changes to announced visits: " if en else "Changements pour des visites annoncées : ") + f"{len(plan.moves)} ({Path(args.out) / 'moves.csv'})")
        for move in plan.moves[:20]:
            print(f"  {move['request_id']} : {move['old_resource']} {move['old_date']} {move['old_slot']} → "
                  f"{move['new_resource']} {move['new_date']} {move['new_slot']} — {move['why']}")
    _say(f"({time.monotonic() - t0:.0f} s)")
    return EXIT_OK


def _next_week() -> str:
    year, week, _ = (dt.date.today() + dt.timedelta(days=7)).isocalendar()
    return f"{year}-W{week:02d}"


def epicerie_summary(kpis: dict, folder: Path, en: bool) -> str:
    why = ", ".join(f"{k} {v}" for k, v in kpis["not_covered_by_reason"].items()) or "-"
    if en:
        return (f"Mobile grocery: {kpis['stops_selected']} stops of {kpis['stops_candidates']} in {kpis['communes_served']} communes; "
                f"seniors covered {kpis['seniors_covered']} of {kpis['seniors']} ({kpis['coverage_pct']} %, weighted {kpis['weighted_coverage_pct']} %), "
                f"not covered: {why}; per week {kpis['weekly_driving_time_s'] // 60} min and {kpis['weekly_driving_distance_m'] / 1000:.0f} km "
                f"of driving, fuel about {kpis['weekly_fuel_cost_eur']:.0f} €. Plan and commune calendar: {folder}")
    return (f"Épicerie mobile : {kpis['stops_selected']} arrêts sur {kpis['stops_candidates']} dans {kpis['communes_served']} communes ; "
            f"seniors couverts {kpis['seniors_covered']} sur {kpis['seniors']} ({kpis['coverage_pct']} %, pondéré {kpis['weighted_coverage_pct']} %), "
            f"non couverts : {why} ; par semaine {kpis['weekly_driving_time_s'] // 60} min et {kpis['weekly_driving_distance_m'] / 1000:.0f} km "
            f"de conduite, carburant environ {kpis['weekly_fuel_cost_eur']:.0f} €. Plan et calendrier des communes : {folder}")


def plan_epicerie(settings: Settings, db_path: str, out: Path, *, week: str, weeks: int = 4, seed: int = 0) -> str:
    from tournees.db import Database
    from tournees.services.epicerie.planner import EpicerieOptions, EpiceriePlanner

    planner = EpiceriePlanner(Database.open(db_path), settings, EpicerieOptions(weeks=weeks, seed=seed))
    en = settings.lang == "en"
    plan = planner.plan(parse_week(week), progress=lambda text: _say("  " + text))
    folder = planner.write(plan, out, label=f"{week}_{weeks}w")
    return epicerie_summary(plan.kpis, folder, en) + "\n" + documents(settings, db_path, folder, planner.options.network)


def _date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"{option} « {text} » : format attendu AAAA-MM-JJ") from None


def _import_requests(path: Path, db_path: str, lang: str):  # type: ignore[no-untyped-def]
    """Import new requests, all or nothing; a CSV of any name is read as bricolage_requests."""
    import shutil
    import tempfile

    from tournees.io import import_path

    if path.is_file() and path.suffix.lower() == ".csv" and path.stem != "bricolage_requests":
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copyfile(path, Path(tmp) / "bricolage_requests.csv")
            return import_path(Path(tmp), db_path, lang=lang)
    return import_path(path, db_path, lang=lang)


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    from tournees.plan import check_plan_folder

    folder = Path(args.folder)
    if not (folder / "visits.csv").exists() or not (folder / "plan.json").exists():
        raise ValidationError(f"{folder} : ce n'est pas un dossier de plan (visits.csv et plan.json attendus)")
    problems = check_plan_folder(folder)
    if json.loads((folder / "plan.json").read_text(encoding="utf-8")).get("service") == "epicerie":
        from tournees.services.epicerie.check import check_epicerie_folder

        problems += check_epicerie_folder(folder)
    en = settings.lang == "en"
    if not problems:
        print(f"{folder}: the plan holds every rule." if en else f"{folder} : le plan respecte toutes les règles.")
        return EXIT_OK
    print(f"{len(problems)} problem(s):" if en else f"{len(problems)} problème(s) :")
    for line in problems:
        print(f"  - {line}")
    return EXIT_INPUT
