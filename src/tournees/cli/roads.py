"""The ``--roads FILE`` option of the planning commands (territory area)."""

from __future__ import annotations

import argparse

from tournees.i18n import t
from tournees.settings import Settings, with_roads


def add_roads_option(parser: argparse.ArgumentParser, lang: str | None = None) -> None:
    """``--roads FILE`` (repeatable): the road network(s) of this run, instead of the ``roads`` setting."""
    parser.add_argument("--roads", action="append", default=None, metavar="FICHIER" if lang != "en" else "FILE",
                        help=t("terr_roads_help", lang))


def apply_roads_option(args: argparse.Namespace, settings: Settings) -> Settings:
    """``settings`` with the files of ``--roads`` when given."""
    return with_roads(settings, getattr(args, "roads", None))
