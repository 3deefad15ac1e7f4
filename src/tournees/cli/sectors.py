"""``tournees sectors``: balanced sectors of a landlord's residences, written for review and import."""

from __future__ import annotations

import argparse
from pathlib import Path

from tournees.cli.common import DEMO_DB, EXIT_OK, say
from tournees.cli.roads import add_roads_option, apply_roads_option
from tournees.errors import ValidationError
from tournees.i18n import t
from tournees.io.options import positive_number, positive_seconds, seed_number, whole_number
from tournees.settings import Settings


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser, lang: str) -> None:
    p = subparsers.add_parser("sectors", parents=[common], help=t("sec_help", lang), description=t("sec_help", lang))
    p.add_argument("--demo", action="store_true", help=t("sec_demo_help", lang))
    p.add_argument("--landlord", action="append", default=None, help=t("sec_landlord_help", lang))
    p.add_argument("--k", type=whole_number, default=None, help=t("sec_k_help", lang))
    p.add_argument("--cap", type=positive_number, default=None, metavar="HEURES" if lang != "en" else "HOURS",
                   help=t("sec_cap_help", lang))
    p.add_argument("--pin", default=None, metavar="CSV", help=t("sec_pin_help", lang))
    p.add_argument("--out", required=True, help=t("sec_out_help", lang))
    p.add_argument("--time-limit", type=positive_seconds, default=2.0, help=argparse.SUPPRESS)
    p.add_argument("--seed", type=seed_number, default=0, help=argparse.SUPPRESS)
    add_roads_option(p, lang)
    p.set_defaults(handler=cmd_sectors)


def cmd_sectors(args: argparse.Namespace, settings: Settings) -> int:
    from tournees.cli.plan import demo_settings
    from tournees.db import Database
    from tournees.model import Residence
    from tournees.plan.staging import check_replaceable
    from tournees.sectors import SectorOptions
    from tournees.sectors.files import landlord_line, write_folder
    from tournees.sectors.pins import read_pins
    from tournees.sectors.split import split

    lang = settings.lang
    if args.k is not None and args.cap is not None:
        raise ValidationError(t("sec_k_or_cap", lang))
    if args.k is not None and args.k < 1:
        raise ValidationError(t("sec_bad_k", lang, k=args.k, least=1, landlord="-"))
    database = (args.db or DEMO_DB) if args.demo else settings.database
    out = Path(args.out)
    protect = [database] if "://" not in database else []
    check_replaceable(out, protect=protect, lang=lang)  # before any work: a folder not ours is never touched
    db = Database.read(database, lang)
    settings = apply_roads_option(args, settings)
    if args.demo and not args.roads:
        settings = demo_settings(settings)
    pins = {}
    if args.pin:
        homes = [r for r in db.load(Residence) if not args.landlord or r.landlord_id in args.landlord]
        pins = read_pins(Path(args.pin), {r.residence_id for r in homes}, {r.landlord_id for r in homes}, lang)
    options = SectorOptions(time_limit_s=args.time_limit, seed=args.seed)
    results = split(db, settings, landlords=args.landlord, k=args.k, cap_h=args.cap, pins=pins, options=options)
    write_folder(out, results, db, protect=protect, lang=lang)
    for r in results:
        print(landlord_line(r, lang))
    say(t("sec_written", lang, folder=out))
    return EXIT_OK
