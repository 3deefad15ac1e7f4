"""Names and addresses of places and what each task is, from the database, for maps and sheets.

Only what the person on the road needs: the building's address, the intervention type,
the notes written for the visit. Never a name, a birth date, a GIR or a phone number.
"""

from __future__ import annotations

from dataclasses import dataclass

from tournees.db import Database
from tournees.model import BricolageRequest, Depot, EcrivainRequest, GroceryStop, InterventionType, Residence, Venue


@dataclass(frozen=True)
class PlaceLabel:
    name: str
    address: str = ""


@dataclass(frozen=True)
class TaskLabel:
    what: str
    notes: str = ""


def place_labels(db: Database) -> dict[str, PlaceLabel]:
    found: dict[str, PlaceLabel] = {}
    for d in db.load(Depot):
        found[d.depot_id] = PlaceLabel(d.name, d.address)
    for r in db.load(Residence):
        found[r.residence_id] = PlaceLabel(r.name, f"{r.address}, {r.postcode} {r.commune}")
    for v in db.load(Venue):
        found[v.venue_id] = PlaceLabel(v.name, v.address)
    for s in db.load(GroceryStop):
        found[s.stop_id] = PlaceLabel(s.name, s.name)
    return found


def task_labels(db: Database) -> dict[str, TaskLabel]:
    types = {t.type_id: t.label for t in db.load(InterventionType)}
    found = {r.request_id: TaskLabel(types.get(r.type_id, r.type_id), r.notes or "") for r in db.load(BricolageRequest)}
    # the writer's motive may touch on health: the sheet only says what kind of help
    found |= {r.request_id: TaskLabel("Visite à domicile : aide aux démarches") for r in db.load(EcrivainRequest)}
    return found
