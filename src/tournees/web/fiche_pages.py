"""The analysts' view of every fiche's indicators (issue #30): the tables of ``tournees indicators``, aggregated."""

from __future__ import annotations

from dataclasses import dataclass

from tournees.db import Database
from tournees.fiches import FICHES, fiches_from_db
from tournees.fiches.words import worded
from tournees.i18n import pick


@dataclass(frozen=True)
class Section:
    """One fiche on the page: its number, title and tables (title, column names, rows)."""

    fiche: int
    title: str
    tables: list[tuple[str, list[str], list[list[object]]]]


def fiche_sections(db: Database, lang: str) -> list[Section]:
    """Every fiche's tables in ``lang`` (counts, shares and means only: no tenant row)."""
    return [
        Section(
            fiche,
            pick(FICHES[fiche], lang),
            [(pick(t.title, lang), *worded(t.frame, lang)) for t in tables],
        )
        for fiche, tables in fiches_from_db(db, lang=lang).items()
    ]
