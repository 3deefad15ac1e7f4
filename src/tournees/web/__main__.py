"""``python -m tournees.web serve --demo``: the web commands without going through ``tournees`` (used by
``make serve``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from tournees.errors import TourneesError
from tournees.i18n import default_lang
from tournees.settings import load_settings
from tournees.web.commands import register


def main(argv: Sequence[str] | None = None) -> int:
    lang = default_lang()
    parser = argparse.ArgumentParser(prog="python -m tournees.web")
    parser.add_argument("--db", default=None)
    parser.add_argument("--lang", choices=("fr", "en"), default=lang)
    register(parser.add_subparsers(dest="command", required=True), lang=lang)
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args, load_settings(None, lang=args.lang, database=args.db)))
    except TourneesError as err:
        print(f"Erreur : {err}" if args.lang != "en" else f"Error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
