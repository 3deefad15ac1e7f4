"""Every fiche's indicators: the tables (:mod:`.tables`), read from a database, written as ``indicateurs.xlsx``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tournees.fiches.tables import FICHES, FicheTable, Frames, fiche_indicators
from tournees.fiches.workbook import write_fiche_csvs, write_fiche_workbook

if TYPE_CHECKING:
    from tournees.db import Database

__all__ = [
    "FICHES",
    "FicheTable",
    "Frames",
    "fiche_indicators",
    "fiches_from_db",
    "frames_from_db",
    "write_fiche_csvs",
    "write_fiche_workbook",
]


def _contacts(db: Database) -> Any:
    """The référent's contacts (fiche 2) when the base has that service's table: the first table, by name, whose
    name speaks of contacts and that points at tenants (read as stored); None otherwise (fiche 2 shows zeros)."""
    import pandas as pd
    import sqlalchemy as sa

    inspector = sa.inspect(db.engine)
    for name in sorted(inspector.get_table_names()):
        if "contact" in name and "tenant_id" in {c["name"] for c in inspector.get_columns(name)}:
            with db.engine.connect() as conn:
                return pd.read_sql_table(name, conn)
    return None


def frames_from_db(db: Database) -> Frames:
    """The tables every fiche reads, from ``db``."""
    from tournees import model as m

    return Frames(
        tenants=db.frame(m.Tenant),
        residences=db.frame(m.Residence),
        activities=db.frame(m.Activity),
        satisfaction=db.frame(m.SatisfactionAnswer),
        intervention_types=db.frame(m.InterventionType),
        workshops=db.frame(m.Workshop),
        attendance=db.frame(m.WorkshopAttendance),
        home_works=db.frame(m.HomeWork),
        cabin=db.frame(m.CabinConsultation),
        mutuelle=db.frame(m.MutuelleSubscription),
        volunteers=db.frame(m.Volunteer),
        interventions=db.frame(m.VolunteerIntervention),
        contacts=_contacts(db),
    )


def fiches_from_db(db: Database, **kwargs: Any) -> dict[int, list[FicheTable]]:
    """:func:`fiche_indicators` on the tables of ``db``."""
    return fiche_indicators(frames_from_db(db), **kwargs)
