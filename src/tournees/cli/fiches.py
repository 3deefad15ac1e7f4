"""Every fiche's indicators in ``tournees indicators``, and the one way our result folders are published.

Result folders (indicators, volunteer campaigns, siting) are written as plan folders are: staged
beside ``--out``, sealed with a manifest in ``plan.json`` and swapped in whole, so that nothing is
published until every file is there and no file tournees did not write is ever replaced.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from tournees.fiches import FICHES, FicheTable
from tournees.i18n import pick, t
from tournees.settings import Settings


def print_fiches(
    args: argparse.Namespace, settings: Settings, start: dt.date | None, end: dt.date | None
) -> dict[int, list[FicheTable]]:
    """Compute and print every fiche's tables (only the fiche of ``--service`` when given)."""
    from tournees.db import Database
    from tournees.fiches import fiches_from_db
    from tournees.fiches.tables import FICHE_OF_SERVICE
    from tournees.fiches.words import worded

    lang = settings.lang
    fiches = fiches_from_db(Database.read(settings.database), start=start, end=end, lang=lang)
    if args.service:
        fiches = {f: tables for f, tables in fiches.items() if FICHE_OF_SERVICE.get(args.service) == f}
    for fiche, tables in fiches.items():
        head = t("fiche_heading", lang, n=fiche, title=pick(FICHES[fiche], lang))
        print(f"\n{head}\n{'=' * len(head)}")
        for table in tables:
            title = pick(table.title, lang)
            print(f"\n{title}\n{'-' * len(title)}")
            header, rows = worded(table.frame, lang)  # in words, as on the web page and in the workbook
            shown = pd.DataFrame(rows, columns=header, dtype=object)
            print(shown.to_string(index=False) if rows else t("no_data", lang))
    return fiches


def write_indicators(
    out: Path, tables: dict[str, pd.DataFrame], fiches: dict[int, list[FicheTable]], lang: str
) -> Path:
    """``indicateurs.xlsx`` (a tab per fiche) and one CSV per table, published whole."""
    from tournees.fiches import write_fiche_csvs, write_fiche_workbook
    from tournees.io.exporter import write_csv

    def write(folder: Path) -> None:
        for key, frame in tables.items():
            write_csv(folder / f"{key}.csv", [str(c) for c in frame.columns], frame.astype(str).values.tolist())
        write_fiche_csvs(folder, fiches)
        write_fiche_workbook(folder / "indicateurs.xlsx", fiches, lang)

    return publish(out, "indicateurs", lang, write)


def run_context(args: argparse.Namespace, settings: Settings) -> tuple[Settings, str]:
    """Settings with the demo's road networks under ``--demo`` (and ``--roads`` applied), and the database to read."""
    from tournees.cli.common import DEMO_DB
    from tournees.cli.plan import demo_settings
    from tournees.cli.roads import apply_roads_option

    database = (args.db or DEMO_DB) if args.demo else settings.database
    if args.demo and not args.roads:
        settings = demo_settings(settings)
    return apply_roads_option(args, settings), database


def publish(out: Path, kind: str, lang: str, write: Callable[[Path], None], *, protect: Iterable[str] = ()) -> Path:
    """Run ``write`` into a staged folder whose ``plan.json`` says what it holds (``kind``), then put it in place
    at ``out`` (refused, nothing touched, when ``out`` holds anything tournees did not write or a ``protect`` path)."""
    from tournees.plan.staging import staged_folder

    with staged_folder(out, protect=[p for p in protect if "://" not in p], lang=lang) as folder:
        (folder / "plan.json").write_text(json.dumps({"kind": kind}), encoding="utf-8")
        write(folder)
    return out
