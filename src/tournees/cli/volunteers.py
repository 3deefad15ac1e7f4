"""``tournees volunteers match TENANT --situation S`` and ``tournees volunteers campaign --situation S …`` (fiche 3).

Every output (terminal, CSV, logs) gives a volunteer's trip as a band, never an address, coordinates or a distance.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tournees.cli.common import EXIT_OK
from tournees.cli.fiches import publish, run_context
from tournees.cli.help import CLI_HELP
from tournees.cli.roads import add_roads_option
from tournees.errors import ValidationError
from tournees.i18n import pick, t
from tournees.model.vocab import SITUATIONS
from tournees.settings import Settings

MATCH_COLUMNS = ["rang", "benevole", "mode", "trajet"]
LIST_COLUMNS = ["senior", "mode", "trajet", "telephone"]


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser, lang: str) -> None:
    """Add ``volunteers match`` and ``volunteers campaign`` to the CLI."""
    top = subparsers.add_parser(
        "volunteers", parents=[common], help=t("vol_help", lang), description=t("vol_help", lang)
    )
    sub = top.add_subparsers(dest="volunteers_command", required=True, metavar="match|campaign")
    situation = {
        "required": True,
        "choices": SITUATIONS,
        "help": t("vol_situation", lang, choices=", ".join(SITUATIONS)),
    }

    p = sub.add_parser("match", parents=[common], help=t("vol_match_help", lang), description=t("vol_match_help", lang))
    p.add_argument("tenant", help=t("vol_tenant", lang))
    p.add_argument("--situation", **situation)  # type: ignore[arg-type]
    p.add_argument("--on", default=None, help=t("vol_on", lang))
    p.add_argument("--csv", default=None, help=t("vol_csv", lang))
    p.add_argument("--demo", action="store_true", help=pick(CLI_HELP["use_demo_db"], lang))
    add_roads_option(p, lang)
    p.set_defaults(handler=cmd_match)

    p = sub.add_parser(
        "campaign", parents=[common], help=t("vol_campaign_help", lang), description=t("vol_campaign_help", lang)
    )
    p.add_argument("--situation", **situation)  # type: ignore[arg-type]
    p.add_argument("--max-per-volunteer", type=int, default=3, help=t("vol_max_per", lang))
    p.add_argument("--on", default=None, help=t("vol_on", lang))
    p.add_argument("--landlord", default=None, help=t("vol_landlord", lang))
    p.add_argument("--out", required=True, help=t("vol_out", lang))
    p.add_argument("--demo", action="store_true", help=pick(CLI_HELP["use_demo_db"], lang))
    add_roads_option(p, lang)
    p.set_defaults(handler=cmd_campaign)


def _day(args: argparse.Namespace, lang: str):  # type: ignore[no-untyped-def]
    import datetime as dt

    from tournees.services.common import parse_day

    if args.on:
        return parse_day(args.on, "--on", lang)
    return dt.date.today() if args.volunteers_command == "match" else None  # a campaign spans days: anyone free


def cmd_match(args: argparse.Namespace, settings: Settings) -> int:
    from tournees.db import Database
    from tournees.io.exporter import write_csv
    from tournees.volunteers.from_db import match_senior

    lang = settings.lang
    csv_path = Path(args.csv) if args.csv else None
    if csv_path is not None and (csv_path.exists() or csv_path.is_symlink()):
        raise ValidationError(t("vol_csv_exists", lang, path=csv_path))  # never over a file we did not write
    settings, database = run_context(args, settings)
    matches = match_senior(Database.read(database), settings, args.tenant, args.situation, _day(args, lang), lang)
    if not matches:
        print(t("vol_none", lang, tenant=args.tenant, situation=args.situation))
        return EXIT_OK
    print(t("vol_ranked", lang, n=len(matches), tenant=args.tenant, situation=args.situation))
    for m in matches:
        mode = t(f"vol_mode_{m.mode}", lang)
        print(t("vol_line", lang, rank=m.rank, volunteer=m.volunteer_id, band=m.band, mode=mode))
    if csv_path is not None:
        rows = [[str(m.rank), m.volunteer_id, t(f"vol_mode_{m.mode}", lang), m.band] for m in matches]
        write_csv(csv_path, MATCH_COLUMNS, rows)
    return EXIT_OK


def cmd_campaign(args: argparse.Namespace, settings: Settings) -> int:
    from tournees.db import Database
    from tournees.io.exporter import write_csv
    from tournees.volunteers.bands import band
    from tournees.volunteers.from_db import run_campaign

    lang = settings.lang
    if not 1 <= args.max_per_volunteer <= 50:
        raise ValidationError(
            t("opt_range", lang, option="--max-per-volunteer", value=args.max_per_volunteer, lo=1, hi=50)
        )
    settings, database = run_context(args, settings)
    out = Path(args.out)
    from tournees.plan.staging import check_replaceable

    check_replaceable(out, protect=[database] if "://" not in database else [], lang=lang)  # before any work
    campaign = run_campaign(
        Database.read(database),
        settings,
        args.situation,
        args.max_per_volunteer,
        day=_day(args, lang),
        landlord=args.landlord,
        lang=lang,
    )
    result = campaign.result

    def write(folder: Path) -> None:
        mode = {m: t(f"vol_mode_{m}", lang) for m in ("voiture", "pied")}
        write_csv(
            folder / "affectations.csv",
            ["benevole", *LIST_COLUMNS[:3]],
            [[a.volunteer_id, a.senior_id, mode[a.mode], band(a.seconds, lang)] for a in result.assignments],
        )
        for volunteer, rows in result.by_volunteer().items():
            write_csv(
                folder / f"benevole_{volunteer}.csv",
                LIST_COLUMNS,
                [
                    [a.senior_id, mode[a.mode], band(a.seconds, lang), _phone(campaign.seniors[a.senior_id], lang)]
                    for a in rows
                ],
            )
        reasons = {
            "too_far": t("vol_reason_too_far", lang),
            "full": t("vol_reason_full", lang, k=args.max_per_volunteer),
            "no_coords": t("vol_reason_no_coords", lang),
            "no_consent": t("vol_reason_no_consent", lang),
        }
        write_csv(
            folder / "sans_benevole.csv",
            ["senior", "raison"],
            [[u.senior_id, reasons[u.reason]] for u in result.unreached],
        )

    publish(out, "volunteer_campaign", lang, write, protect=[database])
    print(
        t(
            "vol_campaign_done",
            lang,
            situation=args.situation,
            assigned=len(result.assignments),
            volunteers=len(result.by_volunteer()),
            unreached=len(result.unreached),
            path=out,
        )
    )
    return EXIT_OK


def _phone(tenant: object, lang: str) -> str:
    """The senior's phone on their volunteer's list only where they agreed to be called."""
    phone = getattr(tenant, "phone", None)
    return phone if phone and getattr(tenant, "call_ahead", False) else t("vol_phone_hidden", lang)
