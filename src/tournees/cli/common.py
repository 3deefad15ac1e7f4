"""What the CLI commands share: exit codes, progress lines, the demo database."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from tournees.i18n import TEXTS, t
from tournees.settings import Settings

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT = 0, 1, 2
DEMO_WEEK = "2026-W48"
DEMO_DB = "var/demo.sqlite"


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Steps:
    """Numbered progress lines for long work, on stderr."""

    def __init__(self, total: int) -> None:
        self.total, self.n, self.t0 = total, 0, time.monotonic()

    def __call__(self, text: str) -> None:
        self.n += 1
        say(f"[{self.n}/{self.total}] {text} ({time.monotonic() - self.t0:.0f} s)")


def build_demo_database(
    settings: Settings, db_path: str, out: Path, *, seed: int, step: Steps | None = None, force: bool = False
) -> None:
    from tournees.demo import RESOURCES, build_demo, check_demo_target, clear_demo_database, mark_demo_database
    from tournees.io import import_path

    check_demo_target(db_path, force=force, lang=settings.lang)  # before anything is written

    if step:
        step(t("demo_building", settings.lang))
    build_demo(settings, out / "donnees", seed=seed)
    if step:
        step(t("demo_importing", settings.lang, db=db_path))
    clear_demo_database(db_path, force=force, lang=settings.lang)  # rebuilt from scratch: only a base it made
    import_path(RESOURCES, db_path, lang=settings.lang)
    import_path(out / "donnees", db_path, lang=settings.lang)
    if "://" not in db_path:
        mark_demo_database(db_path)


def shown_documents(written: dict[str, Path], shown: Path, lang: str) -> str:
    """The documents to open, by kind, where they will be (``shown``, the published folder)."""
    own = [p for k, p in written.items() if k.startswith("sheet:")]  # each resource's sheets, with call-ahead phones
    docs = [
        f"{t('doc_' + k, lang) if 'doc_' + k in TEXTS else k} {shown / p.name}"
        for k, p in written.items()
        if not k.startswith("sheet:")
    ]
    if own:
        docs.append(f"{t('doc_own_sheets', lang)} {shown / 'feuille_*.html'}")
    return " ; ".join(docs)
