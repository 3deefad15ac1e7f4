"""``tournees geocode``: coordinates for the addresses imported without them, and what to check by hand."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from tournees.i18n import t
from tournees.settings import Settings

EXIT_OK = 0
REASONS = {
    "offline": "terr_reason_offline",
    "not_found": "terr_reason_not_found",
    "uncertain": "terr_reason_uncertain",
    "missing": "terr_reason_missing",
}


def register(
    subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser | None = None, lang: str | None = None
) -> None:
    """Add the ``geocode`` command (``common``: the parent parser of the shared options)."""
    p = subparsers.add_parser(
        "geocode",
        parents=[common] if common else [],
        help=t("terr_geocode_help", lang),
        description=t("terr_geocode_help", lang),
    )
    p.add_argument("--check", action="store_true", help=t("terr_geocode_check_help", lang))
    p.add_argument("--review", default=None, metavar="CSV", help=t("terr_geocode_review_help", lang))
    p.set_defaults(handler=cmd_geocode)


def cmd_geocode(args: argparse.Namespace, settings: Settings) -> int:
    from tournees.addresses import geocode_missing, geocoder_for, missing_coordinates
    from tournees.db import Database

    lang = settings.lang
    # --check only reads; geocoding writes coordinates into a base that must already exist (never created here)
    db = Database.read(settings.database, lang) if args.check else Database.existing(settings.database, lang)
    pending = missing_coordinates(db)
    if not pending:
        print(t("terr_geocode_nothing", lang))
        return EXIT_OK
    print(t("terr_geocode_missing", lang, n=len(pending)))
    if args.check:
        rows = [{"table": p.table, "id": p.id, "address": p.text, "reason": "missing", "score": ""} for p in pending]
    else:

        def show(done: int, total: int) -> None:
            if done == total or done % 20 == 0:
                print(f"  {done}/{total}", file=sys.stderr, flush=True)

        report = geocode_missing(db, geocoder_for(settings), progress=show)
        print(t("terr_geocode_done", lang, found=report.stored, total=report.total, review=len(report.review)))
        rows = report.review  # type: ignore[assignment]
    for row in rows[:50]:
        score = f" ({row['score']})" if row["score"] not in ("", 0, 0.0) else ""
        print(
            t(
                "terr_geocode_row",
                lang,
                table=row["table"],
                id=row["id"],
                address=row["address"],
                reason=t(REASONS[str(row["reason"])], lang),
                score=score,
            )
        )
    if args.review and rows:
        path = Path(args.review)
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]), extrasaction="ignore")
            writer.writeheader()
            for row in rows:
                writer.writerow({k: _cell(v) for k, v in row.items()})
        print(t("terr_review_written", lang, path=path))
    return EXIT_OK


def import_hint(database: str, lang: str) -> str | None:
    """After an import: how many addresses wait for coordinates, and what to run (never a network call)."""
    from tournees.addresses import missing_coordinates
    from tournees.db import Database

    n = len(missing_coordinates(Database.open(database)))
    return t("terr_import_missing", lang, n=n) if n else None


def _cell(value: object) -> object:
    """A spreadsheet cell that cannot start a formula (addresses are user text)."""
    if not isinstance(value, str):
        return "" if value is None else value
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
